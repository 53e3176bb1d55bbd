"""Mentor sessions as iCalendar: the invite attached to emails and the per-person feed."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Markaz//Mentoring//EN"


def session_uid(session) -> str:
    return f"mentoring-session-{session.pk}@markaz"


def session_event(session) -> Event:
    mentorship = session.mentorship
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(dt.UTC))
    event.add("dtend", session.ends_at.astimezone(dt.UTC))
    event.add("summary", f"{mentorship.mentor.display_name} · {mentorship.venture.name}")
    event.add("sequence", session.sequence)
    if session.location:
        event.add("location", session.location)
    if session.agenda:
        event.add("description", session.agenda)
    event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
    email = mentorship.mentor.email
    if email:
        organizer = vCalAddress(f"mailto:{email}")
        organizer.params["cn"] = vText(mentorship.mentor.display_name)
        event.add("organizer", organizer)
    return event


def invite(session) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    calendar.add_component(session_event(session))
    return calendar.to_ical()


def feed_events(user):
    """Calendar feed provider: the sessions of the user's mentorships, as mentor or mentee."""
    from django.db.models import Q

    from markaz.mentoring.models import Session

    if user is None or not getattr(user, "is_authenticated", False):
        return
    mine = Q(mentorship__mentor__user=user)
    person = getattr(user, "person", None)
    if person is not None:
        mine |= Q(mentorship__mentor__person=person, mentorship__mentor__user__isnull=True)
        mine |= Q(mentorship__venture__team__person=person)
    sessions = (
        Session.objects.filter(mine)
        .select_related("mentorship__mentor__user__person", "mentorship__mentor__person")
        .select_related("mentorship__venture")
        .distinct()
        .order_by("starts_at")
    )
    for session in sessions:
        yield session_event(session)
