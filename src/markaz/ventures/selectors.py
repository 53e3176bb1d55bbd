"""Reads of ventures. Private by default: staff and the team see it; others only public ones."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.core.search import text_filter
from markaz.ventures.models import Venture


def ventures_for(scope: AccessScope, center: Center) -> QuerySet[Venture]:
    qs = Venture.objects.filter(center=center)
    if scope.is_staff_of(center):
        return qs
    if not scope.has_role(center):
        return qs.none()
    visible = Q(is_public=True)
    if scope.person_id is not None:
        visible |= Q(team__person_id=scope.person_id)
    return qs.filter(visible).distinct()


def search_ventures(
    scope: AccessScope,
    center: Center,
    *,
    q: str = "",
    stage: str = "",
    legal_form: str = "",
    sdg: int | None = None,
    country: str = "",
) -> QuerySet[Venture]:
    qs = ventures_for(scope, center)
    if q:
        qs = qs.filter(
            text_filter(
                q, "name_en", "name_ar", "problem_en", "problem_ar", "solution_en", "solution_ar"
            )
        )
    if stage:
        qs = qs.filter(stage=stage)
    if legal_form:
        qs = qs.filter(legal_form=legal_form)
    if sdg:
        qs = qs.filter(sdg_goals=sdg)
    if country:
        qs = qs.filter(country=country)
    return qs


def get_venture_for(scope: AccessScope, center: Center, pk: int) -> Venture:
    return get_visible(ventures_for(scope, center), pk=pk)


def public_ventures() -> QuerySet[Venture]:
    return Venture.objects.filter(is_public=True).select_related("center")
