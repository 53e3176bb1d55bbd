"""Who may run federation: it is deployment-level, not a center's business."""

from __future__ import annotations

from markaz.core.access import AccessScope


def can_manage_federation(scope: AccessScope) -> bool:
    """Operators (superusers, not through a center token) and network coordinators."""
    if not scope.is_authenticated:
        return False
    if scope.is_operator:
        return True
    return bool(scope.coordinated_networks) and scope.token_center_id is None


def can_see_network_items(scope: AccessScope) -> bool:
    """Anyone signed in with a role somewhere sees what peers shared."""
    return scope.is_authenticated and (scope.is_operator or bool(scope.roles))
