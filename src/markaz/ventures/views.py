"""Pages for ventures and their teams."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import (
    apply_service_errors,
    center_view,
    forbid_unless,
    paginate,
    query_without_page,
)
from markaz.stakeholders.selectors import organizations_for, people_for, search_people
from markaz.ventures import permissions as perms
from markaz.ventures import selectors, services
from markaz.ventures.forms import TeamMemberForm, VentureFilterForm, VentureForm
from markaz.ventures.models import TeamRole


@center_view()
def venture_list(request):
    form = VentureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.search_ventures(
        request.scope,
        request.center,
        q=filters.get("q", ""),
        stage=filters.get("stage", ""),
        legal_form=filters.get("legal_form", ""),
        sdg=filters.get("sdg"),
    ).prefetch_related("sdg_goals")
    context = {
        "page": paginate(request, qs),
        "form": form,
        "query": query_without_page(request),
        "can_create": perms.can_create_venture(request.scope, request.center),
    }
    template = "ventures/_venture_rows.html" if request.htmx else "ventures/venture_list.html"
    return render(request, template, context)


@center_view()
def venture_detail(request, pk: int):
    venture = selectors.get_venture_for(request.scope, request.center, pk)
    team = venture.team.select_related("person")
    can_edit = perms.can_edit_venture(request.scope, venture)
    return render(
        request,
        "ventures/venture_detail.html",
        {
            "venture": venture,
            "team": team,
            "goals": venture.sdg_goals.all(),
            "targets": venture.sdg_targets.all(),
            "can_edit": can_edit,
        },
    )


@center_view()
def venture_create(request):
    forbid_unless(perms.can_create_venture(request.scope, request.center))
    return _venture_form(request, None)


@center_view()
def venture_edit(request, pk: int):
    venture = selectors.get_venture_for(request.scope, request.center, pk)
    forbid_unless(perms.can_edit_venture(request.scope, venture))
    return _venture_form(request, venture)


def _venture_form(request, venture):
    form = VentureForm(
        request.POST or None,
        instance=venture,
        organizations=organizations_for(request.scope, request.center),
    )
    if request.method == "POST" and form.is_valid():
        kwargs = {
            "scope": request.scope,
            "data": form.service_data(),
            "sdg_goals": list(form.cleaned_data["sdg_goals"]),
            "sdg_targets": list(form.cleaned_data["sdg_targets"]),
        }
        try:
            if venture is None:
                venture = services.create_venture(center=request.center, **kwargs)
            else:
                services.update_venture(venture=venture, **kwargs)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Venture saved."))
            return redirect("venture-detail", center=request.center.slug, pk=venture.pk)
    return render(request, "ventures/venture_form.html", {"form": form, "object": venture})


@center_view()
def team_add(request, pk: int):
    """GET: find people to add (search, first 20 matches). POST: add one to the team."""
    venture = selectors.get_venture_for(request.scope, request.center, pk)
    forbid_unless(perms.can_edit_venture(request.scope, venture))
    if request.method == "GET":
        q = request.GET.get("q", "").strip()
        found = (
            search_people(request.scope, request.center, q=q).exclude(team_roles__venture=venture)
            if q
            else None
        )
        return render(
            request,
            "ventures/team_add.html",
            {"venture": venture, "q": q, "found": found[:20] if found is not None else None,
             "roles": TeamRole.choices},
        )  # fmt: skip
    form = TeamMemberForm(request.POST, people=people_for(request.scope, request.center))
    if form.is_valid():
        try:
            services.add_team_member(scope=request.scope, venture=venture, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Team member added."))
    else:
        messages.error(request, _("Choose a person and a role."))
    return redirect("venture-detail", center=request.center.slug, pk=pk)


@require_POST
@center_view()
def team_remove(request, pk: int, member_pk: int):
    venture = selectors.get_venture_for(request.scope, request.center, pk)
    member = venture.team.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    forbid_unless(perms.can_edit_venture(request.scope, venture))
    try:
        services.remove_team_member(scope=request.scope, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Team member removed."))
    return redirect("venture-detail", center=request.center.slug, pk=pk)
