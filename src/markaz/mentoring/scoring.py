"""How well a mentor fits a mentee: weighted components a person can read, plus hard constraints.

Every component is a number in [0, 1] measured from the mentee's side ("how much of what the
mentee asked for does this mentor cover"):

- `expertise`: share of the mentee's needed areas that are in the mentor's expertise;
- `sector`, `sdg`, `country`, `language`: share of the mentee's sectors, SDGs, countries and
  preferred languages that the mentor also has;
- `timezone`: share of the mentee's weekly available minutes during which the mentor is also
  available, compared in UTC for one reference week (see `matching_time`).

An empty mentee set scores 0 for its component: there is nothing to match on. The total is
the weighted mean of the components (weights are relative and need not sum to 1), so it is in
[0, 1] too and `contribution`s in `explain` add up to it.

Hard constraints (any one makes `score_pair` return None): the pair is excluded by staff, the
two share an affiliation (conflict of interest), they share no language, or either side has
capacity 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache

from markaz.mentoring.matching_time import (
    Window,
    check_timezone,
    check_window,
    overlap_minutes,
    reference_monday,
    total_minutes,
    utc_week,
)

COMPONENTS = ("expertise", "sector", "sdg", "language", "country", "timezone")

# Reasons a pair is not allowed, as stable codes a UI can translate.
EXCLUDED = "excluded_pair"
AFFILIATION_CONFLICT = "affiliation_conflict"
NO_SHARED_LANGUAGE = "no_shared_language"
MENTOR_FULL = "mentor_capacity_zero"
MENTEE_FULL = "mentee_capacity_zero"


@lru_cache(maxsize=65536)
def _windows(windows: tuple) -> tuple[Window, ...]:
    return tuple(check_window(w) for w in windows)


def _check_common(obj: MentorProfile | MenteeNeeds, set_names: Iterable[str]) -> None:
    if not isinstance(obj.id, str) or not obj.id:
        raise ValueError("id must be a non-empty string")
    for name in set_names:
        value = getattr(obj, name)
        if type(value) is not frozenset:
            if isinstance(value, str):
                raise TypeError(f"{name} must be a collection of strings, not a string")
            object.__setattr__(obj, name, frozenset(value))
    if not obj.languages:
        raise ValueError(f"{obj.id}: at least one language is needed")
    if type(obj.capacity) is not int or obj.capacity < 0:
        raise ValueError(f"{obj.id}: capacity must be a non-negative integer")
    windows = obj.availability
    if type(windows) is not tuple or any(type(w) is not tuple for w in windows):
        windows = tuple(tuple(w) for w in windows)
    object.__setattr__(obj, "availability", _windows(windows))
    check_timezone(obj.timezone)


@dataclass(frozen=True, slots=True)
class MentorProfile:
    id: str
    expertise: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    sdgs: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    capacity: int = 1
    availability: tuple[Window, ...] = ()
    timezone: str = "UTC"
    affiliations: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _check_common(
            self, ("expertise", "sectors", "sdgs", "languages", "countries", "affiliations")
        )


@dataclass(frozen=True, slots=True)
class MenteeNeeds:
    id: str
    areas: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    sdgs: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    availability: tuple[Window, ...] = ()
    timezone: str = "UTC"
    capacity: int = 1
    countries: frozenset[str] = frozenset()
    affiliations: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _check_common(self, ("areas", "sectors", "sdgs", "languages", "countries", "affiliations"))


@dataclass(frozen=True, slots=True)
class Weights:
    """Relative weight of each component for one matching round."""

    expertise: float = 0.35
    sector: float = 0.15
    sdg: float = 0.15
    language: float = 0.05
    country: float = 0.05
    timezone: float = 0.25

    def __post_init__(self) -> None:
        values = [getattr(self, f.name) for f in fields(self)]
        if any(not isinstance(v, int | float) or not v >= 0 for v in values):
            raise ValueError("weights must be non-negative numbers")
        if sum(values) <= 0 or sum(values) == float("inf"):
            raise ValueError("at least one weight must be positive (and all finite)")

    def normalized(self) -> dict[str, float]:
        total = sum(getattr(self, name) for name in COMPONENTS)
        return {name: getattr(self, name) / total for name in COMPONENTS}


@dataclass(frozen=True, slots=True)
class Fit:
    total: float
    components: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reason:
    """One component of a fit, with what the two people share, for a UI to show."""

    name: str
    value: float
    weight: float
    contribution: float
    shared: tuple[str, ...] = ()
    detail: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Explanation:
    mentee_id: str
    mentor_id: str
    total: float | None
    blocked_by: str | None
    reasons: tuple[Reason, ...] = ()

    def as_dict(self) -> dict:
        return {
            "mentee": self.mentee_id,
            "mentor": self.mentor_id,
            "total": self.total,
            "blocked_by": self.blocked_by,
            "components": [
                {
                    "name": r.name,
                    "value": r.value,
                    "weight": r.weight,
                    "contribution": r.contribution,
                    "shared": list(r.shared),
                    **({"detail": dict(r.detail)} if r.detail else {}),
                }
                for r in self.reasons
            ],
        }


def violation(
    mentee: MenteeNeeds,
    mentor: MentorProfile,
    excluded: Collection[tuple[str, str]] = frozenset(),
) -> str | None:
    """The code of the first hard constraint the pair breaks, or None when it is allowed."""
    if mentee.capacity == 0:
        return MENTEE_FULL
    if mentor.capacity == 0:
        return MENTOR_FULL
    if (mentee.id, mentor.id) in excluded:
        return EXCLUDED
    if mentee.affiliations & mentor.affiliations:
        return AFFILIATION_CONFLICT
    if not mentee.languages & mentor.languages:
        return NO_SHARED_LANGUAGE
    return None


def _share(wanted: frozenset[str], offered: frozenset[str]) -> tuple[float, tuple[str, ...]]:
    common = wanted & offered
    return (len(common) / len(wanted) if wanted else 0.0), tuple(sorted(common))


def _reasons(
    mentee: MenteeNeeds, mentor: MentorProfile, weights: Weights, monday: dt.date
) -> list[Reason]:
    norm = weights.normalized()
    parts: list[tuple[str, float, tuple[str, ...], dict[str, int]]] = []
    for name, wanted, offered in (
        ("expertise", mentee.areas, mentor.expertise),
        ("sector", mentee.sectors, mentor.sectors),
        ("sdg", mentee.sdgs, mentor.sdgs),
        ("language", mentee.languages, mentor.languages),
        ("country", mentee.countries, mentor.countries),
    ):
        value, shared = _share(wanted, offered)
        parts.append((name, value, shared, {}))
    mine = utc_week(mentee.availability, mentee.timezone, monday)
    theirs = utc_week(mentor.availability, mentor.timezone, monday)
    wanted_minutes = total_minutes(mine)
    common = overlap_minutes(mine, theirs)
    detail = {"overlap_minutes": common, "mentee_minutes": wanted_minutes}
    parts.append(("timezone", common / wanted_minutes if wanted_minutes else 0.0, (), detail))
    return [Reason(n, v, norm[n], norm[n] * v, s, d) for n, v, s, d in parts]


def score_pair(
    mentee: MenteeNeeds,
    mentor: MentorProfile,
    weights: Weights | None = None,
    *,
    excluded: Collection[tuple[str, str]] = frozenset(),
    reference_date: dt.date | None = None,
) -> Fit | None:
    """The fit of a pair, or None when a hard constraint rules the pair out."""
    if violation(mentee, mentor, excluded) is not None:
        return None
    reasons = _reasons(mentee, mentor, weights or Weights(), reference_monday(reference_date))
    return Fit(
        total=sum(r.contribution for r in reasons),
        components={r.name: r.value for r in reasons},
    )


def explain(
    mentee: MenteeNeeds,
    mentor: MentorProfile,
    weights: Weights | None = None,
    *,
    excluded: Collection[tuple[str, str]] = frozenset(),
    reference_date: dt.date | None = None,
) -> Explanation:
    """Why a pair fits: every component with its weight, contribution and what is shared.

    For a ruled-out pair `total` is None and `blocked_by` names the constraint; the components
    are still given so staff can see what the pair would have scored.
    """
    blocked = violation(mentee, mentor, excluded)
    reasons = _reasons(mentee, mentor, weights or Weights(), reference_monday(reference_date))
    total = None if blocked else sum(r.contribution for r in reasons)
    return Explanation(mentee.id, mentor.id, total, blocked, tuple(reasons))
