"""Named predicates for review: staff run it, reviewers score their own assignments."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center, Membership, Role


def can_manage_review(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def is_reviewer_of(scope: AccessScope, center: Center | int) -> bool:
    return scope.has_role(center, Role.REVIEWER)


def can_see_identity(scope: AccessScope, application) -> bool:
    """Staff always see who applied; reviewers only when the call is not blind."""
    return can_manage_review(scope, application.center_id) or not application.call.blind_review


def can_score(scope: AccessScope, assignment) -> bool:
    from markaz.review.models import AssignmentStatus, RoundStatus

    return (
        scope.user_id is not None
        and assignment.reviewer_id == scope.user_id
        and assignment.status != AssignmentStatus.RECUSED
        and assignment.round.status == RoundStatus.OPEN
        and scope.has_role(assignment.center_id, Role.REVIEWER)
    )


def can_recuse(scope: AccessScope, assignment) -> bool:
    """A reviewer may declare a conflict on their assignment at any time."""
    from markaz.review.models import AssignmentStatus

    return (
        scope.user_id is not None
        and assignment.reviewer_id == scope.user_id
        and assignment.status != AssignmentStatus.RECUSED
    )


def _active_assignments(user, center_id: int):
    """The user's assignments they have not recused from, if they are a reviewer of the center."""
    from markaz.review.models import Assignment, AssignmentStatus

    if user is None or not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    if not Membership.objects.filter(user=user, center_id=center_id, role=Role.REVIEWER).exists():
        return Assignment.objects.none()
    return Assignment.objects.filter(reviewer=user).exclude(status=AssignmentStatus.RECUSED)


def is_assigned_reviewer(user, application) -> bool:
    """For the programs app: may this user read the application's files as its reviewer?

    True while the user holds the reviewer role of the application's center and has an
    assignment to it that they have not recused themselves from.
    """
    if application is None:
        return False
    return _active_assignments(user, application.center_id).filter(application=application).exists()


def assigned_application_ids(user, call) -> set[int]:
    """For the programs app: the applications of `call` that `is_assigned_reviewer` allows, at
    once (the reviewer's export would otherwise ask per application)."""
    return set(
        _active_assignments(user, call.center_id)
        .filter(application__call=call)
        .values_list("application_id", flat=True)
    )
