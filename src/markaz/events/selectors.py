"""Reads of events for a user. Members see their center's events; staff see registrations.

Missing and forbidden look the same (404). Public pages read `public_events` only.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.events.models import (
    ACTIVE_STATUSES,
    CalendarFeed,
    Event,
    Feedback,
    Question,
    Registration,
    RegistrationStatus,
    Visibility,
)
from markaz.events.permissions import can_manage_events


def with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    ).order_by(*(qs.query.order_by or Event._meta.ordering))


def events_for(scope: AccessScope, center: Center) -> QuerySet[Event]:
    qs = Event.objects.filter(center=center)
    if not scope.has_role(center):
        return qs.none()
    return qs


def upcoming(qs: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    return qs.filter(ends_at__gt=now or timezone.now())


def past(qs: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    return qs.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-id")


def get_event_for(scope: AccessScope, center: Center, pk: int) -> Event:
    return get_visible(events_for(scope, center).prefetch_related("co_hosts"), pk=pk)


def get_visible_counted(scope: AccessScope, center: Center, pk: int) -> Event:
    qs = with_counts(events_for(scope, center)).prefetch_related("co_hosts", "questions")
    return get_visible(qs, pk=pk)


def get_managed_event(scope: AccessScope, center: Center, pk: int) -> Event:
    """An event the user may manage; others (even members who can see it) get 404."""
    if not can_manage_events(scope, center):
        raise Http404("Not found.")
    return get_event_for(scope, center, pk)


def questions_of(event: Event) -> QuerySet[Question]:
    return Question.objects.filter(event=event)


def get_question_for(scope: AccessScope, event: Event, pk: int) -> Question:
    if not can_manage_events(scope, event.center_id):
        raise Http404("Not found.")
    return get_visible(questions_of(event), pk=pk)


def get_managed_question(scope: AccessScope, center: Center, pk: int) -> Question:
    if not can_manage_events(scope, center):
        raise Http404("Not found.")
    return get_visible(Question.objects.filter(event__center=center).select_related("event"), pk=pk)


def registrations_of(scope: AccessScope, event: Event) -> QuerySet[Registration]:
    """Every registration of an event, for the center's staff only."""
    if not can_manage_events(scope, event.center_id):
        return Registration.objects.none()
    return Registration.objects.filter(event=event).select_related("user", "person")


def feedback_of(scope: AccessScope, event: Event) -> QuerySet[Feedback]:
    if not can_manage_events(scope, event.center_id):
        return Feedback.objects.none()
    return Feedback.objects.filter(registration__event=event).order_by("-created_at", "-id")


def my_registrations(scope: AccessScope, center: Center | None = None) -> QuerySet[Registration]:
    if scope.user_id is None:
        return Registration.objects.none()
    qs = Registration.objects.filter(user_id=scope.user_id).select_related("event", "event__center")
    if center is not None:
        qs = qs.filter(event__center=center)
    return qs.order_by("-event__starts_at", "-id")


def my_registration_for(scope: AccessScope, event: Event) -> Registration | None:
    """The user's active registration for the event, else their latest one (or None)."""
    mine = my_registrations(scope).filter(event=event)
    return mine.filter(status__in=ACTIVE_STATUSES).first() or mine.order_by("-id").first()


def get_registration_for(scope: AccessScope, center: Center, pk: int) -> Registration:
    """Staff: any registration of the center; others: their own."""
    qs = Registration.objects.filter(event__center=center).select_related("event", "user")
    if not can_manage_events(scope, center):
        if not scope.has_role(center):
            raise Http404("Not found.")
        qs = qs.filter(user_id=scope.user_id)
    return get_visible(qs, pk=pk)


def get_my_registration(scope: AccessScope, pk: int) -> Registration:
    return get_visible(my_registrations(scope), pk=pk)


def public_center(slug: str) -> Center:
    return get_visible(Center.objects.all(), slug=slug)


def public_events(center: Center) -> QuerySet[Event]:
    return Event.objects.filter(center=center, visibility=Visibility.PUBLIC, is_cancelled=False)


def get_public_event(center: Center, pk: int) -> Event:
    return get_visible(public_events(center).prefetch_related("co_hosts"), pk=pk)


def feed_of_secret_digest(digest: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(digest=digest).first()


def feed_of_user(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_registrations(user) -> QuerySet[Registration]:
    """What goes in a person's calendar: their active registrations (a cancelled event stays,
    marked CANCELLED, so subscribed calendars drop it)."""
    return Registration.objects.filter(user=user, status__in=ACTIVE_STATUSES).select_related(
        "event", "event__center"
    )


def events_for_graph(center: Center | None = None) -> QuerySet[Registration]:
    """For the stakeholder graph: confirmed registrations with person and attendance."""
    qs = Registration.objects.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "event", "person"
    )
    if center is not None:
        qs = qs.filter(event__center=center)
    return qs
