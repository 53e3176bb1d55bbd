"""Named predicates for funding: staff run it, funders read their funds, teams their awards."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from markaz.core.access import AccessScope
from markaz.core.models import Center, Role
from markaz.funding.models import Fund, Milestone, MilestoneStatus
from markaz.stakeholders.models import Affiliation
from markaz.ventures.permissions import is_on_team


def can_manage_funding(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def funder_organization_ids(scope: AccessScope, center: Center | int) -> list[int]:
    """Organizations the user speaks for as a funder: their person's current affiliations."""
    if scope.person_id is None or not scope.has_role(center, Role.FUNDER):
        return []
    center_id = center if isinstance(center, int) else center.pk
    today = timezone.localdate()
    return list(
        Affiliation.objects.filter(person_id=scope.person_id, organization__center_id=center_id)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("organization_id", flat=True)
    )


def is_funder_of(scope: AccessScope, fund: Fund) -> bool:
    return fund.funder_id in funder_organization_ids(scope, fund.center_id)


def can_submit_evidence(scope: AccessScope, milestone: Milestone) -> bool:
    return milestone.status in (
        MilestoneStatus.PENDING,
        MilestoneStatus.RETURNED,
    ) and is_on_team(scope, milestone.award.venture, managing=True)


def can_review_milestone(scope: AccessScope, milestone: Milestone) -> bool:
    return milestone.status == MilestoneStatus.SUBMITTED and can_manage_funding(
        scope, milestone.award.center_id
    )


def can_prepare_payment(scope: AccessScope, milestone: Milestone) -> bool:
    return milestone.status == MilestoneStatus.ACCEPTED and can_manage_funding(
        scope, milestone.award.center_id
    )


def can_approve_payment(scope: AccessScope, milestone: Milestone) -> bool:
    """Maker–checker: whoever prepared the payment cannot approve it."""
    return (
        milestone.status == MilestoneStatus.PAYMENT_PREPARED
        and can_manage_funding(scope, milestone.award.center_id)
        and scope.user_id is not None
        and scope.user_id != milestone.payment_prepared_by_id
    )
