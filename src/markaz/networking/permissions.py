"""Named predicates for the people directory, introductions and network analytics."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.networking.models import Introduction


def can_use_directory(scope: AccessScope, center: Center | int) -> bool:
    return scope.has_role(center)


def can_edit_profile(scope: AccessScope, person) -> bool:
    """Only the person themself controls their directory profile and visibility."""
    return scope.user_id is not None and person.user_id == scope.user_id


def can_broker(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def can_view_analytics(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def can_forward(scope: AccessScope, introduction: Introduction) -> bool:
    return introduction.awaits_broker() and can_broker(scope, introduction.center_id)


def can_respond(scope: AccessScope, introduction: Introduction) -> bool:
    return introduction.pending_side(scope.person_id) is not None
