import pytest
from django.db import connection

from markaz.accounts import sealing
from markaz.accounts.models import TwoFactor
from markaz.accounts.services import verify_second_factor

from .helpers import code_at


def _stored_secret(device) -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT secret FROM accounts_twofactor WHERE id = %s", [device.pk])
        return cur.fetchone()[0]


def test_a_totp_secret_is_sealed_in_the_database_and_plain_in_python(admin_a_with_2fa, totp_secret):
    device = TwoFactor.objects.get(user=admin_a_with_2fa)
    stored = _stored_secret(device)
    assert device.secret == totp_secret
    assert stored.startswith(sealing.PREFIX)
    assert totp_secret not in stored
    verify_second_factor(user=admin_a_with_2fa, code=code_at(totp_secret))


def test_a_secret_written_in_clear_before_sealing_still_works_and_is_sealed_on_save(
    admin_a, totp_secret
):
    device = TwoFactor.objects.create(user=admin_a, secret="placeholder")
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE accounts_twofactor SET secret = %s WHERE id = %s", [totp_secret, device.pk]
        )
    device = TwoFactor.objects.get(pk=device.pk)
    assert device.secret == totp_secret
    device.save()
    assert _stored_secret(device).startswith(sealing.PREFIX)


def test_a_secret_sealed_under_a_previous_key_opens_with_the_fallbacks(settings, totp_secret):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    sealed = sealing.seal(totp_secret)
    settings.SECRET_KEY = "new-key-" + "y" * 50
    with pytest.raises(ValueError, match="SECRET_KEY_FALLBACKS"):
        sealing.unseal(sealed)
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert sealing.unseal(sealed) == totp_secret
    assert sealing.unseal(sealing.seal(totp_secret)) == totp_secret
