"""Login throttling records, TOTP two-factor devices, recovery codes and center policies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sealing import SealedCharField


class LoginFailure(models.Model):
    """One failed sign-in: the sliding windows count these rows (per username and per IP)."""

    username = models.CharField(max_length=150, db_index=True)  # normalized (lower case)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.created_at:%Y-%m-%d %H:%M}"


class TwoFactor(models.Model):
    """A user's TOTP authenticator. `last_step` refuses a code replayed within its step.

    `secret` is plain in Python and sealed in the database (see `markaz.accounts.sealing`):
    TOTP needs the secret itself, not a hash, so it is encrypted under a key derived from
    SECRET_KEY rather than hashed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    secret = SealedCharField(max_length=255)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("two-factor authenticator")
        verbose_name_plural = _("two-factor authenticators")

    def __str__(self) -> str:
        return f"2FA {self.user}"


class RecoveryCode(models.Model):
    """A single-use recovery code, stored as a keyed hash (the code is shown once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"recovery code of {self.user}"


class CenterSecurityPolicy(models.Model):
    center = models.OneToOneField(
        "core.Center", on_delete=models.CASCADE, related_name="security_policy"
    )
    require_admin_2fa = models.BooleanField(
        _("require two-factor authentication for center admins"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("center security policy")
        verbose_name_plural = _("center security policies")

    def __str__(self) -> str:
        return f"security policy of {self.center}"
