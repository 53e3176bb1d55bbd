"""Mentor hours and satisfaction for a center's staff."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone

from markaz.core.models import Center
from markaz.mentoring.models import Feedback, Session, SessionStatus


def _held(center: Center):
    """Sessions marked held, or scheduled ones already past (not cancelled)."""
    return Session.objects.filter(mentorship__center=center).filter(
        Q(status=SessionStatus.HELD)
        | Q(status=SessionStatus.SCHEDULED, starts_at__lt=timezone.now())
    )


def mentor_hours(center: Center) -> list[dict]:
    rows = (
        _held(center)
        .values(mentor_pk=F("mentorship__mentor_id"))
        .annotate(minutes=Sum("minutes"), sessions=Count("id"))
        .order_by("-minutes")
    )
    from markaz.mentoring.models import MentorProfile

    names = {
        p.pk: p.display_name
        for p in MentorProfile.objects.filter(pk__in=[r["mentor_pk"] for r in rows]).select_related(
            "user__person", "person"
        )
    }
    return [
        {
            "mentor_id": r["mentor_pk"],
            "mentor": names.get(r["mentor_pk"], ""),
            "hours": round((r["minutes"] or 0) / 60, 2),
            "sessions": r["sessions"],
        }
        for r in rows
    ]


def hours_by_round(center: Center) -> list[dict]:
    """Per cohort: the round the mentorships came from (rematches and manual ones: none)."""
    rows = (
        _held(center)
        .values(round_pk=F("mentorship__round_id"))
        .annotate(minutes=Sum("minutes"), sessions=Count("id"))
        .order_by("round_pk")
    )
    from markaz.mentoring.models import MatchRound

    names = {r.pk: r.name for r in MatchRound.objects.filter(center=center)}
    return [
        {
            "round_id": r["round_pk"],
            "round": names.get(r["round_pk"], ""),
            "hours": round((r["minutes"] or 0) / 60, 2),
            "sessions": r["sessions"],
        }
        for r in rows
    ]


def hours_by_program(center: Center) -> list[dict]:
    """Per program: through the round each mentorship came from."""
    rows = (
        _held(center)
        .values(program_pk=F("mentorship__round__program_id"))
        .annotate(minutes=Sum("minutes"), sessions=Count("id"))
        .order_by("program_pk")
    )
    from markaz.programs.models import Program

    names = {p.pk: p.title for p in Program.objects.filter(center=center)}
    return [
        {
            "program_id": r["program_pk"],
            "program": names.get(r["program_pk"], ""),
            "hours": round((r["minutes"] or 0) / 60, 2),
            "sessions": r["sessions"],
        }
        for r in rows
    ]


def satisfaction(center: Center) -> list[dict]:
    rows = (
        Feedback.objects.filter(session__mentorship__center=center)
        .values("side")
        .annotate(average=Avg("rating"), count=Count("id"))
        .order_by("side")
    )
    return [
        {"side": r["side"], "average": round(r["average"] or 0, 2), "count": r["count"]}
        for r in rows
    ]


def summary(center: Center) -> dict:
    hours = mentor_hours(center)
    return {
        "total_hours": round(sum(r["hours"] for r in hours), 2),
        "mentors": hours,
        "programs": hours_by_program(center),
        "rounds": hours_by_round(center),
        "satisfaction": satisfaction(center),
    }
