"""Writes for events: one transaction, one permission check and one audit entry each.

Places: a registration takes a place when confirmed. Every write that may take or free a place
locks the event row first (`select_for_update`), so two concurrent registrations cannot both
take the last place on PostgreSQL; SQLite serializes writers. A freed place goes to the
oldest waitlisted registration (FIFO) in the same transaction. Mail leaves after the commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.calendar_feeds import new_feed_secret
from markaz.core.models import Center
from markaz.core.notify import Attachment, send_email
from markaz.core.writes import save_audited
from markaz.events import ics
from markaz.events import permissions as perms
from markaz.events.models import (
    CalendarFeed,
    Event,
    Feedback,
    Question,
    Registration,
    RegistrationStatus,
)
from markaz.events.questions import clean_answers

S = RegistrationStatus
EVENT_FIELDS = [
    "kind", "title_en", "title_ar", "description_en", "description_ar", "mode", "venue",
    "room", "online_url", "visibility", "starts_at", "ends_at", "timezone", "capacity",
    "requires_approval", "registration_open", "is_cancelled",
]  # fmt: skip
QUESTION_FIELDS = ["position", "kind", "label_en", "label_ar", "required", "choices"]
ANSWER_ERRORS = {
    "required": lambda: _("This question needs an answer."),
    "text": lambda: _("Answer with text."),
    "too_long": lambda: _("This answer is too long."),
    "choice": lambda: _("Choose one of the offered answers."),
    "yes_no": lambda: _("Answer yes or no."),
    "unknown": lambda: _("Answer only this event's questions."),
}


def _actor(scope: AccessScope):
    return scope.user if scope.is_authenticated else None


def _require_staff(scope: AccessScope, center) -> None:
    if not perms.can_manage_events(scope, center):
        raise PermissionDenied


def localize(value: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time in the event's zone → an aware datetime; aware values stay."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, ZoneInfo(zone_name or "UTC"))


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=S.CONFIRMED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or confirmed_count(event) < event.capacity


# -- mail ------------------------------------------------------------------------------------


def _invite(registration: Registration) -> tuple[Attachment, ...]:
    content = ics.event_ics(registration.event, include_link=True, registration=registration)
    return (Attachment("event.ics", content, "text/calendar; method=PUBLISH"),)


def _mail(registration: Registration, template: str, *, invite: bool = False) -> None:
    event = registration.event
    send_email(
        to=registration.user,
        template=f"events/email/{template}",
        context={
            "event": event,
            "registration": registration,
            "show_link": registration.status == S.CONFIRMED,
        },
        attachments=_invite(registration) if invite else (),
    )


def _mail_for_status(registration: Registration) -> None:
    if registration.status == S.CONFIRMED:
        _mail(registration, "confirmed", invite=True)
    elif registration.status == S.WAITLISTED:
        _mail(registration, "waitlisted")
    elif registration.status == S.PENDING:
        _mail(registration, "pending")


# -- events ----------------------------------------------------------------------------------


def _check_co_hosts(center: Center, co_hosts) -> None:
    if co_hosts and any(org.center_id != center.pk for org in co_hosts):
        raise ValidationError({"co_hosts": _("Choose organizations of this center.")})


def _localize_data(data: dict, zone_name: str) -> dict:
    data = dict(data)
    for name in ("starts_at", "ends_at"):
        if data.get(name) is not None:
            data[name] = localize(data[name], zone_name)
    return data


@transaction.atomic
def create_event(*, scope: AccessScope, center: Center, data: dict, co_hosts=None) -> Event:
    _require_staff(scope, center)
    _check_co_hosts(center, co_hosts)
    data = {"timezone": center.timezone or "UTC", **{k: v for k, v in data.items() if v != ""}}
    data = _localize_data(data, data.get("timezone") or "UTC")
    return save_audited(
        Event(center=center, created_by=_actor(scope)),
        data=data,
        fields=EVENT_FIELDS,
        action="events.event.created",
        scope=scope,
        center=center,
        m2m={"co_hosts": co_hosts},
    )


@transaction.atomic
def update_event(*, scope: AccessScope, event: Event, data: dict, co_hosts=None) -> Event:
    _require_staff(scope, event.center_id)
    _check_co_hosts(event.center, co_hosts)
    event = _locked(event)
    was_cancelled = event.is_cancelled
    data = _localize_data(data, data.get("timezone") or event.timezone)
    event = save_audited(
        event,
        data=data,
        fields=EVENT_FIELDS,
        action="events.event.updated",
        scope=scope,
        center=event.center,
        m2m={"co_hosts": co_hosts},
    )
    if event.is_cancelled and not was_cancelled:
        for registration in Registration.objects.filter(
            event=event, status__in=[S.PENDING, S.CONFIRMED, S.WAITLISTED]
        ).select_related("user"):
            registration.event = event
            _mail(registration, "event_cancelled")
    elif not event.is_cancelled:
        _promote(event, scope)  # a larger capacity frees places
    return event


@transaction.atomic
def add_question(*, scope: AccessScope, event: Event, data: dict) -> Question:
    _require_staff(scope, event.center_id)
    data = dict(data)
    if isinstance(data.get("choices"), str):
        data["choices"] = [c.strip() for c in data["choices"].splitlines() if c.strip()]
    if data.get("kind") != "choice":
        data["choices"] = []
    if Registration.objects.filter(event=event).exists() and data.get("required"):
        raise ValidationError(
            {"required": _("People have registered already: a new question cannot be required.")}
        )
    return save_audited(
        Question(event=event),
        data=data,
        fields=QUESTION_FIELDS,
        action="events.question.created",
        scope=scope,
        center=event.center,
    )


@transaction.atomic
def delete_question(*, scope: AccessScope, question: Question) -> None:
    event = question.event
    _require_staff(scope, event.center_id)
    audit.record(
        action="events.question.deleted",
        actor=_actor(scope),
        center=event.center,
        obj=question,
        changes=audit.diff(audit.snapshot(question), {}),
    )
    question.delete()


# -- registrations ---------------------------------------------------------------------------


def _answer_errors(errors: dict) -> ValidationError:
    return ValidationError({key: ANSWER_ERRORS[code]() for key, code in errors.items()})


def _person_of(user):
    from markaz.stakeholders.models import Person

    return Person.objects.filter(user=user).first()


def _record(scope, action: str, registration: Registration, changes=None) -> None:
    audit.record(
        action=action,
        actor=_actor(scope),
        center=registration.event.center,
        obj=registration,
        changes=changes or {},
    )


def _set_status(registration: Registration, status: str, now: datetime, **extra) -> dict:
    before = registration.status
    registration.status = status
    if status == S.CONFIRMED:
        registration.confirmed_at = now
    if status == S.WAITLISTED:
        registration.waitlisted_at = now
    for name, value in extra.items():
        setattr(registration, name, value)
    registration.save()
    return {"status": [before, status]}


@transaction.atomic
def register(*, scope: AccessScope, event: Event, answers: dict | None = None) -> Registration:
    """Register the signed-in user: confirmed, waitlisted when full, pending if approval."""
    if not scope.is_authenticated or not perms.can_see_event(scope, event):
        raise PermissionDenied
    event = _locked(event)
    if not perms.registration_is_open(event):
        raise ValidationError(_("Registration for this event is closed."))
    if Registration.objects.filter(
        event=event, user_id=scope.user_id, status__in=[S.PENDING, S.CONFIRMED, S.WAITLISTED]
    ).exists():
        raise ValidationError(_("You are already registered for this event."))
    cleaned, errors = clean_answers(Question.objects.filter(event=event), answers or {})
    if errors:
        raise _answer_errors(errors)
    now = timezone.now()
    if event.requires_approval:
        status = S.PENDING
    elif _has_place(event):
        status = S.CONFIRMED
    else:
        status = S.WAITLISTED
    registration = Registration(
        event=event,
        user=scope.user,
        person=_person_of(scope.user),
        status=status,
        answers=cleaned,
        confirmed_at=now if status == S.CONFIRMED else None,
        waitlisted_at=now if status == S.WAITLISTED else None,
    )
    registration.full_clean(exclude=["user", "event", "person"])
    registration.save()
    _record(scope, "events.registration.created", registration, {"status": [None, status]})
    _mail_for_status(registration)
    return registration


def _promote(event: Event, scope: AccessScope | None) -> list[Registration]:
    """Fill free places from the waitlist, oldest first. The caller holds the event's lock."""
    promoted = []
    now = timezone.now()
    while _has_place(event):
        nxt = (
            Registration.objects.select_for_update()
            .filter(event=event, status=S.WAITLISTED)
            .order_by("waitlisted_at", "id")
            .first()
        )
        if nxt is None:
            break
        changes = _set_status(nxt, S.CONFIRMED, now)
        nxt.event = event
        audit.record(
            action="events.registration.promoted",
            actor=_actor(scope) if scope else None,
            center=event.center,
            obj=nxt,
            changes=changes,
        )
        _mail(nxt, "promoted", invite=True)
        promoted.append(nxt)
    return promoted


