"""Who may do what with privacy records (named predicates over `request.scope`)."""

from __future__ import annotations

from markaz.core.access import AccessScope


def acts_for_self(scope: AccessScope) -> bool:
    """Downloading everything or asking for erasure needs the person's own session: a
    center-scoped API token reaches one center, never the whole person."""
    return scope.is_authenticated and scope.token_center_id is None


def centers_of(user) -> set[int]:
    """The centers a person belongs to: their person record's and their memberships'."""
    from markaz.core.models import Membership
    from markaz.stakeholders.models import Person

    ids = set(Membership.objects.filter(user=user).values_list("center_id", flat=True))
    ids |= set(Person.objects.filter(user=user).values_list("center_id", flat=True))
    return ids


def can_see_erasure_requests(scope: AccessScope, center) -> bool:
    return scope.is_staff_of(center)


def can_decide_erasure(scope: AccessScope, request) -> bool:
    """An admin of one of the person's centers, or an operator, confirms or refuses."""
    if scope.is_operator:
        return True
    return any(scope.is_admin_of(cid) for cid in request.centers.values_list("pk", flat=True))


def can_cancel_erasure(scope: AccessScope, request) -> bool:
    return scope.user_id is not None and request.user_id == scope.user_id


def can_withdraw_consent(scope: AccessScope, consent) -> bool:
    """Whoever gave it; for a venture also whoever manages it; for the directory the person."""
    if scope.user_id is None:
        return False
    if consent.given_by_id is not None and consent.given_by_id == scope.user_id:
        return True
    if consent.venture_id is not None:
        from markaz.ventures.permissions import can_edit_venture

        return can_edit_venture(scope, consent.venture)
    return consent.person is not None and consent.person.user_id == scope.user_id
