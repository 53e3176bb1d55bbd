"""Writes for funding: one transaction, one permission check and one audit entry each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.uploads import DOCUMENTS, IMAGES, validate_upload
from markaz.core.writes import save_audited
from markaz.funding import ledger
from markaz.funding import permissions as perms
from markaz.funding.models import Award, EntryKind, Fund, LedgerEntry, Milestone, MilestoneStatus

FUND_FIELDS = [
    "name_en", "name_ar", "funder", "amount", "currency", "starts_on", "ends_on",
    "restriction", "regions",
]  # fmt: skip
AWARD_FIELDS = [
    "fund", "venture", "kind", "title_en", "title_ar", "description_en", "description_ar",
    "amount", "currency", "fx_rate", "fx_date", "fx_source", "awarded_on", "is_publishable",
    "agreement_reference",
]  # fmt: skip
MILESTONE_FIELDS = [
    "position", "description_en", "description_ar", "evidence_required_en",
    "evidence_required_ar", "due_on", "tranche_amount",
]  # fmt: skip


def _require_staff(scope: AccessScope, center) -> None:
    if not perms.can_manage_funding(scope, center):
        raise PermissionDenied


def _actor(scope: AccessScope):
    return scope.user if scope.is_authenticated else None


@transaction.atomic
def create_fund(*, scope: AccessScope, center: Center, data: dict, sdg_goals=None) -> Fund:
    _require_staff(scope, center)
    funder = data.get("funder")
    if funder is None or funder.center_id != center.pk:
        raise ValidationError({"funder": _("Choose an organization of this center.")})
    if data.get("amount") is not None and data.get("currency"):
        ledger.check_amount(data["amount"], data["currency"])
    if data.get("restriction") == "sdgs" and not sdg_goals:
        raise ValidationError({"sdg_goals": _("Choose at least one SDG.")})
    return save_audited(
        Fund(center=center, created_by=_actor(scope)),
        data=data,
        fields=FUND_FIELDS,
        action="funding.fund.created",
        scope=scope,
        center=center,
        m2m={"sdg_goals": sdg_goals},
    )


def _check_restrictions(fund: Fund, venture) -> None:
    if fund.restriction == "sdgs":
        wanted = set(fund.sdg_goals.values_list("pk", flat=True))
        if not wanted & set(venture.sdg_goals.values_list("pk", flat=True)):
            message = _("This fund is restricted to SDGs the venture does not work on.")
            raise ValidationError({"venture": message})
    if fund.restriction == "regions" and venture.center.region not in fund.regions:
        raise ValidationError({"venture": _("This fund is restricted to other regions.")})


def _check_fx(award: Award) -> None:
    if award.currency == award.fund.currency:
        if award.fx_rate is not None:
            message = _("Same currency as the fund: leave the rate empty.")
            raise ValidationError({"fx_rate": message})
        return
    missing = {
        name: _("Required when the award's currency differs from the fund's.")
        for name in ("fx_rate", "fx_date", "fx_source")
        if not getattr(award, name)
    }
    if missing:
        raise ValidationError(missing)
    if award.fx_rate <= 0:
        raise ValidationError({"fx_rate": _("The rate must be positive.")})


@transaction.atomic
def create_award(*, scope: AccessScope, center: Center, data: dict) -> Award:
    """Create the award and post its commitment against the fund, in one transaction."""
    _require_staff(scope, center)
    fund, venture = data.get("fund"), data.get("venture")
    if fund is None or fund.center_id != center.pk:
        raise ValidationError({"fund": _("Choose a fund of this center.")})
    if venture is None or venture.center_id != center.pk:
        raise ValidationError({"venture": _("Choose a venture of this center.")})
    if data.get("amount") is not None and data.get("currency"):
        ledger.check_amount(data["amount"], data["currency"])
    _check_restrictions(fund, venture)
    award = Award(center=center, created_by=_actor(scope))
    for name in AWARD_FIELDS:
        if name in data:
            setattr(award, name, data[name])
    _check_fx(award)
    award = save_audited(
        award, data={}, fields=[], action="funding.award.created", scope=scope, center=center
    )
    entry = ledger.commit(award=award, entry_date=award.awarded_on, actor=_actor(scope))
    _record_entry(scope, entry)
    return award


def _record_entry(scope: AccessScope, entry: LedgerEntry) -> None:
    audit.record(
        action=f"funding.{entry.kind}.posted",
        actor=scope.user,
        center=entry.center,
        obj=entry,
        changes={"amount": [None, str(entry.amount)], "currency": [None, entry.currency]},
    )


@transaction.atomic
def add_milestone(*, scope: AccessScope, award: Award, data: dict) -> Milestone:
    _require_staff(scope, award.center_id)
    award = Award.objects.select_for_update().get(pk=award.pk)
    amount = data.get("tranche_amount")
    if amount is not None:
        ledger.check_amount(amount, award.currency, "tranche_amount")
        planned = award.milestones.aggregate(s=Sum("tranche_amount"))["s"] or Decimal(0)
        if planned + amount > award.amount:
            raise ValidationError(
                {"tranche_amount": _("The tranches would add up to more than the award.")}
            )
    return save_audited(
        Milestone(award=award),
        data=data,
        fields=MILESTONE_FIELDS,
        action="funding.milestone.created",
        scope=scope,
        center=award.center,
    )


def _locked(milestone: Milestone) -> Milestone:
    return (
        Milestone.objects.select_for_update()
        .select_related("award", "award__venture", "award__center", "award__fund")
        .get(pk=milestone.pk)
    )


@transaction.atomic
def submit_evidence(
    *, scope: AccessScope, milestone: Milestone, text: str, upload=None
) -> Milestone:
    milestone = _locked(milestone)
    if not perms.can_submit_evidence(scope, milestone):
        raise PermissionDenied
    if not (text or "").strip() and upload is None:
        raise ValidationError({"evidence_text": _("Describe the evidence or attach a file.")})
    before = audit.snapshot(milestone)
    if upload is not None:
        try:
            validate_upload(upload, DOCUMENTS + IMAGES)
        except ValidationError as exc:
            raise ValidationError({"evidence_file": exc.messages}) from None
        milestone.evidence_file = upload
    milestone.evidence_text = (text or "").strip()
    milestone.status = MilestoneStatus.SUBMITTED
    milestone.submitted_by = scope.user
    milestone.submitted_at = timezone.now()
    milestone.full_clean()
    milestone.save()
    _audit_milestone(scope, milestone, before, "funding.milestone.evidence_submitted")
    return milestone


def _audit_milestone(scope, milestone: Milestone, before: dict, action: str) -> None:
    audit.record(
        action=action,
        actor=scope.user,
        center=milestone.award.center,
        obj=milestone,
        changes=audit.diff(before, audit.snapshot(milestone)),
    )


@transaction.atomic
def review_milestone(
    *, scope: AccessScope, milestone: Milestone, accept: bool, note: str = ""
) -> Milestone:
    milestone = _locked(milestone)
    if not perms.can_review_milestone(scope, milestone):
        raise PermissionDenied
    if not accept and not note.strip():
        raise ValidationError({"review_note": _("Say what is missing.")})
    before = audit.snapshot(milestone)
    milestone.status = MilestoneStatus.ACCEPTED if accept else MilestoneStatus.RETURNED
    milestone.reviewed_by = scope.user
    milestone.review_note = note.strip()
    milestone.save()
    verb = "accepted" if accept else "returned"
    _audit_milestone(scope, milestone, before, f"funding.milestone.{verb}")
    return milestone


@transaction.atomic
def prepare_payment(
    *, scope: AccessScope, milestone: Milestone, method: str, reference: str, paid_on: date
) -> Milestone:
    """The maker's step: say how the tranche will be paid. Nothing is posted yet."""
    milestone = _locked(milestone)
    if not perms.can_prepare_payment(scope, milestone):
        raise PermissionDenied
    before = audit.snapshot(milestone)
    milestone.payment_method = method
    milestone.payment_reference = (reference or "").strip()
    milestone.payment_date = paid_on
    milestone.payment_prepared_by = scope.user
    if not milestone.payment_method or not milestone.payment_reference:
        raise ValidationError(
            {"payment_reference": _("A payment needs a method and an external reference.")}
        )
    milestone.status = MilestoneStatus.PAYMENT_PREPARED
    milestone.full_clean()
    milestone.save()
    _audit_milestone(scope, milestone, before, "funding.payment.prepared")
    return milestone


