"""API of impact: catalog, periods, logic models, reports and review, dashboards, SROI, import.

Same selectors, services and rules as the pages; dashboards read roll-up cells only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import PageParams, paginate, problems
from markaz.impact import dashboards, importer, selectors, services, sroi
from markaz.impact import permissions as perms
from markaz.impact.schemas import (
    AttachIn,
    DashboardOut,
    ImportIn,
    ImportOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPage,
    IndicatorPatch,
    NetworkRowOut,
    PeriodIn,
    PeriodOut,
    PeriodPage,
    ReportDetailOut,
    ReportFilters,
    ReportIn,
    ReportOut,
    ReportPage,
    ReviewIn,
    SroiIn,
    SroiOut,
    StepIn,
    StepOut,
    StepPatch,
    TargetIn,
    VentureImpactOut,
    VentureIndicatorOut,
    VentureIndicatorPatch,
)

router = Router(tags=["impact"])
C = "/centers/{slug}/impact"


def _center(request, slug: str):
    scope = scope_of(request)
    return scope, get_center_for(scope, slug)


def _sdg_targets(codes):
    if codes is None:
        return None
    from markaz.impact.selectors import sdg_targets_by_code

    found = list(sdg_targets_by_code(codes))
    if len(found) != len(set(codes)):
        raise ValidationError({"sdg_targets": _("Unknown SDG target code.")})
    return found


def _ref(qs, pk, field: str):
    obj = qs.filter(pk=pk).first() if pk is not None else None
    if pk is not None and obj is None:
        raise ValidationError({field: _("Choose one of this center's.")})
    return obj


def _dashboard(board, beneficiaries: int) -> dict:
    return {
        "rows": [
            {
                "indicator": r.indicator.code,
                "name": r.indicator.name,
                "unit": r.indicator.unit,
                "aggregation": r.indicator.aggregation,
                "value": r.value,
                "target": r.target,
                "progress": r.progress,
                "series": [{"period": p.label, "value": v} for p, v in r.series],
            }
            for r in board.rows
        ],
        "by_country": [
            {"country": c, "indicator": i.code, "value": v} for c, i, v in board.by_country
        ],
        "sdg": [{"goal": g, "contributors": n} for g, n in board.sdg],
        "unique_beneficiaries": beneficiaries,
    }


# -- catalog and periods ----------------------------------------------------------------------


@router.get(
    f"{C}/indicators",
    response={200: IndicatorPage, **problems(401, 404, 422)},
    operation_id="list_impact_indicators",
    summary="The center's indicator catalog",
)
def list_impact_indicators(request, slug: str, filters: Query[PageParams]):
    scope, center = _center(request, slug)
    return paginate(request, selectors.indicators_for(scope, center), filters)


@router.post(
    f"{C}/indicators",
    response={201: IndicatorOut, **problems(401, 403, 404, 422)},
    operation_id="create_impact_indicator",
    summary="Define an indicator (staff)",
)
def create_impact_indicator(request, slug: str, payload: IndicatorIn):
    scope, center = _center(request, slug)
    require(perms.can_manage_impact(scope, center))
    data = payload.model_dump()
    targets = _sdg_targets(data.pop("sdg_targets"))
    indicator = services.create_indicator(
        scope=scope, center=center, data=data, sdg_targets=targets
    )
    return Status(201, indicator)


@router.get(
    f"{C}/indicators/{{impact_indicator_id}}",
    response={200: IndicatorOut, **problems(401, 404)},
    operation_id="get_impact_indicator",
    summary="One indicator",
)
def get_impact_indicator(request, slug: str, impact_indicator_id: int):
    scope, center = _center(request, slug)
    return selectors.get_indicator_for(scope, center, impact_indicator_id)


@router.patch(
    f"{C}/indicators/{{impact_indicator_id}}",
    response={200: IndicatorOut, **problems(401, 403, 404, 422)},
    operation_id="update_impact_indicator",
    summary="Change an indicator's texts, mapping or dimensions (staff)",
)
def update_impact_indicator(request, slug: str, impact_indicator_id: int, payload: IndicatorPatch):
    scope, center = _center(request, slug)
    indicator = selectors.get_indicator_for(scope, center, impact_indicator_id)
    require(perms.can_manage_impact(scope, center))
    data = payload.model_dump(exclude_unset=True)
    targets = _sdg_targets(data.pop("sdg_targets", None))
    return services.update_indicator(
        scope=scope, indicator=indicator, data=data, sdg_targets=targets
    )


@router.get(
    f"{C}/periods",
    response={200: PeriodPage, **problems(401, 404, 422)},
    operation_id="list_impact_periods",
    summary="Reporting periods",
)
def list_impact_periods(request, slug: str, filters: Query[PageParams]):
    scope, center = _center(request, slug)
    return paginate(request, selectors.periods_for(scope, center), filters)


@router.post(
    f"{C}/periods",
    response={201: PeriodOut, **problems(401, 403, 404, 422)},
    operation_id="create_impact_period",
    summary="Open a reporting period (staff)",
)
def create_impact_period(request, slug: str, payload: PeriodIn):
    scope, center = _center(request, slug)
    require(perms.can_manage_impact(scope, center))
    return Status(201, services.create_period(scope=scope, center=center, data=payload.dict()))


# -- a venture's logic model, indicators, targets and reports ---------------------------------


def _venture(request, slug: str, venture_id: int):
    scope, center = _center(request, slug)
    return scope, center, selectors.get_impact_venture_for(scope, center, venture_id)


@router.get(
    "/centers/{slug}/ventures/{venture_id}/impact",
    response={200: VentureImpactOut, **problems(401, 404)},
    operation_id="get_venture_impact",
    summary="A venture's logic model, indicators with targets and verified figures",
)
def get_venture_impact(request, slug: str, venture_id: int):
    _scope, _c, venture = _venture(request, slug, venture_id)
    board = dashboards.build(center_ids=[venture.center_id], venture_ids=[venture.pk])
    return {
        "venture": venture.pk,
        "steps": list(selectors.steps_of(venture)),
        "indicators": list(selectors.venture_indicators(venture)),
        "dashboard": _dashboard(board, selectors.unique_beneficiaries([venture.pk])),
    }


@router.post(
    "/centers/{slug}/ventures/{venture_id}/impact/steps",
    response={201: StepOut, **problems(401, 403, 404, 422)},
    operation_id="add_impact_step",
    summary="Add a step to the logic model",
)
def add_impact_step(request, slug: str, venture_id: int, payload: StepIn):
    scope, _c, venture = _venture(request, slug, venture_id)
    require(perms.can_report_for(scope, venture))
    data = payload.dict()
    data["leads_to"] = _ref(selectors.steps_of(venture), data["leads_to"], "leads_to")
    return Status(201, services.add_step(scope=scope, venture=venture, data=data))


@router.patch(
    "/centers/{slug}/ventures/{venture_id}/impact/steps/{impact_step_id}",
    response={200: StepOut, **problems(401, 403, 404, 422)},
    operation_id="update_impact_step",
    summary="Change a step of the logic model",
)
def update_impact_step(
    request, slug: str, venture_id: int, impact_step_id: int, payload: StepPatch
):
    scope, center, venture = _venture(request, slug, venture_id)
    step = selectors.get_step_for(scope, center, venture, impact_step_id)
    require(perms.can_report_for(scope, venture))
    data = payload.dict(exclude_unset=True)
    if "leads_to" in data:
        data["leads_to"] = _ref(selectors.steps_of(venture), data["leads_to"], "leads_to")
    return services.update_step(scope=scope, step=step, data=data)


@router.delete(
    "/centers/{slug}/ventures/{venture_id}/impact/steps/{impact_step_id}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="delete_impact_step",
    summary="Remove a step from the logic model",
)
def delete_impact_step(request, slug: str, venture_id: int, impact_step_id: int):
    scope, center, venture = _venture(request, slug, venture_id)
    step = selectors.get_step_for(scope, center, venture, impact_step_id)
    require(perms.can_report_for(scope, venture))
    services.remove_step(scope=scope, step=step)
    return Status(204, None)


@router.patch(
    "/centers/{slug}/ventures/{venture_id}/impact/indicators/{impact_vi_id}",
    response={200: VentureIndicatorOut, **problems(401, 403, 404, 422)},
    operation_id="update_impact_venture_indicator",
    summary="Change the outcome an indicator measures and its baseline",
)
def update_impact_venture_indicator(
    request, slug: str, venture_id: int, impact_vi_id: int, payload: VentureIndicatorPatch
):
    scope, _c, venture = _venture(request, slug, venture_id)
    vi = selectors.get_visible_venture_indicator(venture, impact_vi_id)
    require(perms.can_report_for(scope, venture))
    data = payload.dict(exclude_unset=True)
    if "step" in data:
        data["step"] = _ref(selectors.steps_of(venture), data["step"], "step")
    services.update_venture_indicator(scope=scope, venture_indicator=vi, data=data)
    return selectors.get_visible_venture_indicator(venture, impact_vi_id)


@router.post(
    "/centers/{slug}/ventures/{venture_id}/impact/indicators",
    response={201: dict, **problems(401, 403, 404, 422)},
    operation_id="attach_impact_indicator",
    summary="Report on an indicator, with its baseline",
)
def attach_impact_indicator(request, slug: str, venture_id: int, payload: AttachIn):
    scope, center, venture = _venture(request, slug, venture_id)
    require(perms.can_report_for(scope, venture))
    data = payload.dict()
    data["indicator"] = _ref(
        selectors.indicators_for(scope, center), data["indicator"], "indicator"
    )
    if data["indicator"] is None:
        raise ValidationError({"indicator": _("Choose one of this center's.")})
    data["step"] = _ref(selectors.steps_of(venture), data["step"], "step")
    vi = services.attach_indicator(scope=scope, venture=venture, data=data)
    return Status(201, {"id": vi.pk})


@router.post(
    "/centers/{slug}/ventures/{venture_id}/impact/targets",
    response={200: dict, **problems(401, 403, 404, 422)},
    operation_id="set_impact_target",
    summary="Set a target for a period",
)
def set_impact_target(request, slug: str, venture_id: int, payload: TargetIn):
    scope, center, venture = _venture(request, slug, venture_id)
    require(perms.can_report_for(scope, venture))
    vi = selectors.venture_indicators(venture).filter(indicator_id=payload.indicator).first()
    if vi is None:
        raise ValidationError({"indicator": _("The venture does not report on it.")})
    period = _ref(selectors.periods_for(scope, center), payload.period, "period")
    target = services.set_target(
        scope=scope, venture_indicator=vi, period=period, value=payload.value
    )
    return {"id": target.pk, "value": str(target.value)}


@router.post(
    "/centers/{slug}/ventures/{venture_id}/impact/reports",
    response={201: ReportOut, **problems(401, 403, 404, 422)},
    operation_id="submit_impact_report",
    summary="Submit (or correct) a period's values as a new version",
)
def submit_impact_report(request, slug: str, venture_id: int, payload: ReportIn):
    scope, center, venture = _venture(request, slug, venture_id)
    require(perms.can_report_for(scope, venture))
    period = _ref(selectors.periods_for(scope, center), payload.period, "period")
    report = services.submit_report(
        scope=scope,
        venture=venture,
        period=period,
        values=[v.dict() for v in payload.values],
        beneficiaries=payload.beneficiaries,
        reason=payload.reason,
    )
    return Status(201, report)


@router.post(
    "/centers/{slug}/ventures/{venture_id}/sroi",
    response={201: SroiOut, **problems(401, 403, 404, 422)},
    operation_id="create_sroi_analysis",
    summary="An SROI analysis of a venture",
)
def create_sroi_analysis(request, slug: str, venture_id: int, payload: SroiIn):
    scope, _c, venture = _venture(request, slug, venture_id)
    require(perms.can_report_for(scope, venture))
    data = payload.dict()
    outcomes = data.pop("outcomes")
    analysis = services.create_sroi(scope=scope, venture=venture, data=data, outcomes=outcomes)
    return Status(201, _sroi_out(analysis))


@router.post(
    f"{C}/programs/{{program_id}}/sroi",
    response={201: SroiOut, **problems(401, 403, 404, 422)},
    operation_id="create_program_sroi_analysis",
    summary="An SROI analysis of a whole program (staff)",
)
def create_program_sroi_analysis(request, slug: str, program_id: int, payload: SroiIn):
    scope, center = _center(request, slug)
    require(perms.can_manage_impact(scope, center))
    program = selectors.get_program_for(scope, center, program_id)
    data = payload.dict()
    outcomes = data.pop("outcomes")
    analysis = services.create_sroi(scope=scope, program=program, data=data, outcomes=outcomes)
    return Status(201, _sroi_out(analysis))


def _sroi_out(analysis) -> dict:
    _rows, result, table = sroi.analyse(analysis)
    return {
        "id": analysis.pk,
        "venture": analysis.venture_id,
        "program": analysis.program_id,
        "title": analysis.title,
        "currency": analysis.currency,
        "inputs": analysis.inputs,
        "discount_rate": analysis.discount_rate,
        "total_present_value": result.total_present_value.quantize(sroi.CENT),
        "ratio": None if result.ratio is None else result.ratio.quantize(sroi.CENT),
        "sensitivity": [
            {"case": k, "ratio": None if r is None else r.quantize(sroi.CENT)} for k, r in table
        ],
    }


@router.get(
    f"{C}/sroi/{{sroi_id}}",
    response={200: SroiOut, **problems(401, 404)},
    operation_id="get_sroi_analysis",
    summary="An SROI analysis: ratio and sensitivity table",
)
def get_sroi_analysis(request, slug: str, sroi_id: int):
    scope, center = _center(request, slug)
    return _sroi_out(selectors.get_sroi_for(scope, center, sroi_id))


# -- reports and review -----------------------------------------------------------------------


@router.get(
    f"{C}/reports",
    response={200: ReportPage, **problems(401, 404, 422)},
    operation_id="list_impact_reports",
    summary="Reports: staff see all, teams their ventures'",
)
def list_impact_reports(request, slug: str, filters: Query[ReportFilters]):
    scope, center = _center(request, slug)
    qs = selectors.reports_for(scope, center).select_related("verified")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.venture:
        qs = qs.filter(venture_id=filters.venture)
    return paginate(request, qs, filters)


@router.get(
    f"{C}/reports/{{impact_report_id}}",
    response={200: ReportDetailOut, **problems(401, 404)},
    operation_id="get_impact_report",
    summary="A report with every version",
)
def get_impact_report(request, slug: str, impact_report_id: int):
    scope, center = _center(request, slug)
    report = selectors.get_report_for(scope, center, impact_report_id)
    report.revisions_list = list(selectors.revisions_of(report))
    return report


@router.post(
    f"{C}/reports/{{impact_report_id}}/review",
    response={200: ReportOut, **problems(401, 403, 404, 422)},
    operation_id="review_impact_report",
    summary="Verify, query or reject the submitted version (staff)",
)
def review_impact_report(request, slug: str, impact_report_id: int, payload: ReviewIn):
    scope, center = _center(request, slug)
    report = selectors.get_report_for(scope, center, impact_report_id)
    require(perms.can_review(scope, report))
    return services.review_report(
        scope=scope, report=report, decision=payload.decision, note=payload.note
    )


@router.post(
    f"{C}/import",
    response={201: ImportOut, **problems(401, 403, 404, 422)},
    operation_id="import_impact_observations",
    summary="Import observations, all or nothing (errors by row number)",
)
def import_impact_observations(request, slug: str, payload: ImportIn):
    scope, center = _center(request, slug)
    require(perms.can_manage_impact(scope, center))
    rows = [
        (n, {str(k).casefold(): v for k, v in row.items()})
        for n, row in enumerate(payload.rows, start=1)
    ]
    try:
        count = importer.import_observations(
            scope=scope, center=center, rows=rows, verify=payload.verify
        )
    except importer.ImportFailed as exc:
        by_row: dict[str, list[str]] = {}
        for line, message in exc.errors:  # a row may have several errors: keep them all
            by_row.setdefault(f"row {line}", []).append(message)
        raise ValidationError(by_row) from exc
    return Status(201, {"imported": count})


# -- dashboards -------------------------------------------------------------------------------


@router.get(
    f"{C}/dashboard",
    response={200: DashboardOut, **problems(401, 403, 404)},
    operation_id="get_impact_dashboard",
    summary="The center's verified figures from its roll-ups (staff)",
)
def get_impact_dashboard(request, slug: str):
    scope, center = _center(request, slug)
    require(perms.can_manage_impact(scope, center))
    board = dashboards.build(center_ids=[center.pk], center_level=True)
    ventures = selectors.impact_ventures_for(scope, center).values_list("pk", flat=True)
    return _dashboard(board, selectors.unique_beneficiaries(ventures))


@router.get(
    f"{C}/programs/{{program_id}}",
    response={200: DashboardOut, **problems(401, 403, 404)},
    operation_id="get_program_impact",
    summary="A program's (or one cohort's) verified figures from their roll-ups (staff)",
)
def get_program_impact(request, slug: str, program_id: int, cohort: int | None = None):
    from markaz.impact.views_dashboards import program_board

    scope, center = _center(request, slug)
    require(perms.can_manage_impact(scope, center))
    program, _cohorts, shown, board = program_board(scope, center, program_id, cohort)
    ventures = selectors.program_venture_ids(program, shown)
    return _dashboard(board, selectors.unique_beneficiaries(ventures))


@router.get(
    f"{C}/funder",
    response={200: DashboardOut, **problems(401, 404)},
    operation_id="get_funder_impact",
    summary="Aggregated figures of the ventures the caller's organizations fund",
)
def get_funder_impact(request, slug: str):
    scope, center = _center(request, slug)
    ids = selectors.funded_venture_ids(scope, center)
    if not ids:
        raise Http404
    board = dashboards.build(center_ids=[center.pk], venture_ids=ids)
    return _dashboard(board, selectors.unique_beneficiaries(ids))


@router.get(
    f"{C}/network",
    response={200: list[NetworkRowOut], **problems(401, 403, 404)},
    operation_id="get_network_impact",
    summary="Totals of the center's networks by SDG goal and measure (staff)",
)
def get_network_impact(request, slug: str):
    from markaz.impact.views_dashboards import network_rows

    scope, center = _center(request, slug)
    require(perms.can_manage_impact(scope, center))
    return [{"network": n["network"].slug, **r} for n in network_rows(center) for r in n["rows"]]
