"""Fixtures of the accounts app, loaded for the whole suite (see conftest.py).

The test run has no API rate limit (`markaz.testing_env` sets MARKAZ_API_RATE_LIMIT=0); the
accounts tests that test the limit set one and use `rate_counters`."""

import pytest


@pytest.fixture
def rate_counters():
    """Start from zero: the counters live in the process-wide cache, keyed by user id or
    address, and ids recur between tests (each test's rows are rolled back)."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def totp_secret():
    return "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def admin_a_with_2fa(admin_a, totp_secret):
    from markaz.accounts.models import TwoFactor

    TwoFactor.objects.create(user=admin_a, secret=totp_secret)
    return admin_a
