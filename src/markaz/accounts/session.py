"""Two-factor state of a signed-in session.

`VERIFIED`: the second factor was given in this session. `STATE`: whether the user has an
authenticator and whether a center policy requires one, cached in the session and refreshed
when a policy changes (a cache generation) or every few minutes, so that ordinary requests
cost no query.
"""

from __future__ import annotations

import time

from . import selectors, services

VERIFIED = "mkz_2fa_verified"
STATE = "mkz_2fa_state"
PENDING_SECRET = "mkz_2fa_pending_secret"  # noqa: S105 - a session key name
REFRESH_SECONDS = 300


def refresh(request, user) -> dict:
    state = {
        "has": services.has_two_factor(user),
        "req": selectors.must_use_two_factor(user),
        "gen": services.policy_generation(),
        "at": time.time(),
    }
    request.session[STATE] = state
    return state


def state_of(request, user) -> dict:
    state = request.session.get(STATE)
    if (
        not isinstance(state, dict)
        or state.get("gen") != services.policy_generation()
        or time.time() - state.get("at", 0) > REFRESH_SECONDS
    ):
        state = refresh(request, user)
    return state


def needs(request, user) -> str | None:
    """ "verify" (second factor not given yet), "enrol" (required but missing) or None."""
    state = state_of(request, user)
    if state["has"] and not request.session.get(VERIFIED):
        return "verify"
    if state["req"] and not state["has"]:
        return "enrol"
    return None


def on_login(request, user) -> None:
    """A fresh sign-in has not given the second factor yet."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[VERIFIED] = False
    refresh(request, user)


def mark_verified(request, user) -> None:
    request.session.cycle_key()
    request.session[VERIFIED] = True
    refresh(request, user)