@transaction.atomic
def cancel_registration(*, scope: AccessScope, registration: Registration) -> Registration:
    """By the attendee or staff; a freed place goes to the waitlist in this transaction."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if not (perms.owns(scope, registration) or perms.can_manage_events(scope, event.center_id)):
        raise PermissionDenied
    if not perms.can_cancel(scope, registration):
        raise ValidationError(_("This registration can no longer be cancelled."))
    changes = _set_status(
        registration,
        S.CANCELLED,
        timezone.now(),
        cancelled_at=timezone.now(),
        cancelled_by=_actor(scope),
    )
    _record(scope, "events.registration.cancelled", registration, changes)
    if not perms.owns(scope, registration):
        _mail(registration, "cancelled")
    _promote(event, scope)
    return registration


@transaction.atomic
def decide_registration(
    *, scope: AccessScope, registration: Registration, approve: bool
) -> Registration:
    """Staff approve (confirmed, or waitlisted when full) or decline a pending registration."""
    event = _locked(registration.event)
    _require_staff(scope, event.center_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status != S.PENDING:
        raise ValidationError(_("Only registrations awaiting approval can be decided."))
    now = timezone.now()
    status = (S.CONFIRMED if _has_place(event) else S.WAITLISTED) if approve else S.DECLINED
    changes = _set_status(registration, status, now, decided_by=_actor(scope))
    action = "events.registration.approved" if approve else "events.registration.declined"
    _record(scope, action, registration, changes)
    if status == S.CONFIRMED:
        _mail(registration, "approved", invite=True)
    elif status == S.WAITLISTED:
        _mail(registration, "waitlisted")
    else:
        _mail(registration, "declined")
    return registration


@transaction.atomic
def check_in(*, scope: AccessScope, event: Event, code: str) -> tuple[Registration, bool]:
    """Check a ticket in at this event's door: (registration, whether it was already in).

    A code of another event (or another center) is refused with the same message as an
    unknown one, so the door learns nothing about other events.
    """
    _require_staff(scope, event.center_id)
    code = (code or "").strip()
    registration = (
        Registration.objects.select_for_update().filter(ticket_code=code, event_id=event.pk).first()
        if code
        else None
    )
    if registration is None:
        raise ValidationError({"code": _("This code is not a ticket for this event.")})
    if registration.status != S.CONFIRMED:
        raise ValidationError(
            {
                "code": _("This ticket is not confirmed (%(status)s).")
                % {"status": registration.get_status_display()}
            }
        )
    if registration.checked_in_at is not None:
        return registration, True
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = _actor(scope)
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    _record(
        scope,
        "events.registration.checked_in",
        registration,
        {"checked_in_at": [None, registration.checked_in_at.isoformat()]},
    )
    return registration, False


@transaction.atomic
def record_walk_in(*, scope: AccessScope, event: Event, person) -> Registration:
    """Staff record someone who came without registering (a person of the center, with or
    without a login): a confirmed, checked-in registration. They are in the room, so the
    capacity does not turn them away. Someone already confirmed is simply checked in."""
    _require_staff(scope, event.center_id)
    if person is None or person.center_id != event.center_id:
        raise ValidationError({"person": _("Choose a person of this center.")})
    event = _locked(event)
    now = timezone.now()
    active = Registration.objects.select_for_update().filter(
        event=event, status__in=[S.PENDING, S.CONFIRMED, S.WAITLISTED]
    )
    match = _person_match(person)
    existing = active.filter(match).first()
    if existing is not None and existing.status != S.CONFIRMED:
        raise ValidationError(
            {"person": _("This person is registered but not confirmed: decide that first.")}
        )
    if existing is not None:
        registration = existing
        if registration.checked_in_at is not None:
            return registration
        registration.checked_in_at, registration.checked_in_by = now, _actor(scope)
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        action = "events.registration.checked_in"
    else:
        registration = Registration.objects.create(
            event=event,
            person=person,
            user_id=person.user_id,
            status=S.CONFIRMED,
            confirmed_at=now,
            checked_in_at=now,
            checked_in_by=_actor(scope),
        )
        action = "events.registration.walk_in"
    _record(scope, action, registration, {"checked_in_at": [None, now.isoformat()]})
    return registration


def _person_match(person):
    from django.db.models import Q

    match = Q(person=person)
    if person.user_id is not None:
        match |= Q(user_id=person.user_id)
    return match


@transaction.atomic
def submit_feedback(
    *, scope: AccessScope, registration: Registration, rating: int, comment: str = ""
) -> Feedback:
    if not perms.owns(scope, registration):
        raise PermissionDenied
    if Feedback.objects.filter(registration_id=registration.pk).exists():
        raise ValidationError(_("You have already given feedback on this event."))
    if not perms.can_give_feedback(scope, registration):
        raise ValidationError(_("Feedback is open to attendees once the event has started."))
    feedback = Feedback(
        registration_id=registration.pk, rating=rating, comment=(comment or "").strip()
    )
    feedback.full_clean(exclude=["registration"])
    feedback.save()
    audit.record(
        action="events.feedback.created",
        actor=_actor(scope),
        center=registration.event.center,
        obj=feedback,
        changes={"rating": [None, rating]},
    )
    return feedback


# -- scheduled mail --------------------------------------------------------------------------


def send_reminders(*, hours: int = 24, now: datetime | None = None) -> int:
    """Remind confirmed registrants of events starting within `hours`; never twice."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=S.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__is_cancelled=False,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(hours=hours),
    ).select_related("event", "event__center", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _mail(registration, "reminder", invite=True)
                sent += 1
    return sent


def send_feedback_requests(*, days: int = 7, now: datetime | None = None) -> int:
    """Ask attendees of events that ended in the last `days` for feedback; never twice."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=S.CONFIRMED,
        checked_in_at__isnull=False,
        feedback_requested_at__isnull=True,
        feedback__isnull=True,
        event__ends_at__lte=now,
        event__ends_at__gt=now - timedelta(days=days),
    ).select_related("event", "event__center", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, feedback_requested_at__isnull=True
            ).update(feedback_requested_at=now)
            if claimed:
                _mail(registration, "feedback")
                sent += 1
    return sent


# -- calendar feed ---------------------------------------------------------------------------


@transaction.atomic
def rotate_calendar_feed(*, scope: AccessScope) -> str:
    """Create the user's feed or give it a new secret (the old URL stops working).

    Returns the secret: only its digest is stored, so it is shown once.
    """
    if not scope.is_authenticated:
        raise PermissionDenied
    secret, digest = new_feed_secret()
    feed = CalendarFeed.objects.select_for_update().filter(user_id=scope.user_id).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=scope.user, digest=digest)
        action = "events.calendar_feed.created"
    else:
        feed.digest = digest
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["digest", "rotated_at"])
        action = "events.calendar_feed.rotated"
    audit.record(action=action, actor=_actor(scope), obj=feed)
    return secret
