"""Writes of the accounts capability: two-factor enrolment, verification, recovery codes,
and center security policies. Each in one transaction with an audit entry."""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from markaz.core import audit

from . import throttle
from .models import CenterSecurityPolicy, RecoveryCode, TwoFactor

ISSUER = "Markaz"
RECOVERY_CODES = 10
STEP_SECONDS = 30
POLICY_GENERATION_KEY = "accounts:policy-generation"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email or user.get_username(), issuer_name=ISSUER
    )


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG QR code (no inline styles, CSP-safe)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def _matching_step(secret: str, code: str, after: int, now: float | None = None) -> int | None:
    """The time step (current ±1) whose code this is, if later than `after` (no replay)."""
    code = _clean(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    step = int((time.time() if now is None else now) // STEP_SECONDS)
    for candidate in (step - 1, step, step + 1):
        if candidate > after and hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _recovery_digest(user, code: str) -> str:
    return salted_hmac("markaz.accounts.recovery", f"{user.pk}:{_clean(code)}").hexdigest()


def _new_recovery_codes(user) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, digest=_recovery_digest(user, c)) for c in codes]
    )
    return codes


def has_two_factor(user) -> bool:
    return TwoFactor.objects.filter(user=user).exists()


@transaction.atomic
def enable_two_factor(*, user, secret: str, code: str) -> list[str]:
    """Confirm a new authenticator with its first code; returns the recovery codes (shown once)."""
    if has_two_factor(user):
        raise ValidationError(_("Two-factor authentication is already on."))
    step = _matching_step(secret, code, after=0)
    if step is None:
        raise ValidationError({"code": _("That code is not right. Check the time on your phone.")})
    device = TwoFactor.objects.create(user=user, secret=secret, last_step=step)
    codes = _new_recovery_codes(user)
    audit.record(action="accounts.two_factor.enabled", actor=user, obj=device)
    return codes


def _throttle_key(user) -> str:
    return f"2fa:{user.pk}"


def check_second_factor(*, user, code: str, ip: str | None = None) -> bool:
    """A current TOTP code (each step usable once) or an unused recovery code (then spent).

    Wrong codes count toward the same sliding window as failed passwords (recorded outside
    any transaction of the caller's, so that a refusal never rolls them back)."""
    key = _throttle_key(user)
    if throttle.is_locked(username=key, ip=None):
        raise throttle.LockedOut()
    with transaction.atomic():
        device = TwoFactor.objects.select_for_update().filter(user=user).first()
        if device is None:
            return False
        step = _matching_step(device.secret, code, after=device.last_step)
        if step is not None:
            device.last_step = step
            device.save(update_fields=["last_step"])
            return True
        recovery = (
            RecoveryCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, digest=_recovery_digest(user, code))
            .first()
        )
        if recovery is not None:
            recovery.used_at = timezone.now()
            recovery.save(update_fields=["used_at"])
            audit.record(action="accounts.recovery_code.used", actor=user, obj=recovery)
            return True
    throttle.record_failure(username=key, ip=ip)
    return False


def verify_second_factor(*, user, code: str, ip: str | None = None) -> None:
    """Raise ValidationError unless `code` is a valid second factor for the user."""
    if not check_second_factor(user=user, code=code, ip=ip):
        raise ValidationError({"code": _("That code is not right, or it was already used.")})


def disable_two_factor(*, user, password: str, code: str, ip: str | None = None) -> None:
    """Turn two-factor off; needs the password and a current code (or a recovery code)."""
    if not user.check_password(password or ""):
        raise ValidationError({"password": _("Your password is not right.")})
    verify_second_factor(user=user, code=code, ip=ip)
    with transaction.atomic():
        device = TwoFactor.objects.get(user=user)
        audit.record(action="accounts.two_factor.disabled", actor=user, obj=device)
        RecoveryCode.objects.filter(user=user).delete()
        device.delete()


def regenerate_recovery_codes(*, user, code: str, ip: str | None = None) -> list[str]:
    verify_second_factor(user=user, code=code, ip=ip)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        device = TwoFactor.objects.get(user=user)
        audit.record(action="accounts.recovery_codes.regenerated", actor=user, obj=device)
    return codes


def policy_generation() -> int:
    return cache.get(POLICY_GENERATION_KEY, 0)


@transaction.atomic
def set_center_policy(*, center, actor, require_admin_2fa: bool) -> CenterSecurityPolicy:
    policy, _created = CenterSecurityPolicy.objects.get_or_create(center=center)
    before = policy.require_admin_2fa
    if before != bool(require_admin_2fa):
        policy.require_admin_2fa = bool(require_admin_2fa)
        policy.save()
        changes = {"require_admin_2fa": [before, policy.require_admin_2fa]}
        audit.record(
            action="accounts.policy.updated", actor=actor, center=center, obj=policy,
            changes=changes,
        )  # fmt: skip
        # Sessions re-read their two-factor state (a spare re-read if this rolls back).
        try:
            cache.incr(POLICY_GENERATION_KEY)
        except ValueError:
            cache.set(POLICY_GENERATION_KEY, 1, None)
    return policy


def reset_two_factor(*, user, actor=None) -> bool:
    """An operator removes a user's authenticator (lost phone, no recovery codes left)."""
    with transaction.atomic():
        device = TwoFactor.objects.filter(user=user).first()
        if device is None:
            return False
        audit.record(action="accounts.two_factor.reset", actor=actor, obj=device)
        RecoveryCode.objects.filter(user=user).delete()
        device.delete()
    return True


def unlock_sign_in(*, username: str = "", ip: str = "", actor=None) -> int:
    """An operator lifts a lockout now (instead of waiting for the window)."""
    with transaction.atomic():
        removed = 0
        if username:
            removed += throttle.LoginFailure.objects.filter(
                username=throttle.normalize(username)
            ).delete()[0]
        if ip:
            removed += throttle.LoginFailure.objects.filter(ip=ip).delete()[0]
        audit.record(
            action="accounts.login.unlocked",
            actor=actor,
            object_type="accounts.loginfailure",
            changes={"username": throttle.normalize(username), "ip": ip, "removed": removed},
        )
    return removed
