"""Center pages of the centers network: partnerships and referrals (selectors read, services write).

Network-wide pages (directory, map, communities) are in `views_network.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import apply_service_errors, center_view, forbid_unless
from markaz.network import permissions as perms
from markaz.network import selectors, services
from markaz.network.forms import CommentForm, PartnershipForm, ReferralForm


def _flash_errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@center_view()
def home(request):
    scope, center = request.scope, request.center
    return render(
        request,
        "network/home.html",
        {
            "networks": selectors.networks_of_center(scope, center),
            "partnerships": selectors.partnerships_for(scope, center),
            "referrals": selectors.referrals_for(scope, center),
            "is_staff": scope.is_staff_of(center),
            "can_propose": perms.can_propose_partnership(scope, center),
            "can_refer": perms.can_refer(scope, center),
            "invitations": selectors.invitations_for(scope, center).filter(status="pending"),
            "can_answer": scope.is_admin_of(center),
        },
    )


# -- partnerships ----------------------------------------------------------------------------


@center_view()
def partnership_create(request):
    scope, center = request.scope, request.center
    forbid_unless(perms.can_propose_partnership(scope, center))
    form = PartnershipForm(
        request.POST or None,
        request.FILES or None,
        partners=selectors.partner_choices(scope, center),
    )
    if request.method == "POST" and form.is_valid():
        try:
            p = services.propose_partnership(
                scope=scope,
                center=center,
                data=form.service_data(),
                document=form.cleaned_data.get("document"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Partnership proposed."))
            return redirect("network-partnership-detail", center=center.slug, pk=p.pk)
    return render(
        request,
        "network/form.html",
        {"form": form, "title": _("Propose a partnership"), "multipart": True},
    )


@center_view()
def partnership_detail(request, pk: int):
    scope = request.scope
    p = selectors.get_partnership_for(scope, request.center, pk)
    return render(
        request,
        "network/partnership_detail.html",
        {
            "p": p,
            "other": p.other_center(request.center),
            "can_accept": perms.can_accept_partnership(scope, p),
            "can_end": perms.can_end_partnership(scope, p),
            "can_download": perms.can_download_agreement(scope, p),
        },
    )


@require_POST
@center_view()
def partnership_accept(request, pk: int):
    p = selectors.get_partnership_for(request.scope, request.center, pk)
    forbid_unless(perms.can_accept_partnership(request.scope, p))
    services.accept_partnership(scope=request.scope, partnership=p)
    messages.success(request, _("Partnership accepted."))
    return redirect("network-partnership-detail", center=request.center.slug, pk=p.pk)


@require_POST
@center_view()
def partnership_end(request, pk: int):
    p = selectors.get_partnership_for(request.scope, request.center, pk)
    forbid_unless(perms.can_end_partnership(request.scope, p))
    services.end_partnership(scope=request.scope, partnership=p)
    messages.success(request, _("Partnership ended."))
    return redirect("network-partnership-detail", center=request.center.slug, pk=p.pk)


def agreement_download(scope, p) -> FileResponse:
    """The agreement file, for the two centers' staff and the coordinators of a shared network."""
    if not p.document or not perms.can_download_agreement(scope, p):
        raise Http404
    name = p.document.name.rsplit("/", 1)[-1]
    return FileResponse(p.document.open("rb"), as_attachment=True, filename=name)


@center_view()
def partnership_document(request, pk: int):
    p = selectors.get_partnership_for(request.scope, request.center, pk)
    return agreement_download(request.scope, p)


# -- referrals -------------------------------------------------------------------------------


@center_view()
def referral_create(request):
    scope, center = request.scope, request.center
    forbid_unless(perms.can_refer(scope, center))
    partners = selectors.partner_choices(scope, center).values("pk")
    form = ReferralForm(
        request.POST or None,
        ventures=selectors.referable_ventures(scope, center),
        programs=selectors.programs_of(partners),
    )
    if request.method == "POST" and form.is_valid():
        try:
            r = services.draft_referral(scope=scope, center=center, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Referral drafted. Ask the venture for consent next."))
            return redirect("network-referral-detail", center=center.slug, pk=r.pk)
    return render(request, "network/form.html", {"form": form, "title": _("Refer a venture")})


@center_view()
def referral_detail(request, pk: int):
    scope = request.scope
    r = selectors.get_referral_for(scope, request.center, pk)
    return render(
        request,
        "network/referral_detail.html",
        {
            "r": r,
            "history": selectors.referral_history(r),
            "show_venture": perms.may_see_venture(scope, r),
            "can_ask": perms.can_ask_consent(scope, r),
            "can_consent": perms.can_consent(scope, r),
            "can_decide": perms.can_decide(scope, r),
            "can_withdraw": perms.can_withdraw(scope, r),
            "comment_form": CommentForm(),
        },
    )


def _referral_action(request, pk: int, allowed, action, done: str):
    r = selectors.get_referral_for(request.scope, request.center, pk)
    forbid_unless(allowed(request.scope, r))
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        action(request.scope, r, comment)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("network-referral-detail", center=request.center.slug, pk=r.pk)


@require_POST
@center_view()
def referral_ask_consent(request, pk: int):
    return _referral_action(
        request,
        pk,
        perms.can_ask_consent,
        lambda s, r, c: services.ask_consent(scope=s, referral=r),
        _("The venture's team has been asked for consent."),
    )


@require_POST
@center_view()
def referral_consent(request, pk: int):
    return _referral_action(
        request,
        pk,
        perms.can_consent,
        lambda s, r, c: services.give_consent(scope=s, referral=r),
        _("Thank you: the referral has been sent."),
    )


@require_POST
@center_view()
def referral_accept(request, pk: int):
    return _referral_action(
        request,
        pk,
        perms.can_decide,
        lambda s, r, c: services.decide_referral(scope=s, referral=r, accept=True, comment=c),
        _("Referral accepted."),
    )


@require_POST
@center_view()
def referral_decline(request, pk: int):
    return _referral_action(
        request,
        pk,
        perms.can_decide,
        lambda s, r, c: services.decide_referral(scope=s, referral=r, accept=False, comment=c),
        _("Referral declined."),
    )


@require_POST
@center_view()
def referral_withdraw(request, pk: int):
    return _referral_action(
        request,
        pk,
        perms.can_withdraw,
        lambda s, r, c: services.withdraw_referral(scope=s, referral=r, comment=c),
        _("Referral withdrawn."),
    )


@require_POST
@center_view()
def invitation_answer(request, pk: int):
    invitation = selectors.get_invitation_for(request.scope, request.center, pk)
    forbid_unless(perms.can_answer_invitation(request.scope, invitation))
    accept = request.POST.get("answer") == "accept"
    services.answer_invitation(scope=request.scope, invitation=invitation, accept=accept)
    if accept:
        messages.success(request, _("Your center joined the network."))
    else:
        messages.success(request, _("Invitation declined."))
    return redirect("network-home", center=request.center.slug)
