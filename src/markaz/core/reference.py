"""Lookups of what an API request refers to: SDG goals and targets, users, own tokens.

Built on the selectors; unknown references raise a Django `ValidationError` keyed by the
request field, so the API answers 422 with field errors instead of 404 or 500.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from markaz.core.selectors import find_user
from markaz.sdg import selectors as sdg
from markaz.sdg.models import Goal, Target


def get_goal(number: int) -> Goal | None:
    return sdg.goals().filter(number=number).first()


def goals_by_numbers(numbers: Iterable[int], *, field: str = "sdg_goals") -> list[Goal]:
    wanted = sorted(set(numbers))
    found = {g.number: g for g in sdg.goals().filter(number__in=wanted)}
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown SDG goals: %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in unknown)}
            }
        )
    return [found[n] for n in wanted]


def targets_by_codes(codes: Iterable[str], *, field: str = "sdg_targets") -> list[Target]:
    wanted = sorted(set(codes))
    found = {
        t.code: t for t in sdg.targets_of(sdg.goals().values("number")).filter(code__in=wanted)
    }
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown SDG targets: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [found[c] for c in wanted]


def user_by_username_or_email(identifier: str, *, field: str = "user"):
    """An active user by username or (case-insensitive) email, for adding a membership."""
    user = find_user(identifier)
    if user is None:
        raise ValidationError({field: _("No user with that username or email.")})
    return user
