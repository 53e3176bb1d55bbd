"""Reads of the accounts capability."""

from __future__ import annotations

from markaz.core.models import Role

from .models import CenterSecurityPolicy, RecoveryCode, TwoFactor


def two_factor_of(user) -> TwoFactor | None:
    return TwoFactor.objects.filter(user=user).first()


def unused_recovery_codes(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def must_use_two_factor(user) -> bool:
    """Admin of a center whose policy requires two-factor authentication for its admins."""
    return CenterSecurityPolicy.objects.filter(
        require_admin_2fa=True,
        center__memberships__user=user,
        center__memberships__role=Role.ADMIN,
    ).exists()


def policy_of(center) -> CenterSecurityPolicy:
    """The center's policy (an unsaved default when none was stored)."""
    return CenterSecurityPolicy.objects.filter(center=center).first() or CenterSecurityPolicy(
        center=center
    )
