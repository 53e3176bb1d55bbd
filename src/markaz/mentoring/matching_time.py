"""Weekly availability in UTC for one reference week, so DST is taken into account.

A window is `(weekday, start_minute, end_minute)` of local wall-clock time (weekday 0 = Monday,
minutes from local midnight, `0 <= start < end <= 1440`; split a window that crosses midnight
in two). Windows are converted to UTC for the actual dates of the reference week, which starts
on the first Monday on or after the reference date, so a Lisbon evening lands one hour
earlier in UTC in July than in January. The week then wraps around: minute 0 is that Monday
00:00 UTC and a window reaching past the end of the week continues at its start, because
availability recurs every week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

WEEK_MINUTES = 7 * 24 * 60
DAY_MINUTES = 24 * 60

Window = tuple[int, int, int]
Interval = tuple[int, int]


def reference_monday(reference: dt.date | None = None) -> dt.date:
    """The first Monday on or after `reference` (default: today in UTC, so "the coming Monday")."""
    day = reference if reference is not None else dt.datetime.now(dt.UTC).date()
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def check_window(window: Sequence[int]) -> Window:
    """Validate one window and return it as a tuple; raises ValueError with the reason."""
    if len(window) != 3 or not all(isinstance(v, int) and not isinstance(v, bool) for v in window):
        raise ValueError(f"availability window {window!r} is not (weekday, start, end) integers")
    weekday, start, end = window
    if not 0 <= weekday <= 6:
        raise ValueError(f"availability window {window!r}: weekday must be 0 (Monday) to 6")
    if not 0 <= start < end <= DAY_MINUTES:
        raise ValueError(f"availability window {window!r}: need 0 <= start < end <= 1440")
    return (weekday, start, end)


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def check_timezone(name: str) -> str:
    """Raise ValueError unless `name` is a known IANA time zone."""
    try:
        _zone(name)
    except (ValueError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name


@lru_cache(maxsize=65536)
def _utc_minute(tz: str, monday: dt.date, weekday: int, minute: int) -> int:
    """Minutes from `monday` 00:00 UTC to local wall time `weekday`+`minute` in `tz`."""
    local = dt.datetime.combine(monday + dt.timedelta(days=weekday), dt.time(), tzinfo=_zone(tz))
    # Adding to an aware datetime is wall-clock arithmetic; the offset is resolved afterwards,
    # so 1440 is the next local midnight even on a day that is 23 or 25 hours long.
    local = local + dt.timedelta(minutes=minute)
    anchor = dt.datetime.combine(monday, dt.time(), tzinfo=dt.UTC)
    return int((local.astimezone(dt.UTC) - anchor).total_seconds() // 60)


def merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Union of half-open intervals as sorted, disjoint, non-touching intervals."""
    out: list[list[int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


@lru_cache(maxsize=65536)
def utc_week(windows: tuple[Window, ...], tz: str, monday: dt.date) -> tuple[Interval, ...]:
    """The windows as disjoint UTC intervals within `[0, WEEK_MINUTES)` of the reference week."""
    pieces: list[Interval] = []
    for weekday, start, end in windows:
        a = _utc_minute(tz, monday, weekday, start)
        b = _utc_minute(tz, monday, weekday, end)
        if b <= a:  # local time skipped by a DST jump: no real minutes
            continue
        shift = (a // WEEK_MINUTES) * WEEK_MINUTES
        a, b = a - shift, b - shift
        if b <= WEEK_MINUTES:
            pieces.append((a, b))
        else:
            pieces.extend([(a, WEEK_MINUTES), (0, b - WEEK_MINUTES)])
    return merge(pieces)


def total_minutes(intervals: Iterable[Interval]) -> int:
    return sum(e - s for s, e in intervals)


def overlap_minutes(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Length of the intersection of two sorted, disjoint interval lists."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def utc_weeks(
    availabilities: Sequence[Sequence[Window]], timezones: Sequence[str], monday: dt.date
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`utc_week` for many people at once: (owner, start, end) arrays, sorted by owner.

    Same result as calling `utc_week` per person, but a day without a DST change is one
    offset for all its windows, so only the (time zone, weekday) pairs are converted in Python.
    """
    sizes = np.fromiter(map(len, availabilities), dtype=np.int64, count=len(availabilities))
    owner = np.repeat(np.arange(len(availabilities)), sizes)
    flat = np.asarray([w for ws in availabilities for w in ws], dtype=np.int64).reshape(-1, 3)
    weekday, start, end = flat[:, 0], flat[:, 1], flat[:, 2]
    zones = {name: i for i, name in enumerate(dict.fromkeys(timezones))}
    zone = np.asarray([zones[tz] for tz in timezones], dtype=np.int64)[owner]
    midnight = np.zeros((len(zones), 8), dtype=np.int64)  # UTC minute of local midnights
    for name, z in zones.items():
        for day in range(8):
            midnight[z, day] = _utc_minute(name, monday, day, 0)
    a = midnight[zone, weekday] + start
    b = midnight[zone, weekday] + end
    # On a day with a DST change the offset moves within the day: convert those exactly.
    for i in np.flatnonzero(midnight[zone, weekday + 1] - midnight[zone, weekday] != DAY_MINUTES):
        name = timezones[owner[i]]
        a[i] = _utc_minute(name, monday, int(weekday[i]), int(start[i]))
        b[i] = _utc_minute(name, monday, int(weekday[i]), int(end[i]))
    keep = b > a
    owner, a, b = owner[keep], a[keep], b[keep]
    shift = (a // WEEK_MINUTES) * WEEK_MINUTES
    a, b = a - shift, b - shift
    wraps = b > WEEK_MINUTES
    owner = np.concatenate([owner, owner[wraps]])
    a = np.concatenate([a, np.zeros(int(wraps.sum()), dtype=np.int64)])
    b = np.concatenate([np.minimum(b, WEEK_MINUTES), b[wraps] - WEEK_MINUTES])
    # Union per person: sort, then a new interval starts where it begins after every
    # earlier end of the same person (owners are spaced apart so runs never cross).
    if not len(a):
        return owner, a, b
    order = np.lexsort((a, owner))
    owner, a, b = owner[order], a[order], b[order]
    offset = owner * (4 * WEEK_MINUTES)
    reach = np.maximum.accumulate(b + offset)
    new = np.ones(len(a), dtype=bool)
    new[1:] = a[1:] + offset[1:] > reach[:-1]
    first = np.flatnonzero(new)
    last = np.r_[first[1:], len(a)] - 1
    return owner[first], a[first], reach[last] - offset[last]
