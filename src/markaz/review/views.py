"""Pages of review (thin: selectors and board read, services write).

Reviewers see their own assignments only; staff run rounds, the progress board and the
ranking. Under blind review every page a reviewer sees goes through `presentation`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import apply_service_errors, center_view, forbid_unless
from markaz.review import board, exports, selectors, services
from markaz.review import permissions as perms
from markaz.review.forms import (
    CriterionEditFormSet,
    CriterionForm,
    CriterionFormSet,
    PoolMemberForm,
    RecuseForm,
    RelationshipForm,
    RoundEditForm,
    RoundForm,
    RubricEditForm,
    RubricForm,
    ScoreForm,
    ShortlistForm,
    ShortlistRetractForm,
    StatusForm,
    criteria_from,
)
from markaz.review.presentation import application_view
from markaz.stakeholders.selectors import organizations_for
from markaz.ventures.selectors import ventures_for

DECISION_URLS = ("programs-application-decide", "programs-application-decision")


def _flash(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _staff(request) -> None:
    forbid_unless(perms.can_manage_review(request.scope, request.center))


@center_view()
def home(request):
    scope, center = request.scope, request.center
    staff = perms.can_manage_review(scope, center)
    mine = selectors.own_assignments(scope, center) if perms.is_reviewer_of(scope, center) else []
    rows = [(a, application_view(scope, a.application, details=False)) for a in mine]
    return render(
        request,
        "review/home.html",
        {
            "can_manage": staff,
            "is_reviewer": perms.is_reviewer_of(scope, center),
            "assignments": rows,
            "rounds": selectors.rounds_for(scope, center) if staff else [],
            "rubrics": selectors.rubrics_for(scope, center) if staff else [],
            "feedback": [] if staff else selectors.feedback_applications(scope, center),
            "conflicts": selectors.conflicts_of(scope, center).filter(reviewer_id=scope.user_id),
        },
    )


# -- rubrics ---------------------------------------------------------------------------------


@center_view()
def rubric_create(request):
    _staff(request)
    scope, center = request.scope, request.center
    form = RubricForm(request.POST or None, calls=selectors.calls_for(scope, center))
    formset = CriterionFormSet(request.POST or None, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.service_data()
        scale = range(data["scale_min"], data["scale_max"] + 1)
        criteria = criteria_from(formset, scale)
        try:
            rubric = services.create_rubric(
                scope=scope, center=center, data=data, criteria=criteria
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Rubric saved."))
            return redirect("review-rubric-detail", center=center.slug, pk=rubric.pk)
    return render(
        request,
        "review/rubric_form.html",
        {"form": form, "formset": formset, "title": _("New rubric")},
    )


@center_view()
def rubric_detail(request, pk: int):
    rubric = selectors.get_rubric_for(request.scope, request.center, pk)
    return render(
        request,
        "review/rubric_detail.html",
        {
            "rubric": rubric,
            "criteria": selectors.criteria_of(rubric),
            "can_manage": perms.can_manage_review(request.scope, request.center),
        },
    )


@center_view()
def rubric_edit(request, pk: int):
    _staff(request)
    scope, center = request.scope, request.center
    rubric = selectors.get_rubric_for(scope, center, pk)
    scored = services.rubric_is_scored(rubric)
    post = request.POST if request.method == "POST" else None
    form = RubricEditForm(post, instance=rubric, scored=scored)
    formset = CriterionEditFormSet(
        post,
        prefix="criteria",
        initial=[CriterionForm.initial_for(c) for c in selectors.criteria_of(rubric)],
    )
    if post is not None and form.is_valid() and formset.is_valid():
        data = form.service_data()
        scale = range(data["scale_min"], data["scale_max"] + 1)
        try:
            services.update_rubric(
                scope=scope,
                rubric=selectors.get_rubric_for(scope, center, pk),
                data=data,
                criteria=criteria_from(formset, scale),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Rubric saved."))
            return redirect("review-rubric-detail", center=center.slug, pk=rubric.pk)
    return render(
        request,
        "review/rubric_form.html",
        {
            "form": form,
            "formset": formset,
            "scored": scored,
            "title": _("Edit rubric: %(name)s") % {"name": rubric.name},
        },
    )


# -- rounds ----------------------------------------------------------------------------------


@center_view()
def round_create(request):
    _staff(request)
    scope, center = request.scope, request.center
    form = RoundForm(
        request.POST or None,
        calls=selectors.calls_for(scope, center),
        rubrics=selectors.rubrics_for(scope, center),
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(scope=scope, center=center, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Round saved."))
            return redirect("review-round-detail", center=center.slug, pk=round_.pk)
    return render(request, "review/form.html", {"form": form, "title": _("New round")})


@center_view()
def round_edit(request, pk: int):
    scope, center = request.scope, request.center
    round_ = selectors.managed_round(scope, center, pk)
    form = RoundEditForm(
        request.POST if request.method == "POST" else None,
        instance=selectors.managed_round(scope, center, pk),
        rubrics=selectors.rubrics_for(scope, center).filter(call_id=round_.call_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(scope=scope, round=round_, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Round saved."))
            return redirect("review-round-detail", center=center.slug, pk=round_.pk)
    return render(
        request,
        "review/form.html",
        {"form": form, "title": _("Edit round: %(name)s") % {"name": round_.name}},
    )


@center_view()
def round_detail(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    return render(
        request,
        "review/round_detail.html",
        {
            "round": round_,
            "progress": board.progress(round_),
            "pool": selectors.pool_of(round_),
            "pool_form": PoolMemberForm(reviewers=selectors.reviewers_of(request.center)),
            "status_form": StatusForm(initial={"status": round_.status}),
            "next_round": services.next_round(round_),
        },
    )


@center_view()
def round_reviewer_add(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    form = PoolMemberForm(request.POST or None, reviewers=selectors.reviewers_of(request.center))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_reviewer(
                scope=request.scope,
                round=round_,
                reviewer=form.cleaned_data["reviewer"],
                expertise=form.cleaned_data["expertise"],
                capacity=form.cleaned_data["capacity"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Reviewer added to the round."))
            return redirect("review-round-detail", center=request.center.slug, pk=round_.pk)
    return render(request, "review/form.html", {"form": form, "title": _("Add a reviewer")})


@require_POST
@center_view()
def round_reviewer_remove(request, pk: int, member: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    services.remove_reviewer(scope=request.scope, member=selectors.get_pool_member(round_, member))
    messages.success(request, _("Reviewer removed from the round; their assignments stay."))
    return redirect("review-round-detail", center=request.center.slug, pk=round_.pk)


@require_POST
@center_view()
def round_assign(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    try:
        outcome = services.assign_reviewers(scope=request.scope, round=round_)
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("review-round-detail", center=request.center.slug, pk=round_.pk)
    return render(request, "review/assign_report.html", {"round": round_, "outcome": outcome})


@require_POST
@center_view()
def round_status(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_round_status(
            scope=request.scope, round=round_, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Round status changed."))
    return redirect("review-round-detail", center=request.center.slug, pk=round_.pk)


def _decision_url(center, application) -> str | None:
    for name in DECISION_URLS:
        try:
            return reverse(name, kwargs={"center": center.slug, "pk": application.pk})
        except NoReverseMatch:
            continue
    return None


@center_view()
def round_ranking(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    normalize = request.GET.get("normalize")
    ranked = board.ranking(round_, None if normalize is None else normalize == "1")
    rows = [(r, _decision_url(request.center, r.application)) for r in ranked.rows]
    choices = [(r.application_id, r.application.reference) for r in ranked.rows]
    advanced = [(r.application_id, r.application.reference) for r in ranked.rows if r.advanced]
    return render(
        request,
        "review/ranking.html",
        {
            "round": round_,
            "ranking": ranked,
            "rows": rows,
            "next_round": services.next_round(round_),
            "shortlist_form": ShortlistForm(choices=choices),
            "retract_form": ShortlistRetractForm(choices=advanced) if advanced else None,
        },
    )


@center_view()
def round_application(request, pk: int, review_application: int):
    """Staff read every review of one application in a round: scores, and comments both
    private to staff and shared with the applicant (marked as such)."""
    round_ = selectors.managed_round(request.scope, request.center, pk)
    entry = selectors.round_entry(round_, review_application)
    criteria = selectors.criteria_of(round_.rubric)
    reviews = []
    for a in selectors.reviews_in_round(round_, review_application):
        values = {s.criterion_id: s.value for s in a.scores.all()}
        reviews.append((a, [values.get(c.pk) for c in criteria]))
    return render(
        request,
        "review/round_application.html",
        {"round": round_, "entry": entry, "criteria": criteria, "reviews": reviews},
    )


@require_POST
@center_view()
def round_shortlist(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    choices = round_.entries.values_list("application_id", "application_id")
    form = ShortlistForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            chosen = services.advance_shortlist(
                scope=request.scope,
                round=round_,
                top=form.cleaned_data["top"],
                application_ids=form.cleaned_data["applications"],
            )
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(
                request,
                _("%(n)s applications advanced to the next round.") % {"n": len(chosen)},
            )
    else:
        messages.error(request, _("Give how many to advance, or choose applications."))
    return redirect("review-round-ranking", center=request.center.slug, pk=round_.pk)


@require_POST
@center_view()
def round_shortlist_retract(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    choices = round_.entries.filter(advanced=True).values_list("application_id", "application_id")
    form = ShortlistRetractForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            taken = services.retract_shortlist(
                scope=request.scope,
                round=round_,
                application_ids=form.cleaned_data["applications"],
            )
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(
                request,
                _("%(n)s applications taken back off the shortlist.") % {"n": len(taken)},
            )
    else:
        messages.error(request, _("Choose applications on the shortlist."))
    return redirect("review-round-ranking", center=request.center.slug, pk=round_.pk)


def _export_name(round_, ext: str) -> str:
    return f"review-{round_.pk}-{slugify(round_.name_en or 'round') or 'round'}.{ext}"


@center_view()
def round_export_csv(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    response = StreamingHttpResponse(exports.csv_lines(round_), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(round_, "csv")}"'
    return response


@center_view()
def round_export_xlsx(request, pk: int):
    round_ = selectors.managed_round(request.scope, request.center, pk)
    return FileResponse(
        exports.xlsx_file(round_),
        as_attachment=True,
        filename=_export_name(round_, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# -- reviewers' side -------------------------------------------------------------------------


def _attachment_url(center, attachment_id: int) -> str | None:
    for name in ("programs-attachment-download", "programs-attachment"):
        try:
            return reverse(name, kwargs={"center": center.slug, "pk": attachment_id})
        except NoReverseMatch:
            continue
    return None


@center_view()
def assignment_detail(request, pk: int):
    scope, center = request.scope, request.center
    assignment = selectors.get_assignment_for(scope, center, pk)
    round_ = assignment.round
    criteria = selectors.criteria_of(round_.rubric)
    can_score = perms.can_score(scope, assignment)
    current = {s.criterion_id: s.value for s in assignment.scores.all()}
    initial = {f"criterion_{k}": v for k, v in current.items()}
    initial.update(comment=assignment.comment, comment_shared=assignment.comment_shared)
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        criteria=criteria,
        scale=round_.rubric.scale,
    )
    if request.method == "POST":
        forbid_unless(can_score)
        if form.is_valid():
            try:
                services.submit_review(
                    scope=scope,
                    assignment=assignment,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    comment_shared=form.cleaned_data["comment_shared"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("review-home", center=center.slug)
    view = application_view(scope, assignment.application)
    files = [(a, _attachment_url(center, a.id)) for a in view.attachments]
    return render(
        request,
        "review/assignment_detail.html",
        {
            "assignment": assignment,
            "round": round_,
            "app": view,
            "files": files,
            "form": form,
            "can_score": can_score,
            "can_recuse": perms.can_recuse(scope, assignment),
            "recuse_form": RecuseForm(),
            "is_own": assignment.reviewer_id == scope.user_id,
        },
    )


@center_view()
def assignment_recuse(request, pk: int):
    scope, center = request.scope, request.center
    assignment = selectors.get_assignment_for(scope, center, pk)
    forbid_unless(perms.can_recuse(scope, assignment) or perms.can_manage_review(scope, center))
    form = RecuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recuse(scope=scope, assignment=assignment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("You are recused; the application goes to someone else."))
        return redirect("review-home", center=center.slug)
    return render(
        request, "review/form.html", {"form": form, "title": _("Declare a conflict of interest")}
    )


@center_view()
def conflict_create(request):
    scope, center = request.scope, request.center
    forbid_unless(perms.is_reviewer_of(scope, center))
    form = RelationshipForm(
        request.POST or None,
        organizations=organizations_for(scope, center),
        ventures=ventures_for(scope, center).order_by("name_en", "name_ar", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_relationship(
                scope=scope,
                center=center,
                organization=form.cleaned_data["organization"],
                venture=form.cleaned_data["venture"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Relationship declared. Applications you held from it go to other reviewers."),
            )
            return redirect("review-home", center=center.slug)
    return render(request, "review/form.html", {"form": form, "title": _("Declare a relationship")})


@center_view()
def feedback_detail(request, pk: int):
    application = selectors.get_feedback_application(request.scope, request.center, pk)
    return render(
        request,
        "review/feedback.html",
        {"application": application, "comments": selectors.shared_feedback(application)},
    )
