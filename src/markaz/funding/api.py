"""API of funding: funds, awards, milestones, the ledger and open data (same rules as pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core import reference
from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems
from markaz.funding import ledger, opendata, selectors, services
from markaz.funding import permissions as perms
from markaz.funding.schemas import (
    AwardDetailOut,
    AwardFilters,
    AwardIn,
    AwardPage,
    BalanceOut,
    EvidenceIn,
    FundDetailOut,
    FundFilters,
    FundIn,
    FundPage,
    LedgerEntryFilters,
    LedgerEntryOut,
    LedgerEntryPage,
    MilestoneIn,
    MilestoneOut,
    MilestoneReviewIn,
    PaymentIn,
    RefundIn,
    ReversalIn,
)
from markaz.stakeholders.api import organization_in_center
from markaz.ventures.selectors import ventures_for

router = Router()
PUBLIC = None


def _balance(balance: ledger.Balance) -> BalanceOut:
    return BalanceOut(
        committed=balance.committed, disbursed=balance.disbursed, remaining=balance.remaining
    )


def _fund_detail(fund):
    fund.balance = _balance(ledger.fund_balance(fund))
    return fund


def _award_detail(award):
    award.balance = _balance(ledger.award_balance(award))
    return award


def _field_ref(qs, pk: int, field: str, message: str):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: message})
    return obj


@router.get(
    "/centers/{slug}/funds",
    response={200: FundPage, **problems(401, 404, 422)},
    operation_id="list_funds",
    summary="Funds of a center (staff see all; funders the funds of their organizations)",
)
def list_funds(request, slug: str, filters: Query[FundFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.funds_for(scope, center).prefetch_related("sdg_goals")
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/funds",
    response={201: FundDetailOut, **problems(401, 403, 404, 422)},
    operation_id="create_fund",
    summary="Create a fund from a funder organization (staff)",
)
def create_fund(request, slug: str, payload: FundIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_funding(scope, center))
    data = payload.model_dump()
    goals = reference.goals_by_numbers(data.pop("sdg_goals"))
    data["funder"] = organization_in_center(scope, center, data["funder"], field="funder")
    fund = services.create_fund(scope=scope, center=center, data=data, sdg_goals=goals)
    return Status(201, _fund_detail(fund))


@router.get(
    "/centers/{slug}/funds/{fund_id}",
    response={200: FundDetailOut, **problems(401, 404)},
    operation_id="get_fund",
    summary="One fund with its balance (committed, disbursed, remaining)",
)
def get_fund(request, slug: str, fund_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return _fund_detail(selectors.get_fund_for(scope, center, fund_id))


@router.get(
    "/centers/{slug}/awards",
    response={200: AwardPage, **problems(401, 404, 422)},
    operation_id="list_awards",
    summary="Awards: staff see all, funders those of their funds, teams their own",
)
def list_awards(request, slug: str, filters: Query[AwardFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.awards_for(scope, center)
    if filters.fund:
        qs = qs.filter(fund_id=filters.fund)
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/awards",
    response={201: AwardDetailOut, **problems(401, 403, 404, 409, 422)},
    operation_id="create_award",
    summary="Award a venture from a fund; posts the commitment (staff)",
)
def create_award(request, slug: str, payload: AwardIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_funding(scope, center))
    data = payload.model_dump()
    data["fund"] = _field_ref(
        selectors.funds_for(scope, center), data["fund"], "fund", _("Choose a fund of this center.")
    )
    data["venture"] = _field_ref(
        ventures_for(scope, center),
        data["venture"],
        "venture",
        _("Choose a venture of this center."),
    )
    award = services.create_award(scope=scope, center=center, data=data)
    return Status(201, _award_detail(award))


@router.get(
    "/centers/{slug}/awards/{award_id}",
    response={200: AwardDetailOut, **problems(401, 404)},
    operation_id="get_award",
    summary="One award with its balance and milestones",
)
def get_award(request, slug: str, award_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return _award_detail(selectors.get_award_for(scope, center, award_id))


@router.post(
    "/centers/{slug}/awards/{award_id}/milestones",
    response={201: MilestoneOut, **problems(401, 403, 404, 422)},
    operation_id="add_milestone",
    summary="Add a milestone and its tranche to an award (staff)",
)
def add_milestone(request, slug: str, award_id: int, payload: MilestoneIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    award = selectors.get_award_for(scope, center, award_id)
    require(perms.can_manage_funding(scope, center))
    return Status(201, services.add_milestone(scope=scope, award=award, data=payload.model_dump()))


@router.post(
    "/centers/{slug}/awards/{award_id}/refunds",
    response={201: LedgerEntryOut, **problems(401, 403, 404, 409, 422)},
    operation_id="record_refund",
    summary="Record money the recipient paid back (staff)",
)
def record_refund(request, slug: str, award_id: int, payload: RefundIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    award = selectors.get_award_for(scope, center, award_id)
    require(perms.can_manage_funding(scope, center))
    entry = services.record_refund(scope=scope, award=award, **payload.model_dump())
    return Status(201, entry)


def _milestone(request, slug: str, milestone_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return scope, selectors.get_milestone_for(scope, center, milestone_id)


@router.post(
    "/centers/{slug}/milestones/{milestone_id}/evidence",
    response={200: MilestoneOut, **problems(401, 403, 404, 422)},
    operation_id="submit_evidence",
    summary="Submit evidence for a milestone (a team member who manages the venture)",
)
def submit_evidence(request, slug: str, milestone_id: int, payload: EvidenceIn):
    scope, milestone = _milestone(request, slug, milestone_id)
    return services.submit_evidence(scope=scope, milestone=milestone, text=payload.text)


@router.post(
    "/centers/{slug}/milestones/{milestone_id}/review",
    response={200: MilestoneOut, **problems(401, 403, 404, 422)},
    operation_id="review_milestone",
    summary="Accept the evidence or return it with a note (staff)",
)
def review_milestone(request, slug: str, milestone_id: int, payload: MilestoneReviewIn):
    scope, milestone = _milestone(request, slug, milestone_id)
    return services.review_milestone(
        scope=scope, milestone=milestone, accept=payload.accept, note=payload.note
    )


@router.post(
    "/centers/{slug}/milestones/{milestone_id}/payment",
    response={200: MilestoneOut, **problems(401, 403, 404, 422)},
    operation_id="prepare_payment",
    summary="Prepare the tranche payment (staff; the maker)",
)
def prepare_payment(request, slug: str, milestone_id: int, payload: PaymentIn):
    scope, milestone = _milestone(request, slug, milestone_id)
    return services.prepare_payment(scope=scope, milestone=milestone, **payload.model_dump())


@router.post(
    "/centers/{slug}/milestones/{milestone_id}/approval",
    response={201: LedgerEntryOut, **problems(401, 403, 404, 409, 422)},
    operation_id="approve_payment",
    summary="Approve a prepared payment and post the disbursement (staff other than the maker)",
)
def approve_payment(request, slug: str, milestone_id: int):
    scope, milestone = _milestone(request, slug, milestone_id)
    return Status(201, services.approve_payment(scope=scope, milestone=milestone))


@router.get(
    "/centers/{slug}/ledger",
    response={200: LedgerEntryPage, **problems(401, 404, 422)},
    operation_id="list_ledger_entries",
    summary="Ledger entries the caller may see, newest first",
)
def list_entries(request, slug: str, filters: Query[LedgerEntryFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.entries_for(scope, center)
    if filters.fund:
        qs = qs.filter(fund_id=filters.fund)
    if filters.award:
        qs = qs.filter(award_id=filters.award)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/ledger/{entry_id}/reversal",
    response={201: LedgerEntryOut, **problems(401, 403, 404, 409, 422)},
    operation_id="reverse_entry",
    summary="Post the exact opposite of an entry (staff); the original is never edited",
)
def reverse_entry(request, slug: str, entry_id: int, payload: ReversalIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    entry = selectors.get_entry_for(scope, center, entry_id)
    require(perms.can_manage_funding(scope, center))
    return Status(201, services.reverse_entry(scope=scope, entry=entry, memo=payload.memo))


@router.get(
    "/open-data/{center_slug}/360giving",
    response={200: dict, **problems(404)},
    auth=PUBLIC,
    operation_id="open_data_360giving",
    summary="360Giving package of the center's publishable awards (public)",
)
def open_data_360giving(request, center_slug: str):
    return opendata.build_360giving(selectors.public_center(center_slug))


@router.get(
    "/open-data/{center_slug}/iati",
    response={200: None, **problems(404)},
    auth=PUBLIC,
    operation_id="open_data_iati",
    summary="IATI 2.03 activities XML of the center's publishable awards (public)",
)
def open_data_iati(request, center_slug: str):
    center = selectors.public_center(center_slug)
    return HttpResponse(opendata.build_iati(center), content_type="application/xml")
