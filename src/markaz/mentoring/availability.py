"""Weekly availability on real dates: is a session inside both people's windows?

Windows are `(weekday, start_minute, end_minute)` of local wall-clock time (as in
`matching_time`). Here they are laid on the actual calendar days around a session, each day
converted with that day's UTC offset, so a 18:00–20:00 window in Amman or Lisbon is found at
the right UTC time on both sides of a daylight-saving change. No Django imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

Span = tuple[dt.datetime, dt.datetime]


def _local_spans(windows: Iterable[Sequence[int]], tz: str, first: dt.date, last: dt.date):
    zone = ZoneInfo(tz)
    day = first
    while day <= last:
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        for weekday, start, end in windows:
            if weekday == day.weekday():
                # Aware + timedelta is wall-clock arithmetic; the offset is resolved per instant.
                a = (midnight + dt.timedelta(minutes=start)).astimezone(dt.UTC)
                b = (midnight + dt.timedelta(minutes=end)).astimezone(dt.UTC)
                if b > a:
                    yield a, b
        day += dt.timedelta(days=1)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def utc_spans(
    windows: Iterable[Sequence[int]], tz: str, start: dt.datetime, end: dt.datetime
) -> list[Span]:
    """Merged UTC spans of availability touching [start, end] (aware datetimes)."""
    zone = ZoneInfo(tz)
    first = start.astimezone(zone).date() - dt.timedelta(days=1)
    last = end.astimezone(zone).date() + dt.timedelta(days=1)
    spans = _merge(_local_spans(list(windows), tz, first, last))
    return [(a, b) for a, b in spans if b > start and a < end]


def covers(windows: Iterable[Sequence[int]], tz: str, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether [start, end) lies inside one stretch of the person's availability."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    return any(a <= start and end <= b for a, b in utc_spans(windows, tz, start, end))


def _intersect(xs: list[Span], ys: list[Span]) -> list[Span]:
    out, i, j = [], 0, 0
    while i < len(xs) and j < len(ys):
        a, b = max(xs[i][0], ys[j][0]), min(xs[i][1], ys[j][1])
        if a < b:
            out.append((a, b))
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return out


def common_spans(
    first: tuple[Iterable[Sequence[int]], str],
    second: tuple[Iterable[Sequence[int]], str],
    start: dt.datetime,
    end: dt.datetime,
    *,
    minutes: int = 60,
) -> list[Span]:
    """UTC spans in [start, end) when both are available, each at least `minutes` long."""
    xs = [(max(a, start), min(b, end)) for a, b in utc_spans(first[0], first[1], start, end)]
    ys = [(max(a, start), min(b, end)) for a, b in utc_spans(second[0], second[1], start, end)]
    need = dt.timedelta(minutes=minutes)
    return [(a, b) for a, b in _intersect(xs, ys) if b - a >= need]