@transaction.atomic
def approve_payment(*, scope: AccessScope, milestone: Milestone) -> LedgerEntry:
    """The checker's step: a second person approves, and the disbursement is posted."""
    milestone = _locked(milestone)
    if not perms.can_approve_payment(scope, milestone):
        if milestone.payment_prepared_by_id == scope.user_id and perms.can_manage_funding(
            scope, milestone.award.center_id
        ):
            raise PermissionDenied(_("Whoever prepared a payment cannot approve it."))
        raise PermissionDenied
    entry = ledger.disburse(
        award=milestone.award,
        amount=milestone.tranche_amount,
        entry_date=milestone.payment_date,
        method=milestone.payment_method,
        external_reference=milestone.payment_reference,
        milestone=milestone,
        prepared_by=milestone.payment_prepared_by,
        actor=scope.user,
    )
    before = audit.snapshot(milestone)
    milestone.status = MilestoneStatus.PAID
    milestone.save()
    _audit_milestone(scope, milestone, before, "funding.payment.approved")
    _record_entry(scope, entry)
    return entry


@transaction.atomic
def reverse_entry(*, scope: AccessScope, entry: LedgerEntry, memo: str) -> LedgerEntry:
    _require_staff(scope, entry.center_id)
    if not (memo or "").strip():
        raise ValidationError({"memo": _("Say why the entry is reversed.")})
    reversal = ledger.reverse(
        entry=entry, entry_date=timezone.localdate(), memo=memo.strip(), actor=scope.user
    )
    if entry.kind == EntryKind.DISBURSEMENT and entry.milestone_id:
        # The tranche is unpaid again: back to accepted, to be prepared and approved anew.
        milestone = _locked(entry.milestone)
        before = audit.snapshot(milestone)
        milestone.status = MilestoneStatus.ACCEPTED
        milestone.payment_prepared_by = None
        milestone.save()
        _audit_milestone(scope, milestone, before, "funding.payment.reversed")
    _record_entry(scope, reversal)
    return reversal


@transaction.atomic
def record_refund(
    *, scope: AccessScope, award: Award, amount: Decimal, reference: str, refunded_on: date
) -> LedgerEntry:
    _require_staff(scope, award.center_id)
    entry = ledger.refund(
        award=award,
        amount=amount,
        entry_date=refunded_on,
        external_reference=(reference or "").strip(),
        actor=scope.user,
    )
    _record_entry(scope, entry)
    return entry
