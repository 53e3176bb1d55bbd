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


def find_user(username_or_email: str):
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    value = username_or_email.strip()
    if not value:
        return None
    return (
        get_user_model()
        .objects.filter(Q(username__iexact=value) | Q(email__iexact=value), is_active=True)
        .first()
    )


def filter_audit(qs: QuerySet[AuditEntry], *, action="", actor="", since=None, until=None):
    if action:
        qs = qs.filter(action__icontains=action)
    if actor:
        qs = qs.filter(actor__username__icontains=actor)
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    return qs


def center_counts(scope: AccessScope, center: Center) -> dict:
    """Dashboard figures, each through the app's own selector so counts respect visibility."""
    from django.db.models import Count

    from markaz.stakeholders.selectors import organizations_for, partnerships_for, people_for
    from markaz.ventures.selectors import ventures_for

    ventures = ventures_for(scope, center)
    by_stage = dict(ventures.order_by().values_list("stage").annotate(n=Count("pk", distinct=True)))
    by_sdg = dict(
        ventures.order_by()
        .filter(sdg_goals__isnull=False)
        .values_list("sdg_goals")
        .annotate(n=Count("pk", distinct=True))
    )
    by_sector = dict(
        organizations_for(scope, center).order_by().values_list("sector").annotate(n=Count("pk"))
    )
    return {
        "organizations": sum(by_sector.values()),
        "people": people_for(scope, center).count(),
        "ventures": ventures.count(),
        "partnerships": partnerships_for(scope, center).count(),
        "members": memberships_for(scope, center).values("user").distinct().count(),
        "ventures_by_stage": by_stage,
        "ventures_by_sdg": by_sdg,
        "organizations_by_sector": by_sector,
    }


def center_logo(slug: str):
    """The stored logo file of a center (public), or None."""
    center = Center.objects.filter(slug=slug).only("logo").first()
    return center.logo if center is not None and center.logo else None
