"""Named predicates for ventures."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center, Role
from markaz.ventures.models import TeamMember, Venture


def is_on_team(scope: AccessScope, venture: Venture, *, managing: bool = False) -> bool:
    if scope.person_id is None or scope.token_center_id not in (None, venture.center_id):
        return False
    qs = TeamMember.objects.filter(venture=venture, person_id=scope.person_id)
    return qs.filter(can_manage=True).exists() if managing else qs.exists()


def can_create_venture(scope: AccessScope, center: Center) -> bool:
    return scope.has_role(center, Role.ADMIN, Role.STAFF, Role.INNOVATOR)


def can_edit_venture(scope: AccessScope, venture: Venture) -> bool:
    """Staff manage their center's ventures; innovators manage the ventures they run."""
    return scope.is_staff_of(venture.center_id) or is_on_team(scope, venture, managing=True)
