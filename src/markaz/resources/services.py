"""Writes for resources: one transaction, one permission check and one audit entry each.

Booking is where concurrency matters. `create_booking` locks the resource row
(`select_for_update`) before any check, so requests for one item queue one after the other:
- the units in use (capacity above one) and the venture's weekly quota on that item are counted
  by one request at a time, each seeing every booking committed before it;
- for capacity one, PostgreSQL's exclusion constraint (SQLite: a trigger, migration 0002) stays
  the database's own guarantee; since no two uncommitted overlapping rows can exist, it never
  has to wait on another insert (two such waits aborted each other as a deadlock before).
`decide_booking` and `cancel_booking` only move a booking between pending and confirmed or out
of the active set, which never adds load on the item, so they lock only the booking row.
On SQLite the settings open IMMEDIATE transactions: one writer at a time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.notify import send_email
from markaz.core.writes import save_audited
from markaz.resources import availability, eligibility
from markaz.resources import permissions as perms
from markaz.resources.models import (
    ACTIVE_BOOKING,
    Booking,
    BookingStatus,
    RequestStatus,
    Resource,
    ResourceKind,
    ServiceHours,
    ServiceRequest,
)
from markaz.resources.selectors import busy_intervals
from markaz.ventures.models import Venture

RESOURCE_FIELDS = [
    "kind", "service_area", "owner", "name_en", "name_ar", "description_en", "description_ar",
    "terms_en", "terms_ar", "eligibility", "is_active", "is_bookable", "requires_approval",
    "capacity", "slot_minutes", "timezone", "opening_hours", "quota_hours_per_week",
    "value_per_hour", "currency",
]  # fmt: skip


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _actor(scope: AccessScope):
    return scope.user if scope.is_authenticated else None


# -- catalog ---------------------------------------------------------------------------------


@transaction.atomic
def create_resource(*, scope: AccessScope, center: Center, data: dict) -> Resource:
    _require(perms.can_manage_resources(scope, center))
    owner = data.get("owner")
    if owner is not None and owner.center_id != center.pk:
        raise ValidationError({"owner": _("Choose an organization of this center.")})
    return save_audited(
        Resource(center=center, created_by=_actor(scope)),
        data=data,
        fields=RESOURCE_FIELDS,
        action="resources.resource.created",
        scope=scope,
        center=center,
    )


@transaction.atomic
def update_resource(*, scope: AccessScope, resource: Resource, data: dict) -> Resource:
    _require(perms.can_manage_resources(scope, resource.center_id))
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    owner = data.get("owner")
    if owner is not None and owner.center_id != resource.center_id:
        raise ValidationError({"owner": _("Choose an organization of this center.")})
    if "capacity" in data and data["capacity"] != resource.capacity:
        upcoming = resource.bookings.filter(status__in=ACTIVE_BOOKING, ends_at__gt=timezone.now())
        if upcoming.exists():
            raise ValidationError(
                {"capacity": _("Cancel or finish the upcoming bookings before changing capacity.")}
            )
    return save_audited(
        resource,
        data=data,
        fields=RESOURCE_FIELDS,
        action="resources.resource.updated",
        scope=scope,
        center=resource.center,
    )


def eligibility_refusals(resource: Resource, venture: Venture) -> list[str]:
    return eligibility.refusals(resource.eligibility, eligibility.facts_of(venture))


def _check_venture(scope: AccessScope, resource: Resource, venture: Venture) -> None:
    if venture is None or venture.center_id != resource.center_id:
        raise ValidationError({"venture": _("Choose a venture of this center.")})
    _require(perms.can_act_for_venture(scope, venture))
    if not resource.is_active:
        raise ValidationError(_("This item is not available at the moment."))
    refusals = eligibility_refusals(resource, venture)
    if refusals:
        raise ValidationError({"venture": refusals})


# -- bookings --------------------------------------------------------------------------------


def _week_of(resource: Resource, instant: datetime) -> tuple[datetime, datetime]:
    """UTC bounds of the local (resource time zone) ISO week holding `instant`."""
    local = instant.astimezone(ZoneInfo(resource.timezone))
    monday = local.date() - timedelta(days=local.weekday())
    return availability.week_bounds(monday, resource.timezone)


def _check_quota(resource: Resource, venture: Venture, starts_at, ends_at) -> None:
    """Called with the resource row locked: quotas count bookings of this item only."""
    if resource.quota_hours_per_week is None:
        return
    week_start, week_end = _week_of(resource, starts_at)
    booked = Booking.objects.filter(
        resource=resource,
        venture=venture,
        status__in=ACTIVE_BOOKING,
        starts_at__gte=week_start,
        starts_at__lt=week_end,
    ).values_list("starts_at", "ends_at")
    used = sum(((e - s).total_seconds() for s, e in booked), 0.0) / 3600
    wanted = (ends_at - starts_at).total_seconds() / 3600
    quota = float(resource.quota_hours_per_week)
    if used + wanted > quota + 1e-9:
        raise ValidationError(
            _(
                "Weekly quota reached: %(venture)s has %(used)s of %(quota)s hours booked on this "
                "item that week; this booking needs %(wanted)s more."
            )
            % {
                "venture": venture.name,
                "used": f"{used:g}",
                "quota": f"{quota:g}",
                "wanted": f"{wanted:g}",
            }
        )


def _taken_message(resource: Resource, starts_at: datetime) -> str:
    local = starts_at.astimezone(ZoneInfo(resource.timezone))
    return _("That time is already booked (%(when)s, %(zone)s). Choose another slot.") % {
        "when": local.strftime("%Y-%m-%d %H:%M"),
        "zone": resource.timezone,
    }


@transaction.atomic
def create_booking(
    *,
    scope: AccessScope,
    resource: Resource,
    venture: Venture,
    starts_at: datetime,
    ends_at: datetime,
    units: int = 1,
    purpose: str = "",
) -> Booking:
    """Book [starts_at, ends_at) (aware datetimes, any offset; stored in UTC)."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValidationError({"starts_at": _("Give times with their time zone (or in UTC).")})
    # Every booking of one item queues on its row (see the module docstring); the checks below
    # read the locked row, so a concurrent edit of the item cannot slip between them.
    resource = Resource.objects.select_for_update().select_related("center").get(pk=resource.pk)
    _check_venture(scope, resource, venture)
    if not resource.is_bookable:
        raise ValidationError(_("This item is not booked by time; ask the center instead."))
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    check = availability.check_slot(
        tz_name=resource.timezone,
        hours=availability.parse_opening_hours(resource.opening_hours),
        slot_minutes=resource.slot_minutes,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    if not check.ok:
        raise ValidationError({"starts_at": check.reason})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("That time has passed.")})
    if not 1 <= units <= resource.capacity:
        raise ValidationError(
            {"units": _("Book between 1 and %(n)s units.") % {"n": resource.capacity}}
        )
    exclusive = resource.capacity == 1
    _check_quota(resource, venture, starts_at, ends_at)
    in_use = availability.peak_units(
        busy_intervals(resource, starts_at, ends_at), starts_at, ends_at
    )
    if in_use + units > resource.capacity:
        if exclusive:
            raise ValidationError({"starts_at": _taken_message(resource, starts_at)})
        raise ValidationError(
            {
                "units": _("Only %(free)s of %(capacity)s units are free at that time.")
                % {"free": max(resource.capacity - in_use, 0), "capacity": resource.capacity}
            }
        )
    booking = Booking(
        center_id=resource.center_id,
        resource=resource,
        venture=venture,
        booked_by=_actor(scope),
        starts_at=starts_at,
        ends_at=ends_at,
        units=units,
        exclusive=exclusive,
        purpose=(purpose or "").strip()[:300],
        status=BookingStatus.PENDING if resource.requires_approval else BookingStatus.CONFIRMED,
    )
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        # The database's own rule (kept as a guarantee; the row lock means it should not fire).
        raise ValidationError({"starts_at": _taken_message(resource, starts_at)}) from None
    audit.record(
        action="resources.booking.created",
        actor=scope.user,
        center=resource.center,
        obj=booking,
        changes={
            "starts_at": [None, starts_at.isoformat()],
            "ends_at": [None, ends_at.isoformat()],
            "units": [None, units],
            "status": [None, booking.status],
        },
    )
    return booking


