"""Opening hours, slots and capacity in a resource's own time zone (no Django models here).

Opening hours are wall-clock intervals per weekday (0 = Monday) in the resource's time zone,
e.g. `{"0": [["09:00", "13:00"], ["14:00", "18:00"]]}`. Bookings are stored in UTC; each is
checked by converting to local time, so a room that opens at 09:00 opens at 09:00 on both
sides of a daylight-saving change. A wall-clock time that does not exist (the hour skipped
in spring) is refused; one that happens twice (autumn) is read as the first occurrence unless
the caller gives a UTC instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

Intervals = dict[int, list[tuple[int, int]]]  # weekday → [(open minute, close minute)]


def _minutes(text: str) -> int:
    try:
        hours, minutes = (int(p) for p in str(text).split(":"))
    except ValueError:
        raise ValueError(_("Write times as HH:MM, e.g. 09:30.")) from None
    if not (0 <= minutes < 60 and (0 <= hours < 24 or (hours == 24 and minutes == 0))):
        raise ValueError(_("Write times as HH:MM, e.g. 09:30."))
    return hours * 60 + minutes


def parse_opening_hours(raw: dict) -> Intervals:
    if not isinstance(raw, dict):
        raise ValueError(_("Opening hours must map weekdays to intervals."))
    out: Intervals = {}
    for day, spans in raw.items():
        if str(day) not in {str(d) for d in range(7)}:
            raise ValueError(_("Weekdays are numbered 0 (Monday) to 6 (Sunday)."))
        parsed = []
        for span in spans or []:
            if not isinstance(span, list | tuple) or len(span) != 2:
                raise ValueError(_("Each interval is a pair of times, opening and closing."))
            start, end = _minutes(span[0]), _minutes(span[1])
            if end <= start:
                raise ValueError(_("An interval must close after it opens."))
            parsed.append((start, end))
        parsed.sort()
        for (_a, end), (start, _b) in pairwise(parsed):
            if start < end:
                raise ValueError(_("The intervals of one day overlap."))
        out[int(day)] = parsed
    return out


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def opening_hours_text(raw: dict) -> dict[int, str]:
    """weekday → "09:00–13:00, 14:00–18:00" (empty when closed)."""
    parsed = parse_opening_hours(raw)
    return {
        d: ", ".join(f"{format_hhmm(a)}–{format_hhmm(b)}" for a, b in parsed.get(d, []))
        for d in range(7)
    }


def parse_opening_hours_text(texts: dict[int, str]) -> dict[str, list[list[str]]]:
    """The inverse of `opening_hours_text`, for forms ("09:00-13:00, 14:00-18:00")."""
    out: dict[str, list[list[str]]] = {}
    for day, text in texts.items():
        spans = []
        for part in (text or "").replace("–", "-").split(","):
            part = part.strip()
            if not part:
                continue
            if "-" not in part:
                raise ValueError(_("Write intervals as 09:00-13:00, separated by commas."))
            start, end = (p.strip() for p in part.split("-", 1))
            spans.append([format_hhmm(_minutes(start)), format_hhmm(_minutes(end))])
        if spans:
            out[str(day)] = spans
    parse_opening_hours(out)
    return out


def local_to_utc(tz_name: str, day: date, at: time) -> datetime:
    """A wall-clock time in the zone as a UTC instant; refuses a time the clocks skip."""
    zone = ZoneInfo(tz_name)
    local = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(
            _("%(time)s does not exist on %(day)s in %(zone)s (the clocks change).")
            % {"time": at.strftime("%H:%M"), "day": day.isoformat(), "zone": tz_name}
        )
    return instant


@dataclass(frozen=True)
class SlotCheck:
    ok: bool
    reason: str = ""


def check_slot(
    *, tz_name: str, hours: Intervals, slot_minutes: int, starts_at: datetime, ends_at: datetime
) -> SlotCheck:
    """Does [starts_at, ends_at) fit one opening interval of its local day, on the slot grid?"""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        return SlotCheck(False, _("Give times with their time zone (or in UTC)."))
    if ends_at <= starts_at:
        return SlotCheck(False, _("The end must be after the start."))
    zone = ZoneInfo(tz_name)
    local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    start_min = local_start.hour * 60 + local_start.minute
    end_min = local_end.hour * 60 + local_end.minute
    days = (local_end.date() - local_start.date()).days
    if days == 1 and end_min == 0:
        end_min = 24 * 60
    elif days != 0:
        return SlotCheck(False, _("A booking must start and end on the same day."))
    if local_start.second or local_start.microsecond or local_end.second or local_end.microsecond:
        return SlotCheck(False, _("Book whole minutes on the slot grid."))
    for open_min, close_min in hours.get(local_start.weekday(), []):
        if open_min <= start_min and end_min <= close_min:
            duration = (ends_at - starts_at).total_seconds() / 60
            if (start_min - open_min) % slot_minutes or duration % slot_minutes:
                return SlotCheck(
                    False,
                    _(
                        "Bookings start on the %(n)s-minute grid from opening time and last "
                        "whole slots."
                    )
                    % {"n": slot_minutes},
                )
            return SlotCheck(True)
    return SlotCheck(
        False,
        _("Outside opening hours: %(day)s %(start)s–%(end)s (%(zone)s) is not within them.")
        % {
            "day": local_start.date().isoformat(),
            "start": local_start.strftime("%H:%M"),
            "end": local_end.strftime("%H:%M"),
            "zone": tz_name,
        },
    )


def peak_units(
    intervals: list[tuple[datetime, datetime, int]], start: datetime, end: datetime
) -> int:
    """The most units in use at any instant of [start, end), from overlapping bookings."""
    events = []
    for s, e, units in intervals:
        s, e = max(s, start), min(e, end)
        if s < e:
            events.append((s, 1, units))
            events.append((e, 0, -units))  # ends sort before starts at the same instant
    peak = current = 0
    for _at, _order, delta in sorted(events):
        current += delta
        peak = max(peak, current)
    return peak


@dataclass
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime
    local_label: str
    free_units: int


def week_slots(
    *,
    tz_name: str,
    hours: Intervals,
    slot_minutes: int,
    capacity: int,
    monday: date,
    busy: list[tuple[datetime, datetime, int]],
) -> list[tuple[date, list[Slot]]]:
    """The week's slots per local day with the units still free in each."""
    zone = ZoneInfo(tz_name)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        slots = []
        for open_min, close_min in hours.get(day.weekday(), []):
            minute = open_min
            while minute + slot_minutes <= close_min:
                start_local = datetime.combine(day, time()) + timedelta(minutes=minute)
                local = start_local.replace(tzinfo=zone)
                start = local.astimezone(UTC)
                if start.astimezone(zone).replace(tzinfo=None) == start_local:
                    end = start + timedelta(minutes=slot_minutes)
                    used = peak_units(busy, start, end)
                    slots.append(Slot(start, end, format_hhmm(minute), max(capacity - used, 0)))
                minute += slot_minutes
        days.append((day, slots))
    return days


def week_bounds(monday: date, tz_name: str) -> tuple[datetime, datetime]:
    """UTC instants of local Monday 00:00 and the next Monday 00:00."""
    zone = ZoneInfo(tz_name)
    start = datetime.combine(monday, time()).replace(tzinfo=zone).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), time()).replace(tzinfo=zone)
    return start, end.astimezone(UTC)
