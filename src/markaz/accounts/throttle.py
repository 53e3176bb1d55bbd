"""Sign-in throttling: sliding windows over recorded failures, per username and per IP.

A failure is one `LoginFailure` row (kept in the database, so every process agrees). A name
or an address is locked while its failures within the window reach the limit; the lock lifts
by itself as the oldest failures age out. The same refusal answers for existing and unknown
usernames, so it tells nobody which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit

from .models import LoginFailure


@dataclass(frozen=True)
class Limits:
    window: timedelta
    per_user: int
    per_ip: int


def limits() -> Limits:
    return Limits(
        window=timedelta(minutes=settings.MARKAZ_LOGIN_WINDOW_MINUTES),
        per_user=settings.MARKAZ_LOGIN_MAX_PER_USER,
        per_ip=settings.MARKAZ_LOGIN_MAX_PER_IP,
    )


class LockedOut(ValidationError):
    """Raised from the authentication backend: the login form shows it as its error."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try "
                "again, or reset your password."
            ),
            code="locked_out",
            params={"minutes": settings.MARKAZ_LOGIN_WINDOW_MINUTES},
        )


def normalize(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def client_ip(request) -> str | None:
    """The peer address. Behind a proxy, configure it to set REMOTE_ADDR (not trusted headers)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _counts(name: str, ip: str | None) -> tuple[int, int]:
    """Failures within the window for the username and for the address: one query."""
    if not name and not ip:
        return 0, 0
    by_name, by_ip = Q(username=name), Q(ip=ip)
    recent = LoginFailure.objects.filter(created_at__gt=timezone.now() - limits().window)
    if not name:
        return 0, recent.filter(by_ip).count()
    if not ip:
        return recent.filter(by_name).count(), 0
    counts = recent.filter(by_name | by_ip).aggregate(
        name=Count("pk", filter=by_name), ip=Count("pk", filter=by_ip)
    )
    return counts["name"], counts["ip"]


def is_locked(*, username: str | None, ip: str | None) -> bool:
    lim = limits()
    name = normalize(username)
    by_name, by_ip = _counts(name, ip)
    return (bool(name) and by_name >= lim.per_user) or (bool(ip) and by_ip >= lim.per_ip)


@transaction.atomic
def record_failure(*, username: str | None, ip: str | None) -> None:
    """Count one failure; the failure that reaches a limit leaves an audit entry.

    Rows older than two windows count for nothing: they are deleted here (all of them, not
    only this name's, so guessed usernames do not pile up)."""
    lim = limits()
    name = normalize(username)
    now = timezone.now()
    LoginFailure.objects.filter(created_at__lte=now - lim.window * 2).delete()
    LoginFailure.objects.create(username=name, ip=ip, created_at=now)
    by_name, by_ip = _counts(name, ip)
    if name and by_name == lim.per_user:
        audit.record(
            action="accounts.login.locked_out",
            object_type="accounts.loginfailure",
            changes={"scope": "account", "username": name, "ip": ip},
        )
    if ip and by_ip == lim.per_ip:
        audit.record(
            action="accounts.login.locked_out",
            object_type="accounts.loginfailure",
            changes={"scope": "ip", "ip": ip},
        )


def reset(*names: str) -> None:
    """A successful sign-in clears the account's failures (not the address's)."""
    keys = {normalize(n) for n in names if n}
    if keys:
        LoginFailure.objects.filter(username__in=keys).delete()
