"""Posting to the ledger under row locks, and balances derived from it.

Every posting runs inside `transaction.atomic()` and first locks the row whose invariant it
could break (`select_for_update`: the fund for commitments, the award for disbursements), so
two concurrent requests are checked one after the other. On SQLite the settings' IMMEDIATE
transactions serialize writers the same way. The database triggers (migration 0002) are the
last line: a bug here still cannot over-commit or over-disburse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max, Q, Sum
from django.utils.translation import gettext as _

from markaz.funding.currencies import convert, has_minor_units, minor_units
from markaz.funding.models import (
    Account,
    Award,
    CheckpointBatch,
    EntryKind,
    Fund,
    FundCheckpoint,
    LedgerEntry,
)

ZERO = Decimal(0)
FOUR_PLACES = Decimal("0.0001")


def _dec(value) -> Decimal:
    """A sum as an exact 4-place Decimal (SQLite hands back floats or ints)."""
    return Decimal(str(value)).quantize(FOUR_PLACES)


@dataclass(frozen=True)
class Balance:
    committed: Decimal
    disbursed: Decimal
    limit: Decimal | None = None  # the fund's amount, for funds

    @property
    def undisbursed(self) -> Decimal:
        return self.committed - self.disbursed

    @property
    def remaining(self) -> Decimal | None:
        """For a fund: what can still be committed."""
        return None if self.limit is None else self.limit - self.committed


def _sums(qs, field: str) -> tuple[Decimal, Decimal]:
    signed = F(field) * F("direction")
    got = qs.aggregate(
        committed=Sum(signed, filter=Q(account=Account.COMMITTED), default=ZERO),
        disbursed=Sum(signed, filter=Q(account=Account.DISBURSED), default=ZERO),
    )
    return _dec(got["committed"]), _dec(got["disbursed"])


def award_balance(award: Award | int) -> Balance:
    """In the award's currency."""
    award_id = getattr(award, "pk", award)
    return Balance(*_sums(LedgerEntry.objects.filter(award_id=award_id), "amount"))


def _latest_batch() -> tuple[int | None, int]:
    """(batch id, last entry id it covers), or (None, 0) before the first checkpoint."""
    row = CheckpointBatch.objects.order_by("-up_to_id").values_list("pk", "up_to_id").first()
    return row if row else (None, 0)


def fund_balance(fund: Fund) -> Balance:
    """In the fund's currency: the latest checkpoint plus the entries after it."""
    batch_id, after = _latest_batch()
    committed, disbursed = _sums(
        LedgerEntry.objects.filter(fund_id=fund.pk, id__gt=after), "fund_amount"
    )
    base = (
        FundCheckpoint.objects.filter(batch_id=batch_id, fund_id=fund.pk)
        .values_list("committed", "disbursed")
        .first()
    )
    if base:
        committed, disbursed = committed + _dec(base[0]), disbursed + _dec(base[1])
    return Balance(committed, disbursed, limit=fund.amount)


def _signed_sums():
    return {
        "committed": Sum(
            F("fund_amount") * F("direction"), filter=Q(account=Account.COMMITTED), default=0
        ),
        "disbursed": Sum(
            F("fund_amount") * F("direction"), filter=Q(account=Account.DISBURSED), default=0
        ),
    }


def funder_balances(funder_id: int) -> dict[str, Balance]:
    """Per currency of the funder's funds: the latest checkpoint plus the entries after it."""
    return balances_of_funders([funder_id]).get(funder_id, {})


def balances_of_funders(funder_ids: list[int]) -> dict[int, dict[str, Balance]]:
    """funder id → currency → balance, in four queries whatever the number of funders."""
    batch_id, after = _latest_batch()
    per_fund: dict[tuple[int, int], list[Decimal]] = {}
    tail = (
        LedgerEntry.objects.filter(funder_id__in=funder_ids, id__gt=after)
        .values("funder_id", "fund_id")
        .annotate(**_signed_sums())
        .order_by()
    )
    base = FundCheckpoint.objects.filter(batch_id=batch_id, funder_id__in=funder_ids).values(
        "funder_id", "fund_id", "committed", "disbursed"
    )
    for row in [*tail, *base]:
        sums = per_fund.setdefault((row["funder_id"], row["fund_id"]), [ZERO, ZERO])
        sums[0] += _dec(row["committed"])
        sums[1] += _dec(row["disbursed"])
    currency = dict(
        Fund.objects.filter(pk__in={f for _, f in per_fund}).values_list("pk", "currency")
    )
    totals: dict[int, dict[str, list[Decimal]]] = {}
    for (funder_id, fund_id), (committed, disbursed) in per_fund.items():
        total = totals.setdefault(funder_id, {}).setdefault(currency[fund_id], [ZERO, ZERO])
        total[0] += committed
        total[1] += disbursed
    return {
        funder: {code: Balance(*sums[code]) for code in sorted(sums)}
        for funder, sums in totals.items()
    }


