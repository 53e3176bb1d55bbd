"""Personal API tokens: scoped to a center, hashed at rest, revocable, with last-used time."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from markaz.core import audit
from markaz.core.models import ApiToken, Center, Membership

TOKEN_PREFIX = "mkz_"  # noqa: S105 - a public marker, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    pass


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(
    *, username: str, center_slug: str, name: str = "api", days: int | None = None, actor=None
) -> tuple[ApiToken, str]:
    """Create a token for a member of the center; returns the row and the secret (shown once)."""
    user = get_user_model().objects.filter(Q(username=username) | Q(email=username)).first()
    if user is None:
        raise TokenError(f"no user {username!r}")
    center = Center.objects.filter(slug=center_slug).first()
    if center is None:
        raise TokenError(f"no center {center_slug!r}")
    if not user.is_superuser and not Membership.objects.filter(user=user, center=center).exists():
        raise TokenError(f"{username!r} holds no role in {center_slug!r}")
    if days is not None and days < 1:
        raise TokenError("--days must be 1 or more")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        center=center,
        name=name[:100],
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=digest_of(secret),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    audit.record(action="core.token.created", actor=actor or user, center=center, obj=token)
    return token, secret


def authenticate_token(secret: str) -> ApiToken | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "center")
        .filter(digest=digest_of(secret), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(action="core.token.revoked", actor=actor, center=token.center, obj=token)
    return token
