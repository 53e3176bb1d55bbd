"""API of privacy: the caller's data, consents and erasure request; a center's erasure requests.

Downloading everything and asking for erasure act on the whole person, so they need the
signed-in session: a center-scoped token gets 404 there (it reaches one center only).
Missing and other people's records are 404; seeing a request but not deciding it is 403.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Status

from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.models import Role
from markaz.core.schemas import PageParams, paginate, problems
from markaz.privacy import permissions as perms
from markaz.privacy import selectors, services
from markaz.privacy.schemas import (
    ConsentOut,
    ConsentPage,
    ErasureDecisionIn,
    ErasureRequestOut,
    ErasureRequestPage,
    MyDataOut,
)

router = Router()


@router.get(
    "/me/data",
    response={200: MyDataOut, **problems(401, 404)},
    operation_id="download_my_data",
    summary="Everything Markaz holds about you, across every center (session only)",
)
def download_my_data(request):
    return selectors.export_for(scope_of(request))


@router.get(
    "/me/consents",
    response={200: ConsentPage, **problems(401)},
    operation_id="list_my_consents",
    summary="Consent records you gave, about you, or about ventures you manage",
)
def list_my_consents(request, params: Query[PageParams]):
    return paginate(request, selectors.consents_for(scope_of(request)), params)


@router.post(
    "/me/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **problems(401, 403, 404)},
    operation_id="withdraw_my_consent",
    summary="Withdraw a consent; the public profile it covers is switched off",
)
def withdraw_my_consent(request, consent_id: int):
    scope = scope_of(request)
    consent = selectors.get_consent_for(scope, consent_id)
    require(perms.can_withdraw_consent(scope, consent))
    return services.withdraw_consent(scope=scope, consent=consent)


@router.get(
    "/me/erasure-request",
    response={200: ErasureRequestOut, **problems(401, 404)},
    operation_id="get_my_erasure_request",
    summary="Your latest erasure request",
)
def get_my_erasure_request(request):
    found = selectors.erasure_requests_of(scope_of(request)).first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/me/erasure-request",
    response={201: ErasureRequestOut, **problems(401, 404, 422)},
    operation_id="request_my_erasure",
    summary="Ask to be erased; an admin of your center confirms (session only)",
)
def request_my_erasure(request):
    scope = scope_of(request)
    if not perms.acts_for_self(scope):
        raise Http404
    return Status(201, services.request_erasure(scope=scope))


@router.delete(
    "/me/erasure-request",
    response={200: ErasureRequestOut, **problems(401, 404, 422)},
    operation_id="cancel_my_erasure",
    summary="Cancel your waiting erasure request",
)
def cancel_my_erasure(request):
    scope = scope_of(request)
    pending = selectors.pending_request_of(scope)
    if pending is None:
        raise Http404
    return services.cancel_erasure(scope=scope, request=pending)


@router.get(
    "/centers/{slug}/erasure-requests",
    response={200: ErasureRequestPage, **problems(401, 404)},
    operation_id="list_erasure_requests",
    summary="Erasure requests of the people of a center (staff)",
)
def list_erasure_requests(request, slug: str, params: Query[PageParams]):
    scope = scope_of(request)
    center = get_center_for(scope, slug, Role.ADMIN, Role.STAFF)
    return paginate(request, selectors.erasure_requests_for(scope, center), params)


@router.post(
    "/centers/{slug}/erasure-requests/{erasure_request_id}",
    response={200: ErasureRequestOut, **problems(401, 403, 404, 422)},
    operation_id="decide_erasure_request",
    summary="Confirm (erase the person) or refuse a waiting erasure request (admin)",
)
def decide_erasure_request(request, slug: str, erasure_request_id: int,
                           payload: ErasureDecisionIn):  # fmt: skip
    scope = scope_of(request)
    center = get_center_for(scope, slug, Role.ADMIN, Role.STAFF)
    erasure = selectors.get_erasure_request_for(scope, center, erasure_request_id)
    require(perms.can_decide_erasure(scope, erasure))
    if payload.decision == "confirm":
        return services.confirm_erasure(scope=scope, request=erasure, center=center)
    return services.reject_erasure(scope=scope, request=erasure, center=center, note=payload.note)
