"""API of review: rubrics, rounds, pools, assignment, scoring, progress, ranking, export and
conflicts (same selectors, services and rules as the pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems
from markaz.review import board, exports, selectors, services
from markaz.review import permissions as perms
from markaz.review.presentation import application_view, reviewer_label
from markaz.review.schemas import (
    ApplicationReviewOut,
    AssignmentDetailOut,
    AssignmentFilters,
    AssignmentPage,
    AssignmentReportOut,
    ConflictIn,
    ConflictOut,
    PoolMemberIn,
    PoolMemberOut,
    ProgressOut,
    RankingFilters,
    RankingOut,
    RecuseIn,
    RecuseOut,
    ReviewFeedbackOut,
    ReviewSubmissionIn,
    RoundFilters,
    RoundIn,
    RoundOut,
    RoundPage,
    RoundPatch,
    RoundStatusIn,
    RubricIn,
    RubricOut,
    RubricPage,
    RubricPatch,
    ShortlistIn,
    ShortlistOut,
    ShortlistRetractIn,
    ShortlistRetractOut,
)
from markaz.stakeholders.api import organization_in_center
from markaz.ventures.selectors import ventures_for

router = Router(tags=["review"])
R = "/centers/{slug}/review"


def _ref(qs, pk: int | None, field: str, message: str):
    obj = qs.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise ValidationError({field: message})
    return obj


def _managed_round(request, slug: str, round_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return scope, center, selectors.managed_round(scope, center, round_id)


# -- rubrics ---------------------------------------------------------------------------------


@router.get(
    f"{R}/rubrics",
    response={200: RubricPage, **problems(401, 404, 422)},
    operation_id="list_review_rubrics",
    summary="Rubrics of the center's calls (staff; reviewers those of their rounds)",
)
def list_review_rubrics(request, slug: str, filters: Query[RoundFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.rubrics_for(scope, center)
    if filters.call:
        qs = qs.filter(call_id=filters.call)
    return paginate(request, qs, filters)


@router.post(
    f"{R}/rubrics",
    response={201: RubricOut, **problems(401, 403, 404, 422)},
    operation_id="create_review_rubric",
    summary="Create a rubric: weighted criteria on one scale, levels described (staff)",
)
def create_review_rubric(request, slug: str, payload: RubricIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_review(scope, center))
    data = payload.model_dump(exclude={"criteria"})
    data["call"] = _ref(
        selectors.calls_for(scope, center), data["call"], "call", _("Choose a call of this center.")
    )
    criteria = [c.model_dump() for c in payload.criteria]
    rubric = services.create_rubric(scope=scope, center=center, data=data, criteria=criteria)
    return Status(201, rubric)


@router.get(
    f"{R}/rubrics/{{rubric_id}}",
    response={200: RubricOut, **problems(401, 404)},
    operation_id="get_review_rubric",
    summary="One rubric with its criteria and level descriptions",
)
def get_review_rubric(request, slug: str, rubric_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return selectors.get_rubric_for(scope, center, rubric_id)


@router.patch(
    f"{R}/rubrics/{{rubric_id}}",
    response={200: RubricOut, **problems(401, 403, 404, 422)},
    operation_id="update_review_rubric",
    summary="Change a rubric's names, scale, criteria, weights or level descriptions (staff)",
    description="Once reviewers have scored against the rubric its scale and its set of "
    "criteria are fixed (422 naming the field); wording, order and weights still change.",
)
def update_review_rubric(request, slug: str, rubric_id: int, payload: RubricPatch):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    rubric = selectors.get_rubric_for(scope, center, rubric_id)
    require(perms.can_manage_review(scope, center))
    data = {k: v for k, v in payload.model_dump(exclude={"criteria"}).items() if v is not None}
    criteria = None
    if payload.criteria is not None:
        criteria = [
            {k: v for k, v in c.model_dump().items() if v is not None} for c in payload.criteria
        ]
    services.update_rubric(scope=scope, rubric=rubric, data=data, criteria=criteria)
    return selectors.get_rubric_for(scope, center, rubric_id)


# -- rounds ----------------------------------------------------------------------------------


@router.get(
    f"{R}/rounds",
    response={200: RoundPage, **problems(401, 404, 422)},
    operation_id="list_review_rounds",
    summary="Review rounds (staff: all; reviewers: those they review in)",
)
def list_review_rounds(request, slug: str, filters: Query[RoundFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.rounds_for(scope, center)
    if filters.call:
        qs = qs.filter(call_id=filters.call)
    return paginate(request, qs, filters)


@router.post(
    f"{R}/rounds",
    response={201: RoundOut, **problems(401, 403, 404, 422)},
    operation_id="create_review_round",
    summary="Add a round to a call (the first takes its submitted applications) (staff)",
)
def create_review_round(request, slug: str, payload: RoundIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_review(scope, center))
    data = payload.model_dump()
    data["call"] = _ref(
        selectors.calls_for(scope, center), data["call"], "call", _("Choose a call of this center.")
    )
    data["rubric"] = _ref(
        selectors.rubrics_for(scope, center),
        data["rubric"],
        "rubric",
        _("Choose a rubric of this call."),
    )
    return Status(201, services.create_round(scope=scope, center=center, data=data))


@router.get(
    f"{R}/rounds/{{round_id}}",
    response={200: RoundOut, **problems(401, 404)},
    operation_id="get_review_round",
    summary="One review round",
)
def get_review_round(request, slug: str, round_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return selectors.get_round_for(scope, center, round_id)


@router.patch(
    f"{R}/rounds/{{round_id}}",
    response={200: RoundOut, **problems(401, 404, 422)},
    operation_id="update_review_round",
    summary="Change a round's names, rubric, reviewers per application, due date, "
    "normalization or the call's blind flag (staff)",
    description="A new rubric is refused once anyone scored in the round, and blind review "
    "cannot be switched on once reviewers were given applications of the call (422).",
)
def update_review_round(request, slug: str, round_id: int, payload: RoundPatch):
    scope, center, round_ = _managed_round(request, slug, round_id)
    data = {
        k: v
        for k, v in payload.model_dump(exclude_unset=True).items()
        if v is not None or k == "due_on"
    }
    if "rubric" in data:
        data["rubric"] = _ref(
            selectors.rubrics_for(scope, center),
            data["rubric"],
            "rubric",
            _("Choose a rubric of this call."),
        )
    services.update_round(scope=scope, round=round_, data=data)
    return selectors.get_round_for(scope, center, round_id)


@router.post(
    f"{R}/rounds/{{round_id}}/status",
    response={200: RoundOut, **problems(401, 404, 422)},
    operation_id="set_review_round_status",
    summary="Open or close a round for scoring (staff)",
)
def set_review_round_status(request, slug: str, round_id: int, payload: RoundStatusIn):
    scope, _center, round_ = _managed_round(request, slug, round_id)
    return services.set_round_status(scope=scope, round=round_, status=payload.status)


@router.get(
    f"{R}/rounds/{{round_id}}/reviewers",
    response={200: list[PoolMemberOut], **problems(401, 404)},
    operation_id="list_review_round_reviewers",
    summary="The reviewer pool of a round (staff)",
)
def list_review_round_reviewers(request, slug: str, round_id: int):
    _scope, _center, round_ = _managed_round(request, slug, round_id)
    return list(selectors.pool_of(round_))


@router.post(
    f"{R}/rounds/{{round_id}}/reviewers",
    response={201: PoolMemberOut, **problems(401, 404, 422)},
    operation_id="add_review_round_reviewer",
    summary="Add a reviewer of the center to a round, with expertise and maximum load (staff)",
)
def add_review_round_reviewer(request, slug: str, round_id: int, payload: PoolMemberIn):
    scope, center, round_ = _managed_round(request, slug, round_id)
    reviewer = _ref(
        selectors.reviewers_of(center),
        payload.reviewer,
        "reviewer",
        _("Choose a reviewer of this center."),
    )
    member = services.add_reviewer(
        scope=scope,
        round=round_,
        reviewer=reviewer,
        expertise=payload.expertise,
        capacity=payload.capacity,
    )
    return Status(201, member)


@router.delete(
    f"{R}/rounds/{{round_id}}/reviewers/{{pool_member_id}}",
    response={204: None, **problems(401, 404)},
    operation_id="remove_review_round_reviewer",
    summary="Take a reviewer out of a round's pool; their assignments stay (staff)",
)
def remove_review_round_reviewer(request, slug: str, round_id: int, pool_member_id: int):
    scope, _center, round_ = _managed_round(request, slug, round_id)
    services.remove_reviewer(scope=scope, member=selectors.get_pool_member(round_, pool_member_id))
    return Status(204, None)


@router.post(
    f"{R}/rounds/{{round_id}}/assign",
    response={200: AssignmentReportOut, **problems(401, 404, 422)},
    operation_id="assign_review_round",
    summary="Assign reviewers (min-cost flow; conflicts never; loads balanced) (staff)",
    description="Existing assignments stay. When full coverage is impossible the answer is "
    "still 200, with `complete` false and one shortfall (with its reason) per short "
    "application.",
)
def assign_review_round(request, slug: str, round_id: int):
    scope, _center, round_ = _managed_round(request, slug, round_id)
    outcome = services.assign_reviewers(scope=scope, round=round_)
    return {
        "created": outcome.created,
        "applications": outcome.applications,
        "reviewers": outcome.reviewers,
        "per_application": outcome.per_application,
        "complete": outcome.complete,
        "shortfalls": [
            {"application": app, "missing": n, "reason": outcome.shortfalls.get(app, "")}
            for app, n in outcome.unfilled.items()
        ],
        "loads": [{"reviewer": uid, "load": n} for uid, n in outcome.loads.items()],
        "load_spread": outcome.load_spread,
        "recused": outcome.recused,
        "report": outcome.report,
    }


@router.get(
    f"{R}/rounds/{{round_id}}/progress",
    response={200: ProgressOut, **problems(401, 404)},
    operation_id="get_review_round_progress",
    summary="Progress board: completion per reviewer, who is late, what is unassigned (staff)",
)
def get_review_round_progress(request, slug: str, round_id: int):
    _scope, _center, round_ = _managed_round(request, slug, round_id)
    p = board.progress(round_)
    return {
        "applications": p.applications,
        "assigned": p.assigned,
        "submitted": p.submitted,
        "late": p.late,
        "completion": p.completion,
        "overdue": p.overdue,
        "reviewers": [
            {
                "reviewer": r.reviewer.pk,
                "name": reviewer_label(r.reviewer),
                "assigned": r.assigned,
                "submitted": r.submitted,
                "late": r.late,
                "recused": r.recused,
                "completion": r.completion,
            }
            for r in p.reviewers
        ],
        "unassigned": [
            {"application": a.pk, "reference": a.reference, "reviewers": n} for a, n in p.unassigned
        ],
    }


@router.get(
    f"{R}/rounds/{{round_id}}/ranking",
    response={200: RankingOut, **problems(401, 404, 422)},
    operation_id="get_review_round_ranking",
    summary="Ranking: weighted totals, optional z-scores, disagreement flags, ties (staff)",
)
def get_review_round_ranking(request, slug: str, round_id: int, filters: Query[RankingFilters]):
    _scope, _center, round_ = _managed_round(request, slug, round_id)
    ranked = board.ranking(round_, filters.normalize)
    return {
        "round": round_.pk,
        "normalized": ranked.normalized,
        "ties": ranked.ties,
        "disagreements": ranked.disagreements,
        "items": [
            {
                "application": r.application_id,
                "reference": r.application.reference,
                "venture": r.application.venture.name,
                "rank": r.rank,
                "tied": r.tied,
                "score": r.score,
                "reviews": r.reviews,
                "std": r.std,
                "spread": r.spread,
                "disagreement": r.disagreement,
                "advanced": r.advanced,
                "criteria": {str(k): v for k, v in r.criteria.items()},
            }
            for r in ranked.rows
        ],
    }


@router.post(
    f"{R}/rounds/{{round_id}}/shortlist",
    response={200: ShortlistOut, **problems(401, 404, 422)},
    operation_id="advance_review_shortlist",
    summary="Advance the top N or chosen applications to the next round (staff)",
)
def advance_review_shortlist(request, slug: str, round_id: int, payload: ShortlistIn):
    scope, _center, round_ = _managed_round(request, slug, round_id)
    chosen = services.advance_shortlist(
        scope=scope, round=round_, top=payload.top, application_ids=payload.applications
    )
    return {"advanced": chosen, "next_round": services.next_round(round_).pk}


@router.post(
    f"{R}/rounds/{{round_id}}/shortlist/retract",
    response={200: ShortlistRetractOut, **problems(401, 404, 422)},
    operation_id="retract_review_shortlist",
    summary="Take applications back off the shortlist, before the next round scores them (staff)",
)
def retract_review_shortlist(request, slug: str, round_id: int, payload: ShortlistRetractIn):
    scope, _center, round_ = _managed_round(request, slug, round_id)
    retracted = services.retract_shortlist(
        scope=scope, round=round_, application_ids=payload.applications
    )
    return {"retracted": retracted}


@router.get(
    f"{R}/rounds/{{round_id}}/scores.csv",
    response={200: None, **problems(401, 404)},
    operation_id="export_review_scores_csv",
    summary="Scores per application × reviewer × criterion as CSV, blind-aware (staff)",
)
def export_review_scores_csv(request, slug: str, round_id: int):
    _scope, _center, round_ = _managed_round(request, slug, round_id)
    response = StreamingHttpResponse(exports.csv_lines(round_), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="review-{round_.pk}.csv"'
    return response


@router.get(
    f"{R}/rounds/{{round_id}}/scores.xlsx",
    response={200: None, **problems(401, 404)},
    operation_id="export_review_scores_xlsx",
    summary="Scores per application × reviewer × criterion as XLSX, blind-aware (staff)",
)
def export_review_scores_xlsx(request, slug: str, round_id: int):
    _scope, _center, round_ = _managed_round(request, slug, round_id)
    return FileResponse(
        exports.xlsx_file(round_),
        as_attachment=True,
        filename=f"review-{round_.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# -- assignments -----------------------------------------------------------------------------


def _assignment_out(scope, a, *, details: bool = False) -> dict:
    view = application_view(scope, a.application, details=details)
    out = {
        "id": a.pk,
        "round": a.round_id,
        "round_name": a.round.name,
        "application": a.application_id,
        "title": view.title,
        "reference": view.reference,
        "reviewer": a.reviewer_id,
        "status": a.status,
        "due_on": a.round.due_on,
        "submitted_at": a.submitted_at,
    }
    if details:
        out.update(
            application_detail=ApplicationReviewOut(
                **view.__dict__ | {"attachments": [att.__dict__ for att in view.attachments]}
            ),
            rubric=a.round.rubric,
            scores={str(s.criterion_id): s.value for s in a.scores.all()},
            comment=a.comment,
            comment_shared=a.comment_shared,
            can_score=perms.can_score(scope, a),
        )
    return out


@router.get(
    f"{R}/assignments",
    response={200: AssignmentPage, **problems(401, 404, 422)},
    operation_id="list_review_assignments",
    summary="Assignments: reviewers see only their own; staff every one of the center",
)
def list_review_assignments(request, slug: str, filters: Query[AssignmentFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.assignments_for(scope, center)
    if filters.round:
        qs = qs.filter(round_id=filters.round)
    if filters.status:
        qs = qs.filter(status=filters.status)
    page = paginate(request, qs, filters)
    page["items"] = [_assignment_out(scope, a) for a in page["items"]]
    return page


@router.get(
    f"{R}/assignments/{{assignment_id}}",
    response={200: AssignmentDetailOut, **problems(401, 404)},
    operation_id="get_review_assignment",
    summary="One assignment with the application (blind-aware), rubric and scores",
)
def get_review_assignment(request, slug: str, assignment_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    a = selectors.get_assignment_for(scope, center, assignment_id)
    return _assignment_out(scope, a, details=True)


@router.post(
    f"{R}/assignments/{{assignment_id}}/review",
    response={200: AssignmentDetailOut, **problems(401, 403, 404, 422)},
    operation_id="submit_review",
    summary="Score every criterion (the assigned reviewer, while the round is open)",
)
def submit_review(request, slug: str, assignment_id: int, payload: ReviewSubmissionIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    a = selectors.get_assignment_for(scope, center, assignment_id)
    require(perms.can_score(scope, a))
    try:
        scores = {int(k): v for k, v in payload.scores.items()}
    except ValueError:
        raise ValidationError({"scores": _("Key scores by criterion id.")}) from None
    services.submit_review(
        scope=scope,
        assignment=a,
        scores=scores,
        comment=payload.comment,
        comment_shared=payload.comment_shared,
    )
    return _assignment_out(scope, selectors.get_assignment_for(scope, center, a.pk), details=True)


@router.post(
    f"{R}/assignments/{{assignment_id}}/recuse",
    response={200: RecuseOut, **problems(401, 403, 404, 422)},
    operation_id="recuse_review_assignment",
    summary="Declare a conflict of interest: recused, and the application reassigned",
)
def recuse_review_assignment(request, slug: str, assignment_id: int, payload: RecuseIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    a = selectors.get_assignment_for(scope, center, assignment_id)
    require(perms.can_recuse(scope, a) or perms.can_manage_review(scope, center))
    replacement = services.recuse(scope=scope, assignment=a, reason=payload.reason)
    return {"recused": a.pk, "reassigned": replacement is not None}


@router.post(
    f"{R}/conflicts",
    response={201: ConflictOut, **problems(401, 403, 404, 422)},
    operation_id="declare_review_conflict",
    summary="A reviewer declares a relationship with an organization or a venture",
)
def declare_review_conflict(request, slug: str, payload: ConflictIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.is_reviewer_of(scope, center))
    organization = organization_in_center(scope, center, payload.organization)
    venture = None
    if payload.venture is not None:
        venture = _ref(
            ventures_for(scope, center),
            payload.venture,
            "venture",
            _("Choose a venture of this center."),
        )
    conflict = services.declare_relationship(
        scope=scope, center=center, organization=organization, venture=venture,
        reason=payload.reason,
    )  # fmt: skip
    return Status(201, conflict)


@router.get(
    f"{R}/applications/{{application_id}}/feedback",
    response={200: list[ReviewFeedbackOut], **problems(401, 404)},
    operation_id="list_review_feedback",
    summary="Reviewers' comments shared with the applicant (never who wrote them)",
)
def list_review_feedback(request, slug: str, application_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    application = selectors.get_feedback_application(scope, center, application_id)
    return [
        {"round": a.round.name, "comment": a.comment, "submitted_at": a.submitted_at}
        for a in selectors.shared_feedback(application)
    ]
