from django.urls import reverse

from markaz.accounts import services, throttle
from markaz.accounts.models import LoginFailure, TwoFactor
from markaz.core.models import AuditEntry


def test_operator_can_lift_a_lockout(db):
    for _ in range(5):
        throttle.record_failure(username="Someone", ip="10.0.0.9")
    assert throttle.is_locked(username="someone", ip=None)
    assert services.unlock_sign_in(username="SOMEONE") == 5
    assert not throttle.is_locked(username="someone", ip=None)
    assert AuditEntry.objects.filter(action="accounts.login.unlocked").exists()


def test_operator_can_reset_a_lost_authenticator(client, admin_a_with_2fa):
    assert services.reset_two_factor(user=admin_a_with_2fa)
    assert not TwoFactor.objects.filter(user=admin_a_with_2fa).exists()
    assert not services.reset_two_factor(user=admin_a_with_2fa)
    client.force_login(admin_a_with_2fa)
    assert client.get(reverse("me")).status_code == 200


def test_failures_without_a_username_do_not_lock_anyone(db):
    throttle.record_failure(username="", ip=None)
    assert LoginFailure.objects.count() == 1
    assert not throttle.is_locked(username="", ip=None)
