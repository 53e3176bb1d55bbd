"""Impact: indicators, logic models, reporting periods, verified reports and roll-ups.

Observations are append-only (the database refuses UPDATE and DELETE, migration 0002): a
correction is a new revision of the report, and the history stays. Roll-up cells hold
mergeable partial aggregates (`aggregation.Partial`) of VERIFIED values only, per venture and
per center, per period and over all periods, per disaggregation category; the services keep
them up to date in the same transaction as each verification, so dashboards read cells.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center
from markaz.impact import aggregation as agg

VALUE = {"max_digits": 20, "decimal_places": 6}


class Kind(models.TextChoices):
    COUNT = agg.COUNT, _("Count")
    PERCENTAGE = agg.PERCENTAGE, _("Percentage")
    CURRENCY = agg.CURRENCY, _("Currency amount")
    RATIO = agg.RATIO, _("Ratio")
    BOOLEAN = agg.BOOLEAN, _("Yes/no")
    SCALE = agg.SCALE, _("Scale")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Aggregation(models.TextChoices):
    SUM = agg.SUM, _("Sum")
    MEAN = agg.MEAN, _("Mean")
    WEIGHTED_MEAN = agg.WEIGHTED_MEAN, _("Weighted mean")
    LATEST = agg.LATEST, _("Latest")
    MAX = agg.MAX, _("Maximum")
    MIN = agg.MIN, _("Minimum")


class Dimension(models.TextChoices):
    GENDER = "gender", _("Gender")
    AGE_BAND = "age_band", _("Age band")
    LOCATION = "location", _("Location")
    DISABILITY = "disability", _("Disability")
    DISPLACEMENT = "displacement", _("Displacement status")


# Fixed categories per dimension (location is free text: a governorate, a camp, a town).
CATEGORIES: dict[str, list[tuple[str, str]]] = {
    "gender": [("female", _("Female")), ("male", _("Male")), ("other", _("Other"))],
    "age_band": [
        ("0-14", _("0–14")), ("15-24", _("15–24")), ("25-64", _("25–64")),
        ("65+", _("65 and over")),
    ],
    "disability": [("yes", _("With a disability")), ("no", _("Without a disability"))],
    "displacement": [
        ("refugee", _("Refugee")), ("idp", _("Internally displaced")),
        ("host", _("Host community")),
        ("returnee", _("Returnee")),
    ],
}  # fmt: skip


def category_label(dimension: str, category: str) -> str:
    for code, label in CATEGORIES.get(dimension, ()):
        if code == category:
            return str(label)
    return category


class Indicator(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_ar = models.TextField(_("definition (Arabic)"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("people, hours, %, tonnes …"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.COUNT)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    scale_min = models.DecimalField(_("scale minimum"), null=True, blank=True, **VALUE)
    scale_max = models.DecimalField(_("scale maximum"), null=True, blank=True, **VALUE)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.HIGHER
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=20, choices=Aggregation, default=Aggregation.SUM
    )
    dimensions = models.JSONField(_("disaggregation dimensions"), default=list, blank=True)
    sdg_targets = models.ManyToManyField(
        "sdg.Target", verbose_name=_("SDG targets"), blank=True, related_name="impact_indicators"
    )
    iris_code = models.CharField(_("IRIS+ code"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")
    definition = Bilingual("definition")

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["center", "code"], name="impact_indicator_code"),
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="impact_indicator_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def measure(self) -> agg.Measure:
        return agg.Measure(self.kind, self.unit, self.aggregation, self.currency)

    def clean(self) -> None:
        errors = {}
        if not agg.allowed(self.kind, self.aggregation):
            errors["aggregation"] = _("This aggregation does not suit this type of value.")
        if self.kind == Kind.CURRENCY and len(self.currency or "") != 3:
            errors["currency"] = _("A currency amount needs its currency (ISO 4217 code).")
        if self.kind != Kind.CURRENCY and self.currency:
            errors["currency"] = _("Only currency amounts have a currency.")
        if self.kind == Kind.SCALE and (
            self.scale_min is None or self.scale_max is None or self.scale_min >= self.scale_max
        ):
            errors["scale_max"] = _("A scale needs a minimum below its maximum.")
        unknown = set(self.dimensions or []) - set(Dimension.values)
        if unknown:
            errors["dimensions"] = _("Choose dimensions from the list.")
        if errors:
            raise ValidationError(errors)

    def check_value(self, value: Decimal) -> str | None:
        """Why a value does not fit this indicator, or None."""
        if self.kind == Kind.COUNT and (value < 0 or value != value.to_integral_value()):
            return str(_("A count is a whole number, zero or more."))
        if self.kind == Kind.PERCENTAGE and not (0 <= value <= 100):
            return str(_("A percentage lies between 0 and 100."))
        if self.kind == Kind.BOOLEAN and value not in (0, 1):
            return str(_("A yes/no answer is 1 (yes) or 0 (no)."))
        if self.kind == Kind.SCALE and not (self.scale_min <= value <= self.scale_max):
            return str(_("The value lies outside the scale."))
        if self.kind == Kind.RATIO and value < 0:
            return str(_("A ratio cannot be negative."))
        return None


class LogicModel(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="logic_models")
    venture = models.OneToOneField(
        "ventures.Venture", on_delete=models.CASCADE, related_name="logic_model"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("logic model")
        verbose_name_plural = _("logic models")

    def __str__(self) -> str:
        return str(self.venture)


class Level(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")


class LogicStep(models.Model):
    logic_model = models.ForeignKey(LogicModel, on_delete=models.CASCADE, related_name="steps")
    level = models.CharField(_("level"), max_length=10, choices=Level)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    leads_to = models.ForeignKey(
        "self", verbose_name=_("leads to"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_from",
    )  # fmt: skip

    text = Bilingual("text")

    class Meta:
        ordering = ["logic_model_id", "position", "id"]
        verbose_name = _("logic model step")
        verbose_name_plural = _("logic model steps")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text_en="", text_ar=""),
                name="impact_step_has_text",
                violation_error_message=_("Describe the step in Arabic or English (or both)."),
            )
        ]

    def __str__(self) -> str:
        return self.text


class VentureIndicator(models.Model):
    """An indicator a venture reports on, attached to an output or outcome of its model."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    venture = models.ForeignKey(
        "ventures.Venture", on_delete=models.CASCADE, related_name="impact_indicators"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="uses")
    step = models.ForeignKey(
        LogicStep, verbose_name=_("outcome"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators",
    )  # fmt: skip
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **VALUE)
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)

    class Meta:
        ordering = ["indicator__code"]
        verbose_name = _("venture indicator")
        verbose_name_plural = _("venture indicators")
        constraints = [
            models.UniqueConstraint(fields=["venture", "indicator"], name="impact_venture_ind")
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class PeriodTarget(models.Model):
    """What a venture aims to reach on an indicator by the end of a period."""

    venture_indicator = models.ForeignKey(
        VentureIndicator, on_delete=models.CASCADE, related_name="targets"
    )
    period = models.ForeignKey("ReportingPeriod", on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("target"), **VALUE)

    class Meta:
        ordering = ["period__starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["venture_indicator", "period"], name="impact_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.venture_indicator} · {self.period}: {self.value}"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


class ReportingPeriod(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="impact_periods"
    )
    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="impact_periods",
    )  # fmt: skip
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    is_open = models.BooleanField(_("open for reports"), default=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="impact_period_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["center", "frequency", "starts_on"], name="impact_period_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        s = self.starts_on
        if self.frequency == Frequency.ANNUAL:
            return f"{s.year}"
        if self.frequency == Frequency.QUARTERLY:
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        return f"{s.year}-{s.month:02d}"

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    QUERIED = "queried", _("Queried")
    REJECTED = "rejected", _("Rejected")


class Report(models.Model):
    """A venture's report for one period; its values live in append-only revisions."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="impact_reports")
    venture = models.ForeignKey(
        "ventures.Venture", on_delete=models.CASCADE, related_name="impact_reports"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    current = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The revision counted in roll-ups.",
    )  # fmt: skip
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period__starts_on", "id"]
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        constraints = [
            models.UniqueConstraint(fields=["venture", "period"], name="impact_report_unique")
        ]
        indexes = [models.Index(fields=["center", "status"])]

    def __str__(self) -> str:
        return f"{self.venture} · {self.period}"


class Revision(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    reason = models.TextField(_("reason for the correction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    new_beneficiaries = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="impact_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class Observation(models.Model):
    """One value of one indicator in one revision: the total (no dimension) or a category."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="observations")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(max_length=20, blank=True)
    category = models.CharField(max_length=60, blank=True)
    value = models.DecimalField(**VALUE)
    weight = models.DecimalField(null=True, blank=True, **VALUE)
    evidence = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["indicator_id", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "indicator", "dimension", "category"],
                name="impact_observation_unique",
            )
        ]

    def __str__(self) -> str:
        where = f" [{self.dimension}={self.category}]" if self.dimension else ""
        return f"{self.indicator_id}{where}: {self.value}"


