"""Writes for impact: one transaction, one permission check and one audit entry each."""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.uploads import DOCUMENTS, IMAGES, validate_upload
from markaz.core.writes import save_audited
from markaz.impact import aggregation as agg
from markaz.impact import permissions as perms
from markaz.impact import rollups
from markaz.impact.models import (
    CATEGORIES,
    Beneficiary,
    Evidence,
    Indicator,
    Level,
    LogicModel,
    LogicStep,
    Observation,
    PeriodTarget,
    Report,
    ReportingPeriod,
    ReportStatus,
    Revision,
    SroiAnalysis,
    SroiOutcome,
    VentureIndicator,
)

INDICATOR_FIELDS = [
    "code", "name_en", "name_ar", "definition_en", "definition_ar", "unit", "kind", "currency",
    "scale_min", "scale_max", "direction", "aggregation", "dimensions", "iris_code", "is_active",
]  # fmt: skip
PERIOD_FIELDS = ["frequency", "starts_on", "ends_on", "due_on", "is_open", "program"]
STEP_FIELDS = ["level", "position", "text_en", "text_ar", "leads_to"]
SROI_FIELDS = ["title_en", "title_ar", "currency", "inputs", "discount_rate"]
OUTCOME_FIELDS = [
    "name_en", "name_ar", "quantity", "proxy", "proxy_source", "deadweight", "attribution",
    "displacement", "drop_off", "years",
]  # fmt: skip


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _same_center(obj, center, field: str) -> None:
    if obj is None or obj.center_id != center.pk:
        raise ValidationError({field: _("Choose one of this center's.")})


# -- indicators and periods -------------------------------------------------------------------


@transaction.atomic
def create_indicator(*, scope: AccessScope, center: Center, data: dict, sdg_targets=None):
    _require(perms.can_manage_impact(scope, center))
    data = {**data, "code": (data.get("code") or "").strip()}
    if Indicator.objects.filter(center=center, code=data["code"]).exists():
        raise ValidationError({"code": _("This code is already used by another indicator.")})
    return save_audited(
        Indicator(center=center), data=data, fields=INDICATOR_FIELDS,
        action="impact.indicator.created", scope=scope, center=center,
        m2m={"sdg_targets": sdg_targets},
    )  # fmt: skip


@transaction.atomic
def update_indicator(*, scope: AccessScope, indicator: Indicator, data: dict, sdg_targets=None):
    """Codes, types, units and aggregation rules are fixed once values exist."""
    _require(perms.can_manage_impact(scope, indicator.center_id))
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    fixed = ("code", "kind", "unit", "currency", "aggregation")
    if Observation.objects.filter(indicator=indicator).exists():
        changed = [f for f in fixed if f in data and data[f] != getattr(indicator, f)]
        if changed:
            message = _("Values were reported: this can no longer change.")
            raise ValidationError(dict.fromkeys(changed, message))
    return save_audited(
        indicator, data=data, fields=INDICATOR_FIELDS, action="impact.indicator.updated",
        scope=scope, center=indicator.center, m2m={"sdg_targets": sdg_targets},
    )  # fmt: skip


@transaction.atomic
def create_period(*, scope: AccessScope, center: Center, data: dict) -> ReportingPeriod:
    _require(perms.can_manage_impact(scope, center))
    if data.get("program") is not None:
        _same_center(data["program"], center, "program")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if (
        starts
        and ends
        and ReportingPeriod.objects.filter(
            center=center, frequency=data.get("frequency"), starts_on__lte=ends, ends_on__gte=starts
        ).exists()
    ):
        raise ValidationError({"starts_on": _("This period overlaps another of the same kind.")})
    return save_audited(
        ReportingPeriod(center=center), data=data, fields=PERIOD_FIELDS,
        action="impact.period.created", scope=scope, center=center,
    )  # fmt: skip


@transaction.atomic
def close_period(*, scope: AccessScope, period: ReportingPeriod, is_open: bool = False):
    _require(perms.can_manage_impact(scope, period.center_id))
    return save_audited(
        period, data={"is_open": is_open}, fields=["is_open"], action="impact.period.updated",
        scope=scope, center=period.center,
    )  # fmt: skip


# -- logic models ---------------------------------------------------------------------------


