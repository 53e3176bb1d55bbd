"""Named predicates for challenges.

Staff of the center manage challenges (statement, owners, status, linked ventures). The
workspace (comments, documents) belongs to the people affiliated with an owner organization
and to the center's staff. Every other member of the center reads the challenge itself.
Public challenges are also shown, without the workspace, to anyone on the public pages.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from markaz.challenges.models import Challenge, Comment, Status
from markaz.core.access import AccessScope
from markaz.core.models import Center

# Authors may change or delete their comment for this long after writing it.
EDIT_WINDOW = timedelta(hours=24)


def can_manage_challenges(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def can_read_challenge(scope: AccessScope, challenge: Challenge) -> bool:
    return scope.has_role(challenge.center_id)


def owner_organization_ids(scope: AccessScope, challenge: Challenge) -> set[int]:
    """The owner organizations the user is (currently) affiliated with."""
    if scope.person_id is None or not scope.has_role(challenge.center_id):
        return set()
    cache = scope.__dict__.setdefault("_challenge_orgs", {})
    if challenge.pk not in cache:
        from markaz.stakeholders.models import Affiliation

        today = timezone.localdate()
        cache[challenge.pk] = set(
            Affiliation.objects.filter(
                person_id=scope.person_id,
                organization__challenge_roles__challenge_id=challenge.pk,
                organization__center_id=challenge.center_id,
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
            .values_list("organization_id", flat=True)
        )
    return cache[challenge.pk]


def is_workspace_member(scope: AccessScope, challenge: Challenge) -> bool:
    return can_manage_challenges(scope, challenge.center_id) or bool(
        owner_organization_ids(scope, challenge)
    )


def can_comment(scope: AccessScope, challenge: Challenge) -> bool:
    return challenge.status != Status.CLOSED and is_workspace_member(scope, challenge)


def _own_recent(scope: AccessScope, comment: Comment) -> bool:
    return (
        scope.user_id is not None
        and comment.author_id == scope.user_id
        and timezone.now() - comment.created_at <= EDIT_WINDOW
    )


def can_edit_comment(scope: AccessScope, comment: Comment) -> bool:
    """Authors, while still in the workspace, within the edit window, before it closes."""
    return _own_recent(scope, comment) and can_comment(scope, comment.challenge)


def can_delete_comment(scope: AccessScope, comment: Comment) -> bool:
    """Staff moderate any comment; authors delete their own within the edit window."""
    return can_manage_challenges(scope, comment.challenge.center_id) or can_edit_comment(
        scope, comment
    )


def can_upload(scope: AccessScope, challenge: Challenge) -> bool:
    return challenge.status != Status.CLOSED and is_workspace_member(scope, challenge)


def can_download(scope: AccessScope, challenge: Challenge) -> bool:
    return is_workspace_member(scope, challenge)


def can_remove_attachment(scope: AccessScope, attachment) -> bool:
    challenge = attachment.challenge
    if can_manage_challenges(scope, challenge.center_id):
        return True
    return (
        scope.user_id is not None
        and attachment.uploaded_by_id == scope.user_id
        and is_workspace_member(scope, challenge)
    )
