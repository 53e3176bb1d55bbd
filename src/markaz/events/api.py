"""API of events: events, questions, registrations with the waitlist, check-in, feedback,
reports and the personal calendar feed (same rules and services as the pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems
from markaz.events import permissions as perms
from markaz.events import reports, selectors, services
from markaz.events.models import RegistrationStatus
from markaz.events.schemas import (
    AttendanceReportOut,
    CalendarFeedOut,
    CheckInIn,
    CheckInOut,
    EventDetailOut,
    EventFeedbackIn,
    EventFeedbackOut,
    EventFilters,
    EventIn,
    EventOut,
    EventPage,
    EventPatch,
    QuestionIn,
    QuestionOut,
    RegistrationDecisionIn,
    RegistrationFilters,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
    WalkInIn,
)
from markaz.stakeholders.api import organization_in_center
from markaz.stakeholders.selectors import get_person_for

router = Router()
PUBLIC = None


def _with_link(scope, events):
    """Set `visible_online_url` on each event the caller may join online."""
    events = list(events)
    confirmed = set(
        selectors.my_registrations(scope)
        .filter(status=RegistrationStatus.CONFIRMED, event__in=[e.pk for e in events])
        .values_list("event_id", flat=True)
    )
    for event in events:
        staff = perms.can_manage_events(scope, event.center_id)
        event.visible_online_url = event.online_url if staff or event.pk in confirmed else None
    return events


def _event_out(scope, event):
    return _with_link(scope, [event])[0]


def _registration_out(scope, registration):
    mine = perms.owns(scope, registration) and registration.status == RegistrationStatus.CONFIRMED
    registration.visible_ticket_code = registration.ticket_code if mine else None
    return registration


def _co_hosts(scope, center, ids):
    if ids is None:
        return None
    return [organization_in_center(scope, center, pk, field="co_hosts") for pk in ids]


def _event_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "co_hosts" and v is not None}


@router.get(
    "/centers/{slug}/events",
    response={200: EventPage, **problems(401, 404, 422)},
    operation_id="list_events",
    summary="Events of a center (members), upcoming by default",
)
def list_events(request, slug: str, filters: Query[EventFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.with_counts(selectors.events_for(scope, center)).prefetch_related("co_hosts")
    if filters.when == "upcoming":
        qs = selectors.upcoming(qs)
    elif filters.when == "past":
        qs = selectors.past(qs)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    page = paginate(request, qs, filters)
    page["items"] = _with_link(scope, page["items"])
    return page


@router.post(
    "/centers/{slug}/events",
    response={201: EventDetailOut, **problems(401, 403, 404, 422)},
    operation_id="create_event",
    summary="Create an event (staff)",
)
def create_event(request, slug: str, payload: EventIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_events(scope, center))
    data = payload.model_dump()
    co_hosts = _co_hosts(scope, center, data.get("co_hosts"))
    event = services.create_event(
        scope=scope, center=center, data=_event_data(data), co_hosts=co_hosts
    )
    return Status(201, _event_out(scope, event))


@router.get(
    "/centers/{slug}/events/{event_id}",
    response={200: EventDetailOut, **problems(401, 404)},
    operation_id="get_event",
    summary="One event with its registration questions",
)
def get_event(request, slug: str, event_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_visible_counted(scope, center, event_id)
    return _event_out(scope, event)


@router.patch(
    "/centers/{slug}/events/{event_id}",
    response={200: EventDetailOut, **problems(401, 403, 404, 422)},
    operation_id="update_event",
    summary="Change an event (staff); a larger capacity promotes from the waitlist",
)
def update_event(request, slug: str, event_id: int, payload: EventPatch):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_event_for(scope, center, event_id)
    require(perms.can_manage_events(scope, center))
    data = payload.model_dump(exclude_unset=True)
    co_hosts = _co_hosts(scope, center, data.get("co_hosts"))
    data = {k: v for k, v in data.items() if k != "co_hosts"}
    event = services.update_event(scope=scope, event=event, data=data, co_hosts=co_hosts)
    return _event_out(scope, event)


@router.post(
    "/centers/{slug}/events/{event_id}/questions",
    response={201: QuestionOut, **problems(401, 403, 404, 422)},
    operation_id="add_event_question",
    summary="Add a registration question (staff): text, choice or yes/no",
)
def add_event_question(request, slug: str, event_id: int, payload: QuestionIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_event_for(scope, center, event_id)
    require(perms.can_manage_events(scope, center))
    question = services.add_question(scope=scope, event=event, data=payload.model_dump())
    return Status(201, question)


@router.delete(
    "/centers/{slug}/event-questions/{question_id}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="delete_event_question",
    summary="Remove a registration question (staff)",
)
def delete_event_question(request, slug: str, question_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    question = selectors.get_managed_question(scope, center, question_id)
    services.delete_question(scope=scope, question=question)
    return Status(204, None)


@router.post(
    "/centers/{slug}/events/{event_id}/registrations",
    response={201: RegistrationOut, **problems(401, 403, 404, 422)},
    operation_id="register_for_event",
    summary="Register yourself: confirmed, waitlisted when full, or pending approval",
)
def register_for_event(request, slug: str, event_id: int, payload: RegistrationIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_event_for(scope, center, event_id)
    registration = services.register(scope=scope, event=event, answers=payload.answers)
    return Status(201, _registration_out(scope, registration))


@router.get(
    "/centers/{slug}/events/{event_id}/registrations",
    response={200: RegistrationPage, **problems(401, 403, 404, 422)},
    operation_id="list_event_registrations",
    summary="Registrations of an event (staff)",
)
def list_event_registrations(
    request, slug: str, event_id: int, filters: Query[RegistrationFilters]
):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_event_for(scope, center, event_id)
    require(perms.can_manage_events(scope, center))
    qs = selectors.registrations_of(scope, event)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(request, qs, filters)


@router.get(
    "/centers/{slug}/event-registrations/mine",
    response={200: RegistrationPage, **problems(401, 404, 422)},
    operation_id="list_my_event_registrations",
    summary="Your own registrations for this center's events, with your ticket codes",
)
def list_my_event_registrations(request, slug: str, filters: Query[RegistrationFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.my_registrations(scope, center).select_related("user")
    if filters.status:
        qs = qs.filter(status=filters.status)
    page = paginate(request, qs, filters)
    page["items"] = [_registration_out(scope, r) for r in page["items"]]
    return page


@router.get(
    "/centers/{slug}/event-registrations/{registration_id}",
    response={200: RegistrationOut, **problems(401, 404)},
    operation_id="get_event_registration",
    summary="One registration: your own, or any of the center's for staff",
)
def get_event_registration(request, slug: str, registration_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    registration = selectors.get_registration_for(scope, center, registration_id)
    return _registration_out(scope, registration)


@router.post(
    "/centers/{slug}/event-registrations/{registration_id}/cancel",
    response={200: RegistrationOut, **problems(401, 403, 404, 422)},
    operation_id="cancel_event_registration",
    summary="Cancel a registration (its registrant or staff); the waitlist moves up",
)
def cancel_event_registration(request, slug: str, registration_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    registration = selectors.get_registration_for(scope, center, registration_id)
    registration = services.cancel_registration(scope=scope, registration=registration)
    return _registration_out(scope, registration)


@router.post(
    "/centers/{slug}/event-registrations/{registration_id}/decision",
    response={200: RegistrationOut, **problems(401, 403, 404, 422)},
    operation_id="decide_event_registration",
    summary="Approve or decline a registration awaiting approval (staff)",
)
def decide_event_registration(
    request, slug: str, registration_id: int, payload: RegistrationDecisionIn
):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    registration = selectors.get_registration_for(scope, center, registration_id)
    require(perms.can_manage_events(scope, center))
    registration = services.decide_registration(
        scope=scope, registration=registration, approve=payload.approve
    )
    return _registration_out(scope, registration)


@router.post(
    "/centers/{slug}/events/{event_id}/check-in",
    response={200: CheckInOut, **problems(401, 403, 404, 422)},
    operation_id="check_in_event_ticket",
    summary="Check a ticket code in at this event (staff); idempotent",
)
def check_in_event_ticket(request, slug: str, event_id: int, payload: CheckInIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_event_for(scope, center, event_id)
    require(perms.can_manage_events(scope, center))
    registration, already = services.check_in(scope=scope, event=event, code=payload.code)
    return {"registration": registration, "already_checked_in": already}


@router.post(
    "/centers/{slug}/events/{event_id}/walk-ins",
    response={201: RegistrationOut, **problems(401, 403, 404, 422)},
    operation_id="record_event_walk_in",
    summary="Record a person of the center who came without registering (staff)",
)
def record_event_walk_in(request, slug: str, event_id: int, payload: WalkInIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_event_for(scope, center, event_id)
    require(perms.can_manage_events(scope, center))
    try:
        person = get_person_for(scope, center, payload.person)
    except Http404:
        raise ValidationError({"person": _("Choose a person of this center.")}) from None
    registration = services.record_walk_in(scope=scope, event=event, person=person)
    return Status(201, _registration_out(scope, registration))


@router.post(
    "/centers/{slug}/event-registrations/{registration_id}/feedback",
    response={201: EventFeedbackOut, **problems(401, 403, 404, 422)},
    operation_id="submit_event_feedback",
    summary="Rate an event you attended (once)",
)
def submit_event_feedback(request, slug: str, registration_id: int, payload: EventFeedbackIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    registration = selectors.get_registration_for(scope, center, registration_id)
    require(perms.owns(scope, registration))
    feedback = services.submit_feedback(
        scope=scope, registration=registration, rating=payload.rating, comment=payload.comment
    )
    return Status(201, feedback)


@router.get(
    "/centers/{slug}/events/{event_id}/feedback",
    response={200: list[EventFeedbackOut], **problems(401, 403, 404)},
    operation_id="list_event_feedback",
    summary="Attendees' ratings and comments of an event (staff)",
)
def list_event_feedback(request, slug: str, event_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    event = selectors.get_event_for(scope, center, event_id)
    require(perms.can_manage_events(scope, center))
    return list(selectors.feedback_of(scope, event))


def _rows(rows) -> list[dict]:
    return [
        {
            "key": str(r.key),
            "label": str(r.label),
            "attended": r.attended,
            "no_show": r.no_show,
            "no_show_rate": r.rate,
        }
        for r in rows
    ]


@router.get(
    "/centers/{slug}/event-reports/attendance",
    response={200: AttendanceReportOut, **problems(401, 403, 404)},
    operation_id="get_event_attendance_report",
    summary="Attendance of past events by sector, organization, venture and event (staff)",
)
def get_event_attendance_report(request, slug: str):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_events(scope, center))
    data = reports.attendance_report(scope, center)
    return {
        "events": data.events,
        "attended": data.attended,
        "no_show": data.no_show,
        "no_show_rate": data.no_show_rate,
        "by_sector": _rows(data.by_sector),
        "by_organization": _rows(data.by_organization),
        "by_venture": _rows(data.by_venture),
        "by_event": _rows(data.by_event),
    }


@router.post(
    "/me/calendar-feed",
    response={201: CalendarFeedOut, **problems(401)},
    operation_id="rotate_my_calendar_feed",
    summary="Make (or replace) your personal calendar feed address; the old one stops working",
)
def rotate_my_calendar_feed(request):
    scope = scope_of(request)
    secret = services.rotate_calendar_feed(scope=scope)
    url = request.build_absolute_uri(reverse("events-calendar-feed", args=[secret]))
    return Status(201, {"url": url})


@router.get(
    "/public/events/{center_slug}",
    response={200: list[EventOut], **problems(404)},
    auth=PUBLIC,
    operation_id="list_public_events",
    summary="Upcoming public events of a center (no sign-in; never the online link)",
)
def list_public_events(request, center_slug: str):
    center = selectors.public_center(center_slug)
    return list(selectors.upcoming(selectors.public_events(center)).prefetch_related("co_hosts"))


@router.get(
    "/public/events/{center_slug}/{event_id}",
    response={200: EventOut, **problems(404)},
    auth=PUBLIC,
    operation_id="get_public_event",
    summary="One public event (no sign-in; never the online link)",
)
def get_public_event(request, center_slug: str, event_id: int):
    return selectors.get_public_event(selectors.public_center(center_slug), event_id)
