"""Pages: "My data" (download, consents, erasure request) and the center's erasure requests."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.models import Role
from markaz.core.web import apply_service_errors, center_view, forbid_unless, paginate
from markaz.privacy import permissions as perms
from markaz.privacy import selectors, services
from markaz.privacy.consent import text_of
from markaz.privacy.forms import ErasureDecisionForm, ErasureRequestForm


@login_required
def my_data(request):
    scope = request.scope
    form = ErasureRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_erasure(scope=scope)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your request is recorded. A center admin will confirm it.")
            )
            return redirect("privacy-my-data")
    language = get_language() or "en"
    consents = [(c, text_of(c.subject, language)) for c in selectors.consents_for(scope)]
    return render(
        request,
        "privacy/my_data.html",
        {
            "summary": selectors.summary_for(scope),
            "consents": consents,
            "pending": selectors.pending_request_of(scope),
            "requests": selectors.erasure_requests_of(scope)[:10],
            "form": form,
        },
    )


@login_required
def download(request):
    data = selectors.export_for(request.scope)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="markaz-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def cancel_erasure(request):
    pending = selectors.pending_request_of(request.scope)
    if pending is not None:
        services.cancel_erasure(scope=request.scope, request=pending)
        messages.success(request, _("Your erasure request is cancelled."))
    return redirect("privacy-my-data")


@require_POST
@login_required
def withdraw_consent(request, pk: int):
    consent = selectors.get_consent_for(request.scope, pk)
    forbid_unless(perms.can_withdraw_consent(request.scope, consent))
    services.withdraw_consent(scope=request.scope, consent=consent)
    messages.success(request, _("Consent withdrawn; the public profile is off."))
    return redirect("privacy-my-data")


@center_view(Role.ADMIN, Role.STAFF)
def erasure_requests(request):
    qs = selectors.erasure_requests_for(request.scope, request.center)
    return render(request, "privacy/erasure_requests.html", {"page": paginate(request, qs)})


@center_view(Role.ADMIN, Role.STAFF)
def erasure_request(request, pk: int):
    center = request.center
    erasure = selectors.get_erasure_request_for(request.scope, center, pk)
    may_decide = perms.can_decide_erasure(request.scope, erasure)
    form = ErasureDecisionForm(request.POST or None)
    if request.method == "POST":
        forbid_unless(may_decide)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "confirm":
                    services.confirm_erasure(scope=request.scope, request=erasure, center=center)
                    messages.success(request, _("The person is erased."))
                else:
                    services.reject_erasure(scope=request.scope, request=erasure, center=center,
                                            note=form.cleaned_data["note"])  # fmt: skip
                    messages.success(request, _("The request is refused."))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("privacy-erasure-requests", center=center.slug)
    return render(
        request,
        "privacy/erasure_request.html",
        {"erasure": erasure, "form": form, "may_decide": may_decide},
    )
