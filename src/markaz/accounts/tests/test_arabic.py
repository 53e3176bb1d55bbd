from conftest import PASSWORD
from django.urls import reverse
from django.utils import translation

from markaz.core.tests.arabic import english_left_on


def _ar(name, **kwargs):
    with translation.override("ar"):
        return reverse(name, kwargs=kwargs or None)


def test_security_pages_are_fully_arabic(client, admin_a):
    client.force_login(admin_a)
    urls = [
        _ar("accounts-security"),
        _ar("accounts-2fa-enrol"),
        _ar("accounts-center-security", center="amal-hub"),
    ]
    assert english_left_on(client, urls) == {}


def test_verification_page_is_fully_arabic(client, admin_a_with_2fa):
    admin_a_with_2fa.set_password(PASSWORD)
    admin_a_with_2fa.save()
    client.post(_ar("login"), {"username": "admin_a", "password": PASSWORD})
    assert english_left_on(client, [_ar("accounts-2fa-verify")]) == {}


def test_security_page_with_two_factor_on_is_fully_arabic(client, admin_a_with_2fa):
    client.force_login(admin_a_with_2fa)
    session = client.session
    session["mkz_2fa_verified"] = True
    session.save()
    assert english_left_on(client, [_ar("accounts-security")]) == {}
