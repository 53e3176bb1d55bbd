"""Per-person calendar feed tokens: one secret URL per user, rotatable.

Apps that put items in a person's calendar (mentor sessions, events) register a provider
with `register_feed_provider(fn)`; `fn(user)` yields `icalendar.Event`s. The feed view
(`core.views_calendar`) joins every provider's events for the token's owner only.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable

_PROVIDERS: list[Callable] = []


def register_feed_provider(provider: Callable) -> None:
    """Call from an AppConfig.ready(); idempotent."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def feed_providers() -> list[Callable]:
    return list(_PROVIDERS)


def new_feed_secret() -> tuple[str, str]:
    """(secret for the URL, digest to store)."""
    secret = secrets.token_urlsafe(24)
    return secret, digest_of(secret)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def events_for(user) -> Iterable:
    for provider in feed_providers():
        yield from provider(user)
