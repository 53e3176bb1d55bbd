"""Match round pages: staff create, solve, review (lock, override, exclude) and publish;
participants of a stable round submit their rankings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import apply_service_errors, center_view, forbid_unless, paginate
from markaz.mentoring import permissions as perms
from markaz.mentoring import rounds, selectors, services
from markaz.mentoring.forms import PairForm, RankingForm, RoundForm
from markaz.mentoring.models import PairState
from markaz.programs.selectors import programs_for
from markaz.ventures.selectors import ventures_for


def _flash(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@center_view()
def round_list(request):
    forbid_unless(perms.can_manage_mentoring(request.scope, request.center))
    qs = selectors.rounds_for(request.scope, request.center)
    return render(request, "mentoring/round_list.html", {"page": paginate(request, qs)})


@center_view()
def round_create(request):
    forbid_unless(perms.can_manage_mentoring(request.scope, request.center))
    form = RoundForm(
        request.POST or None,
        ventures=ventures_for(request.scope, request.center),
        mentors=selectors.mentor_profiles_for(request.scope, request.center),
        programs=programs_for(request.scope, request.center),
    )
    if request.method == "POST" and form.is_valid():
        try:
            match_round = services.create_round(
                scope=request.scope,
                center=request.center,
                data=form.service_data(),
                ventures=form.cleaned_data["ventures"],
                mentors=form.cleaned_data["mentors"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Round created."))
            return redirect("mentoring-round-detail", center=request.center.slug, pk=match_round.pk)
    return render(request, "mentoring/form.html", {"form": form, "title": _("New match round")})


def candidates_by_venture(match_round, people, limit: int = 5) -> dict[int, list[dict]]:
    """For each venture: its best allowed mentors with their fit, then blocked ones with why."""
    weights = rounds.weights_of(match_round)
    table: dict[int, list[dict]] = {}
    for mentee in people.mentees:
        rows = []
        for mentor in people.mentors:
            why = rounds.explain_pair(people, (mentee.id, mentor.id), weights)
            reason = people.block_reason(mentee.id, mentor.id)
            rows.append(
                {
                    "mentor_id": rounds.pk_of(mentor.id),
                    "fit": why.total if reason is None else None,
                    "blocked": services.block_message(reason) if reason else "",
                }
            )
        rows.sort(key=lambda r: (r["fit"] is None, -(r["fit"] or 0)))
        table[rounds.pk_of(mentee.id)] = rows[:limit]
    return table


@center_view()
def round_detail(request, pk: int):
    match_round = selectors.get_round_for(request.scope, request.center, pk)
    people = rounds.people_of(match_round)
    mentors = {p.pk: p for p in rounds.round_mentors(match_round)}
    pairs = list(match_round.pairs.select_related("venture", "mentor"))
    for pair in pairs:
        pair.mentor_name = mentors[pair.mentor_id].display_name if pair.mentor_id in mentors else ""
    candidates = candidates_by_venture(match_round, people)
    for rows in candidates.values():
        for row in rows:
            profile = mentors.get(row["mentor_id"])
            row["name"] = profile.display_name if profile else ""
    ventures = match_round.ventures.all()
    return render(
        request,
        "mentoring/round_detail.html",
        {
            "round": match_round,
            "pairs": [p for p in pairs if p.state != PairState.EXCLUDED],
            "excluded": [p for p in pairs if p.state == PairState.EXCLUDED],
            "candidates": [(v, candidates.get(v.pk, [])) for v in ventures],
            "without_needs": people.without_needs,
            "pair_form": PairForm(ventures=ventures, mentors=rounds.round_mentors(match_round)),
            "weights": rounds.weights_of(match_round).normalized(),
            "is_open": match_round.status != "published",
        },
    )


@center_view()
@require_POST
def round_solve(request, pk: int):
    match_round = selectors.get_round_for(request.scope, request.center, pk)
    try:
        summary = services.solve_round(scope=request.scope, match_round=match_round)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(
            request,
            _("Proposal ready: %(matched)s pairs for %(mentees)s ventures.")
            % {"matched": summary["matched"], "mentees": summary["mentees"]},
        )
    return redirect("mentoring-round-detail", center=request.center.slug, pk=pk)


@center_view()
@require_POST
def round_pair(request, pk: int):
    match_round = selectors.get_round_for(request.scope, request.center, pk)
    form = PairForm(
        request.POST,
        ventures=match_round.ventures.all(),
        mentors=rounds.round_mentors(match_round),
    )
    if form.is_valid():
        try:
            services.set_pair(scope=request.scope, match_round=match_round, **form.cleaned_data)
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Pair updated. Solve again to re-match the rest."))
    else:
        messages.error(request, _("Choose a venture, a mentor and an action."))
    return redirect("mentoring-round-detail", center=request.center.slug, pk=pk)


@center_view()
@require_POST
def round_publish(request, pk: int):
    match_round = selectors.get_round_for(request.scope, request.center, pk)
    try:
        made = services.publish_round(scope=request.scope, match_round=match_round)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(
            request,
            _("Published: %(count)s mentorships; both sides were introduced by email.")
            % {"count": len(made)},
        )
    return redirect("mentoring-round-detail", center=request.center.slug, pk=pk)


@center_view()
def round_rank(request, pk: int):
    """A mentor ranks the round's ventures, or a venture's manager ranks its mentors."""
    scope, center = request.scope, request.center
    match_round = selectors.get_rankable_round_for(scope, center, pk)
    venture = None
    managed = selectors.needs_ventures_for(scope, center).filter(pk__in=match_round.ventures.all())
    if request.GET.get("venture") or request.POST.get("venture"):
        venture = managed.filter(
            pk=request.GET.get("venture") or request.POST.get("venture")
        ).first()
        forbid_unless(
            venture is not None and perms.can_rank_in(scope, match_round, venture=venture)
        )
        candidates = list(rounds.round_mentors(match_round).select_related("user__person"))
        current = match_round.rankings.filter(venture=venture).first()
    else:
        forbid_unless(perms.can_rank_in(scope, match_round))
        candidates = list(match_round.ventures.all())
        profile = selectors.own_profile(scope)
        current = match_round.rankings.filter(mentor=profile).first()
    form = RankingForm(
        request.POST or None,
        candidates=candidates,
        current=current.ranked if current else [],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_ranking(
                scope=scope, match_round=match_round, ranked=form.ranked(), venture=venture
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your ranking is saved."))
            return redirect("mentoring-home", center=center.slug)
    return render(
        request,
        "mentoring/rank.html",
        {"form": form, "round": match_round, "venture": venture, "managed": managed},
    )
