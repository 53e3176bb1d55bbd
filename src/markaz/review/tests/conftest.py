import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Review tests make many users; Argon2 would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
