"""Reads of review for a user. Staff see their center's rounds; reviewers their own
assignments only (another reviewer's assignment is a 404, like a missing one)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center, Role
from markaz.review.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    Criterion,
    PoolMember,
    Round,
    Rubric,
)
from markaz.review.permissions import can_manage_review, is_reviewer_of

LIVE = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)


def rounds_for(scope: AccessScope, center: Center) -> QuerySet[Round]:
    qs = Round.objects.filter(center=center).select_related("call", "rubric")
    if can_manage_review(scope, center):
        return qs
    if is_reviewer_of(scope, center):
        return qs.filter(
            pk__in=PoolMember.objects.filter(reviewer_id=scope.user_id).values("round")
        )
    return qs.none()


def get_round_for(scope: AccessScope, center: Center, pk: int) -> Round:
    return get_visible(rounds_for(scope, center), pk=pk)


def managed_round(scope: AccessScope, center: Center, pk: int) -> Round:
    """A round for its staff; 404 for everyone else (reviewers included)."""
    if not can_manage_review(scope, center):
        return get_visible(Round.objects.none(), pk=pk)
    return get_round_for(scope, center, pk)


def rubrics_for(scope: AccessScope, center: Center) -> QuerySet[Rubric]:
    qs = Rubric.objects.filter(center=center).select_related("call")
    if can_manage_review(scope, center):
        return qs
    return qs.filter(pk__in=rounds_for(scope, center).values("rubric"))


def get_rubric_for(scope: AccessScope, center: Center, pk: int) -> Rubric:
    return get_visible(rubrics_for(scope, center), pk=pk)


def criteria_of(rubric: Rubric) -> list[Criterion]:
    return list(rubric.criteria.prefetch_related("levels").order_by("position", "id"))


def assignments_for(scope: AccessScope, center: Center) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(center=center).select_related(
        "round",
        "round__call",
        "round__rubric",
        "application",
        "application__call",
        "application__venture",
        "application__venture__organization",
        "application__applicant",
        "reviewer",
    )
    if can_manage_review(scope, center):
        return qs
    if is_reviewer_of(scope, center):
        return qs.filter(reviewer_id=scope.user_id, status__in=LIVE)
    return qs.none()


def get_assignment_for(scope: AccessScope, center: Center, pk: int) -> Assignment:
    return get_visible(assignments_for(scope, center), pk=pk)


def own_assignments(scope: AccessScope, center: Center) -> QuerySet[Assignment]:
    """The signed-in user's live assignments, whatever their other roles."""
    return (
        assignments_for(scope, center)
        .filter(reviewer_id=scope.user_id, status__in=LIVE)
        .order_by("round__due_on", "round_id", "application_id")
    )


def calls_for(scope: AccessScope, center: Center):
    from markaz.programs.models import Call

    if not can_manage_review(scope, center):
        return Call.objects.none()
    return Call.objects.filter(center=center)


def reviewers_of(center: Center) -> QuerySet:
    """Users holding the reviewer role of the center: the pool rounds draw from."""
    users = get_user_model().objects.filter(
        memberships__center=center, memberships__role=Role.REVIEWER
    )
    return users.distinct().order_by("username")


def pool_of(round_: Round) -> QuerySet[PoolMember]:
    return round_.pool.select_related("reviewer", "reviewer__person").order_by("reviewer__username")


def get_pool_member(round_: Round, pk: int) -> PoolMember:
    return get_visible(pool_of(round_), pk=pk)


def conflicts_of(scope: AccessScope, center: Center) -> QuerySet[Conflict]:
    qs = Conflict.objects.filter(center=center).select_related(
        "organization", "venture", "application", "reviewer"
    )
    if can_manage_review(scope, center):
        return qs
    return qs.filter(reviewer_id=scope.user_id)


def feedback_applications(scope: AccessScope, center: Center):
    """Applications whose shared reviewer comments the user may read: their own (as applicant
    or on the venture's team), and every application of the center for staff."""
    from markaz.programs.models import Application
    from markaz.ventures.models import TeamMember

    qs = Application.objects.filter(center=center, submitted_at__isnull=False).select_related(
        "call", "venture"
    )
    if can_manage_review(scope, center):
        return qs
    if not scope.has_role(center) or scope.user_id is None:
        return qs.none()
    mine = Q(applicant_id=scope.user_id)
    if scope.person_id is not None:
        teams = TeamMember.objects.filter(person_id=scope.person_id).values("venture_id")
        mine |= Q(venture__in=teams)
    return qs.filter(mine)


def get_feedback_application(scope: AccessScope, center: Center, pk: int):
    return get_visible(feedback_applications(scope, center), pk=pk)


def shared_feedback(application) -> QuerySet[Assignment]:
    """Comments reviewers marked for the applicant (never who wrote them)."""
    return (
        Assignment.objects.filter(
            application=application,
            status=AssignmentStatus.SUBMITTED,
            comment_shared=True,
        )
        .exclude(comment="")
        .select_related("round")
        .order_by("round__position", "submitted_at", "id")
    )


def live_counts(round_: Round) -> dict[int, int]:
    """Application id -> live (not recused) assignments in the round."""
    rows = (
        round_.assignments.filter(status__in=LIVE)
        .values("application_id")
        .annotate(n=Count("id"))
        .values_list("application_id", "n")
    )
    return dict(rows)


def round_entry(round_: Round, application_id: int):
    """An application of a round (its `RoundApplication`), 404 when it is not in the round."""
    qs = round_.entries.select_related("application", "application__venture", "application__call")
    return get_visible(qs, application_id=application_id)


def reviews_in_round(round_: Round, application_id: int) -> QuerySet[Assignment]:
    """Every assignment of one application in a round, recused ones too, with their scores:
    what staff read of the reviewers' work, private comments included."""
    return (
        Assignment.objects.filter(round=round_, application_id=application_id)
        .select_related("reviewer", "reviewer__person")
        .prefetch_related("scores")
        .order_by("status", "reviewer__username", "id")
    )