@transaction.atomic
def take_checkpoint() -> CheckpointBatch | None:
    """Record every fund's balance up to the last posted entry (`markaz ledger-checkpoint`).

    The checkpoint must include every entry up to its `up_to_id`: on PostgreSQL a SHARE lock
    waits for the postings in flight (ids are handed out before commit) and holds new ones
    back until the checkpoint commits; SQLite's IMMEDIATE transactions already exclude writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE funding_ledgerentry IN SHARE MODE")
    up_to = LedgerEntry.objects.aggregate(last=Max("id"))["last"]
    if up_to is None or CheckpointBatch.objects.filter(up_to_id__gte=up_to).exists():
        return None
    batch = CheckpointBatch.objects.create(up_to_id=up_to)
    rows = (
        LedgerEntry.objects.filter(id__lte=up_to)
        .values("fund_id", "funder_id")
        .annotate(**_signed_sums())
        .order_by()
    )
    FundCheckpoint.objects.bulk_create(
        FundCheckpoint(
            batch=batch,
            fund_id=r["fund_id"],
            funder_id=r["funder_id"],
            committed=_dec(r["committed"]),
            disbursed=_dec(r["disbursed"]),
        )
        for r in rows
    )
    return batch


def check_amount(amount: Decimal, currency: str, field: str = "amount") -> None:
    if amount is None or amount <= 0:
        raise ValidationError({field: _("The amount must be positive.")})
    if not has_minor_units(amount, currency):
        message = _("%(currency)s amounts have at most %(places)s decimal places.") % {
            "currency": currency,
            "places": minor_units(currency),
        }
        raise ValidationError({field: message})


def fund_amount_of(award: Award, amount: Decimal) -> Decimal:
    """The award-currency amount in the fund's currency, at the rate fixed at commitment."""
    if award.currency == award.fund.currency:
        return amount
    return convert(amount, award.fx_rate, award.fund.currency)


def _post(award: Award, *, kind: str, account: str, direction: int, amount: Decimal, **extra):
    entry = LedgerEntry(
        center_id=award.center_id,
        fund_id=award.fund_id,
        award=award,
        funder_id=award.fund.funder_id,
        kind=kind,
        account=account,
        direction=direction,
        amount=amount,
        currency=award.currency,
        fund_amount=fund_amount_of(award, amount),
        **extra,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def commit(*, award: Award, entry_date: date, actor=None) -> LedgerEntry:
    """Commit the award's amount against its fund (the fund row is locked)."""
    fund = Fund.objects.select_for_update().get(pk=award.fund_id)
    award.fund = fund
    check_amount(award.amount, award.currency)
    left = fund_balance(fund).remaining
    if left < fund_amount_of(award, award.amount):
        message = _("The fund has %(left)s %(currency)s left to commit.") % {
            "left": left,
            "currency": fund.currency,
        }
        raise ValidationError({"amount": message})
    return _post(
        award,
        kind=EntryKind.COMMITMENT,
        account=Account.COMMITTED,
        direction=1,
        amount=award.amount,
        entry_date=entry_date,
        posted_by=actor,
    )


@transaction.atomic
def disburse(
    *,
    award: Award,
    amount: Decimal,
    entry_date: date,
    method: str,
    external_reference: str,
    milestone=None,
    prepared_by=None,
    actor=None,
) -> LedgerEntry:
    """Pay out of the award's commitment (the award row is locked)."""
    award = Award.objects.select_for_update().select_related("fund").get(pk=award.pk)
    check_amount(amount, award.currency)
    if not method or not external_reference:
        raise ValidationError(_("A disbursement needs a method and an external reference."))
    if award_balance(award).undisbursed < amount:
        raise ValidationError({"amount": _("This would pay out more than the award committed.")})
    return _post(
        award,
        kind=EntryKind.DISBURSEMENT,
        account=Account.DISBURSED,
        direction=1,
        amount=amount,
        entry_date=entry_date,
        method=method,
        external_reference=external_reference,
        milestone=milestone,
        prepared_by=prepared_by,
        posted_by=actor,
    )


@transaction.atomic
def refund(
    *, award: Award, amount: Decimal, entry_date: date, external_reference: str, actor=None
) -> LedgerEntry:
    """Money the recipient paid back: lowers what the award has disbursed."""
    award = Award.objects.select_for_update().select_related("fund").get(pk=award.pk)
    check_amount(amount, award.currency)
    if award_balance(award).disbursed < amount:
        raise ValidationError({"amount": _("A refund cannot exceed what was disbursed.")})
    return _post(
        award,
        kind=EntryKind.REFUND,
        account=Account.DISBURSED,
        direction=-1,
        amount=amount,
        entry_date=entry_date,
        external_reference=external_reference,
        posted_by=actor,
    )


@transaction.atomic
def reverse(*, entry: LedgerEntry, entry_date: date, memo: str, actor=None) -> LedgerEntry:
    """Post the exact opposite of an entry (a correction never edits the original)."""
    # Lock the fund, then the award: the same order as commit() then disburse().
    Fund.objects.select_for_update().filter(pk=entry.fund_id).first()
    award = Award.objects.select_for_update().select_related("fund").get(pk=entry.award_id)
    entry = LedgerEntry.objects.get(pk=entry.pk)
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationError(_("A reversal cannot be reversed; post a new entry instead."))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    if entry.kind == EntryKind.COMMITMENT and award_balance(award).undisbursed < entry.amount:
        raise ValidationError(
            _("Part of this commitment has been paid out; reverse those payments first.")
        )
    if entry.kind == EntryKind.REFUND and award_balance(award).undisbursed < entry.amount:
        raise ValidationError(_("Reversing this refund would pay out more than was committed."))
    reversal = LedgerEntry(
        center_id=entry.center_id,
        fund_id=entry.fund_id,
        award=award,
        funder_id=entry.funder_id,
        milestone_id=entry.milestone_id,
        kind=EntryKind.REVERSAL,
        account=entry.account,
        direction=-entry.direction,
        amount=entry.amount,
        currency=entry.currency,
        fund_amount=entry.fund_amount,
        reverses=entry,
        entry_date=entry_date,
        method=entry.method,
        external_reference=entry.external_reference,
        memo=memo,
        posted_by=actor,
    )
    reversal.full_clean()
    reversal.save()
    return reversal
