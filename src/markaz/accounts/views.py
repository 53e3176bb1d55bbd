"""Security settings of the signed-in user (two-factor), the sign-in verification step, and
the center's security policy page for its admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.models import Role
from markaz.core.web import apply_service_errors, center_view

from . import selectors, services, session, throttle
from .forms import CodeForm, DisableForm, EnrolForm, PolicyForm


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(default)


def _codes_page(request, codes: list[str]):
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@login_required
def security(request):
    device = selectors.two_factor_of(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "remaining": selectors.unused_recovery_codes(request.user) if device else 0,
            "required": selectors.must_use_two_factor(request.user),
            "disable_form": DisableForm(),
            "code_form": CodeForm(),
        },
    )


@login_required
def enrol(request):
    if selectors.two_factor_of(request.user) is not None:
        return redirect("accounts-security")
    secret = request.session.get(session.PENDING_SECRET)
    if not secret:
        secret = request.session[session.PENDING_SECRET] = services.new_secret()
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enable_two_factor(
                user=request.user, secret=secret, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            request.session.pop(session.PENDING_SECRET, None)
            session.mark_verified(request, request.user)
            messages.success(request, _("Two-factor authentication is on."))
            return _codes_page(request, codes)
    uri = services.provisioning_uri(request.user, secret)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "secret": secret,
            "qr_svg": services.qr_svg(uri),
            "required": selectors.must_use_two_factor(request.user),
        },
    )


@login_required
@require_POST
def disable(request):
    form = DisableForm(request.POST)
    if form.is_valid():
        try:
            services.disable_two_factor(
                user=request.user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
                ip=throttle.client_ip(request),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            session.refresh(request, request.user)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts-security")
    device = selectors.two_factor_of(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "remaining": selectors.unused_recovery_codes(request.user) if device else 0,
            "required": selectors.must_use_two_factor(request.user),
            "disable_form": form,
            "code_form": CodeForm(),
        },
        status=400,
    )


@login_required
@require_POST
def recovery(request):
    form = CodeForm(request.POST)
    if form.is_valid() and selectors.two_factor_of(request.user) is not None:
        try:
            codes = services.regenerate_recovery_codes(
                user=request.user, code=form.cleaned_data["code"], ip=throttle.client_ip(request)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return _codes_page(request, codes)
    messages.error(request, _("That code is not right, or it was already used."))
    return redirect("accounts-security")


@login_required
def verify(request):
    if session.needs(request, request.user) != "verify":
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_second_factor(
                user=request.user, code=form.cleaned_data["code"], ip=throttle.client_ip(request)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            session.mark_verified(request, request.user)
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@center_view(Role.ADMIN)
def center_policy(request):
    policy = selectors.policy_of(request.center)
    form = PolicyForm(request.POST or None, initial={"require_admin_2fa": policy.require_admin_2fa})
    if request.method == "POST" and form.is_valid():
        services.set_center_policy(
            center=request.center,
            actor=request.user,
            require_admin_2fa=form.cleaned_data["require_admin_2fa"],
        )
        messages.success(request, _("The security policy is saved."))
        return redirect("accounts-center-security", center=request.center.slug)
    return render(request, "accounts/center_policy.html", {"form": form, "policy": policy})
