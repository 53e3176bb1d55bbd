"""Reads of resources for a user. Every member sees the catalog; bookings and service requests
are seen by staff, the venture's team, whoever made them and (requests) the partner asked.

Missing and forbidden look the same (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.resources.models import ACTIVE_BOOKING, Booking, BookingStatus, Resource, ServiceRequest
from markaz.resources.permissions import can_manage_resources, partner_organization_ids
from markaz.ventures.models import TeamMember, Venture


def resources_for(scope: AccessScope, center: Center) -> QuerySet[Resource]:
    if not scope.has_role(center):
        return Resource.objects.none()
    qs = Resource.objects.filter(center=center).select_related("owner")
    if can_manage_resources(scope, center):
        return qs
    return qs.filter(is_active=True)


def _team_ventures(scope: AccessScope):
    return TeamMember.objects.filter(person_id=scope.person_id).values("venture_id")


def ventures_to_act_for(scope: AccessScope, center: Center) -> QuerySet[Venture]:
    """Ventures the user may book or request for: all for staff, those they manage otherwise."""
    qs = Venture.objects.filter(center=center)
    if can_manage_resources(scope, center):
        return qs
    if scope.person_id is None or not scope.has_role(center):
        return qs.none()
    managed = TeamMember.objects.filter(person_id=scope.person_id, can_manage=True)
    return qs.filter(pk__in=managed.values("venture_id"))


def bookings_for(scope: AccessScope, center: Center) -> QuerySet[Booking]:
    qs = Booking.objects.filter(center=center).select_related("resource", "venture", "booked_by")
    if can_manage_resources(scope, center):
        return qs
    if not scope.has_role(center) or scope.user_id is None:
        return qs.none()
    visible = Q(booked_by_id=scope.user_id)
    if scope.person_id is not None:
        visible |= Q(venture__in=_team_ventures(scope))
    return qs.filter(visible)


def service_requests_for(scope: AccessScope, center: Center) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.filter(center=center).select_related(
        "resource", "provider", "venture", "requested_by"
    )
    if can_manage_resources(scope, center):
        return qs
    if not scope.has_role(center) or scope.user_id is None:
        return qs.none()
    visible = Q(requested_by_id=scope.user_id) | Q(
        provider_id__in=partner_organization_ids(scope, center)
    )
    if scope.person_id is not None:
        visible |= Q(venture__in=_team_ventures(scope))
    return qs.filter(visible)


def get_resource_for(scope: AccessScope, center: Center, pk: int) -> Resource:
    return get_visible(resources_for(scope, center), pk=pk)


def get_booking_for(scope: AccessScope, center: Center, pk: int) -> Booking:
    return get_visible(bookings_for(scope, center), pk=pk)


def get_service_request_for(scope: AccessScope, center: Center, pk: int) -> ServiceRequest:
    return get_visible(service_requests_for(scope, center), pk=pk)


def get_venture_to_act_for(scope: AccessScope, center: Center, pk) -> Venture | None:
    return ventures_to_act_for(scope, center).filter(pk=pk).first()


def busy_intervals(resource: Resource, start, end) -> list[tuple]:
    """(start, end, units) of the active bookings of `resource` overlapping [start, end)."""
    return list(
        Booking.objects.filter(
            resource=resource,
            status__in=ACTIVE_BOOKING,
            starts_at__lt=end,
            ends_at__gt=start,
        ).values_list("starts_at", "ends_at", "units")
    )


def pending_bookings(scope: AccessScope, center: Center) -> QuerySet[Booking]:
    if not can_manage_resources(scope, center):
        return Booking.objects.none()
    return bookings_for(scope, center).filter(status=BookingStatus.PENDING)