class Evidence(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="impact/evidence/")
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.description or self.file.name


class Beneficiary(models.Model):
    """A beneficiary reached by a venture, as a keyed hash of its id: counted once."""

    venture = models.ForeignKey(
        "ventures.Venture", on_delete=models.CASCADE, related_name="impact_beneficiaries"
    )
    digest = models.CharField(max_length=64)
    first_report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["venture", "digest"], name="impact_beneficiary_once")
        ]

    def __str__(self) -> str:
        return self.digest[:12]


class RollupCell(models.Model):
    """A partial aggregate of verified values: venture or center level (venture null),
    one period or all (period null), the total or one disaggregation category."""

    key = models.CharField(max_length=120, unique=True)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    venture = models.ForeignKey(
        "ventures.Venture", null=True, on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(
        ReportingPeriod, null=True, on_delete=models.CASCADE, related_name="+"
    )
    dimension = models.CharField(max_length=20, blank=True)
    category = models.CharField(max_length=60, blank=True)
    # Center-level cells per country of the ventures ("ZZ": no country); "" elsewhere.
    country = models.CharField(max_length=2, blank=True, default="")
    # Cells of a cohort or a program: its member ventures merged (venture null).
    cohort = models.ForeignKey(
        "programs.Cohort", null=True, on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        "programs.Program", null=True, on_delete=models.CASCADE, related_name="+"
    )
    n = models.IntegerField(default=0)
    total = models.DecimalField(default=0, **VALUE)
    weight = models.DecimalField(default=0, **VALUE)
    weighted_total = models.DecimalField(default=0, **VALUE)
    minimum = models.DecimalField(null=True, **VALUE)
    maximum = models.DecimalField(null=True, **VALUE)
    latest = models.DecimalField(null=True, **VALUE)
    latest_on = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["center", "dimension", "venture", "period"]),
            models.Index(fields=["center", "dimension", "period", "venture"]),
            models.Index(fields=["indicator", "period", "dimension", "category"]),
            models.Index(fields=["program", "dimension", "period"]),
            models.Index(fields=["cohort", "dimension", "period"]),
            # Dashboards of centers, cohorts and programs read only this index on PostgreSQL
            # (an index-only scan; other databases skip covering indexes).
            models.Index(
                fields=["center", "dimension", "cohort", "program", "period"],
                include=[
                    "indicator",
                    "country",
                    "n",
                    "total",
                    "weight",
                    "weighted_total",
                    "minimum",
                    "maximum",
                ],
                condition=models.Q(venture__isnull=True),
                name="impact_cell_board",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def make_key(
        center_id, venture_id, indicator_id, period_id, dimension="", category="", country="",
        group="",
    ) -> str:  # fmt: skip
        """`group` names a cohort ("c12") or a program ("p3") whose ventures the cell merges."""
        key = (
            f"{center_id}:{venture_id or 0}:{indicator_id}:{period_id or 0}:{dimension}:{category}"
        )
        if country:
            key = f"{key}:@{country}"
        return f"{key}:#{group}" if group else key


class SroiAnalysis(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="sroi_analyses")
    # Of one venture, or of a whole program (its cohorts' ventures together).
    venture = models.ForeignKey(
        "ventures.Venture", null=True, blank=True, on_delete=models.CASCADE,
        related_name="sroi_analyses",
    )  # fmt: skip
    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="sroi_analyses",
    )  # fmt: skip
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    inputs = models.DecimalField(_("value of the inputs"), **VALUE)
    discount_rate = models.DecimalField(
        _("discount rate"), max_digits=6, decimal_places=4, default=Decimal("0.035")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    title = Bilingual("title")

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("SROI analysis")
        verbose_name_plural = _("SROI analyses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(venture__isnull=True, program__isnull=False)
                | models.Q(venture__isnull=False, program__isnull=True),
                name="impact_sroi_of_venture_or_program",
                violation_error_message=_("An analysis is of one venture or one program."),
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.venture or self.program)


SHARE = {"max_digits": 5, "decimal_places": 4}


class SroiOutcome(models.Model):
    analysis = models.ForeignKey(SroiAnalysis, on_delete=models.CASCADE, related_name="outcomes")
    name_en = models.CharField(_("outcome (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("outcome (Arabic)"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), **VALUE)
    proxy = models.DecimalField(_("financial proxy per unit"), **VALUE)
    proxy_source = models.CharField(_("source of the proxy"), max_length=300, blank=True)
    deadweight = models.DecimalField(_("deadweight"), **SHARE)
    attribution = models.DecimalField(_("attribution"), **SHARE)
    displacement = models.DecimalField(_("displacement"), **SHARE)
    drop_off = models.DecimalField(_("drop-off"), **SHARE)
    years = models.PositiveSmallIntegerField(_("duration (years)"), default=1)

    name = Bilingual("name")

    class Meta:
        ordering = ["analysis_id", "id"]

    def __str__(self) -> str:
        return self.name
