"""Reads of organizations, partnerships and people, filtered by what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.core.search import text_filter
from markaz.stakeholders.models import Organization, Partnership, Person
from markaz.stakeholders.permissions import (
    can_manage_partnerships,
    can_view_organizations,
)


def organizations_for(scope: AccessScope, center: Center) -> QuerySet[Organization]:
    if not can_view_organizations(scope, center):
        return Organization.objects.none()
    return Organization.objects.filter(center=center)


def search_organizations(
    scope: AccessScope, center: Center, *, q: str = "", sector: str = "", country: str = ""
) -> QuerySet[Organization]:
    qs = organizations_for(scope, center)
    if q:
        qs = qs.filter(text_filter(q, "name_en", "name_ar", "description_en", "description_ar"))
    if sector:
        qs = qs.filter(sector=sector)
    if country:
        qs = qs.filter(country=country)
    return qs


def get_organization_for(scope: AccessScope, center: Center, pk: int) -> Organization:
    return get_visible(organizations_for(scope, center), pk=pk)


def partnerships_for(scope: AccessScope, center: Center) -> QuerySet[Partnership]:
    if not can_manage_partnerships(scope, center):
        return Partnership.objects.none()
    return Partnership.objects.filter(center=center).select_related("organization")


def people_for(scope: AccessScope, center: Center) -> QuerySet[Person]:
    """Staff see the center's people; others see themselves and their ventures' teammates."""
    qs = Person.objects.filter(center=center)
    if scope.is_staff_of(center):
        return qs
    if not scope.has_role(center) or scope.person_id is None:
        return qs.none()
    return qs.filter(
        Q(pk=scope.person_id) | Q(team_roles__venture__team__person_id=scope.person_id)
    ).distinct()


def search_people(
    scope: AccessScope, center: Center, *, q: str = "", country: str = ""
) -> QuerySet[Person]:
    qs = people_for(scope, center)
    if q:
        qs = qs.filter(text_filter(q, "name_en", "name_ar", "email", "bio_en", "bio_ar"))
    if country:
        qs = qs.filter(country=country)
    return qs


def get_person_for(scope: AccessScope, center: Center, pk: int) -> Person:
    return get_visible(people_for(scope, center), pk=pk)


def own_person(scope: AccessScope) -> Person | None:
    if scope.person_id is None:
        return None
    return Person.objects.select_related("center").get(pk=scope.person_id)
