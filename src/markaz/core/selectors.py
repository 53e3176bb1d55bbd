"""Reads of tenancy data for a user: centers, memberships, audit entries."""

from __future__ import annotations

from django.db.models import QuerySet

from markaz.core.access import AccessScope
from markaz.core.models import AuditEntry, Center, Membership, Role


def centers_for(scope: AccessScope) -> QuerySet[Center]:
    """Centers' public descriptions are public: everyone may list them."""
    return Center.objects.all()


def my_centers(scope: AccessScope) -> QuerySet[Center]:
    return scope.centers_qs()


def memberships_for(scope: AccessScope, center: Center) -> QuerySet[Membership]:
    """Admins and staff see the center's members; others see only their own roles."""
    qs = Membership.objects.filter(center=center).select_related("user")
    if scope.is_staff_of(center):
        return qs
    return qs.filter(user_id=scope.user_id) if scope.user_id else qs.none()


def audit_entries_for(scope: AccessScope, center: Center) -> QuerySet[AuditEntry]:
    if not scope.has_role(center, Role.ADMIN):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(center=center).select_related("actor")
