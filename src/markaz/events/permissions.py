"""Named predicates for events: staff run them, members of the center see and register."""

from __future__ import annotations

from django.utils import timezone

from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.events.models import Event, Registration, RegistrationStatus, Visibility


def can_manage_events(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def can_see_event(scope: AccessScope, event: Event) -> bool:
    """Members of the center see all its events; anyone sees a public one."""
    return scope.has_role(event.center_id) or (
        event.visibility == Visibility.PUBLIC and scope.token_center_id is None
    )


def registration_is_open(event: Event, now=None) -> bool:
    now = now or timezone.now()
    return event.registration_open and not event.is_cancelled and event.ends_at > now


def can_register(scope: AccessScope, event: Event) -> bool:
    return scope.is_authenticated and can_see_event(scope, event) and registration_is_open(event)


def owns(scope: AccessScope, registration: Registration) -> bool:
    return scope.user_id is not None and registration.user_id == scope.user_id


def can_cancel(scope: AccessScope, registration: Registration) -> bool:
    if not registration.is_active or registration.checked_in_at is not None:
        return False
    return owns(scope, registration) or can_manage_events(scope, registration.event.center_id)


def can_see_online_link(scope: AccessScope, event: Event, registration=None) -> bool:
    """Confirmed registrants (and the center's staff) only."""
    if can_manage_events(scope, event.center_id):
        return True
    return (
        registration is not None
        and owns(scope, registration)
        and registration.event_id == event.pk
        and registration.status == RegistrationStatus.CONFIRMED
    )


def can_give_feedback(scope: AccessScope, registration: Registration, now=None) -> bool:
    now = now or timezone.now()
    return (
        owns(scope, registration)
        and registration.checked_in_at is not None
        and registration.event.starts_at <= now
        and not has_feedback(registration)
    )


def has_feedback(registration: Registration) -> bool:
    from markaz.events.models import Feedback

    try:
        return registration.feedback is not None
    except Feedback.DoesNotExist:
        return False
