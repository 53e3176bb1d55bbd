"""API schemas for funding. Money is a decimal string in the currency's minor units."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from markaz.core.models import Region
from markaz.core.schemas import PageParams, page_of
from markaz.funding.models import (
    Account,
    AwardKind,
    EntryKind,
    MilestoneStatus,
    PaymentMethod,
    Restriction,
)
from markaz.stakeholders.schemas import OrganizationBrief

Money = Decimal
Currency = str


class BalanceOut(Schema):
    committed: Money
    disbursed: Money
    remaining: Money | None = Field(None, description="For funds: what can still be committed.")


class FundIn(Schema):
    name_en: str = ""
    name_ar: str = ""
    funder: int = Field(description="Id of an organization of the same center (any sector).")
    amount: Money = Field(gt=0)
    currency: Currency = Field(min_length=3, max_length=3, description="ISO 4217 code.")
    starts_on: date
    ends_on: date
    restriction: Restriction = Restriction.UNRESTRICTED
    sdg_goals: list[int] = Field(default_factory=list, description="SDG goal numbers.")
    regions: list[Region] = Field(default_factory=list)


class FundOut(Schema):
    id: int
    name: str
    name_en: str
    name_ar: str
    funder: OrganizationBrief
    amount: Money
    currency: Currency
    starts_on: date
    ends_on: date
    restriction: Restriction
    sdg_goals: list[int]
    regions: list[str]

    @staticmethod
    def resolve_sdg_goals(obj) -> list[int]:
        return [g.pk for g in obj.sdg_goals.all()]


class FundDetailOut(FundOut):
    balance: BalanceOut


FundPage = page_of(FundOut, "FundPage")


class AwardIn(Schema):
    fund: int
    venture: int
    kind: AwardKind = AwardKind.GRANT
    title_en: str = ""
    title_ar: str = ""
    description_en: str = ""
    description_ar: str = ""
    amount: Money = Field(gt=0)
    currency: Currency = Field(min_length=3, max_length=3)
    fx_rate: Decimal | None = Field(
        None, gt=0, description="Fund-currency units per award-currency unit, at commitment."
    )
    fx_date: date | None = None
    fx_source: str = ""
    awarded_on: date
    is_publishable: bool = False
    agreement_reference: str = ""


class MilestoneIn(Schema):
    position: int = Field(1, ge=1)
    description_en: str = ""
    description_ar: str = ""
    evidence_required_en: str = ""
    evidence_required_ar: str = ""
    due_on: date
    tranche_amount: Money = Field(gt=0)


class MilestoneOut(Schema):
    id: int
    award: int = Field(alias="award_id")
    position: int
    description: str
    description_en: str
    description_ar: str
    evidence_required: str
    evidence_required_en: str
    evidence_required_ar: str
    due_on: date
    tranche_amount: Money
    status: MilestoneStatus
    evidence_text: str
    submitted_at: datetime | None
    review_note: str
    payment_method: str
    payment_reference: str
    payment_date: date | None


class AwardOut(Schema):
    id: int
    fund: int = Field(alias="fund_id")
    venture: int = Field(alias="venture_id")
    kind: AwardKind
    title: str
    title_en: str
    title_ar: str
    description_en: str
    description_ar: str
    amount: Money
    currency: Currency
    fx_rate: Decimal | None
    fx_date: date | None
    fx_source: str
    awarded_on: date
    is_publishable: bool
    agreement_reference: str


class AwardDetailOut(AwardOut):
    balance: BalanceOut
    milestones: list[MilestoneOut]


AwardPage = page_of(AwardOut, "AwardPage")


class EvidenceIn(Schema):
    text: str = Field(min_length=1)


class MilestoneReviewIn(Schema):
    accept: bool
    note: str = ""


class PaymentIn(Schema):
    method: PaymentMethod
    reference: str = Field(min_length=1, max_length=100)
    paid_on: date


class ReversalIn(Schema):
    memo: str = Field(min_length=1, max_length=300)


class RefundIn(Schema):
    amount: Money = Field(gt=0)
    reference: str = Field(min_length=1, max_length=100)
    refunded_on: date


class LedgerEntryOut(Schema):
    id: int
    fund: int = Field(alias="fund_id")
    award: int = Field(alias="award_id")
    milestone: int | None = Field(alias="milestone_id")
    kind: EntryKind
    account: Account
    direction: int = Field(description="+1 or −1: which way the entry moves its account.")
    amount: Money
    currency: Currency
    fund_amount: Money
    reverses: int | None = Field(alias="reverses_id")
    entry_date: date
    method: str
    external_reference: str
    memo: str
    posted_at: datetime


LedgerEntryPage = page_of(LedgerEntryOut, "LedgerEntryPage")


class LedgerEntryFilters(PageParams):
    fund: int | None = None
    award: int | None = None
    kind: EntryKind | None = None


class FundFilters(PageParams):
    pass


class AwardFilters(PageParams):
    fund: int | None = None
