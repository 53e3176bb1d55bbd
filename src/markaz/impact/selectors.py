"""Reads of impact data for a user. Missing and forbidden look the same (404).

A venture's reports and figures: its team and its center's staff. Funders: aggregates of the
ventures their organizations fund. Dashboards read roll-up cells, never raw observations.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

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


def get_visible_venture_indicator(venture: Venture, pk: int) -> VentureIndicator:
    """One indicator of a venture the user may see (from `get_impact_venture_for`)."""
    return get_visible(venture_indicators(venture), pk=pk)


def get_venture_indicator_for(scope: AccessScope, center: Center, pk: int) -> VentureIndicator:
    ventures = impact_ventures_for(scope, center).values("pk")
    qs = VentureIndicator.objects.filter(center=center, venture__in=ventures)
    return get_visible(qs.select_related("venture", "indicator"), pk=pk)


def steps_of(venture: Venture) -> QuerySet[LogicStep]:
    return LogicStep.objects.filter(logic_model__venture=venture)


def get_step_for(scope: AccessScope, center: Center, venture: Venture, pk: int) -> LogicStep:
    """A step of a venture the user may see (the venture comes from `get_impact_venture_for`)."""
    qs = steps_of(venture).filter(logic_model__center=center).select_related("leads_to")
    return get_visible(qs, pk=pk)


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
    """Analyses of the ventures the user follows; of programs, for the center's staff."""
    ventures = impact_ventures_for(scope, center).values("pk")
    seen = Q(venture__in=ventures)
    if can_manage_impact(scope, center):
        seen |= Q(program__isnull=False)
    return SroiAnalysis.objects.filter(seen, center=center).select_related("venture", "program")


def get_sroi_for(scope: AccessScope, center: Center, pk: int) -> SroiAnalysis:
    return get_visible(sroi_for(scope, center).prefetch_related("outcomes"), pk=pk)


def get_program_for(scope: AccessScope, center: Center, pk: int):
    from markaz.programs.selectors import get_program_for as program_for

    return program_for(scope, center, pk)


def programs_for(scope: AccessScope, center: Center):
    from markaz.programs.selectors import programs_for as of_center

    return of_center(scope, center)


def cohorts_of(scope: AccessScope, center: Center, program):
    from markaz.programs.selectors import cohorts_for

    return cohorts_for(scope, center).filter(program=program)


def program_venture_ids(program, cohort=None) -> set[int]:
    """The ventures counted in a program's (or one cohort's) roll-ups."""
    from markaz.programs.models import CohortMember

    qs = CohortMember.objects.filter(cohort__program=program)
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return set(qs.values_list("venture_id", flat=True))


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
    by_country: bool | None = False,
    group: str = "",
) -> QuerySet[RollupCell]:
    """Roll-up cells of verified values: the centers' own (per country when asked), a cohort's
    or a program's (`group` "c12" or "p3"), or the ventures' (some when `venture_ids` is given).
    """
    qs = RollupCell.objects.filter(center_id__in=list(center_ids), dimension=dimension, n__gt=0)
    if by_country is not None:  # None: the totals and the per-country cells together
        qs = qs.exclude(country="") if by_country else qs.filter(country="")
    if group:
        from markaz.impact.rollups import group_ids

        qs = qs.filter(venture__isnull=True, **group_ids(group))
    elif center_level:
        qs = qs.filter(venture__isnull=True, cohort__isnull=True, program__isnull=True)
    elif venture_ids is not None:
        qs = qs.filter(venture_id__in=list(venture_ids))
    else:
        qs = qs.filter(venture__isnull=False)
    return qs


def network_center_ids(center: Center) -> dict:
    """The networks of a center, with the ids of their centers."""
    return {
        network: [c.pk for c in network.centers.all()]
        for network in center.networks.prefetch_related("centers")
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


def shareable_network_figures(center_ids, *, min_ventures: int = 2) -> list[dict]:
    """Aggregate verified impact of a set of centers, per SDG goal and measure, for readers
    outside those centers (a network's overview, the federation outbox). Read-only.

    Center-level roll-up cells over all periods, merged as the network dashboard merges them;
    a row drawn from fewer than `min_ventures` ventures is left out, so no figure is one
    venture's own. Each row: goal, kind, unit, currency, aggregation (codes), value
    (Decimal or None), centers and ventures (how many contributed).
    """
    from collections import defaultdict

    from markaz.impact import aggregation as agg
    from markaz.impact.rollups import to_partial

    ids = list(center_ids)
    by_indicator: dict[int, set[int]] = defaultdict(set)
    venture_rows = cells(ids).filter(period__isnull=True).values_list("indicator_id", "venture_id")
    for indicator_id, venture_id in venture_rows:
        by_indicator[indicator_id].add(venture_id)
    center_cells = (
        cells(ids, center_level=True)
        .filter(period__isnull=True)
        .select_related("indicator")
        .prefetch_related("indicator__sdg_targets")
    )
    groups: dict[tuple, agg.Partial] = {}
    centers: dict[tuple, set[int]] = defaultdict(set)
    ventures: dict[tuple, set[int]] = defaultdict(set)
    meta = {}
    for cell in center_cells:
        ind = cell.indicator
        for goal in sorted({t.goal_id for t in ind.sdg_targets.all()}):
            key = (goal, ind.measure.key)
            groups[key] = agg.merge(groups.get(key, agg.EMPTY), to_partial(cell))
            centers[key].add(cell.center_id)
            ventures[key] |= by_indicator[ind.pk]
            meta[key] = ind
    rows = []
    for key in sorted(groups):
        if len(ventures[key]) < min_ventures:
            continue
        ind = meta[key]
        rows.append({
            "goal": key[0], "kind": ind.kind, "unit": ind.unit, "currency": ind.currency,
            "aggregation": ind.aggregation,
            "value": agg.value(groups[key], ind.aggregation, ind.kind),
            "centers": len(centers[key]), "ventures": len(ventures[key]),
        })  # fmt: skip
    return rows