def _set_status(scope, booking: Booking, action: str, **fields) -> Booking:
    before = audit.snapshot(booking, list(fields))
    for name, value in fields.items():
        setattr(booking, name, value)
    booking.save(update_fields=list(fields))
    audit.record(
        action=action,
        actor=scope.user,
        center=booking.center,
        obj=booking,
        changes=audit.diff(before, audit.snapshot(booking, list(fields))),
    )
    return booking


@transaction.atomic
def decide_booking(
    *, scope: AccessScope, booking: Booking, approve: bool, note: str = ""
) -> Booking:
    booking = Booking.objects.select_for_update().select_related("center").get(pk=booking.pk)
    _require(perms.can_manage_resources(scope, booking.center_id))
    if booking.status != BookingStatus.PENDING:
        raise ValidationError(_("Only bookings awaiting approval can be decided."))
    status = BookingStatus.CONFIRMED if approve else BookingStatus.DECLINED
    booking = _set_status(
        scope,
        booking,
        f"resources.booking.{'confirmed' if approve else 'declined'}",
        status=status,
        decided_by=_actor(scope),
        decided_at=timezone.now(),
        decision_note=(note or "").strip()[:300],
    )
    send_email(
        to=booking.booked_by,
        template="resources/email/booking_decided",
        context={"booking": booking},
    )
    return booking


