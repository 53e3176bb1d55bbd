"""Named predicates for resources: staff run the catalog; teams book and request for their
ventures; partners act on the service requests addressed to their organization."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from markaz.core.access import AccessScope
from markaz.core.models import Center, Role
from markaz.resources.models import (
    ACTIVE_BOOKING,
    Booking,
    BookingStatus,
    RequestStatus,
    ServiceRequest,
)
from markaz.stakeholders.models import Affiliation
from markaz.ventures.permissions import is_on_team


def can_manage_resources(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def partner_organization_ids(scope: AccessScope, center: Center | int) -> list[int]:
    """Organizations the user speaks for as a partner: their person's current affiliations."""
    if scope.person_id is None or not scope.has_role(center, Role.PARTNER):
        return []
    center_id = center if isinstance(center, int) else center.pk
    today = timezone.localdate()
    return list(
        Affiliation.objects.filter(person_id=scope.person_id, organization__center_id=center_id)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("organization_id", flat=True)
    )


def can_act_for_venture(scope: AccessScope, venture) -> bool:
    """Book or request on the venture's behalf: staff, or a member who manages it."""
    return scope.is_staff_of(venture.center_id) or is_on_team(scope, venture, managing=True)


def can_decide_booking(scope: AccessScope, booking: Booking) -> bool:
    return booking.status == BookingStatus.PENDING and can_manage_resources(
        scope, booking.center_id
    )


def can_cancel_booking(scope: AccessScope, booking: Booking) -> bool:
    if booking.status not in ACTIVE_BOOKING or booking.ends_at <= timezone.now():
        return False
    if can_manage_resources(scope, booking.center_id):
        return True
    if scope.user_id is not None and booking.booked_by_id == scope.user_id:
        return True
    return is_on_team(scope, booking.venture, managing=True)


def speaks_for_provider(scope: AccessScope, request: ServiceRequest) -> bool:
    return request.provider_id in partner_organization_ids(scope, request.center_id)


def is_provider_side(scope: AccessScope, request: ServiceRequest) -> bool:
    return can_manage_resources(scope, request.center_id) or speaks_for_provider(scope, request)


def can_respond(scope: AccessScope, request: ServiceRequest) -> bool:
    return request.status == RequestStatus.REQUESTED and is_provider_side(scope, request)


def can_deliver(scope: AccessScope, request: ServiceRequest) -> bool:
    return request.status == RequestStatus.ACCEPTED and is_provider_side(scope, request)


def can_log_hours(scope: AccessScope, request: ServiceRequest) -> bool:
    return request.status in (
        RequestStatus.ACCEPTED,
        RequestStatus.DELIVERED,
    ) and is_provider_side(scope, request)


def can_withdraw(scope: AccessScope, request: ServiceRequest) -> bool:
    if request.status not in (RequestStatus.REQUESTED, RequestStatus.ACCEPTED):
        return False
    if scope.user_id is not None and request.requested_by_id == scope.user_id:
        return True
    return can_act_for_venture(scope, request.venture)
