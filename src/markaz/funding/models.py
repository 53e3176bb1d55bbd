"""Funds from funders, awards to ventures with milestones, and the append-only ledger.

Money lives in one place: `LedgerEntry`. Balances (committed, disbursed, remaining) are sums
over it; nothing stores a running total that could drift. The database refuses updates and
deletes of entries and any insert that would over-commit a fund or over-disburse an award
(migration 0002); services check the same rules first, under a row lock, to explain refusals.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center, Region
from markaz.funding.currencies import currencies

MONEY = {"max_digits": 18, "decimal_places": 4}


def currency_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} · {name}") for code, name in currencies().items()]


class Restriction(models.TextChoices):
    UNRESTRICTED = "unrestricted", _("Unrestricted")
    SDGS = "sdgs", _("Restricted to SDGs")
    REGIONS = "regions", _("Restricted to regions")


class Fund(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="funds"
    )
    funder = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="funds",
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=currency_choices)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    restriction = models.CharField(
        _("restriction"), max_length=20, choices=Restriction, default=Restriction.UNRESTRICTED
    )
    sdg_goals = models.ManyToManyField(
        "sdg.Goal", verbose_name=_("SDG goals"), blank=True, related_name="funds"
    )
    regions = models.JSONField(_("regions"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="fund_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="fund_amount_positive",
                violation_error_message=_("The amount must be positive."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="fund_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.regions or []) - set(Region.values)
        if unknown:
            raise ValidationError({"regions": _("Choose regions from the list.")})
        if self.restriction == Restriction.REGIONS and not self.regions:
            raise ValidationError({"regions": _("Choose at least one region.")})


class AwardKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    PRIZE = "prize", _("Prize")
    RECOVERABLE_GRANT = "recoverable_grant", _("Recoverable grant")
    IN_KIND = "in_kind", _("In-kind support")


class Award(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="awards"
    )
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="awards"
    )
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind, default=AwardKind.GRANT)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=currency_choices)
    fx_rate = models.DecimalField(
        _("exchange rate to the fund's currency"),
        max_digits=18,
        decimal_places=8,
        null=True,
        blank=True,
        help_text=_("Units of the fund's currency for one unit of the award's currency."),
    )
    fx_date = models.DateField(_("exchange rate date"), null=True, blank=True)
    fx_source = models.CharField(_("exchange rate source"), max_length=200, blank=True)
    awarded_on = models.DateField(_("award date"))
    is_publishable = models.BooleanField(
        _("publish as open data"),
        default=False,
        help_text=_("Include this award in the 360Giving and IATI open data of the center."),
    )
    agreement_reference = models.CharField(_("agreement reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    title = Bilingual("title")
    description = Bilingual("description")

    class Meta:
        ordering = ["-awarded_on", "id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_ar=""),
                name="award_has_a_title",
                violation_error_message=_("Give a title in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="award_amount_positive",
                violation_error_message=_("The amount must be positive."),
            ),
        ]
        indexes = [models.Index(fields=["center", "is_publishable"])]

    def __str__(self) -> str:
        return self.title


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting evidence")
    SUBMITTED = "submitted", _("Evidence submitted")
    RETURNED = "returned", _("Returned for more evidence")
    ACCEPTED = "accepted", _("Accepted")
    PAYMENT_PREPARED = "payment_prepared", _("Payment prepared")
    PAID = "paid", _("Paid")


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    MOBILE_MONEY = "mobile_money", _("Mobile money")
    CHEQUE = "cheque", _("Cheque")
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class Milestone(models.Model):
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    evidence_required_en = models.TextField(_("evidence required (English)"), blank=True)
    evidence_required_ar = models.TextField(_("evidence required (Arabic)"), blank=True)
    due_on = models.DateField(_("due date"))
    tranche_amount = models.DecimalField(_("tranche amount"), **MONEY)
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus, default=MilestoneStatus.PENDING
    )
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="funding/evidence/", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)
    payment_prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod, blank=True
    )
    payment_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    payment_date = models.DateField(_("payment date"), null=True, blank=True)

    description = Bilingual("description")
    evidence_required = Bilingual("evidence_required")

    class Meta:
        ordering = ["award_id", "position", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(description_en="", description_ar=""),
                name="milestone_has_a_description",
                violation_error_message=_("Describe the milestone in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(tranche_amount__gt=0),
                name="milestone_tranche_positive",
                violation_error_message=_("The amount must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class EntryKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    DISBURSEMENT = "disbursement", _("Disbursement")
    REVERSAL = "reversal", _("Reversal")
    REFUND = "refund", _("Refund")


class Account(models.TextChoices):
    """Which balance an entry moves: what is promised, or what has been paid."""

    COMMITTED = "committed", _("Committed")
    DISBURSED = "disbursed", _("Disbursed")


class LedgerEntry(models.Model):
    """One posted movement. Amounts are positive; `direction` (+1/−1) says which way."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="entries")
    funder = models.ForeignKey(
        "stakeholders.Organization", on_delete=models.PROTECT, related_name="+"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind)
    account = models.CharField(_("account"), max_length=10, choices=Account)
    direction = models.SmallIntegerField(choices=[(1, "+"), (-1, "−")])
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    fund_amount = models.DecimalField(_("amount in the fund's currency"), **MONEY)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    entry_date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod, blank=True)
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0) & models.Q(fund_amount__gt=0),
                name="ledger_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=[1, -1]), name="ledger_direction_sign"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="disbursement")
                | (~models.Q(method="") & ~models.Q(external_reference="")),
                name="ledger_disbursement_has_method_and_reference",
            ),
        ]
        # Covering indexes for the balance sums. Funds and funders sum only the entries after
        # the latest checkpoint, so `id` comes right after them: a range seek, then a scan.
        indexes = [
            models.Index(
                fields=["award", "account", "direction", "amount"], name="ledger_award_sum"
            ),
            models.Index(
                fields=["fund", "id", "account", "direction", "fund_amount"],
                name="ledger_fund_sum",
            ),
            models.Index(
                fields=["funder", "id", "fund", "account", "direction", "fund_amount"],
                name="ledger_funder_sum",
            ),
            models.Index(fields=["center", "-posted_at"], name="ledger_center_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.currency}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("A posted ledger entry is never edited; post a correction."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A posted ledger entry is never deleted; post a reversal."))


class CheckpointBatch(models.Model):
    """Fund balances summed over every entry up to `up_to_id`, taken together.

    A checkpoint is derived from the ledger and never edited: fund and funder balances read
    the latest batch plus the entries after it, so they stay fast on a long ledger.
    """

    up_to_id = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-up_to_id"]

    def __str__(self) -> str:
        return f"checkpoint up to entry {self.up_to_id}"


class FundCheckpoint(models.Model):
    batch = models.ForeignKey(CheckpointBatch, on_delete=models.CASCADE, related_name="funds")
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="+")
    funder = models.ForeignKey(
        "stakeholders.Organization", on_delete=models.CASCADE, related_name="+"
    )
    committed = models.DecimalField(**MONEY)
    disbursed = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "fund"], name="one_checkpoint_per_fund")
        ]
        indexes = [models.Index(fields=["batch", "funder"], name="checkpoint_funder")]

    def __str__(self) -> str:
        return f"{self.fund_id} @ {self.batch_id}"
