"""TOTP secrets sealed at rest: NaCl SecretBox (XSalsa20-Poly1305) under a key derived from
SECRET_KEY, so a copy of the database alone (a backup, a dump) cannot mint codes.

The key follows Django's own rotation: values sealed under a key in SECRET_KEY_FALLBACKS still
open, and are sealed again under SECRET_KEY when next saved. Recovery codes are keyed hashes
under the same SECRET_KEY, so this adds no new dependency on it. A value without the prefix
was written in clear (before migration 0002) and is read as is.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

PREFIX = "sb1:"
_SALT = "markaz.accounts.sealing"


def _key(secret_key: str) -> bytes:
    return salted_hmac(_SALT, "totp-secret", secret=secret_key, algorithm="sha256").digest()


def seal(plain: str) -> str:
    sealed = SecretBox(_key(settings.SECRET_KEY)).encrypt(plain.encode())
    return PREFIX + base64.urlsafe_b64encode(bytes(sealed)).decode()


def unseal(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored
    data = base64.urlsafe_b64decode(stored[len(PREFIX) :])
    for secret_key in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
        try:
            return SecretBox(_key(secret_key)).decrypt(data).decode()
        except CryptoError:
            continue
    raise ValueError(
        "A sealed secret does not open with SECRET_KEY: it was sealed under another key "
        "(list the previous key in SECRET_KEY_FALLBACKS)."
    )


class SealedCharField(models.CharField):
    """A CharField whose value is sealed in the database and plain in Python.

    Sealing uses a fresh nonce each time, so lookups on the field cannot match."""

    def from_db_value(self, value, expression, connection):
        return value if value in (None, "") else unseal(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or value.startswith(PREFIX):
            return value
        return seal(value)