def _logic_model(venture) -> LogicModel:
    model, _created = LogicModel.objects.get_or_create(venture=venture, center=venture.center)
    return model


def _check_chain(model: LogicModel, data: dict, step: LogicStep | None = None) -> None:
    """Activities lead to outputs, outputs to outcomes, outcomes to impact: a step leads only
    to a later level of the same model, and the steps leading to it stay earlier."""
    order = list(Level.values)
    level = data.get("level", step.level if step else "")
    if level not in order:
        raise ValidationError({"level": _("Choose a level.")})
    leads_to = data.get("leads_to", step.leads_to if step else None)
    if leads_to is not None:
        if leads_to.logic_model_id != model.pk or (step is not None and leads_to.pk == step.pk):
            raise ValidationError({"leads_to": _("Choose a step of this venture's model.")})
        if order.index(leads_to.level) <= order.index(level):
            raise ValidationError({"leads_to": _("A step leads to a later level.")})
    if step is not None and any(
        order.index(s.level) >= order.index(level) for s in step.led_from.all()
    ):
        raise ValidationError({"level": _("Steps leading here must stay at an earlier level.")})


@transaction.atomic
def add_step(*, scope: AccessScope, venture, data: dict) -> LogicStep:
    _require(perms.can_report_for(scope, venture))
    model = _logic_model(venture)
    _check_chain(model, data)
    return save_audited(
        LogicStep(logic_model=model), data=data, fields=STEP_FIELDS,
        action="impact.step.created", scope=scope, center=venture.center,
    )  # fmt: skip


@transaction.atomic
def update_step(*, scope: AccessScope, step: LogicStep, data: dict) -> LogicStep:
    """Change a step's level, texts, position or the step it leads to."""
    locked = LogicStep.objects.select_for_update(of=("self",))
    step = locked.select_related("logic_model__venture").get(pk=step.pk)
    venture = step.logic_model.venture
    _require(perms.can_report_for(scope, venture))
    _check_chain(step.logic_model, data, step)
    if (
        data.get("level", step.level) not in (Level.OUTPUT, Level.OUTCOME)
        and step.indicators.exists()
    ):
        raise ValidationError(
            {"level": _("Indicators measure this step: it stays an output or an outcome.")}
        )
    return save_audited(
        step, data=data, fields=STEP_FIELDS, action="impact.step.updated", scope=scope,
        center=venture.center,
    )  # fmt: skip


@transaction.atomic
def remove_step(*, scope: AccessScope, step: LogicStep) -> None:
    venture = step.logic_model.venture
    _require(perms.can_report_for(scope, venture))
    audit.record(
        action="impact.step.deleted", actor=scope.user, center=venture.center, obj=step,
        changes={"text_en": [step.text_en, None]},
    )  # fmt: skip
    step.delete()


@transaction.atomic
def attach_indicator(*, scope: AccessScope, venture, data: dict) -> VentureIndicator:
    _require(perms.can_report_for(scope, venture))
    indicator, step = data.get("indicator"), data.get("step")
    _same_center(indicator, venture.center, "indicator")
    if step is not None and (
        step.logic_model.venture_id != venture.pk or step.level not in (Level.OUTPUT, Level.OUTCOME)
    ):
        raise ValidationError({"step": _("Choose an output or outcome of this venture.")})
    if VentureIndicator.objects.filter(venture=venture, indicator=indicator).exists():
        raise ValidationError({"indicator": _("This venture already reports on it.")})
    if data.get("baseline") is not None:
        problem = indicator.check_value(Decimal(data["baseline"]))
        if problem:
            raise ValidationError({"baseline": problem})
    return save_audited(
        VentureIndicator(venture=venture, center=venture.center), data=data,
        fields=["indicator", "step", "baseline", "baseline_on"],
        action="impact.venture_indicator.created", scope=scope, center=venture.center,
    )  # fmt: skip


