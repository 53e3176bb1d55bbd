"""The reader's time zone for public pages, and a deadline shown in it.

Order: a zone the reader chose (`?tz=`), then the one remembered in the `markaz_tz` cookie
(set by that choice or by the browser's own zone through a small script), then the center's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote
from zoneinfo import ZoneInfo, available_timezones

COOKIE = "markaz_tz"


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_zone(name: str | None) -> str | None:
    return name if name and name in _zones() else None


def reader_zone(request, fallback: str = "UTC") -> tuple[str, str]:
    """(zone name, where it came from: "chosen" | "browser" | "center")."""
    chosen = valid_zone(request.GET.get("tz"))
    if chosen:
        return chosen, "chosen"
    remembered = valid_zone(unquote(request.COOKIES.get(COOKIE, "")))
    if remembered:
        return remembered, "browser"
    return valid_zone(fallback) or "UTC", "center"


def utc_offset(moment: dt.datetime) -> str:
    """`UTC+03:00`, `UTC-05:00`, `UTC+05:45`, `UTC+00:00`."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


@dataclass(frozen=True)
class ZonedTime:
    local: dt.datetime  # aware, in `zone`
    zone: str
    offset: str
    utc: dt.datetime

    @property
    def iso(self) -> str:
        """The moment in UTC, for `<time datetime>` (machine-readable, zone-free)."""
        return self.utc.isoformat()


def in_zone(moment: dt.datetime, zone: str) -> ZonedTime:
    local = moment.astimezone(ZoneInfo(zone))
    return ZonedTime(
        local=local,
        zone=zone,
        offset=utc_offset(local),
        utc=moment.astimezone(dt.UTC),
    )
