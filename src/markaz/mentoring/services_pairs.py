"""Writes of a mentorship's life: sessions (inside both availabilities), notes, feedback,
goals and ending it. One transaction, one permission check and one audit entry each."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.writes import save_audited
from markaz.mentoring import availability, emails
from markaz.mentoring import permissions as perms
from markaz.mentoring.models import (
    Feedback,
    Goal,
    Mentorship,
    MentorshipStatus,
    Session,
    SessionNote,
    SessionStatus,
)

SESSION_FIELDS = ["starts_at", "minutes", "format", "location", "agenda"]


def _needs_of(mentorship: Mentorship):
    return getattr(mentorship.venture, "mentee_needs", None)


def check_slot(mentorship: Mentorship, starts_at: dt.datetime, minutes: int) -> None:
    """Refuse a session outside the overlap of the mentor's and the venture's availability."""
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the time with its time zone.")})
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    mentor = mentorship.mentor
    if mentor.availability and not availability.covers(
        mentor.availability, mentor.timezone, starts_at, ends_at
    ):
        raise ValidationError({"starts_at": _("The mentor is not available at that time.")})
    needs = _needs_of(mentorship)
    if (
        needs is not None
        and needs.availability
        and not availability.covers(needs.availability, needs.timezone, starts_at, ends_at)
    ):
        raise ValidationError({"starts_at": _("The venture's team is not available at that time.")})


def suggested_slots(mentorship: Mentorship, *, days: int = 14, minutes: int = 60) -> list:
    """Spans of the coming days when both sides are available (UTC)."""
    mentor, needs = mentorship.mentor, _needs_of(mentorship)
    if not mentor.availability or needs is None or not needs.availability:
        return []
    start = timezone.now().replace(second=0, microsecond=0)
    return availability.common_spans(
        (mentor.availability, mentor.timezone),
        (needs.availability, needs.timezone),
        start,
        start + dt.timedelta(days=days),
        minutes=minutes,
    )


@transaction.atomic
def schedule_session(*, scope: AccessScope, mentorship: Mentorship, data: dict) -> Session:
    if not perms.can_schedule(scope, mentorship):
        raise PermissionDenied
    starts_at, minutes = data.get("starts_at"), int(data.get("minutes") or 60)
    if starts_at is None:
        raise ValidationError({"starts_at": _("Choose a time.")})
    check_slot(mentorship, starts_at, minutes)
    session = save_audited(
        Session(mentorship=mentorship),
        data={**data, "minutes": minutes},
        fields=SESSION_FIELDS,
        action="mentoring.session.scheduled",
        scope=scope,
        center=mentorship.center,
    )
    emails.session_scheduled(session)
    return session


@transaction.atomic
def set_session_status(*, scope: AccessScope, session: Session, status: str) -> Session:
    if not perms.can_see_mentorship(scope, session.mentorship):
        raise PermissionDenied
    if status not in SessionStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    session.sequence += 1
    return save_audited(
        session,
        data={"status": status, "sequence": session.sequence},
        fields=["status", "sequence"],
        action="mentoring.session.updated",
        scope=scope,
        center=session.mentorship.center,
    )


@transaction.atomic
def add_session_note(*, scope: AccessScope, session: Session, text: str) -> SessionNote:
    if not perms.can_see_mentorship(scope, session.mentorship):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("Write a note.")})
    note = SessionNote.objects.create(session=session, author=scope.user, text=text.strip())
    audit.record(
        action="mentoring.note.added",
        actor=scope.user,
        center=session.mentorship.center,
        obj=note,
    )
    return note


@transaction.atomic
def give_feedback(
    *, scope: AccessScope, session: Session, rating: int, comment: str = ""
) -> Feedback:
    """Either side rates a session once (1–5); staff do not rate."""
    side = perms.side_of(scope, session.mentorship)
    if side is None:
        raise PermissionDenied
    if Feedback.objects.filter(session=session, author_id=scope.user_id).exists():
        raise ValidationError({"rating": _("You already gave feedback on this session.")})
    return save_audited(
        Feedback(session=session, author=scope.user, side=side),
        data={"rating": rating, "comment": comment or ""},
        fields=["rating", "comment"],
        action="mentoring.feedback.given",
        scope=scope,
        center=session.mentorship.center,
    )


@transaction.atomic
def add_goal(*, scope: AccessScope, mentorship: Mentorship, data: dict) -> Goal:
    if not perms.can_see_mentorship(scope, mentorship):
        raise PermissionDenied
    return save_audited(
        Goal(mentorship=mentorship),
        data=data,
        fields=["title", "progress", "note"],
        action="mentoring.goal.added",
        scope=scope,
        center=mentorship.center,
    )


@transaction.atomic
def update_goal(*, scope: AccessScope, goal: Goal, data: dict) -> Goal:
    if not perms.can_see_mentorship(scope, goal.mentorship):
        raise PermissionDenied
    return save_audited(
        goal,
        data=data,
        fields=["title", "progress", "note"],
        action="mentoring.goal.updated",
        scope=scope,
        center=goal.mentorship.center,
    )


@transaction.atomic
def end_mentorship(*, scope: AccessScope, mentorship: Mentorship, reason: str = "") -> Mentorship:
    """Either side or staff end it; the venture can then be matched again in a new round."""
    if not perms.can_end(scope, mentorship):
        raise PermissionDenied
    fields = ["status", "ended_on", "end_reason"]
    before = audit.snapshot(mentorship, fields)
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = timezone.localdate()
    mentorship.end_reason = (reason or "").strip()
    mentorship.save(update_fields=fields)
    audit.record(
        action="mentoring.mentorship.ended",
        actor=scope.user,
        center=mentorship.center,
        obj=mentorship,
        changes=audit.diff(before, audit.snapshot(mentorship, fields)),
    )
    return mentorship
