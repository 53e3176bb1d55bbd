"""Pages for funds, awards, milestones and the ledger (thin: selectors read, services write)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import (
    apply_service_errors,
    center_view,
    forbid_unless,
    paginate,
    query_without_page,
)
from markaz.funding import exports, ledger, selectors, services
from markaz.funding import permissions as perms
from markaz.funding.forms import (
    AwardForm,
    EvidenceForm,
    FundForm,
    LedgerFilterForm,
    MilestoneForm,
    PaymentForm,
    RefundForm,
    ReverseForm,
    ReviewForm,
)
from markaz.stakeholders.selectors import organizations_for
from markaz.ventures.selectors import ventures_for


def _flash_errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# -- funds -----------------------------------------------------------------------------------


@center_view()
def fund_list(request):
    funds = selectors.with_balances(
        selectors.funds_for(request.scope, request.center), "fund_amount"
    )
    return render(
        request,
        "funding/fund_list.html",
        {
            "page": paginate(request, funds),
            "query": query_without_page(request),
            "can_manage": perms.can_manage_funding(request.scope, request.center),
        },
    )


@center_view()
def fund_create(request):
    forbid_unless(perms.can_manage_funding(request.scope, request.center))
    form = FundForm(
        request.POST or None, organizations=organizations_for(request.scope, request.center)
    )
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.create_fund(
                scope=request.scope,
                center=request.center,
                data=form.service_data(),
                sdg_goals=list(form.cleaned_data["sdg_goals"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Fund saved."))
            return redirect("funding-fund-detail", center=request.center.slug, pk=fund.pk)
    return render(request, "funding/form.html", {"form": form, "title": _("New fund")})


@center_view()
def fund_detail(request, pk: int):
    fund = selectors.get_fund_for(request.scope, request.center, pk)
    awards = selectors.with_balances(
        selectors.awards_for(request.scope, request.center).filter(fund=fund)
    )
    return render(
        request,
        "funding/fund_detail.html",
        {
            "fund": fund,
            "balance": ledger.fund_balance(fund),
            "awards": awards,
            "goals": fund.sdg_goals.all(),
            "can_manage": perms.can_manage_funding(request.scope, request.center),
        },
    )


# -- awards ----------------------------------------------------------------------------------


@center_view()
def award_list(request):
    awards = selectors.with_balances(selectors.awards_for(request.scope, request.center))
    return render(
        request,
        "funding/award_list.html",
        {
            "page": paginate(request, awards),
            "query": query_without_page(request),
            "can_manage": perms.can_manage_funding(request.scope, request.center),
        },
    )


@center_view()
def award_create(request):
    forbid_unless(perms.can_manage_funding(request.scope, request.center))
    form = AwardForm(
        request.POST or None,
        funds=selectors.funds_for(request.scope, request.center),
        ventures=ventures_for(request.scope, request.center),
    )
    if request.method == "POST" and form.is_valid():
        try:
            award = services.create_award(
                scope=request.scope, center=request.center, data=form.service_data()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Award saved and committed."))
            return redirect("funding-award-detail", center=request.center.slug, pk=award.pk)
    return render(request, "funding/form.html", {"form": form, "title": _("New award")})


@center_view()
def award_detail(request, pk: int):
    award = selectors.get_award_for(request.scope, request.center, pk)
    can_manage = perms.can_manage_funding(request.scope, request.center)
    return render(
        request,
        "funding/award_detail.html",
        {
            "award": award,
            "balance": ledger.award_balance(award),
            "milestones": award.milestones.all(),
            "entries": award.entries.select_related("milestone").order_by("posted_at", "id"),
            "can_manage": can_manage,
            "refund_form": RefundForm() if can_manage else None,
        },
    )


@center_view()
def award_milestone_add(request, pk: int):
    award = selectors.get_award_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_funding(request.scope, request.center))
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(scope=request.scope, award=award, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("funding-award-detail", center=request.center.slug, pk=award.pk)
    return render(
        request, "funding/form.html", {"form": form, "title": _("New milestone"), "award": award}
    )


@require_POST
@center_view()
def award_refund(request, pk: int):
    award = selectors.get_award_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_funding(request.scope, request.center))
    form = RefundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the amount, the reference and the date."))
    else:
        try:
            services.record_refund(scope=request.scope, award=award, **form.cleaned_data)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Refund recorded."))
    return redirect("funding-award-detail", center=request.center.slug, pk=award.pk)


# -- milestones ------------------------------------------------------------------------------


@center_view()
def milestone_detail(request, pk: int):
    m = selectors.get_milestone_for(request.scope, request.center, pk)
    scope = request.scope
    return render(
        request,
        "funding/milestone_detail.html",
        {
            "milestone": m,
            "award": m.award,
            "evidence_form": EvidenceForm() if perms.can_submit_evidence(scope, m) else None,
            "review_form": ReviewForm() if perms.can_review_milestone(scope, m) else None,
            "payment_form": PaymentForm() if perms.can_prepare_payment(scope, m) else None,
            "can_approve": perms.can_approve_payment(scope, m),
            "maker_waits": m.status == "payment_prepared"
            and m.payment_prepared_by_id == scope.user_id,
        },
    )


def _milestone_action(request, pk: int, run) -> HttpResponse:
    m = selectors.get_milestone_for(request.scope, request.center, pk)
    try:
        message = run(m)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, message)
    return redirect("funding-milestone-detail", center=request.center.slug, pk=m.pk)


@require_POST
@center_view()
def milestone_evidence(request, pk: int):
    form = EvidenceForm(request.POST, request.FILES)
    form.is_valid()

    def run(m):
        services.submit_evidence(
            scope=request.scope,
            milestone=m,
            text=form.cleaned_data.get("evidence_text", ""),
            upload=form.cleaned_data.get("evidence_file"),
        )
        return _("Evidence submitted.")

    return _milestone_action(request, pk, run)


@require_POST
@center_view()
def milestone_review(request, pk: int):
    form = ReviewForm(request.POST)

    def run(m):
        if not form.is_valid():
            raise ValidationError(_("Choose a decision."))
        accept = form.cleaned_data["decision"] == "accept"
        services.review_milestone(
            scope=request.scope, milestone=m, accept=accept, note=form.cleaned_data["review_note"]
        )
        return _("Milestone accepted.") if accept else _("Milestone returned to the team.")

    return _milestone_action(request, pk, run)


@require_POST
@center_view()
def milestone_prepare(request, pk: int):
    form = PaymentForm(request.POST)

    def run(m):
        if not form.is_valid():
            raise ValidationError(_("Give the method, the reference and the date."))
        services.prepare_payment(scope=request.scope, milestone=m, **form.cleaned_data)
        return _("Payment prepared; a second person must approve it.")

    return _milestone_action(request, pk, run)


@require_POST
@center_view()
def milestone_approve(request, pk: int):
    def run(m):
        services.approve_payment(scope=request.scope, milestone=m)
        return _("Payment approved and posted to the ledger.")

    return _milestone_action(request, pk, run)


@center_view()
def milestone_evidence_file(request, pk: int):
    m = selectors.get_milestone_for(request.scope, request.center, pk)
    if not m.evidence_file:
        raise Http404
    name = m.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(m.evidence_file.open("rb"), as_attachment=True, filename=name)


# -- ledger ----------------------------------------------------------------------------------


def _ledger_entries(request):
    funds = selectors.funds_for(request.scope, request.center)
    form = LedgerFilterForm(request.GET or None, funds=funds)
    entries = selectors.entries_for(request.scope, request.center)
    if form.is_valid():
        if form.cleaned_data["fund"]:
            entries = entries.filter(fund=form.cleaned_data["fund"])
        if form.cleaned_data["kind"]:
            entries = entries.filter(kind=form.cleaned_data["kind"])
    return form, entries


@center_view()
def ledger_list(request):
    form, entries = _ledger_entries(request)
    funders = list(selectors.visible_funders(request.scope, request.center))
    balances = ledger.balances_of_funders([f.pk for f in funders])
    return render(
        request,
        "funding/ledger.html",
        {
            "form": form,
            "funder_balances": [(f, balances[f.pk]) for f in funders if f.pk in balances],
            "page": paginate(request, entries),
            "query": query_without_page(request),
            "can_manage": perms.can_manage_funding(request.scope, request.center),
        },
    )


@center_view()
def ledger_csv(request):
    _form, entries = _ledger_entries(request)
    response = HttpResponse(
        exports.ledger_csv(entries.order_by("posted_at", "id")), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-{request.center.slug}.csv"'
    return response


@center_view()
def ledger_xlsx(request):
    _form, entries = _ledger_entries(request)
    response = HttpResponse(
        exports.ledger_xlsx(entries.order_by("posted_at", "id")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-{request.center.slug}.xlsx"'
    return response


@require_POST
@center_view()
def entry_reverse(request, pk: int):
    entry = selectors.get_entry_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_funding(request.scope, request.center))
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the entry is reversed."))
    else:
        try:
            services.reverse_entry(scope=request.scope, entry=entry, memo=form.cleaned_data["memo"])
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Entry reversed."))
    return redirect("funding-award-detail", center=request.center.slug, pk=entry.award_id)
