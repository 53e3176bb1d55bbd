"""Pages of resources: catalog, item with its week grid, booking, approvals, service requests
and the usage report (thin: selectors read, services write)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import (
    apply_service_errors,
    center_view,
    forbid_unless,
    paginate,
    query_without_page,
)
from markaz.resources import eligibility, reports, selectors, services, weekgrid
from markaz.resources import permissions as perms
from markaz.resources.forms import (
    BookingForm,
    DeliveryForm,
    HoursForm,
    NoteForm,
    ResourceForm,
    ServiceRequestForm,
)
from markaz.resources.models import BookingStatus, RequestStatus, ResourceKind
from markaz.stakeholders.selectors import organizations_for


def _flash_errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# -- catalog ---------------------------------------------------------------------------------


@center_view()
def catalog(request):
    qs = selectors.resources_for(request.scope, request.center)
    kind = request.GET.get("kind", "")
    if kind in ResourceKind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "resources/catalog.html",
        {
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "kinds": ResourceKind.choices,
            "kind": kind,
            "can_manage": perms.can_manage_resources(request.scope, request.center),
        },
    )


def _resource_form(request, resource):
    creating = resource is None
    if creating:
        forbid_unless(perms.can_manage_resources(request.scope, request.center))
    form = ResourceForm(
        request.POST or None,
        instance=resource,
        organizations=organizations_for(request.scope, request.center),
    )
    if creating:
        form.instance.center = request.center
    if request.method == "POST" and form.is_valid():
        try:
            if creating:
                saved = services.create_resource(
                    scope=request.scope, center=request.center, data=form.service_data()
                )
            else:
                saved = services.update_resource(
                    scope=request.scope, resource=resource, data=form.service_data()
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Item saved."))
            return redirect("resources-item-detail", center=request.center.slug, pk=saved.pk)
    title = _("New catalog item") if creating else _("Edit %(name)s") % {"name": resource.name}
    return render(request, "resources/form.html", {"form": form, "title": title})


@center_view()
def resource_create(request):
    return _resource_form(request, None)


@center_view()
def resource_edit(request, pk: int):
    resource = selectors.get_resource_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_resources(request.scope, request.center))
    return _resource_form(request, resource)


@center_view()
def resource_detail(request, pk: int):
    resource = selectors.get_resource_for(request.scope, request.center, pk)
    week_param = parse_date(request.GET.get("week", "") or "") if request.GET.get("week") else None
    monday, days = weekgrid.week(resource, week_param)
    can_manage = perms.can_manage_resources(request.scope, request.center)
    ventures = list(selectors.ventures_to_act_for(request.scope, request.center)[:10])
    # Members see, per venture they run, whether and why not; staff learn it when booking.
    checks = (
        [] if can_manage else [(v, services.eligibility_refusals(resource, v)) for v in ventures]
    )
    hours = {}
    if resource.opening_hours:
        from markaz.resources.availability import opening_hours_text
        from markaz.resources.forms import DAY_NAMES

        texts = opening_hours_text(resource.opening_hours)
        hours = [(DAY_NAMES[d], texts[d]) for d in range(7)]
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "rules": eligibility.describe(resource.eligibility),
            "checks": checks,
            "can_act": bool(ventures),
            "monday": monday,
            "days": days,
            "hours": hours,
            "previous_week": (monday - timedelta(days=7)).isoformat(),
            "next_week": (monday + timedelta(days=7)).isoformat(),
            "now": timezone.now(),
            "can_manage": can_manage,
        },
    )


@center_view()
def resource_book(request, pk: int):
    resource = selectors.get_resource_for(request.scope, request.center, pk)
    ventures = selectors.ventures_to_act_for(request.scope, request.center)
    forbid_unless(resource.is_bookable and ventures.exists())
    initial = {}
    if request.GET.get("day"):
        initial["day"] = parse_date(request.GET["day"])
    if request.GET.get("start"):
        initial["start"] = parse_time(request.GET["start"])
    if ventures.count() == 1:
        initial["venture"] = ventures.first()
    form = BookingForm(request.POST or None, initial=initial, resource=resource, ventures=ventures)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.create_booking(
                scope=request.scope,
                resource=resource,
                venture=form.cleaned_data["venture"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                units=form.cleaned_data.get("units") or 1,
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if booking.status == BookingStatus.PENDING:
                messages.success(request, _("Booking requested; the center will confirm it."))
            else:
                messages.success(request, _("Booking confirmed."))
            return redirect("resources-bookings", center=request.center.slug)
    return render(
        request,
        "resources/book.html",
        {"form": form, "resource": resource},
    )


# -- bookings --------------------------------------------------------------------------------


@center_view()
def booking_list(request):
    qs = selectors.bookings_for(request.scope, request.center)
    past = request.GET.get("show") == "past"
    now = timezone.now()
    qs = qs.filter(ends_at__lte=now).order_by("-starts_at") if past else qs.filter(ends_at__gt=now)
    page = paginate(request, qs)
    for booking in page:
        booking.can_cancel = perms.can_cancel_booking(request.scope, booking)
    return render(
        request,
        "resources/booking_list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "past": past,
            "can_manage": perms.can_manage_resources(request.scope, request.center),
        },
    )


@center_view()
def booking_approvals(request):
    forbid_unless(perms.can_manage_resources(request.scope, request.center))
    qs = selectors.pending_bookings(request.scope, request.center)
    return render(
        request,
        "resources/approvals.html",
        {"page": paginate(request, qs), "query": query_without_page(request)},
    )


@require_POST
@center_view()
def booking_decide(request, pk: int):
    booking = selectors.get_booking_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_resources(request.scope, request.center))
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.decide_booking(
            scope=request.scope,
            booking=booking,
            approve=request.POST.get("approve") == "1",
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Decision saved."))
    return redirect("resources-approvals", center=request.center.slug)


@require_POST
@center_view()
def booking_cancel(request, pk: int):
    booking = selectors.get_booking_for(request.scope, request.center, pk)
    try:
        services.cancel_booking(scope=request.scope, booking=booking)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Booking cancelled."))
    return redirect("resources-bookings", center=request.center.slug)


# -- service requests ------------------------------------------------------------------------


@center_view()
def service_request_create(request, pk: int):
    resource = selectors.get_resource_for(request.scope, request.center, pk)
    ventures = selectors.ventures_to_act_for(request.scope, request.center)
    forbid_unless(resource.kind == ResourceKind.SERVICE and ventures.exists())
    form = ServiceRequestForm(request.POST or None, ventures=ventures)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_service_request(
                scope=request.scope,
                resource=resource,
                venture=form.cleaned_data["venture"],
                need=form.cleaned_data["need"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Request sent to the partner."))
            return redirect("resources-service-detail", center=request.center.slug, pk=created.pk)
    return render(
        request,
        "resources/form.html",
        {
            "form": form,
            "title": _("Request: %(name)s") % {"name": resource.name},
            "resource": resource,
        },
    )


@center_view()
def service_list(request):
    qs = (
        selectors.service_requests_for(request.scope, request.center)
        .annotate(hours_logged=Sum("hours__hours"))
        .order_by("-created_at", "-id")
    )
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        qs = qs.filter(status=status)
    partner_orgs = perms.partner_organization_ids(request.scope, request.center)
    return render(
        request,
        "resources/service_list.html",
        {
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "statuses": RequestStatus.choices,
            "status": status,
            "is_partner": bool(partner_orgs),
            "can_manage": perms.can_manage_resources(request.scope, request.center),
        },
    )


@center_view()
def service_detail(request, pk: int):
    obj = selectors.get_service_request_for(request.scope, request.center, pk)
    scope = request.scope
    return render(
        request,
        "resources/service_detail.html",
        {
            "obj": obj,
            "hours": obj.hours.all(),
            "total_hours": services.hours_of(obj),
            "can_respond": perms.can_respond(scope, obj),
            "can_deliver": perms.can_deliver(scope, obj),
            "can_log_hours": perms.can_log_hours(scope, obj),
            "can_withdraw": perms.can_withdraw(scope, obj),
            "note_form": NoteForm(),
            "delivery_form": DeliveryForm(),
            "hours_form": HoursForm(initial={"worked_on": timezone.localdate()}),
        },
    )


def _service_action(request, pk: int, act) -> object:
    obj = selectors.get_service_request_for(request.scope, request.center, pk)
    try:
        act(obj)
    except ValidationError as exc:
        _flash_errors(request, exc)
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Saved."))
    return redirect("resources-service-detail", center=request.center.slug, pk=obj.pk)


@require_POST
@center_view()
def service_respond(request, pk: int):
    form = NoteForm(request.POST)
    form.is_valid()
    return _service_action(
        request,
        pk,
        lambda obj: services.respond_to_service_request(
            scope=request.scope,
            request=obj,
            accept=request.POST.get("accept") == "1",
            note=form.cleaned_data.get("note", ""),
        ),
    )


@require_POST
@center_view()
def service_deliver(request, pk: int):
    form = DeliveryForm(request.POST)
    form.is_valid()
    return _service_action(
        request,
        pk,
        lambda obj: services.deliver_service_request(
            scope=request.scope, request=obj, note=form.cleaned_data.get("delivery_note", "")
        ),
    )


@require_POST
@center_view()
def service_hours(request, pk: int):
    form = HoursForm(request.POST)

    def act(obj):
        if not form.is_valid():
            raise ValidationError(_("Give the date and the hours (up to 24)."))
        services.log_service_hours(scope=request.scope, request=obj, **form.cleaned_data)

    return _service_action(request, pk, act)


@require_POST
@center_view()
def service_withdraw(request, pk: int):
    return _service_action(
        request,
        pk,
        lambda obj: services.withdraw_service_request(scope=request.scope, request=obj),
    )


# -- report ----------------------------------------------------------------------------------


def _bar_rows(rows: list[dict], key: str) -> list[dict]:
    top = max((r.get(key, 0) for r in rows), default=0) or 1
    return [{**r, "value": r.get(key, 0), "pct": round(100 * r.get(key, 0) / top)} for r in rows]


@center_view()
def report(request):
    forbid_unless(perms.can_manage_resources(request.scope, request.center))
    since, until = reports.default_period(timezone.localdate())
    since = parse_date(request.GET.get("since") or "") or since
    until = parse_date(request.GET.get("until") or "") or until
    if until < since:
        since, until = until, since
    data = reports.usage_report(request.center, since, until)
    return render(
        request,
        "resources/report.html",
        {
            "r": data,
            "since": since,
            "until": until,
            "partners": _bar_rows(data["by_partner"], "service_hours"),
            "sectors": _bar_rows(data["by_sector"], "service_hours"),
        },
    )
