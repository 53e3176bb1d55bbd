"""API schemas for impact. Values are decimal strings; percentages are 0–100."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from markaz.core.schemas import PageParams, page_of
from markaz.impact.models import Aggregation, Direction, Kind, Level


class IndicatorIn(Schema):
    code: str = Field(min_length=1, max_length=40)
    name_en: str = ""
    name_ar: str = ""
    definition_en: str = ""
    definition_ar: str = ""
    unit: str = Field(min_length=1, max_length=40)
    kind: str = Field("count", description="count, percentage, currency, ratio, boolean or scale.")
    currency: str = Field("", max_length=3)
    scale_min: Decimal | None = None
    scale_max: Decimal | None = None
    direction: str = Field("higher", description="higher or lower (is better).")
    aggregation: str = Field("sum", description="sum, mean, weighted_mean, latest, max or min.")
    dimensions: list[str] = Field(
        default_factory=list,
        description="gender, age_band, location, disability, displacement.",
    )
    sdg_targets: list[str] = Field(default_factory=list, description="SDG target codes (1.4).")
    iris_code: str = Field("", max_length=20)
    is_active: bool = True


class IndicatorPatch(Schema):
    name_en: str | None = None
    name_ar: str | None = None
    definition_en: str | None = None
    definition_ar: str | None = None
    direction: str | None = None
    dimensions: list[str] | None = None
    sdg_targets: list[str] | None = None
    iris_code: str | None = None
    is_active: bool | None = None


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    name_ar: str
    definition_en: str
    definition_ar: str
    unit: str
    kind: Kind
    currency: str
    scale_min: Decimal | None
    scale_max: Decimal | None
    direction: Direction
    aggregation: Aggregation
    dimensions: list[str]
    sdg_targets: list[str]
    iris_code: str
    is_active: bool

    @staticmethod
    def resolve_sdg_targets(obj) -> list[str]:
        return [t.pk for t in obj.sdg_targets.all()]


IndicatorPage = page_of(IndicatorOut, "IndicatorPage")


class PeriodIn(Schema):
    frequency: str = Field(description="monthly, quarterly or annual.")
    starts_on: date
    ends_on: date
    due_on: date | None = None
    is_open: bool = True


class PeriodOut(PeriodIn):
    id: int
    label: str
    program_id: int | None


PeriodPage = page_of(PeriodOut, "PeriodPage")


class StepIn(Schema):
    level: str = Field(description="activity, output, outcome or impact.")
    position: int = Field(1, ge=0)
    text_en: str = ""
    text_ar: str = ""
    leads_to: int | None = Field(None, description="Id of a later step of the same model.")


class StepOut(Schema):
    id: int
    level: Level
    position: int
    text: str
    text_en: str
    text_ar: str
    leads_to: int | None = Field(None, alias="leads_to_id")


class StepPatch(Schema):
    level: str | None = Field(None, description="activity, output, outcome or impact.")
    position: int | None = Field(None, ge=0)
    text_en: str | None = None
    text_ar: str | None = None
    leads_to: int | None = Field(None, description="Id of a later step; null for none.")


class VentureIndicatorPatch(Schema):
    step: int | None = Field(None, description="Id of an output or outcome; null for none.")
    baseline: Decimal | None = None
    baseline_on: date | None = None


class AttachIn(Schema):
    indicator: int
    step: int | None = None
    baseline: Decimal | None = None
    baseline_on: date | None = None


class TargetIn(Schema):
    indicator: int = Field(description="Id of an indicator the venture reports on.")
    period: int
    value: Decimal


class TargetOut(Schema):
    period: int = Field(alias="period_id")
    value: Decimal


class VentureIndicatorOut(Schema):
    id: int
    indicator: IndicatorOut
    step: int | None = Field(None, alias="step_id")
    baseline: Decimal | None
    baseline_on: date | None
    targets: list[TargetOut]


class PointOut(Schema):
    period: str
    value: Decimal | None


class RowOut(Schema):
    indicator: str
    name: str
    unit: str
    aggregation: str
    value: Decimal | None
    target: Decimal | None
    progress: float | None
    series: list[PointOut]


class CountryOut(Schema):
    country: str
    indicator: str
    value: Decimal | None


class SdgOut(Schema):
    goal: int
    contributors: int


class DashboardOut(Schema):
    rows: list[RowOut]
    by_country: list[CountryOut]
    sdg: list[SdgOut]
    unique_beneficiaries: int


class VentureImpactOut(Schema):
    venture: int
    steps: list[StepOut]
    indicators: list[VentureIndicatorOut]
    dashboard: DashboardOut


class ValueIn(Schema):
    indicator: str = Field(description="Indicator code.")
    value: Decimal
    dimension: str = ""
    category: str = ""
    weight: Decimal | None = None
    unit: str = ""
    evidence: str = Field("", max_length=500)


class ReportIn(Schema):
    period: int
    values: list[ValueIn] = Field(min_length=1)
    beneficiaries: list[str] = Field(
        default_factory=list, description="Beneficiary ids; stored only as keyed hashes."
    )
    reason: str = Field("", description="Required to correct a verified report.")


class ObservationOut(Schema):
    indicator: str
    dimension: str
    category: str
    value: Decimal
    weight: Decimal | None
    evidence: str

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code


class RevisionOut(Schema):
    number: int
    reason: str
    created_at: str
    new_beneficiaries: int
    observations: list[ObservationOut]

    @staticmethod
    def resolve_created_at(obj) -> str:
        return obj.created_at.isoformat()


class ReportOut(Schema):
    id: int
    venture: int = Field(alias="venture_id")
    period: int = Field(alias="period_id")
    status: str
    current_version: int | None
    verified_version: int | None
    review_note: str

    @staticmethod
    def resolve_current_version(obj) -> int | None:
        return obj.current.number if obj.current_id else None

    @staticmethod
    def resolve_verified_version(obj) -> int | None:
        return obj.verified.number if obj.verified_id else None


class ReportDetailOut(ReportOut):
    revisions: list[RevisionOut] = Field(alias="revisions_list")


ReportPage = page_of(ReportOut, "ReportPage")


class ReportFilters(PageParams):
    status: str = ""
    venture: int | None = None


class ReviewIn(Schema):
    decision: str = Field(description="verify, query or reject.")
    note: str = ""


class ImportIn(Schema):
    rows: list[dict] = Field(
        description="Rows with venture, indicator, period, value and optional dimension, "
        "category, weight, unit, evidence. All or nothing."
    )
    verify: bool = False


class ImportOut(Schema):
    imported: int


class OutcomeIn(Schema):
    name_en: str = ""
    name_ar: str = ""
    quantity: Decimal
    proxy: Decimal
    proxy_source: str = ""
    deadweight: Decimal = Field(ge=0, le=1)
    attribution: Decimal = Field(ge=0, le=1)
    displacement: Decimal = Field(ge=0, le=1)
    drop_off: Decimal = Field(ge=0, le=1)
    years: int = Field(1, ge=1, le=50)


class SroiIn(Schema):
    title_en: str = ""
    title_ar: str = ""
    currency: str = Field(min_length=3, max_length=3)
    inputs: Decimal = Field(gt=0)
    discount_rate: Decimal = Field(Decimal("0.035"), ge=0, le=1)
    outcomes: list[OutcomeIn] = Field(min_length=1)


class SensitivityOut(Schema):
    case: str
    ratio: Decimal | None


class SroiOut(Schema):
    id: int
    venture: int | None = Field(description="The venture analysed, or null for a program.")
    program: int | None = Field(description="The program analysed, or null for a venture.")
    title: str
    currency: str
    inputs: Decimal
    discount_rate: Decimal
    total_present_value: Decimal
    ratio: Decimal | None
    sensitivity: list[SensitivityOut]


class NetworkRowOut(Schema):
    network: str
    goal: int
    kind: str
    unit: str
    currency: str
    aggregation: str
    value: Decimal | None
    centers: int
