"""Impact's part of the access matrices (see markaz.core.tests.access_plugins)."""

from __future__ import annotations

PAGE_PK_PREFIXES = [
    ("impact-indicator", "impact_indicator_b"),
    ("impact-venture", "venture_b"),
    ("impact-report", "impact_report_b"),
    ("impact-sroi", "impact_sroi_b"),
    ("impact-program", "program_b"),
]
PAGE_OBJECT_FOR = {"impact_step": "impact_step_b", "impact_vi": "impact_vi_b"}
API_OBJECT_FOR = {
    "impact_step_id": "impact_step_b",
    "impact_vi_id": "impact_vi_b",
    "impact_indicator_id": "impact_indicator_b",
    "impact_period_id": "impact_period_b",
    "impact_report_id": "impact_report_b",
    "sroi_id": "impact_sroi_b",
}


def objects_b(center_b, objects: dict) -> dict:
    from decimal import Decimal

    from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory, quarter
    from markaz.impact.models import (
        LogicModel,
        LogicStep,
        Observation,
        Report,
        ReportStatus,
        Revision,
        SroiAnalysis,
        SroiOutcome,
    )

    venture = objects["venture_b"]
    indicator = IndicatorFactory(center=center_b, code="B-PRIVATE", name_en="Baobab secret reach")
    period = quarter(center_b, 2026, 1)
    vi = VentureIndicatorFactory(venture=venture, indicator=indicator)
    model = LogicModel.objects.create(center=center_b, venture=venture)
    step = LogicStep.objects.create(logic_model=model, level="outcome", text_en="Baobab grows")
    report = Report.objects.create(
        center=center_b, venture=venture, period=period, status=ReportStatus.SUBMITTED
    )
    revision = Revision.objects.create(report=report, number=1)
    Observation.objects.create(revision=revision, indicator=indicator, value=Decimal(42))
    report.current = revision
    report.save()
    analysis = SroiAnalysis.objects.create(
        center=center_b, venture=venture, title_en="Baobab SROI", currency="KES",
        inputs=Decimal(1000),
    )  # fmt: skip
    SroiOutcome.objects.create(
        analysis=analysis, name_en="Jobs", quantity=1, proxy=100, deadweight=0,
        attribution=0, displacement=0, drop_off=0,
    )  # fmt: skip
    return {
        "impact_indicator_b": indicator,
        "impact_period_b": period,
        "impact_report_b": report,
        "impact_sroi_b": analysis,
        "impact_step_b": step,
        "impact_vi_b": vi,
    }


def api_body(operation: str, objects: dict) -> dict:
    if "impact" not in operation and "sroi" not in operation:
        return {}
    return {
        "code": "HIJACK",
        "unit": "people",
        "kind": "count",
        "aggregation": "sum",
        "frequency": "quarterly",
        "indicator": objects["impact_indicator_b"].pk,
        "period": objects["impact_period_b"].pk,
        "values": [{"indicator": "B-PRIVATE", "value": "1"}],
        "decision": "verify",
        "level": "outcome",
        "text_en": "Planted",
        "inputs": "10",
        "outcomes": [
            {
                "name_en": "Jobs",
                "quantity": "1",
                "proxy": "10",
                "deadweight": "0",
                "attribution": "0",
                "displacement": "0",
                "drop_off": "0",
            }
        ],
        "value": "5",
        "rows": [
            {
                "venture": objects["venture_b"].pk,
                "indicator": "B-PRIVATE",
                "period": "2026-Q1",
                "value": "1",
            }
        ],
    }


def state_of_b(center_b) -> dict:
    from markaz.impact.models import (
        Indicator,
        LogicStep,
        Observation,
        Report,
        RollupCell,
        SroiAnalysis,
        VentureIndicator,
    )

    return {
        "impact_steps": list(
            LogicStep.objects.filter(logic_model__center=center_b).values_list(
                "pk", "level", "text_en"
            )
        ),
        "impact_baselines": list(
            VentureIndicator.objects.filter(center=center_b).values_list(
                "pk", "step_id", "baseline"
            )
        ),
        "impact_indicators": list(
            Indicator.objects.filter(center=center_b).values_list("pk", "code", "name_en")
        ),
        "impact_reports": list(
            Report.objects.filter(center=center_b).values_list("pk", "status", "verified_id")
        ),
        "impact_observations": Observation.objects.filter(
            revision__report__center=center_b
        ).count(),
        "impact_cells": RollupCell.objects.filter(center=center_b).count(),
        "impact_sroi": SroiAnalysis.objects.filter(center=center_b).count(),
    }
