"""Fixtures of the accounts app, loaded for the whole suite (see conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Rate-limit counters live in the (process-wide) cache: start every test from zero.

    The suite's matrices call every API operation in one test, so the API limits are raised
    here; the accounts tests lower them explicitly to test them."""
    from django.core.cache import cache

    cache.clear()
    settings.MARKAZ_API_RATE_LIMIT = 100_000
    settings.MARKAZ_API_ANON_RATE_LIMIT = 100_000
    yield


@pytest.fixture
def totp_secret():
    return "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def admin_a_with_2fa(admin_a, totp_secret):
    from markaz.accounts.models import TwoFactor

    TwoFactor.objects.create(user=admin_a, secret=totp_secret)
    return admin_a