@transaction.atomic
def cancel_booking(*, scope: AccessScope, booking: Booking) -> Booking:
    booking = (
        Booking.objects.select_for_update().select_related("center", "venture").get(pk=booking.pk)
    )
    if not perms.can_cancel_booking(scope, booking):
        if booking.status not in ACTIVE_BOOKING or booking.ends_at <= timezone.now():
            raise ValidationError(_("Only upcoming, active bookings can be cancelled."))
        raise PermissionDenied
    return _set_status(
        scope,
        booking,
        "resources.booking.cancelled",
        status=BookingStatus.CANCELLED,
        cancelled_at=timezone.now(),
    )


# -- service requests ------------------------------------------------------------------------


@transaction.atomic
def create_service_request(
    *, scope: AccessScope, resource: Resource, venture: Venture, need: str
) -> ServiceRequest:
    if resource.kind != ResourceKind.SERVICE or resource.owner_id is None:
        raise ValidationError(_("Only pro-bono services of partners can be requested."))
    _check_venture(scope, resource, venture)
    need = (need or "").strip()
    if not need:
        raise ValidationError({"need": _("Say what the venture needs.")})
    request = ServiceRequest(
        center_id=resource.center_id,
        resource=resource,
        provider_id=resource.owner_id,
        venture=venture,
        requested_by=_actor(scope),
        need=need,
    )
    request.save()
    audit.record(
        action="resources.service_request.created",
        actor=scope.user,
        center=resource.center,
        obj=request,
        changes={"status": [None, request.status], "venture": [None, venture.pk]},
    )
    send_email(
        to=list(_partner_users(request)),
        template="resources/email/service_request",
        context={"request": request},
    )
    return request