@transaction.atomic
def update_venture_indicator(
    *, scope: AccessScope, venture_indicator: VentureIndicator, data: dict
) -> VentureIndicator:
    """Change the outcome an indicator measures, its baseline or the baseline's date."""
    locked = VentureIndicator.objects.select_for_update(of=("self",))
    vi = locked.select_related("venture", "indicator").get(pk=venture_indicator.pk)
    _require(perms.can_report_for(scope, vi.venture))
    step = data.get("step", vi.step)
    if step is not None and (
        step.logic_model.venture_id != vi.venture_id or step.level not in (Level.OUTPUT,
                                                                           Level.OUTCOME)
    ):  # fmt: skip
        raise ValidationError({"step": _("Choose an output or outcome of this venture.")})
    if data.get("baseline") is not None:
        problem = vi.indicator.check_value(Decimal(data["baseline"]))
        if problem:
            raise ValidationError({"baseline": problem})
    return save_audited(
        vi, data=data, fields=["step", "baseline", "baseline_on"],
        action="impact.venture_indicator.updated", scope=scope, center=vi.venture.center,
    )  # fmt: skip


@transaction.atomic
def set_target(*, scope: AccessScope, venture_indicator: VentureIndicator, period, value):
    venture = venture_indicator.venture
    _require(perms.can_report_for(scope, venture))
    _same_center(period, venture.center, "period")
    problem = venture_indicator.indicator.check_value(Decimal(value))
    if problem:
        raise ValidationError({"value": problem})
    target = PeriodTarget.objects.filter(venture_indicator=venture_indicator, period=period).first()
    return save_audited(
        target or PeriodTarget(venture_indicator=venture_indicator, period=period),
        data={"value": Decimal(value)}, fields=["value"], action="impact.target.set",
        scope=scope, center=venture.center,
    )  # fmt: skip


# -- reports ----------------------------------------------------------------------------------


def parse_decimal(raw) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def check_values(indicators: dict[str, Indicator], items: list[dict]):
    """Validate report values against the venture's indicators.

    Returns (clean items, errors) where errors is a list of (item index, message); the clean
    items carry the Indicator, the parsed value and weight.
    """
    errors: list[tuple[int, str]] = []
    clean: list[dict] = []
    seen: dict[tuple, int] = {}
    for i, item in enumerate(items):
        code = str(item.get("indicator") or "").strip()
        indicator = indicators.get(code)
        if indicator is None:
            errors.append((i, _("Unknown indicator %(code)s for this venture.") % {"code": code}))
            continue
        value = parse_decimal(item.get("value"))
        if value is None:
            errors.append((i, _("The value is not a number.")))
            continue
        problem = indicator.check_value(value)
        if problem:
            errors.append((i, problem))
            continue
        weight = parse_decimal(item.get("weight"))
        if item.get("weight") not in (None, "") and (weight is None or weight <= 0):
            errors.append((i, _("The weight must be a positive number.")))
            continue
        dim = str(item.get("dimension") or "").strip()
        cat = str(item.get("category") or "").strip()
        if dim and dim not in (indicator.dimensions or []):
            errors.append((i, _("This indicator is not disaggregated by %(dim)s.") % {"dim": dim}))
            continue
        if bool(dim) != bool(cat):
            errors.append((i, _("Give both the dimension and the category, or neither.")))
            continue
        if dim in CATEGORIES and cat not in {c for c, _l in CATEGORIES[dim]}:
            errors.append((i, _("Unknown category %(cat)s.") % {"cat": cat}))
            continue
        unit = str(item.get("unit") or "").strip()
        if unit and unit.casefold() != indicator.unit.casefold():
            errors.append(
                (i, _("Wrong unit: this indicator is in %(unit)s.") % {"unit": indicator.unit})
            )
            continue
        key = (indicator.pk, dim, cat)
        if key in seen:
            errors.append((i, _("Duplicate value (same indicator and category).")))
            continue
        seen[key] = i
        clean.append({"index": i, "indicator": indicator, "dimension": dim, "category": cat,
                      "value": value, "weight": weight,
                      "evidence": str(item.get("evidence") or "")[:500]})  # fmt: skip
    errors += _check_disaggregations(clean)
    return clean, sorted(errors, key=lambda e: e[0])


