"""API of ventures and their teams, within one center."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core import reference
from markaz.core.access import get_center_for, get_visible
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems, require_a_name
from markaz.stakeholders.api import organization_in_center
from markaz.stakeholders.selectors import get_person_for
from markaz.ventures import permissions as perms
from markaz.ventures import services
from markaz.ventures.schemas import (
    TeamMemberIn,
    TeamMemberOut,
    VentureFilters,
    VentureIn,
    VentureOut,
    VenturePage,
    VenturePatch,
)
from markaz.ventures.selectors import get_venture_for, search_ventures, ventures_for

router = Router()


def _with_details(qs):
    return qs.select_related("organization").prefetch_related(
        "sdg_goals", "sdg_targets", "team__person"
    )


def _for_list(qs):
    return qs.select_related("organization").prefetch_related("sdg_goals")


def _detail(scope, center, pk: int):
    return get_visible(_with_details(ventures_for(scope, center)), pk=pk)


def _references(scope, center, data: dict) -> dict:
    """Swap the ids of the payload for rows: SDG goals and targets, the organization."""
    refs = {"sdg_goals": None, "sdg_targets": None}
    goals = data.pop("sdg_goals", None)
    targets = data.pop("sdg_targets", None)
    if goals is not None:
        refs["sdg_goals"] = reference.goals_by_numbers(goals)
    if targets is not None:
        refs["sdg_targets"] = reference.targets_by_codes(targets)
    if "organization" in data:
        data["organization"] = organization_in_center(scope, center, data["organization"])
    return refs


@router.get(
    "/centers/{slug}/ventures",
    response={200: VenturePage, **problems(401, 404, 422)},
    operation_id="list_ventures",
    summary="Ventures of a center (staff see all; others public ones and their own)",
)
def list_ventures(request, slug: str, filters: Query[VentureFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = search_ventures(
        scope,
        center,
        q=filters.q,
        stage=filters.stage or "",
        legal_form=filters.legal_form or "",
        sdg=filters.sdg,
        country=filters.country or "",
    )
    return paginate(request, _for_list(qs), filters)


@router.post(
    "/centers/{slug}/ventures",
    response={201: VentureOut, **problems(401, 403, 404, 422)},
    operation_id="create_venture",
    summary="Register a venture (staff and innovators; an innovator becomes its manager)",
)
def create_venture(request, slug: str, payload: VentureIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_create_venture(scope, center))
    data = payload.model_dump()
    require_a_name(data)
    refs = _references(scope, center, data)
    venture = services.create_venture(scope=scope, center=center, data=data, **refs)
    try:
        return Status(201, _detail(scope, center, venture.pk))
    except Http404:  # an innovator without a person record is not on the team it created
        return Status(201, venture)


@router.get(
    "/centers/{slug}/ventures/{venture_id}",
    response={200: VentureOut, **problems(401, 404)},
    operation_id="get_venture",
    summary="One venture, with its team",
)
def get_venture(request, slug: str, venture_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return _detail(scope, center, venture_id)


@router.patch(
    "/centers/{slug}/ventures/{venture_id}",
    response={200: VentureOut, **problems(401, 403, 404, 422)},
    operation_id="update_venture",
    summary="Update a venture (staff, or a team member who manages it)",
)
def patch_venture(request, slug: str, venture_id: int, payload: VenturePatch):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    venture = get_venture_for(scope, center, venture_id)
    require(perms.can_edit_venture(scope, venture))
    data = payload.model_dump(exclude_unset=True)
    require_a_name(data, venture)
    refs = _references(scope, center, data)
    services.update_venture(scope=scope, venture=venture, data=data, **refs)
    return _detail(scope, center, venture.pk)


@router.post(
    "/centers/{slug}/ventures/{venture_id}/team",
    response={201: TeamMemberOut, **problems(401, 403, 404, 422)},
    operation_id="add_team_member",
    summary="Add a person of the center to the venture's team",
)
def add_team_member(request, slug: str, venture_id: int, payload: TeamMemberIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    venture = get_venture_for(scope, center, venture_id)
    require(perms.can_edit_venture(scope, venture))
    try:
        # Only people the caller may already see: staff see everyone, innovators their team.
        person = get_person_for(scope, center, payload.person)
    except Http404:
        raise ValidationError({"person": _("Choose a person of this center.")}) from None
    member = services.add_team_member(
        scope=scope,
        venture=venture,
        person=person,
        role=payload.role,
        can_manage=payload.can_manage,
    )
    return Status(201, member)


@router.delete(
    "/centers/{slug}/ventures/{venture_id}/team/{member_id}",
    response={204: None, **problems(401, 403, 404, 422)},
    operation_id="remove_team_member",
    summary="Remove someone from the venture's team",
)
def remove_team_member(request, slug: str, venture_id: int, member_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    venture = get_venture_for(scope, center, venture_id)
    member = get_visible(venture.team.select_related("venture__center"), pk=member_id)
    services.remove_team_member(scope=scope, member=member)
    return Status(204, None)
