import re

import pytest
from conftest import PASSWORD
from django.urls import reverse

from markaz.accounts import services
from markaz.accounts.models import CenterSecurityPolicy, RecoveryCode, TwoFactor
from markaz.accounts.tests.helpers import code_at
from markaz.core.models import AuditEntry


def _password_login(client, user):
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_enrolment_shows_a_qr_code_and_needs_a_right_code(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("accounts-2fa-enrol"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    secret = client.session["mkz_2fa_pending_secret"]
    wrong = client.post(reverse("accounts-2fa-enrol"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "not right" in wrong.content.decode()
    assert not TwoFactor.objects.filter(user=staff_a).exists()
    done = client.post(reverse("accounts-2fa-enrol"), {"code": code_at(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.content.decode())
    assert len(codes) == 10
    assert TwoFactor.objects.get(user=staff_a).secret == secret
    stored = set(RecoveryCode.objects.filter(user=staff_a).values_list("digest", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)  # hashed at rest
    assert AuditEntry.objects.filter(action="accounts.two_factor.enabled").exists()
    # The enrolling session counts as verified.
    assert client.get(reverse("me")).status_code == 200


def test_password_sign_in_with_2fa_reaches_nothing_before_the_code(
    client, admin_a_with_2fa, totp_secret
):
    _password_login(client, admin_a_with_2fa)
    dashboard = reverse("dashboard", kwargs={"center": "amal-hub"})
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts-2fa-verify"))
    assert client.get("/api/v1/me").status_code == 401
    wrong = client.post(reverse("accounts-2fa-verify"), {"code": "123456", "next": dashboard})
    assert wrong.status_code == 400
    assert client.get(dashboard).status_code == 302
    right = client.post(
        reverse("accounts-2fa-verify"), {"code": code_at(totp_secret), "next": dashboard}
    )
    assert right.status_code == 302
    assert right["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_verification_refuses_a_foreign_next_url(client, admin_a_with_2fa, totp_secret):
    _password_login(client, admin_a_with_2fa)
    response = client.post(
        reverse("accounts-2fa-verify"),
        {"code": code_at(totp_secret), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_a_code_is_refused_when_replayed_within_its_step(admin_a_with_2fa, totp_secret):
    code = code_at(totp_secret)
    assert services.check_second_factor(user=admin_a_with_2fa, code=code)
    assert not services.check_second_factor(user=admin_a_with_2fa, code=code)
    assert not services.check_second_factor(user=admin_a_with_2fa, code=code_at(totp_secret, -1))


def test_a_code_from_a_far_step_is_refused(admin_a_with_2fa, totp_secret):
    assert not services.check_second_factor(user=admin_a_with_2fa, code=code_at(totp_secret, 5))


def test_a_recovery_code_works_once(admin_a_with_2fa):
    codes = services._new_recovery_codes(admin_a_with_2fa)
    assert services.check_second_factor(user=admin_a_with_2fa, code=codes[0].upper())
    assert not services.check_second_factor(user=admin_a_with_2fa, code=codes[0])
    assert AuditEntry.objects.filter(action="accounts.recovery_code.used").count() == 1


def test_wrong_codes_lock_the_second_step(client, admin_a_with_2fa, totp_secret):
    _password_login(client, admin_a_with_2fa)
    for _ in range(5):
        client.post(reverse("accounts-2fa-verify"), {"code": "000000"})
    response = client.post(reverse("accounts-2fa-verify"), {"code": code_at(totp_secret)})
    assert response.status_code == 400
    assert "Too many failed" in response.content.decode()


def test_disabling_needs_the_password_and_a_code(client, admin_a_with_2fa, totp_secret):
    admin_a_with_2fa.set_password(PASSWORD)
    admin_a_with_2fa.save()
    client.force_login(admin_a_with_2fa)
    session = client.session
    session["mkz_2fa_verified"] = True
    session.save()
    url = reverse("accounts-2fa-disable")
    bad_password = client.post(url, {"password": "nope", "code": code_at(totp_secret)})
    assert bad_password.status_code == 400
    bad_code = client.post(url, {"password": PASSWORD, "code": "999999"})
    assert bad_code.status_code == 400
    assert TwoFactor.objects.filter(user=admin_a_with_2fa).exists()
    ok = client.post(url, {"password": PASSWORD, "code": code_at(totp_secret)})
    assert ok.status_code == 302
    assert not TwoFactor.objects.filter(user=admin_a_with_2fa).exists()
    assert not RecoveryCode.objects.filter(user=admin_a_with_2fa).exists()
    assert AuditEntry.objects.filter(action="accounts.two_factor.disabled").exists()


def test_new_recovery_codes_replace_the_old_ones(client, admin_a_with_2fa, totp_secret):
    old = services._new_recovery_codes(admin_a_with_2fa)
    client.force_login(admin_a_with_2fa)
    session = client.session
    session["mkz_2fa_verified"] = True
    session.save()
    page = client.post(reverse("accounts-2fa-recovery"), {"code": code_at(totp_secret)})
    assert page.status_code == 200
    assert not services.check_second_factor(user=admin_a_with_2fa, code=old[1])


def test_security_page_shows_the_state(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("accounts-security"))
    assert page.status_code == 200
    assert reverse("accounts-2fa-enrol") in page.content.decode()


def test_center_admin_sets_the_policy_and_is_sent_to_enrolment(client, admin_a, staff_a):
    client.force_login(admin_a)
    url = reverse("accounts-center-security", kwargs={"center": "amal-hub"})
    assert client.get(url).status_code == 200
    response = client.post(url, {"require_admin_2fa": "on"})
    assert response.status_code == 302
    assert CenterSecurityPolicy.objects.get(center__slug="amal-hub").require_admin_2fa
    assert AuditEntry.objects.filter(action="accounts.policy.updated").exists()
    blocked = client.get(reverse("dashboard", kwargs={"center": "amal-hub"}))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("accounts-2fa-enrol"))
    assert client.get(reverse("accounts-2fa-enrol")).status_code == 200
    # Staff of the same center are not admins: the policy does not bind them.
    other = client.__class__()
    other.force_login(staff_a)
    assert other.get(reverse("dashboard", kwargs={"center": "amal-hub"})).status_code == 200


def test_admin_of_a_strict_center_signing_in_goes_to_enrolment_first(client, admin_a):
    CenterSecurityPolicy.objects.create(center=admin_a.memberships.get().center,
                                        require_admin_2fa=True)  # fmt: skip
    _password_login(client, admin_a)
    response = client.get(reverse("me"))
    assert response["Location"].startswith(reverse("accounts-2fa-enrol"))
    assert "mkz_2fa_pending_secret" not in client.session
    client.get(reverse("accounts-2fa-enrol"))
    secret = client.session["mkz_2fa_pending_secret"]
    client.post(reverse("accounts-2fa-enrol"), {"code": code_at(secret)})
    assert client.get(reverse("me")).status_code == 200


@pytest.mark.parametrize("persona", ["staff_a", "innovator_a", "outsider"])
def test_only_the_centers_admins_see_its_policy_page(client, persona, request, center_a):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("accounts-center-security", kwargs={"center": "amal-hub"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"require_admin_2fa": "on"}).status_code == 404
    assert not CenterSecurityPolicy.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("accounts-security"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
