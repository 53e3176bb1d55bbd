"""Reads of funding for a user. Staff see their center's; funders their funds; teams their awards.

Missing and forbidden look the same (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.funding.models import Award, Fund, LedgerEntry, Milestone
from markaz.funding.permissions import can_manage_funding, funder_organization_ids
from markaz.stakeholders.models import Organization
from markaz.ventures.models import TeamMember


def funds_for(scope: AccessScope, center: Center) -> QuerySet[Fund]:
    qs = Fund.objects.filter(center=center).select_related("funder")
    if can_manage_funding(scope, center):
        return qs
    return qs.filter(funder_id__in=funder_organization_ids(scope, center))


def awards_for(scope: AccessScope, center: Center) -> QuerySet[Award]:
    qs = Award.objects.filter(center=center).select_related("fund", "venture", "fund__funder")
    if can_manage_funding(scope, center):
        return qs
    if not scope.has_role(center):
        return qs.none()
    visible = Q(fund__funder_id__in=funder_organization_ids(scope, center))
    if scope.person_id is not None:
        # A subquery, not a join: a join would repeat rows (and balance sums) per team member.
        teams = TeamMember.objects.filter(person_id=scope.person_id).values("venture_id")
        visible |= Q(venture__in=teams)
    return qs.filter(visible)


def milestones_for(scope: AccessScope, center: Center) -> QuerySet[Milestone]:
    awards = awards_for(scope, center).values("pk")
    return Milestone.objects.filter(award__in=awards).select_related(
        "award", "award__venture", "award__fund"
    )


def entries_for(scope: AccessScope, center: Center) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(center=center).select_related("award", "fund", "milestone")
    if can_manage_funding(scope, center):
        return qs
    return qs.filter(award__in=awards_for(scope, center).values("pk"))


def visible_funders(scope: AccessScope, center: Center) -> QuerySet[Organization]:
    """Funder organizations behind the funds the user may see."""
    return Organization.objects.filter(pk__in=funds_for(scope, center).values("funder_id"))


def get_fund_for(scope: AccessScope, center: Center, pk: int) -> Fund:
    return get_visible(funds_for(scope, center), pk=pk)


def get_award_for(scope: AccessScope, center: Center, pk: int) -> Award:
    return get_visible(awards_for(scope, center), pk=pk)


def get_milestone_for(scope: AccessScope, center: Center, pk: int) -> Milestone:
    return get_visible(milestones_for(scope, center), pk=pk)


def get_entry_for(scope: AccessScope, center: Center, pk: int) -> LedgerEntry:
    return get_visible(entries_for(scope, center), pk=pk)


def public_center(slug: str) -> Center:
    """Any center, by slug, for its open data (which holds publishable awards only)."""
    return get_visible(Center.objects.all(), slug=slug)


def publishable_awards(center: Center) -> QuerySet[Award]:
    """Open data: only awards marked publishable, for anyone, with their balances."""
    qs = (
        Award.objects.filter(center=center, is_publishable=True)
        .select_related("fund", "fund__funder", "venture", "venture__organization", "center")
        .prefetch_related("venture__sdg_goals", "venture__sdg_targets", "entries")
    )
    return with_balances(qs).order_by("awarded_on", "id")


def _signed(field: str, account: str):
    from django.db.models import DecimalField, F, Sum

    return Sum(
        F(f"entries__{field}") * F("entries__direction"),
        filter=Q(entries__account=account),
        default=0,
        output_field=DecimalField(max_digits=18, decimal_places=4),
    )


def with_balances(qs: QuerySet, field: str = "amount") -> QuerySet:
    """Annotate `committed` and `disbursed` (awards: award currency; funds: `fund_amount`)."""
    from markaz.funding.models import Account

    return qs.annotate(
        committed=_signed(field, Account.COMMITTED), disbursed=_signed(field, Account.DISBURSED)
    ).order_by(*qs.model._meta.ordering)
