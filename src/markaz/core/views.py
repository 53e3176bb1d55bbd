"""Pages of the core app: home, center dashboard, members, settings, audit log, health."""

from __future__ import annotations

from mimetypes import guess_type

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core import selectors, services
from markaz.core.access import STAFF_ROLES
from markaz.core.forms import AuditFilterForm, CenterForm, MembershipForm
from markaz.core.models import Role
from markaz.core.web import apply_service_errors, center_view, paginate, query_without_page
from markaz.sdg.selectors import goals


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "unhealthy", reported, not raised
        return JsonResponse(
            {"status": "unhealthy", "database": "unreachable", "error": type(exc).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


def bench_ceiling(request):
    return JsonResponse({"status": "ok", "items": list(range(10))})


def home(request):
    scope = request.scope
    if scope.is_authenticated:
        centers = selectors.my_centers(scope).prefetch_related("networks")
        return render(request, "core/home.html", {"centers": centers})
    centers = selectors.centers_for(scope).order_by("region", "slug")
    return render(request, "core/welcome.html", {"centers": centers})


@center_view()
def dashboard(request):
    center = request.center
    counts = selectors.center_counts(request.scope, center)
    sdg_rows = [(g, counts["ventures_by_sdg"].get(g.pk, 0)) for g in goals()]
    return render(
        request,
        "core/dashboard.html",
        {
            "counts": counts,
            "sdg_rows": sdg_rows,
            "sdg_max": max([n for _g, n in sdg_rows] + [1]),
            "stage_rows": _labelled(counts["ventures_by_stage"], "ventures", "Stage"),
            "sector_rows": _labelled(counts["organizations_by_sector"], "stakeholders", "Sector"),
        },
    )


def _labelled(counts: dict, app: str, enum: str) -> list[tuple[str, int, int]]:
    """(label, count, percent of max) rows in the enum's order, for the bar charts."""
    from importlib import import_module

    choices = getattr(import_module(f"markaz.{app}.models"), enum).choices
    top = max([*counts.values(), 1])
    return [(label, counts.get(value, 0), round(100 * counts.get(value, 0) / top)) for
            value, label in choices]  # fmt: skip


@center_view(*STAFF_ROLES)
def members(request):
    center = request.center
    form = MembershipForm(request.POST or None)
    if request.method == "POST":
        if not request.scope.is_admin_of(center):
            messages.error(request, _("Only center admins can change memberships."))
            return redirect("members", center=center.slug)
        if form.is_valid():
            try:
                services.add_membership(
                    scope=request.scope,
                    center=center,
                    user=form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Membership added."))
                return redirect("members", center=center.slug)
    page = paginate(request, selectors.memberships_for(request.scope, center))
    return render(request, "core/members.html", {"page": page, "form": form})


@require_POST
@center_view(Role.ADMIN)
def remove_member(request, pk: int):
    membership = get_object_or_404(selectors.memberships_for(request.scope, request.center), pk=pk)
    try:
        services.remove_membership(scope=request.scope, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Membership removed."))
    return redirect("members", center=request.center.slug)


@center_view(Role.ADMIN)
def center_settings(request):
    center = request.center
    form = CenterForm(request.POST or None, request.FILES or None, instance=center)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "focus_sdgs"}
        try:
            services.update_center(
                scope=request.scope,
                center=center,
                data=data,
                focus_sdgs=form.cleaned_data["focus_sdgs"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Center saved."))
            return redirect("dashboard", center=center.slug)
    return render(request, "core/center_form.html", {"form": form})


def center_logo(request, slug: str):
    """Logos are public; served through the storage API so any storage backend works."""
    logo = selectors.center_logo(slug)
    if not logo:
        raise Http404
    response = FileResponse(logo.open("rb"), content_type=guess_type(logo.name)[0])
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@center_view(Role.ADMIN)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    qs = selectors.audit_entries_for(request.scope, request.center)
    if form.is_valid():
        qs = selectors.filter_audit(qs, **form.cleaned_data)
    page = paginate(request, qs, per_page=50)
    template = "core/_audit_rows.html" if request.htmx else "core/audit.html"
    return render(
        request, template, {"page": page, "form": form, "query": query_without_page(request)}
    )


@login_required
def me(request):
    from markaz.stakeholders.views import edit_own_profile

    return edit_own_profile(request)