def _check_disaggregations(clean: list[dict]) -> list[tuple[int, str]]:
    totals = {c["indicator"].pk: c["value"] for c in clean if not c["dimension"]}
    parts: dict[tuple, list] = defaultdict(list)
    for c in clean:
        if c["dimension"]:
            parts[(c["indicator"].pk, c["dimension"])].append(c)
    errors = []
    for (ind, dim), rows in parts.items():
        indicator = rows[0]["indicator"]
        if ind not in totals:
            errors.append((rows[0]["index"], _("Report the total before its categories.")))
            continue
        if indicator.kind not in agg.ADDITIVE_KINDS or indicator.aggregation not in (
            agg.SUM,
            agg.LATEST,
        ):
            continue
        added = sum((r["value"] for r in rows), Decimal(0))
        complete = dim in CATEGORIES
        if (complete and added != totals[ind]) or (not complete and added > totals[ind]):
            errors.append((rows[-1]["index"], _(
                "The categories of %(dim)s add up to %(sum)s, not to the total %(total)s."
            ) % {"dim": dim, "sum": added, "total": totals[ind]}))  # fmt: skip
    return errors


def beneficiary_digest(venture_id: int, identifier: str) -> str:
    message = f"{venture_id}:{identifier.strip().casefold()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _indicators_of(venture) -> dict[str, Indicator]:
    return {
        vi.indicator.code: vi.indicator
        for vi in VentureIndicator.objects.filter(venture=venture).select_related("indicator")
    }


def _raise_item_errors(errors) -> None:
    if errors:
        raise ValidationError(
            {"values": [_("Value %(n)s: %(msg)s") % {"n": i + 1, "msg": m} for i, m in errors]}
        )


@transaction.atomic
def submit_report(
    *, scope: AccessScope, venture, period: ReportingPeriod, values: list[dict],
    beneficiaries: list[str] | None = None, reason: str = "",
) -> Report:  # fmt: skip
    """File a report's values as a new revision (the first, a resubmission or a correction)."""
    report = Report.objects.select_for_update().filter(venture=venture, period=period).first()
    _require(perms.can_submit(scope, report, venture))
    _same_center(period, venture.center, "period")
    if not period.is_open and not perms.can_manage_impact(scope, venture.center_id):
        raise ValidationError({"period": _("This period is closed for reports.")})
    clean, errors = check_values(_indicators_of(venture), values)
    _raise_item_errors(errors)
    if not clean:
        raise ValidationError({"values": _("Report at least one value.")})
    if report is not None and report.verified_id and not reason.strip():
        raise ValidationError({"reason": _("Say why the verified values are corrected.")})
    before = {} if report is None else audit.snapshot(report, ["status", "current_id"])
    if report is None:
        report = Report.objects.create(center=venture.center, venture=venture, period=period)
    number = (report.current.number if report.current else 0) + 1
    new = _count_beneficiaries(venture, report, beneficiaries or [])
    revision = Revision.objects.create(
        report=report,
        number=number,
        reason=reason.strip(),
        created_by=_user(scope),
        new_beneficiaries=new,
    )
    Observation.objects.bulk_create(
        [
            Observation(
                revision=revision,
                indicator=c["indicator"],
                dimension=c["dimension"],
                category=c["category"],
                value=c["value"],
                weight=c["weight"],
                evidence=c["evidence"],
            )
            for c in clean
        ]
    )
    report.current = revision
    report.status = ReportStatus.SUBMITTED
    report.save(update_fields=["current", "status"])
    audit.record(
        action="impact.report.corrected" if number > 1 else "impact.report.submitted",
        actor=scope.user, center=venture.center, obj=report,
        changes={**audit.diff(before, audit.snapshot(report, ["status", "current_id"])),
                 "values": [None, len(clean)], "new_beneficiaries": [None, new]},
    )  # fmt: skip
    return report


def _user(scope: AccessScope):
    return scope.user if scope.is_authenticated else None


def _count_beneficiaries(venture, report: Report, identifiers: list[str]) -> int:
    digests = {beneficiary_digest(venture.pk, i) for i in identifiers if i and i.strip()}
    if not digests:
        return 0
    known = set(
        Beneficiary.objects.filter(venture=venture, digest__in=digests).values_list(
            "digest", flat=True
        )
    )
    fresh = [Beneficiary(venture=venture, digest=d, first_report=report) for d in digests - known]
    Beneficiary.objects.bulk_create(fresh)
    return len(fresh)


DECISIONS = {
    "verify": ReportStatus.VERIFIED,
    "query": ReportStatus.QUERIED,
    "reject": ReportStatus.REJECTED,
}


