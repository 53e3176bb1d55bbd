"""Named predicates for organizations, partnerships and people."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.stakeholders.models import Person


def can_view_organizations(scope: AccessScope, center: Center) -> bool:
    return scope.has_role(center)


def can_manage_organizations(scope: AccessScope, center: Center) -> bool:
    return scope.is_staff_of(center)


def can_manage_partnerships(scope: AccessScope, center: Center) -> bool:
    return scope.is_staff_of(center)


def can_view_people(scope: AccessScope, center: Center) -> bool:
    return scope.has_role(center)


def can_create_person(scope: AccessScope, center: Center) -> bool:
    return scope.is_staff_of(center)


def can_edit_person(scope: AccessScope, person: Person) -> bool:
    """Staff edit their center's people; everyone edits their own profile."""
    if scope.user_id is not None and person.user_id == scope.user_id:
        return True
    return scope.is_staff_of(person.center_id)
