"""API of `core`: the caller, centers, memberships, the caller's tokens, SDG reference data.

Reads go through selectors and `get_center_for`; writes through `core.services` and
`core.tokens`. Missing and invisible are both 404; visible but not changeable is 403.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Status

from markaz.core import reference
from markaz.core.access import get_center_for, get_visible
from markaz.core.api_auth import require, scope_of
from markaz.core.i18n import bilingual_fields
from markaz.core.schemas import (
    CenterFilters,
    CenterOut,
    CenterPage,
    CenterPatch,
    MembershipIn,
    MembershipOut,
    MembershipPage,
    MeOut,
    PageParams,
    SdgGoalPage,
    SdgTargetPage,
    TokenOut,
    TokenPage,
    paginate,
    problems,
    require_a_name,
    take_legacy_city,
)
from markaz.core.search import text_filter
from markaz.core.selectors import centers_for, memberships_for, my_centers
from markaz.core.services import add_membership, remove_membership, update_center
from markaz.core.tokens import revoke_token
from markaz.core.tokens_selectors import tokens_of
from markaz.sdg import selectors as sdg

router = Router()

PUBLIC = None  # `auth=PUBLIC`: reference data and public center profiles need no login
CENTER_SEARCH_FIELDS = bilingual_fields("name", "city", "description")


# -- me -------------------------------------------------------------------------------------


@router.get(
    "/me",
    response={200: MeOut, **problems(401)},
    operation_id="get_me",
    summary="The signed-in user, their memberships and person record",
    tags=["me"],
)
def get_me(request):
    scope = scope_of(request)
    centers = my_centers(scope).filter(pk__in=scope.center_ids())
    memberships = [
        {"center": c.slug, "center_name": c.name, "role": role}
        for c in centers
        for role in sorted(scope.roles.get(c.pk, ()))
    ]
    token = getattr(request, "api_token", None)
    return {
        "user": scope.user,
        "person_id": scope.person_id,
        "memberships": memberships,
        "token_center": token.center.slug if token is not None else None,
    }


# -- centers --------------------------------------------------------------------------------


def _centers(scope):
    return centers_for(scope).prefetch_related("focus_sdgs", "networks")


@router.get(
    "/centers",
    response={200: CenterPage, **problems(422)},
    auth=PUBLIC,
    operation_id="list_centers",
    summary="List centers (public)",
    tags=["centers"],
)
def list_centers(request, filters: Query[CenterFilters]):
    qs = _centers(scope_of(request))
    if filters.q:
        qs = qs.filter(text_filter(filters.q, *CENTER_SEARCH_FIELDS))
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.country:
        qs = qs.filter(country=filters.country)
    return paginate(request, qs, filters)


@router.get(
    "/centers/{slug}",
    response={200: CenterOut, **problems(404)},
    auth=PUBLIC,
    operation_id="get_center",
    summary="A center's public profile",
    tags=["centers"],
)
def get_center(request, slug: str):
    return get_visible(_centers(scope_of(request)), slug=slug)


@router.patch(
    "/centers/{slug}",
    response={200: CenterOut, **problems(401, 403, 404, 422)},
    operation_id="update_center",
    summary="Update a center's profile (center admins)",
    tags=["centers"],
)
def patch_center(request, slug: str, payload: CenterPatch):
    scope = scope_of(request)
    center = get_visible(centers_for(scope), slug=slug)
    require(scope.is_admin_of(center))
    data = take_legacy_city(payload.model_dump(exclude_unset=True))
    numbers = data.pop("focus_sdgs", None)
    require_a_name(data, center)
    goals = reference.goals_by_numbers(numbers, field="focus_sdgs") if numbers is not None else None
    return update_center(scope=scope, center=center, data=data, focus_sdgs=goals)


# -- memberships ----------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/memberships",
    response={200: MembershipPage, **problems(401, 404, 422)},
    operation_id="list_memberships",
    summary="A center's memberships (all for staff, your own otherwise)",
    tags=["memberships"],
)
def list_memberships(request, slug: str, filters: Query[PageParams]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = memberships_for(scope, center).select_related("center")
    return paginate(request, qs.order_by("role", "user__username", "id"), filters)


@router.post(
    "/centers/{slug}/memberships",
    response={201: MembershipOut, **problems(401, 403, 404, 422)},
    operation_id="create_membership",
    summary="Give a user a role in the center (center admins)",
    tags=["memberships"],
)
def create_membership(request, slug: str, payload: MembershipIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(scope.is_admin_of(center))  # before the lookup: non-admins may not probe users
    user = reference.user_by_username_or_email(payload.user)
    membership = add_membership(scope=scope, center=center, user=user, role=payload.role)
    return Status(201, membership)


@router.delete(
    "/centers/{slug}/memberships/{membership_id}",
    response={204: None, **problems(401, 403, 404, 422)},
    operation_id="delete_membership",
    summary="Remove a membership (center admins; a center keeps at least one admin)",
    tags=["memberships"],
)
def delete_membership(request, slug: str, membership_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    membership = get_visible(memberships_for(scope, center), pk=membership_id)
    remove_membership(scope=scope, membership=membership)
    return Status(204, None)


# -- tokens ---------------------------------------------------------------------------------


@router.get(
    "/tokens",
    response={200: TokenPage, **problems(401, 422)},
    operation_id="list_tokens",
    summary="Your own API tokens (never the secrets)",
    tags=["tokens"],
)
def list_tokens(request, filters: Query[PageParams]):
    return paginate(request, tokens_of(scope_of(request)), filters)


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: TokenOut, **problems(401, 404)},
    operation_id="revoke_token",
    summary="Revoke one of your own API tokens",
    tags=["tokens"],
)
def revoke_own_token(request, token_id: int):
    scope = scope_of(request)
    token = get_visible(tokens_of(scope), pk=token_id)
    return revoke_token(token=token, actor=scope.user)


# -- SDG reference data ---------------------------------------------------------------------


@router.get(
    "/sdg/goals",
    response={200: SdgGoalPage, **problems(422)},
    auth=PUBLIC,
    operation_id="list_sdg_goals",
    summary="The 17 UN Sustainable Development Goals",
    tags=["sdg"],
)
def list_sdg_goals(request, filters: Query[PageParams]):
    return paginate(request, sdg.goals(), filters)


@router.get(
    "/sdg/goals/{number}/targets",
    response={200: SdgTargetPage, **problems(404, 422)},
    auth=PUBLIC,
    operation_id="list_sdg_targets",
    summary="The targets of one SDG goal",
    tags=["sdg"],
)
def list_sdg_targets(request, number: int, filters: Query[PageParams]):
    goal = reference.get_goal(number)
    if goal is None:
        raise Http404
    return paginate(request, sdg.targets_of([goal.number]), filters)
