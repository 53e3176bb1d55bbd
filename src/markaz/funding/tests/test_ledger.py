"""The ledger: commitments, tranche payments, reversals and refunds, and the database's rules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.funding import ledger, services
from markaz.funding.models import EntryKind, LedgerEntry, MilestoneStatus
from markaz.funding.tests.fixtures import milestone, pay

DB_REFUSAL = IntegrityError


def test_an_award_commits_its_amount_against_the_fund(fund_a, award_a):
    assert ledger.award_balance(award_a).committed == Decimal("10000.00")
    balance = ledger.fund_balance(fund_a)
    assert (balance.committed, balance.remaining) == (Decimal("10000"), Decimal("40000"))
    assert AuditEntry.objects.filter(action="funding.commitment.posted").count() == 1


def test_a_fund_is_never_over_committed(center_a, staff_a, fund_a, venture_a):
    data = {"fund": fund_a, "venture": venture_a, "title_en": "Too big", "currency": "USD",
            "amount": Decimal("50000.01"), "awarded_on": dt.date(2026, 2, 1)}  # fmt: skip
    with pytest.raises(ValidationError, match="left to commit"):
        services.create_award(scope=scope_for(staff_a), center=center_a, data=data)
    assert not LedgerEntry.objects.exists()


def test_amounts_must_respect_the_currency_minor_units(center_a, staff_a, fund_a, venture_a):
    data = {"fund": fund_a, "venture": venture_a, "title_en": "Yen", "currency": "JPY",
            "amount": Decimal("1000.5"), "awarded_on": dt.date(2026, 2, 1),
            "fx_rate": Decimal("0.0067"), "fx_date": dt.date(2026, 2, 1),
            "fx_source": "ECB"}  # fmt: skip
    with pytest.raises(ValidationError, match="0 decimal places"):
        services.create_award(scope=scope_for(staff_a), center=center_a, data=data)
    data["amount"] = Decimal("1000000")
    award = services.create_award(scope=scope_for(staff_a), center=center_a, data=data)
    entry = award.entries.get()
    assert (entry.amount, entry.fund_amount) == (Decimal("1000000"), Decimal("6700.00"))


def test_an_award_in_another_currency_needs_the_rate_its_date_and_source(
    center_a, staff_a, fund_a, venture_a
):
    data = {"fund": fund_a, "venture": venture_a, "title_en": "Dinars", "currency": "JOD",
            "amount": Decimal("700.125"), "awarded_on": dt.date(2026, 2, 1)}  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.create_award(scope=scope_for(staff_a), center=center_a, data=data)
    assert set(exc.value.message_dict) == {"fx_rate", "fx_date", "fx_source"}


def test_a_tranche_needs_a_second_person_to_approve_it(award_a, staff_a, innovator_a):
    m = milestone(award_a)
    services.submit_evidence(scope=scope_for(innovator_a), milestone=m, text="Kiosk built")
    services.review_milestone(scope=scope_for(staff_a), milestone=m, accept=True)
    services.prepare_payment(
        scope=scope_for(staff_a), milestone=m, method="bank_transfer", reference="TRX-9",
        paid_on=dt.date(2026, 4, 1),
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="cannot approve"):
        services.approve_payment(scope=scope_for(staff_a), milestone=m)
    assert not award_a.entries.filter(kind=EntryKind.DISBURSEMENT).exists()


def test_approval_by_a_second_person_posts_the_disbursement(award_a, staff_a, staff2_a):
    entry = pay(milestone(award_a), staff_a, staff2_a, reference="TRX-42")
    assert (entry.amount, entry.method, entry.external_reference) == (
        Decimal("4000.00"), "bank_transfer", "TRX-42"
    )  # fmt: skip
    assert (entry.prepared_by, entry.posted_by) == (staff_a, staff2_a)
    assert milestone(award_a).status == MilestoneStatus.PAID
    assert ledger.award_balance(award_a).disbursed == Decimal("4000.00")


def test_only_the_team_submits_evidence(award_a, staff_a, funder_a, mentor_a):
    for user in (staff_a, funder_a, mentor_a):
        with pytest.raises(PermissionDenied):
            services.submit_evidence(scope=scope_for(user), milestone=milestone(award_a), text="x")


def test_evidence_files_are_checked_by_content(award_a, innovator_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("report.pdf", b"MZ not really a pdf")
    with pytest.raises(ValidationError) as exc:
        services.submit_evidence(
            scope=scope_for(innovator_a), milestone=milestone(award_a), text="", upload=fake
        )
    assert "evidence_file" in exc.value.message_dict
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 tiny")
    m = services.submit_evidence(
        scope=scope_for(innovator_a), milestone=milestone(award_a), text="", upload=pdf
    )
    assert m.status == MilestoneStatus.SUBMITTED and m.evidence_file.name


def test_reversing_a_disbursement_restores_every_balance_exactly(
    fund_a, award_a, staff_a, staff2_a
):
    before_award, before_fund = ledger.award_balance(award_a), ledger.fund_balance(fund_a)
    entry = pay(milestone(award_a), staff_a, staff2_a)
    reversal = services.reverse_entry(scope=scope_for(staff_a), entry=entry, memo="Wrong account")
    assert (reversal.direction, reversal.amount, reversal.reverses) == (-1, entry.amount, entry)
    assert ledger.award_balance(award_a) == before_award
    assert ledger.fund_balance(fund_a) == before_fund
    assert ledger.funder_balances(fund_a.funder_id)["USD"].disbursed == 0
    assert milestone(award_a).status == MilestoneStatus.ACCEPTED
    with pytest.raises(ValidationError, match="already been reversed"):
        services.reverse_entry(scope=scope_for(staff_a), entry=entry, memo="again")


def test_reversing_a_commitment_frees_the_fund_unless_money_was_paid(
    fund_a, award_a, staff_a, staff2_a
):
    commitment = award_a.entries.get(kind=EntryKind.COMMITMENT)
    paid = pay(milestone(award_a), staff_a, staff2_a)
    with pytest.raises(ValidationError, match="paid out"):
        services.reverse_entry(scope=scope_for(staff_a), entry=commitment, memo="cancelled")
    services.reverse_entry(scope=scope_for(staff_a), entry=paid, memo="bounced")
    services.reverse_entry(scope=scope_for(staff_a), entry=commitment, memo="cancelled")
    assert ledger.fund_balance(fund_a).remaining == fund_a.amount
    assert ledger.award_balance(award_a) == ledger.Balance(Decimal(0), Decimal(0))


def test_refunds_lower_what_was_disbursed_but_never_below_zero(award_a, staff_a, staff2_a):
    pay(milestone(award_a), staff_a, staff2_a)
    scope = scope_for(staff_a)
    with pytest.raises(ValidationError, match="exceed"):
        services.record_refund(scope=scope, award=award_a, amount=Decimal("4000.01"),
                               reference="R1", refunded_on=dt.date(2026, 5, 1))  # fmt: skip
    services.record_refund(scope=scope, award=award_a, amount=Decimal("1000.00"),
                           reference="R1", refunded_on=dt.date(2026, 5, 1))  # fmt: skip
    assert ledger.award_balance(award_a).disbursed == Decimal("3000.00")


def test_services_never_pay_out_more_than_committed(award_a, staff_a):
    ledger.disburse(award=award_a, amount=Decimal("9000.00"), entry_date=dt.date(2026, 4, 1),
                    method="cash", external_reference="C-1")  # fmt: skip
    with pytest.raises(ValidationError, match="more than the award committed"):
        ledger.disburse(award=award_a, amount=Decimal("1000.01"), entry_date=dt.date(2026, 4, 1),
                        method="cash", external_reference="C-2")  # fmt: skip


def test_the_database_refuses_to_edit_or_delete_a_posted_entry(award_a):
    entry = award_a.entries.get()
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(memo="edited")
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).memo == ""


def test_the_database_refuses_an_over_disbursement_that_skips_the_service(award_a):
    commitment = award_a.entries.get()
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        LedgerEntry.objects.bulk_create([
            LedgerEntry(
                center_id=commitment.center_id, fund_id=commitment.fund_id, award=award_a,
                funder_id=commitment.funder_id, kind="disbursement", account="disbursed",
                direction=1, amount=Decimal("10000.01"), currency="USD",
                fund_amount=Decimal("10000.01"), entry_date=dt.date(2026, 4, 1),
                method="cash", external_reference="X",
            )
        ])  # fmt: skip
    assert award_a.entries.count() == 1


def test_the_database_refuses_to_over_commit_a_fund(award_a, fund_a):
    commitment = award_a.entries.get()
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        LedgerEntry.objects.bulk_create([
            LedgerEntry(
                center_id=commitment.center_id, fund_id=fund_a.pk, award=award_a,
                funder_id=commitment.funder_id, kind="commitment", account="committed",
                direction=1, amount=Decimal("40000.01"), currency="USD",
                fund_amount=Decimal("40000.01"), entry_date=dt.date(2026, 4, 1),
            )
        ])  # fmt: skip
    assert ledger.fund_balance(fund_a).committed == Decimal("10000.00")


def test_restricted_funds_only_award_matching_ventures(center_a, staff_a, funder_org_a, venture_a):
    scope = scope_for(staff_a)
    common = {"funder": funder_org_a, "amount": Decimal("1000.00"), "currency": "USD",
              "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31)}  # fmt: skip
    with pytest.raises(ValidationError, match="at least one SDG"):
        services.create_fund(scope=scope, center=center_a,
                             data={**common, "name_en": "SDG", "restriction": "sdgs"})  # fmt: skip
    oceans = {**common, "name_en": "Oceans", "restriction": "sdgs"}
    sdg_fund = services.create_fund(scope=scope, center=center_a, sdg_goals=[14], data=oceans)
    region_fund = services.create_fund(
        scope=scope, center=center_a,
        data={**common, "name_en": "Africa", "restriction": "regions", "regions": ["ssa"]},
    )  # fmt: skip
    venture_a.sdg_goals.set([6])
    for fund in (sdg_fund, region_fund):
        award = {"fund": fund, "venture": venture_a, "title_en": "Nope", "currency": "USD",
                 "amount": Decimal("10.00"), "awarded_on": dt.date(2026, 2, 1)}  # fmt: skip
        with pytest.raises(ValidationError, match="restricted"):
            services.create_award(scope=scope, center=center_a, data=award)
    venture_a.sdg_goals.add(14)
    award["fund"] = sdg_fund
    assert services.create_award(scope=scope, center=center_a, data=award).pk


def test_funds_and_awards_stay_within_their_center(
    center_a, staff_a, outsider, org_b, fund_a, venture_b
):
    common = {"name_en": "X", "amount": Decimal("10.00"), "currency": "USD",
              "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31)}  # fmt: skip
    with pytest.raises(ValidationError):
        services.create_fund(scope=scope_for(staff_a), center=center_a,
                             data={**common, "funder": org_b})  # fmt: skip
    with pytest.raises(ValidationError):
        services.create_award(scope=scope_for(staff_a), center=center_a, data={
            "fund": fund_a, "venture": venture_b, "title_en": "X", "currency": "USD",
            "amount": Decimal("10.00"), "awarded_on": dt.date(2026, 2, 1)})  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.create_fund(scope=scope_for(outsider), center=center_a,
                             data={**common, "funder": org_b})  # fmt: skip


def test_funder_balances_count_each_entry_once_whatever_the_team_size(
    center_a, funder_a, award_a, venture_a
):
    from markaz.funding import selectors
    from markaz.ventures.factories import TeamMemberFactory

    TeamMemberFactory(venture=venture_a, can_manage=False)
    TeamMemberFactory(venture=venture_a, can_manage=False)
    (award,) = selectors.with_balances(selectors.awards_for(scope_for(funder_a), center_a))
    assert award.committed == Decimal("10000.00")


def test_checkpoints_never_change_a_balance(center_a, staff_a, staff2_a, fund_a, award_a):
    from markaz.funding.factories import FundFactory

    other = FundFactory(center=center_a, funder=fund_a.funder, currency="EUR")
    services.create_award(scope=scope_for(staff_a), center=center_a, data={
        "fund": other, "venture": award_a.venture, "title_en": "Euro grant", "currency": "EUR",
        "amount": Decimal("300.00"), "awarded_on": dt.date(2026, 2, 1)})  # fmt: skip
    entry = pay(milestone(award_a), staff_a, staff2_a)

    def figures():
        return ledger.fund_balance(fund_a), ledger.funder_balances(fund_a.funder_id)

    before = figures()
    assert ledger.take_checkpoint() is not None
    assert ledger.take_checkpoint() is None  # nothing new to cover
    assert figures() == before
    services.reverse_entry(scope=scope_for(staff_a), entry=entry, memo="bounced")
    after_reversal = figures()
    assert after_reversal[0].disbursed == 0
    assert after_reversal[1]["USD"].disbursed == 0
    assert after_reversal[1]["EUR"].committed == Decimal("300.00")
    ledger.take_checkpoint()
    assert figures() == after_reversal
    # The fund's limit still holds when its balance comes from a checkpoint.
    with pytest.raises(ValidationError, match="left to commit"):
        services.create_award(scope=scope_for(staff_a), center=center_a, data={
            "fund": fund_a, "venture": award_a.venture, "title_en": "Too big",
            "currency": "USD", "amount": Decimal("40000.01"),
            "awarded_on": dt.date(2026, 2, 1)})  # fmt: skip
