"""The week availability grid of one resource (pages and API share it)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from markaz.resources import availability
from markaz.resources.models import Resource
from markaz.resources.selectors import busy_intervals


def monday_of(resource: Resource, day: date | None) -> date:
    if day is None:
        day = timezone.now().astimezone(ZoneInfo(resource.timezone)).date()
    return day - timedelta(days=day.weekday())


def week(resource: Resource, day: date | None = None):
    """(monday, [(local date, [Slot])]): one query for the week's bookings."""
    monday = monday_of(resource, day)
    if not resource.is_bookable:
        return monday, []
    start, end = availability.week_bounds(monday, resource.timezone)
    return monday, availability.week_slots(
        tz_name=resource.timezone,
        hours=availability.parse_opening_hours(resource.opening_hours),
        slot_minutes=resource.slot_minutes,
        capacity=resource.capacity,
        monday=monday,
        busy=busy_intervals(resource, start, end),
    )
