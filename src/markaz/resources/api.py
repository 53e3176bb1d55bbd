"""API of resources: the catalog, availability, bookings, service requests and the usage
report. Same selectors, services and rules as the pages."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems
from markaz.resources import permissions as perms
from markaz.resources import reports, selectors, services, weekgrid
from markaz.resources.schemas import (
    AvailabilityOut,
    AvailabilityParams,
    BookingDecisionIn,
    BookingFilters,
    BookingIn,
    BookingOut,
    BookingPage,
    DeliveryIn,
    HoursIn,
    HoursOut,
    ReportParams,
    ResourceEligibilityOut,
    ResourceFilters,
    ResourceIn,
    ResourceOut,
    ResourcePage,
    ResourcePatch,
    ResourcesReportOut,
    ServiceRequestDetailOut,
    ServiceRequestFilters,
    ServiceRequestIn,
    ServiceRequestPage,
    ServiceResponseIn,
)
from markaz.stakeholders.api import organization_in_center

router = Router(tags=["resources"])


def _venture(scope, center, pk: int):
    venture = selectors.get_venture_to_act_for(scope, center, pk)
    if venture is None:
        raise ValidationError({"venture": _("Choose a venture you act for in this center.")})
    return venture


# -- catalog ---------------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/resources",
    response={200: ResourcePage, **problems(401, 404, 422)},
    operation_id="list_resources",
    summary="The catalog: rooms, equipment, pro-bono services and toolkits (members)",
)
def list_resources(request, slug: str, filters: Query[ResourceFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.resources_for(scope, center)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.bookable is not None:
        qs = qs.filter(is_bookable=filters.bookable)
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/resources",
    response={201: ResourceOut, **problems(401, 403, 404, 422)},
    operation_id="create_resource",
    summary="Add an item to the catalog (staff)",
)
def create_resource(request, slug: str, payload: ResourceIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_resources(scope, center))
    data = payload.model_dump()
    data["service_area"] = data["service_area"] or ""
    data["owner"] = organization_in_center(scope, center, data["owner"], field="owner")
    return Status(201, services.create_resource(scope=scope, center=center, data=data))


@router.get(
    "/centers/{slug}/resources/{resource_id}",
    response={200: ResourceOut, **problems(401, 404)},
    operation_id="get_resource",
    summary="One item of the catalog",
)
def get_resource(request, slug: str, resource_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return selectors.get_resource_for(scope, center, resource_id)


@router.patch(
    "/centers/{slug}/resources/{resource_id}",
    response={200: ResourceOut, **problems(401, 403, 404, 422)},
    operation_id="update_resource",
    summary="Change an item of the catalog (staff)",
)
def update_resource(request, slug: str, resource_id: int, payload: ResourcePatch):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    resource = selectors.get_resource_for(scope, center, resource_id)
    require(perms.can_manage_resources(scope, center))
    data = payload.model_dump(exclude_unset=True)
    if "owner" in data:
        data["owner"] = organization_in_center(scope, center, data["owner"], field="owner")
    if "service_area" in data:
        data["service_area"] = data["service_area"] or ""
    return services.update_resource(scope=scope, resource=resource, data=data)


@router.get(
    "/centers/{slug}/resources/{resource_id}/availability",
    response={200: AvailabilityOut, **problems(401, 404, 422)},
    operation_id="get_resource_availability",
    summary="A week of slots with the units still free, in the resource's time zone",
)
def get_resource_availability(
    request, slug: str, resource_id: int, params: Query[AvailabilityParams]
):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    resource = selectors.get_resource_for(scope, center, resource_id)
    monday, days = weekgrid.week(resource, params.week)
    return {
        "resource": resource.pk,
        "timezone": resource.timezone,
        "week_of": monday,
        "capacity": resource.capacity,
        "days": [
            {
                "date": day,
                "slots": [
                    {
                        "starts_at": s.starts_at,
                        "ends_at": s.ends_at,
                        "local_time": s.local_label,
                        "free_units": s.free_units,
                    }
                    for s in slots
                ],
            }
            for day, slots in days
        ],
    }


@router.get(
    "/centers/{slug}/resources/{resource_id}/eligibility/{venture_id}",
    response={200: ResourceEligibilityOut, **problems(401, 404)},
    operation_id="check_resource_eligibility",
    summary="Whether a venture may use an item, and why not",
)
def check_resource_eligibility(request, slug: str, resource_id: int, venture_id: int):
    from django.http import Http404

    scope = scope_of(request)
    center = get_center_for(scope, slug)
    resource = selectors.get_resource_for(scope, center, resource_id)
    venture = selectors.get_venture_to_act_for(scope, center, venture_id)
    if venture is None:
        raise Http404
    reasons = services.eligibility_refusals(resource, venture)
    return {"venture": venture.pk, "eligible": not reasons, "reasons": reasons}


# -- bookings --------------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/bookings",
    response={200: BookingPage, **problems(401, 404, 422)},
    operation_id="list_bookings",
    summary="Bookings: staff see all; members those of their ventures and their own",
)
def list_bookings(request, slug: str, filters: Query[BookingFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.bookings_for(scope, center)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.resource:
        qs = qs.filter(resource_id=filters.resource)
    if filters.upcoming:
        qs = qs.filter(ends_at__gt=timezone.now())
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/resources/{resource_id}/bookings",
    response={201: BookingOut, **problems(401, 403, 404, 422)},
    operation_id="create_booking",
    summary="Book a room or equipment for a venture (never double booked)",
)
def create_booking(request, slug: str, resource_id: int, payload: BookingIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    resource = selectors.get_resource_for(scope, center, resource_id)
    require(selectors.ventures_to_act_for(scope, center).exists())
    booking = services.create_booking(
        scope=scope,
        resource=resource,
        venture=_venture(scope, center, payload.venture),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        units=payload.units,
        purpose=payload.purpose,
    )
    return Status(201, booking)


@router.get(
    "/centers/{slug}/bookings/{booking_id}",
    response={200: BookingOut, **problems(401, 404)},
    operation_id="get_booking",
    summary="One booking",
)
def get_booking(request, slug: str, booking_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return selectors.get_booking_for(scope, center, booking_id)


@router.post(
    "/centers/{slug}/bookings/{booking_id}/decision",
    response={200: BookingOut, **problems(401, 403, 404, 422)},
    operation_id="decide_booking",
    summary="Confirm or decline a booking awaiting approval (staff)",
)
def decide_booking(request, slug: str, booking_id: int, payload: BookingDecisionIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    booking = selectors.get_booking_for(scope, center, booking_id)
    require(perms.can_manage_resources(scope, center))
    return services.decide_booking(
        scope=scope, booking=booking, approve=payload.approve, note=payload.note
    )


@router.post(
    "/centers/{slug}/bookings/{booking_id}/cancel",
    response={200: BookingOut, **problems(401, 403, 404, 422)},
    operation_id="cancel_booking",
    summary="Cancel an upcoming booking (its venture's team, whoever booked it, or staff)",
)
def cancel_booking(request, slug: str, booking_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    booking = selectors.get_booking_for(scope, center, booking_id)
    return services.cancel_booking(scope=scope, booking=booking)


# -- service requests ------------------------------------------------------------------------


def _with_hours(qs):
    from django.db.models import Sum

    return qs.annotate(hours_logged=Sum("hours__hours", default=0)).order_by("-created_at", "-id")


@router.get(
    "/centers/{slug}/service-requests",
    response={200: ServiceRequestPage, **problems(401, 404, 422)},
    operation_id="list_service_requests",
    summary="Service requests: staff all; teams theirs; partners those to their organization",
)
def list_service_requests(request, slug: str, filters: Query[ServiceRequestFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.service_requests_for(scope, center)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(request, _with_hours(qs), filters)


@router.post(
    "/centers/{slug}/resources/{resource_id}/service-requests",
    response={201: ServiceRequestDetailOut, **problems(401, 403, 404, 422)},
    operation_id="create_service_request",
    summary="Ask a partner for its pro-bono service on behalf of a venture",
)
def create_service_request(request, slug: str, resource_id: int, payload: ServiceRequestIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    resource = selectors.get_resource_for(scope, center, resource_id)
    require(selectors.ventures_to_act_for(scope, center).exists())
    created = services.create_service_request(
        scope=scope,
        resource=resource,
        venture=_venture(scope, center, payload.venture),
        need=payload.need,
    )
    return Status(201, created)


def _service_request(request, slug: str, service_request_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return scope, selectors.get_service_request_for(scope, center, service_request_id)


@router.get(
    "/centers/{slug}/service-requests/{service_request_id}",
    response={200: ServiceRequestDetailOut, **problems(401, 404)},
    operation_id="get_service_request",
    summary="One service request with the hours logged",
)
def get_service_request(request, slug: str, service_request_id: int):
    return _service_request(request, slug, service_request_id)[1]


@router.post(
    "/centers/{slug}/service-requests/{service_request_id}/response",
    response={200: ServiceRequestDetailOut, **problems(401, 403, 404, 422)},
    operation_id="respond_to_service_request",
    summary="Accept or decline a request (the partner organization, or staff)",
)
def respond_to_service_request(
    request, slug: str, service_request_id: int, payload: ServiceResponseIn
):
    scope, obj = _service_request(request, slug, service_request_id)
    return services.respond_to_service_request(
        scope=scope, request=obj, accept=payload.accept, note=payload.note
    )


@router.post(
    "/centers/{slug}/service-requests/{service_request_id}/delivery",
    response={200: ServiceRequestDetailOut, **problems(401, 403, 404, 422)},
    operation_id="deliver_service_request",
    summary="Mark an accepted request delivered (the partner organization, or staff)",
)
def deliver_service_request(request, slug: str, service_request_id: int, payload: DeliveryIn):
    scope, obj = _service_request(request, slug, service_request_id)
    return services.deliver_service_request(scope=scope, request=obj, note=payload.delivery_note)


@router.post(
    "/centers/{slug}/service-requests/{service_request_id}/hours",
    response={201: HoursOut, **problems(401, 403, 404, 422)},
    operation_id="log_service_hours",
    summary="Log hours given to an accepted or delivered request (the partner, or staff)",
)
def log_service_hours(request, slug: str, service_request_id: int, payload: HoursIn):
    scope, obj = _service_request(request, slug, service_request_id)
    entry = services.log_service_hours(
        scope=scope,
        request=obj,
        worked_on=payload.worked_on,
        hours=payload.hours,
        note=payload.note,
    )
    return Status(201, entry)


@router.post(
    "/centers/{slug}/service-requests/{service_request_id}/withdrawal",
    response={200: ServiceRequestDetailOut, **problems(401, 403, 404, 422)},
    operation_id="withdraw_service_request",
    summary="Withdraw an open request (its venture's team, or staff)",
)
def withdraw_service_request(request, slug: str, service_request_id: int):
    scope, obj = _service_request(request, slug, service_request_id)
    return services.withdraw_service_request(scope=scope, request=obj)


# -- report ----------------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/resources-report",
    response={200: ResourcesReportOut, **problems(401, 403, 404)},
    operation_id="get_resources_report",
    summary="Usage: ventures × items, pro-bono hours by partner and sector (staff)",
)
def get_resources_report(request, slug: str, params: Query[ReportParams]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_resources(scope, center))
    since, until = reports.default_period(timezone.localdate())
    since, until = params.since or since, params.until or until
    if until < since:
        until = since + timedelta(days=0)
    return reports.usage_report(center, since, until)