def _partner_users(request: ServiceRequest):
    """Signed-up people who speak for the provider as partners of the center, today."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    today = timezone.localdate()
    return (
        get_user_model()
        .objects.filter(memberships__center_id=request.center_id, memberships__role="partner")
        .filter(
            Q(person__affiliations__organization_id=request.provider_id)
            & (
                Q(person__affiliations__ends_on__isnull=True)
                | Q(person__affiliations__ends_on__gte=today)
            )
        )
        .distinct()
    )


def _locked(request: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update()
        .select_related("center", "venture", "resource", "provider")
        .get(pk=request.pk)
    )


def _transition(scope, request: ServiceRequest, action: str, **fields) -> ServiceRequest:
    before = audit.snapshot(request, list(fields))
    for name, value in fields.items():
        setattr(request, name, value)
    request.save(update_fields=list(fields))
    audit.record(
        action=action,
        actor=scope.user,
        center=request.center,
        obj=request,
        changes=audit.diff(before, audit.snapshot(request, list(fields))),
    )
    return request


def _refuse_state(scope, request: ServiceRequest, allowed: bool) -> None:
    """403 when the user may not act on this request at all, 422 when its state forbids it."""
    if allowed:
        return
    if not perms.is_provider_side(scope, request):
        raise PermissionDenied
    raise ValidationError(
        _("Not possible while the request is “%(status)s”.")
        % {"status": request.get_status_display()}
    )


@transaction.atomic
def respond_to_service_request(
    *, scope: AccessScope, request: ServiceRequest, accept: bool, note: str = ""
) -> ServiceRequest:
    request = _locked(request)
    _refuse_state(scope, request, perms.can_respond(scope, request))
    request = _transition(
        scope,
        request,
        f"resources.service_request.{'accepted' if accept else 'declined'}",
        status=RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED,
        response_note=(note or "").strip(),
        responded_by=_actor(scope),
        responded_at=timezone.now(),
    )
    send_email(
        to=request.requested_by,
        template="resources/email/service_response",
        context={"request": request},
    )
    return request


@transaction.atomic
def deliver_service_request(
    *, scope: AccessScope, request: ServiceRequest, note: str
) -> ServiceRequest:
    request = _locked(request)
    _refuse_state(scope, request, perms.can_deliver(scope, request))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"delivery_note": _("Say what was delivered.")})
    return _transition(
        scope,
        request,
        "resources.service_request.delivered",
        status=RequestStatus.DELIVERED,
        delivery_note=note,
        delivered_at=timezone.now(),
    )


@transaction.atomic
def log_service_hours(
    *, scope: AccessScope, request: ServiceRequest, worked_on, hours, note: str = ""
) -> ServiceHours:
    request = _locked(request)
    _refuse_state(scope, request, perms.can_log_hours(scope, request))
    if worked_on is None or worked_on > timezone.localdate():
        raise ValidationError({"worked_on": _("Log hours for today or a past day.")})
    if worked_on < request.created_at.date():
        raise ValidationError({"worked_on": _("Log hours from the day of the request on.")})
    entry = ServiceHours(
        request=request,
        worked_on=worked_on,
        hours=Decimal(str(hours)) if hours is not None else None,
        note=(note or "").strip()[:300],
        logged_by=_actor(scope),
    )
    entry.full_clean(exclude=["request", "logged_by"])
    entry.save()
    audit.record(
        action="resources.service_hours.logged",
        actor=scope.user,
        center=request.center,
        obj=entry,
        changes={"hours": [None, str(entry.hours)], "request": [None, request.pk]},
    )
    return entry


@transaction.atomic
def withdraw_service_request(*, scope: AccessScope, request: ServiceRequest) -> ServiceRequest:
    request = _locked(request)
    if not perms.can_withdraw(scope, request):
        if request.status not in (RequestStatus.REQUESTED, RequestStatus.ACCEPTED):
            raise ValidationError(_("Only open requests can be withdrawn."))
        raise PermissionDenied
    return _transition(
        scope, request, "resources.service_request.withdrawn", status=RequestStatus.WITHDRAWN
    )


def hours_of(request: ServiceRequest) -> Decimal:
    return request.hours.aggregate(s=Sum("hours"))["s"] or Decimal(0)
