"""Pages of the people directory, profiles, introductions, who to meet, graph and analytics."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
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
from markaz.networking import graph_view, selectors, services, suggestions
from markaz.networking import permissions as perms
from markaz.networking.forms import (
    DirectoryFilterForm,
    GraphFilterForm,
    IntroductionRequestForm,
    ProfileForm,
    ProposeForm,
)
from markaz.networking.models import IntroductionState
from markaz.stakeholders.models import Sector


def _intro_url(request, intro):
    return redirect("networking-introduction-detail", center=request.center.slug, pk=intro.pk)


@center_view()
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.search_directory(
        request.scope,
        request.center,
        q=filters.get("q") or "",
        sector=filters.get("sector") or "",
        sdg=filters.get("sdg"),
        expertise=filters.get("expertise") or "",
    )
    template = "networking/_people.html" if request.htmx else "networking/directory.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": paginate(request, people),
            "query": query_without_page(request),
            "own": selectors.own_person_in(request.scope, request.center),
        },
    )


@center_view()
def person_detail(request, pk: int):
    person = selectors.get_listed_person(request.scope, request.center, pk)
    own = selectors.own_person_in(request.scope, request.center)
    profile = getattr(person, "networking_profile", None)
    return render(
        request,
        "networking/person_detail.html",
        {
            "person": person,
            "profile": profile,
            "ventures": selectors.ventures_of(request.scope, request.center, person),
            "is_self": own is not None and own.pk == person.pk,
            "can_request": own is not None
            and own.pk != person.pk
            and profile is not None
            and profile.open_to_introductions,
            "form": IntroductionRequestForm(),
        },
    )


@center_view()
@require_POST
def introduction_request(request, pk: int):
    person = selectors.get_listed_person(request.scope, request.center, pk)
    forbid_unless(selectors.own_person_in(request.scope, request.center) is not None)
    form = IntroductionRequestForm(request.POST)
    if form.is_valid():
        try:
            intro = services.request_introduction(
                scope=request.scope,
                center=request.center,
                target=person,
                message=form.cleaned_data["message"],
                via_staff=form.cleaned_data["via_staff"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your request is on its way."))
            return _intro_url(request, intro)
    return redirect("networking-person", center=request.center.slug, pk=person.pk)


@center_view()
def profile_edit(request):
    me = selectors.own_person_in(request.scope, request.center)
    if me is None:
        raise Http404
    profile = selectors.profile_of(me)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                scope=request.scope,
                person=me,
                data=form.service_data(),
                sdg_goals=list(form.cleaned_data["sdg_goals"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your networking profile is saved."))
            return redirect("networking-profile", center=request.center.slug)
    return render(request, "networking/profile_form.html", {"form": form, "person": me})


def _shown_state(intro, person_id) -> str:
    """Declines are quiet: the other side sees a declined request as closed, like an expiry."""
    state = intro.state
    if state in selectors.OPEN_STATES and intro.expires_at <= _now():
        state = IntroductionState.EXPIRED
    if state == IntroductionState.DECLINED and intro.declined_by_id == person_id:
        return _("Declined by you")
    if state in (IntroductionState.DECLINED, IntroductionState.EXPIRED):
        return _("Closed without an introduction")
    if intro.pending_side(person_id):
        return _("Waiting for your answer")
    return IntroductionState(state).label


def _now():
    from django.utils import timezone

    return timezone.now()


@center_view()
def introduction_list(request):
    intros = selectors.introductions_for(request.scope, request.center)
    page = paginate(request, intros)
    person_id = request.scope.person_id
    staff = perms.can_broker(request.scope, request.center)
    for intro in page:
        intro.shown_state = intro.get_state_display() if staff else _shown_state(intro, person_id)
        intro.needs_me = intro.pending_side(person_id) is not None
    return render(
        request,
        "networking/introduction_list.html",
        {"page": page, "query": query_without_page(request), "can_broker": staff},
    )


@center_view()
def introduction_detail(request, pk: int):
    intro = selectors.get_introduction_for(request.scope, request.center, pk)
    staff = perms.can_broker(request.scope, request.center)
    person_id = request.scope.person_id
    return render(
        request,
        "networking/introduction_detail.html",
        {
            "intro": intro,
            "shown_state": intro.get_state_display() if staff else _shown_state(intro, person_id),
            "can_respond": perms.can_respond(request.scope, intro),
            "can_forward": perms.can_forward(request.scope, intro),
            "is_staff": staff,
        },
    )


@center_view()
@require_POST
def introduction_respond(request, pk: int):
    intro = selectors.get_introduction_for(request.scope, request.center, pk)
    forbid_unless(perms.can_respond(request.scope, intro))
    accept = request.POST.get("answer") == "accept"
    try:
        intro = services.respond_to_introduction(
            scope=request.scope, introduction=intro, accept=accept
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if intro.state == IntroductionState.INTRODUCED:
            messages.success(request, _("You are introduced: both of you have an email."))
        elif accept:
            messages.success(request, _("Thank you. We wait for the other person's answer."))
        else:
            messages.success(request, _("Declined. Nobody is told."))
    return _intro_url(request, intro)


@center_view()
@require_POST
def introduction_forward(request, pk: int):
    intro = selectors.get_introduction_for(request.scope, request.center, pk)
    forbid_unless(perms.can_forward(request.scope, intro))
    try:
        services.forward_introduction(scope=request.scope, introduction=intro)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Forwarded: the person is asked."))
    return _intro_url(request, intro)


@center_view()
def introduction_propose(request):
    forbid_unless(perms.can_broker(request.scope, request.center))
    people = selectors.directory_for(request.scope, request.center).filter(center=request.center)
    form = ProposeForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            intro = services.propose_introduction(
                scope=request.scope,
                center=request.center,
                requester=form.cleaned_data["requester"],
                target=form.cleaned_data["target"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Both people are asked."))
            return _intro_url(request, intro)
    return render(
        request, "networking/form.html", {"form": form, "title": _("Propose an introduction")}
    )


@center_view()
def who_to_meet(request):
    me = selectors.own_person_in(request.scope, request.center)
    return render(
        request,
        "networking/who_to_meet.html",
        {
            "suggestions": suggestions.suggestions_for(request.scope, request.center),
            "me": me,
        },
    )


def _graph_filters(request) -> dict:
    form = GraphFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return {"form": form, "sector": data.get("sector") or "", "sdg": data.get("sdg")}


@center_view()
def graph_page(request):
    f = _graph_filters(request)
    payload = graph_view.graph_for(request.scope, request.center, sector=f["sector"], sdg=f["sdg"])
    return render(
        request,
        "networking/graph.html",
        {
            "form": f["form"],
            "payload": payload,
            "rows": _labelled(graph_view.neighbours_table(payload)),
            "query": request.GET.urlencode(),
        },
    )


def _kind_labels() -> dict[str, str]:
    return {
        "person": _("Person"),
        "organization": _("Organization"),
        "venture": _("Venture"),
        "award": _("Award"),
        "challenge": _("Challenge"),
        "event": _("Event"),
    }


def _labelled(rows: list[dict]) -> list[dict]:
    kinds, sectors = _kind_labels(), dict(Sector.choices)
    for row in rows:
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        row["sector_labels"] = [str(sectors.get(s, s)) for s in row["sectors"]]
    return rows


@center_view()
def graph_json(request):
    f = _graph_filters(request)
    payload = graph_view.graph_for(request.scope, request.center, sector=f["sector"], sdg=f["sdg"])
    return JsonResponse(payload)


@center_view()
def analytics_page(request):
    forbid_unless(perms.can_view_analytics(request.scope, request.center))
    center = graph_view.center_analytics(request.scope, request.center)
    if center:
        sectors = dict(Sector.choices)
        for row in center["sector_ties_by_year"]:
            row["sectors"] = [str(sectors.get(s, s)) for s in row["sectors"]]
    return render(request, "networking/analytics.html", {"c": center})
