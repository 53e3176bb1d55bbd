from datetime import timedelta

import pytest
from conftest import PASSWORD
from django.urls import reverse
from django.utils import timezone

from markaz.accounts.models import LoginFailure
from markaz.core.models import AuditEntry

LOCKED = "Too many failed sign-in attempts"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def member(staff_a):
    staff_a.set_password(PASSWORD)
    staff_a.save()
    return staff_a


def test_one_wrong_password_then_the_right_one_signs_in(client, member):
    assert _login(client, "staff_a", "wrong").status_code == 200
    response = _login(client, "staff_a", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_five_failures_lock_the_account_even_for_the_right_password(client, member):
    for _ in range(5):
        response = _login(client, "staff_a", "wrong")
        assert LOCKED not in response.content.decode()
    response = _login(client, "staff_a", PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not _signed_in(client)
    entry = AuditEntry.objects.get(action="accounts.login.locked_out")
    assert entry.changes["scope"] == "account"
    assert entry.changes["username"] == "staff_a"


def test_lockout_is_case_insensitive_on_the_username(client, member):
    for _ in range(5):
        _login(client, "STAFF_A", "wrong")
    assert LOCKED in _login(client, "staff_a", PASSWORD).content.decode()


def test_unknown_and_known_usernames_get_the_same_answers(client, member):
    known = [_login(client, "staff_a", "wrong").content.decode() for _ in range(6)]
    unknown = [_login(client, "nobody_here", "wrong").content.decode() for _ in range(6)]
    assert LOCKED not in known[0]
    assert LOCKED not in unknown[0]
    assert LOCKED in known[-1]
    assert LOCKED in unknown[-1]


def test_lock_lifts_when_the_failures_leave_the_window(client, member):
    for _ in range(5):
        _login(client, "staff_a", "wrong")
    assert LOCKED in _login(client, "staff_a", PASSWORD).content.decode()
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    assert _login(client, "staff_a", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_successful_sign_in_clears_the_account_failures(client, member):
    for _ in range(4):
        _login(client, "staff_a", "wrong")
    assert _login(client, "staff_a", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="staff_a").exists()
    client.logout()
    for _ in range(4):
        _login(client, "staff_a", "wrong")
    assert _login(client, "staff_a", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_that_address_only(client, member):
    for n in range(20):
        _login(client, f"guess{n}", "wrong", ip="10.9.9.9")
    response = _login(client, "staff_a", PASSWORD, ip="10.9.9.9")
    assert LOCKED in response.content.decode()
    assert AuditEntry.objects.filter(
        action="accounts.login.locked_out", changes__scope="ip"
    ).exists()
    assert _login(client, "staff_a", PASSWORD, ip="10.1.1.1").status_code == 302


def test_lockout_message_is_in_arabic_on_arabic_pages(client, member):
    for _ in range(5):
        _login(client, "staff_a", "wrong")
    response = client.post(
        reverse("login").replace("/en/", "/ar/"),
        {"username": "staff_a", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert LOCKED not in response.content.decode()
    assert "محاولات" in response.content.decode()


def test_the_lock_check_counts_name_and_address_in_one_query(db, django_assert_num_queries):
    from markaz.accounts import throttle

    for _ in range(5):
        throttle.record_failure(username="staff_a", ip="10.4.4.4")
    with django_assert_num_queries(1):
        assert throttle.is_locked(username="Staff_A", ip="10.5.5.5")
    with django_assert_num_queries(1):
        assert not throttle.is_locked(username="other", ip="10.5.5.5")
    assert throttle.is_locked(username=None, ip="10.4.4.4") is False
    with django_assert_num_queries(0):
        assert not throttle.is_locked(username="", ip=None)


def test_failures_older_than_two_windows_are_forgotten_whatever_their_name(db):
    from markaz.accounts import throttle

    old = timezone.now() - timedelta(minutes=31)
    LoginFailure.objects.create(username="guess1", ip="10.6.6.6", created_at=old)
    recent = LoginFailure.objects.create(
        username="guess2", ip="10.6.6.6", created_at=timezone.now() - timedelta(minutes=5)
    )
    throttle.record_failure(username="someone", ip="10.7.7.7")
    assert set(LoginFailure.objects.values_list("username", flat=True)) == {"guess2", "someone"}
    assert LoginFailure.objects.filter(pk=recent.pk).exists()
