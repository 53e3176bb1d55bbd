"""Named predicates for knowledge entries: staff and innovators contribute drafts; staff publish."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center, Role
from markaz.knowledge.models import Entry, Status

CONTRIBUTORS = (Role.ADMIN, Role.STAFF, Role.INNOVATOR)


def can_contribute(scope: AccessScope, center: Center | int) -> bool:
    return scope.has_role(center, *CONTRIBUTORS)


def can_edit_entry(scope: AccessScope, entry: Entry) -> bool:
    """Staff edit any entry of their center; a contributor edits their own drafts."""
    if scope.is_staff_of(entry.center_id):
        return True
    return (
        entry.status == Status.DRAFT
        and entry.created_by_id is not None
        and entry.created_by_id == scope.user_id
        and can_contribute(scope, entry.center_id)
    )


def can_publish(scope: AccessScope, entry: Entry) -> bool:
    return scope.is_staff_of(entry.center_id)


def can_give_feedback(scope: AccessScope, entry: Entry) -> bool:
    return scope.is_authenticated and entry.status == Status.PUBLISHED
