"""iCalendar files: one event's invite, and a person's feed (their events and other apps' items).

Times carry the event's own time zone (TZID with a VTIMEZONE), so calendars show the right
local time across daylight-saving changes. The online link goes in only when the caller says
the reader may see it (a confirmed registrant); public and others' files never carry it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from markaz.events.models import Event, RegistrationStatus

PRODID = "-//Markaz//Events//EN"


def _zone(event: Event) -> ZoneInfo:
    try:
        return ZoneInfo(event.timezone or "UTC")
    except Exception:
        return ZoneInfo("UTC")


def _location(event: Event) -> str:
    return ", ".join(p for p in (event.room, event.venue) if p)


def vevent(event: Event, *, include_link: bool = False, status: str = "") -> icalendar.Event:
    zone = _zone(event)
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{getattr(settings, 'MARKAZ_SITE_HOST', 'markaz')}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", event.title)
    description = event.description
    if include_link and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
        item.add("url", event.online_url)
    if description:
        item.add("description", description)
    if event.is_in_person and _location(event):
        item.add("location", _location(event))
    elif include_link and event.online_url:
        item.add("location", event.online_url)
    if event.is_cancelled:
        item.add("status", "CANCELLED")
    elif status in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        item.add("status", "TENTATIVE")
    else:
        item.add("status", "CONFIRMED")
    return item


def calendar(items, *, name: str = "") -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    for item in items:
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal


def event_ics(event: Event, *, include_link: bool = False, registration=None) -> bytes:
    status = registration.status if registration is not None else ""
    cal = calendar([vevent(event, include_link=include_link, status=status)])
    cal.add("method", "PUBLISH")
    return cal.to_ical()


def registration_items(user):
    """The events provider of the personal feed: the user's own active registrations only."""
    from markaz.events.selectors import feed_registrations

    for registration in feed_registrations(user):
        yield vevent(
            registration.event,
            include_link=registration.status == RegistrationStatus.CONFIRMED,
            status=registration.status,
        )