@transaction.atomic
def review_report(*, scope: AccessScope, report: Report, decision: str, note: str = "") -> Report:
    """Staff verify, query (send back with a question) or reject the current revision.

    Verifying counts the revision in the roll-ups instead of the previously verified one, in
    this same transaction.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(perms.can_review(scope, report))
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose verify, query or reject.")})
    if decision != "verify" and not note.strip():
        raise ValidationError({"note": _("Explain what is wrong or missing.")})
    before = audit.snapshot(report, ["status", "verified_id", "review_note"])
    report.status = DECISIONS[decision]
    report.review_note = note.strip()
    report.reviewed_by = _user(scope)
    report.reviewed_at = timezone.now()
    if decision == "verify":
        previous = report.verified_id
        report.verified = report.current
        rollups.apply_changes([(report, previous, report.current_id)])
    elif decision == "reject" and report.verified_id:
        # A rejected correction leaves the verified values standing.
        report.status = ReportStatus.VERIFIED
    report.save()
    audit.record(
        action=f"impact.report.{report.status if decision != 'reject' else 'rejected'}",
        actor=scope.user, center=report.center, obj=report,
        changes=audit.diff(before, audit.snapshot(report, list(before))),
    )  # fmt: skip
    return report


@transaction.atomic
def verify_reports(*, scope: AccessScope, center: Center, reports) -> int:
    """Verify many submitted reports at once (after an import): one roll-up pass."""
    _require(perms.can_manage_impact(scope, center))
    locked = list(
        Report.objects.select_for_update().filter(
            pk__in=[r.pk for r in reports], center=center, status=ReportStatus.SUBMITTED
        )
    )
    changes = [(r, r.verified_id, r.current_id) for r in locked]
    now = timezone.now()
    for r in locked:
        r.verified_id, r.status, r.reviewed_by, r.reviewed_at = (
            r.current_id, ReportStatus.VERIFIED, _user(scope), now,
        )  # fmt: skip
    Report.objects.bulk_update(
        locked, ["verified", "status", "reviewed_by", "reviewed_at"], batch_size=1000
    )
    rollups.apply_changes(changes)
    audit.record(
        action="impact.report.bulk_verified", actor=scope.user, center=center,
        object_type="impact.report", changes={"reports": [None, len(locked)]},
    )  # fmt: skip
    return len(locked)


@transaction.atomic
def add_evidence(*, scope: AccessScope, report: Report, upload, description: str = ""):
    _require(perms.can_submit(scope, report, report.venture))
    validate_upload(upload, (*DOCUMENTS, *IMAGES))
    evidence = Evidence.objects.create(
        report=report, file=upload, description=description.strip()[:200],
        uploaded_by=_user(scope),
    )  # fmt: skip
    audit.record(action="impact.evidence.added", actor=scope.user, center=report.center,
                 obj=evidence, object_type="impact.evidence")  # fmt: skip
    return evidence


# -- SROI -------------------------------------------------------------------------------------


@transaction.atomic
def create_sroi(
    *, scope: AccessScope, data: dict, outcomes: list[dict], venture=None, program=None
) -> SroiAnalysis:
    """An SROI analysis of a venture (its team or staff) or of a program (staff) with its
    outcomes; every adjustment is required (0 is an answer)."""
    if (venture is None) == (program is None):
        raise ValueError("an SROI analysis is of one venture or one program")
    if venture is not None:
        _require(perms.can_report_for(scope, venture))
        center = venture.center
    else:
        _require(perms.can_manage_impact(scope, program.center_id))
        center = program.center
    if not outcomes:
        raise ValidationError({"outcomes": _("Add at least one outcome.")})
    errors = []
    for n, o in enumerate(outcomes, start=1):
        for field in ("deadweight", "attribution", "displacement", "drop_off"):
            share = o.get(field)
            if share is None or not (0 <= Decimal(share) <= 1):
                errors.append(
                    _("Outcome %(n)s: %(field)s is a share between 0 and 1.")
                    % {"n": n, "field": field}
                )
    if errors:
        raise ValidationError({"outcomes": errors})
    analysis = save_audited(
        SroiAnalysis(center=center, venture=venture, program=program), data=data,
        fields=SROI_FIELDS, action="impact.sroi.created", scope=scope, center=center,
    )  # fmt: skip
    for o in outcomes:
        row = SroiOutcome(analysis=analysis)
        for f in OUTCOME_FIELDS:
            if f in o:
                setattr(row, f, o[f])
        row.full_clean()
        row.save()
    return analysis
