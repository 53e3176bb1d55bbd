"""Reads of impact data for a user. Missing and forbidden look the same (404).

A venture's reports and figures: its team and its center's staff. Funders: aggregates of the
ventures their organizations fund. Dashboards read roll-up cells, never raw observations.
"""

from __future__ import annotations

from django.db.models import QuerySet

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.impact.models import (
    Indicator,
    LogicStep,
    PeriodTarget,
    Report,
    ReportingPeriod,
    Revision,
    RollupCell,
    SroiAnalysis,
    VentureIndicator,
)
from markaz.impact.permissions import can_manage_impact
from markaz.ventures.models import TeamMember, Venture


def indicators_for(scope: AccessScope, center: Center) -> QuerySet[Indicator]:
    if not scope.has_role(center):
        return Indicator.objects.none()
    return Indicator.objects.filter(center=center).prefetch_related("sdg_targets")


def get_indicator_for(scope: AccessScope, center: Center, pk: int) -> Indicator:
    return get_visible(indicators_for(scope, center), pk=pk)


def periods_for(scope: AccessScope, center: Center) -> QuerySet[ReportingPeriod]:
    if not scope.has_role(center):
        return ReportingPeriod.objects.none()
    return ReportingPeriod.objects.filter(center=center)


def get_period_for(scope: AccessScope, center: Center, pk: int) -> ReportingPeriod:
    return get_visible(periods_for(scope, center), pk=pk)


def impact_ventures_for(scope: AccessScope, center: Center) -> QuerySet[Venture]:
    """Ventures whose impact data the user may see in full: staff all, teams their own."""
    qs = Venture.objects.filter(center=center)
    if can_manage_impact(scope, center):
        return qs
    if scope.person_id is None or not scope.has_role(center):
        return qs.none()
    teams = TeamMember.objects.filter(person_id=scope.person_id).values("venture_id")
    return qs.filter(pk__in=teams)


def get_impact_venture_for(scope: AccessScope, center: Center, pk: int) -> Venture:
    return get_visible(impact_ventures_for(scope, center), pk=pk)


def venture_indicators(venture: Venture) -> QuerySet[VentureIndicator]:
    return (
        VentureIndicator.objects.filter(venture=venture)
        .select_related("indicator", "step")
        .prefetch_related("targets")
    )


def get_venture_indicator_for(scope: AccessScope, center: Center, pk: int) -> VentureIndicator:
    ventures = impact_ventures_for(scope, center).values("pk")
    qs = VentureIndicator.objects.filter(center=center, venture__in=ventures)
    return get_visible(qs.select_related("venture", "indicator"), pk=pk)


def steps_of(venture: Venture) -> QuerySet[LogicStep]:
    return LogicStep.objects.filter(logic_model__venture=venture)


def targets_of(venture: Venture) -> QuerySet[PeriodTarget]:
    return PeriodTarget.objects.filter(venture_indicator__venture=venture)


def reports_for(scope: AccessScope, center: Center) -> QuerySet[Report]:
    ventures = impact_ventures_for(scope, center).values("pk")
    return Report.objects.filter(center=center, venture__in=ventures).select_related(
        "venture", "period", "current"
    )


def get_report_for(scope: AccessScope, center: Center, pk: int) -> Report:
    return get_visible(reports_for(scope, center), pk=pk)


def revisions_of(report: Report) -> QuerySet[Revision]:
    return report.revisions.select_related("created_by").prefetch_related(
        "observations", "observations__indicator"
    )


def find_report(venture: Venture, period: ReportingPeriod) -> Report | None:
    return Report.objects.filter(venture=venture, period=period).first()


def sroi_for(scope: AccessScope, center: Center) -> QuerySet[SroiAnalysis]:
    ventures = impact_ventures_for(scope, center).values("pk")
    return SroiAnalysis.objects.filter(center=center, venture__in=ventures).select_related(
        "venture"
    )


def get_sroi_for(scope: AccessScope, center: Center, pk: int) -> SroiAnalysis:
    return get_visible(sroi_for(scope, center).prefetch_related("outcomes"), pk=pk)


def funded_venture_ids(scope: AccessScope, center: Center) -> list[int]:
    """Ventures awarded from funds of the organizations the user speaks for as a funder."""
    from markaz.funding.models import Award
    from markaz.funding.permissions import funder_organization_ids

    orgs = funder_organization_ids(scope, center)
    if not orgs:
        return []
    return list(
        Award.objects.filter(center=center, fund__funder_id__in=orgs)
        .values_list("venture_id", flat=True)
        .distinct()
    )


def is_funder_here(scope: AccessScope, center: Center) -> bool:
    return bool(funded_venture_ids(scope, center))


# -- roll-up cells (dashboards) --------------------------------------------------------------


def cells(
    center_ids,
    *,
    venture_ids=None,
    center_level: bool = False,
    dimension: str = "",
    by_country: bool = False,
) -> QuerySet[RollupCell]:
    """Roll-up cells of verified values: the centers' own (per country when asked), or their
    ventures' (some of them when `venture_ids` is given)."""
    qs = RollupCell.objects.filter(center_id__in=list(center_ids), dimension=dimension, n__gt=0)
    qs = qs.exclude(country="") if by_country else qs.filter(country="")
    if center_level:
        qs = qs.filter(venture__isnull=True)
    elif venture_ids is not None:
        qs = qs.filter(venture_id__in=list(venture_ids))
    else:
        qs = qs.filter(venture__isnull=False)
    return qs


def network_center_ids(center: Center) -> dict:
    """The networks of a center, with the ids of their centers."""
    return {
        network: list(network.centers.values_list("pk", flat=True))
        for network in center.networks.all()
    }


def unique_beneficiaries(venture_ids) -> int:
    from markaz.impact.models import Beneficiary

    return Beneficiary.objects.filter(
        venture_id__in=list(venture_ids), first_report__verified__isnull=False
    ).count()


def visible_periods(center: Center) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(center=center)


def sdg_targets_by_code(codes):
    from markaz.sdg.models import Target

    return Target.objects.filter(pk__in=list(codes))
