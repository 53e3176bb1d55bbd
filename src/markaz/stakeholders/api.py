"""API of organizations, people and their affiliations, within one center."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems, require_a_name
from markaz.core.selectors import memberships_for
from markaz.stakeholders import permissions as perms
from markaz.stakeholders import services
from markaz.stakeholders.schemas import (
    AffiliationIn,
    AffiliationOut,
    OrganizationFilters,
    OrganizationIn,
    OrganizationOut,
    OrganizationPage,
    OrganizationPatch,
    PersonFilters,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
)
from markaz.stakeholders.selectors import (
    get_organization_for,
    get_person_for,
    search_organizations,
    search_people,
)

router = Router()


def organization_in_center(scope, center, pk: int | None, *, field: str = "organization"):
    """The organization a write refers to; an invisible one is a field error, not a 404."""
    if pk is None:
        return None
    try:
        return get_organization_for(scope, center, pk)
    except Http404:
        raise ValidationError({field: _("Choose an organization of this center.")}) from None


def _member_user(scope, center, identifier: str):
    match = Q(user__username=identifier.strip()) | Q(user__email__iexact=identifier.strip())
    membership = memberships_for(scope, center).filter(match).first()
    if membership is None:
        raise ValidationError({"user": _("No member of this center has that username or email.")})
    return membership.user


# -- organizations --------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/organizations",
    response={200: OrganizationPage, **problems(401, 404, 422)},
    operation_id="list_organizations",
    summary="A center's organizations",
)
def list_organizations(request, slug: str, filters: Query[OrganizationFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = search_organizations(
        scope, center, q=filters.q, sector=filters.sector or "", country=filters.country or ""
    )
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/organizations",
    response={201: OrganizationOut, **problems(401, 403, 404, 422)},
    operation_id="create_organization",
    summary="Add an organization (staff)",
)
def create_organization(request, slug: str, payload: OrganizationIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_organizations(scope, center))
    data = payload.model_dump()
    require_a_name(data)
    return Status(201, services.create_organization(scope=scope, center=center, data=data))


@router.get(
    "/centers/{slug}/organizations/{organization_id}",
    response={200: OrganizationOut, **problems(401, 404)},
    operation_id="get_organization",
    summary="One organization",
)
def get_organization(request, slug: str, organization_id: int):
    scope = scope_of(request)
    return get_organization_for(scope, get_center_for(scope, slug), organization_id)


@router.patch(
    "/centers/{slug}/organizations/{organization_id}",
    response={200: OrganizationOut, **problems(401, 403, 404, 422)},
    operation_id="update_organization",
    summary="Update an organization (staff)",
)
def patch_organization(request, slug: str, organization_id: int, payload: OrganizationPatch):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    organization = get_organization_for(scope, center, organization_id)
    require(perms.can_manage_organizations(scope, center))
    data = payload.model_dump(exclude_unset=True)
    require_a_name(data, organization)
    return services.update_organization(scope=scope, organization=organization, data=data)


@router.delete(
    "/centers/{slug}/organizations/{organization_id}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="delete_organization",
    summary="Delete an organization (staff)",
)
def delete_organization(request, slug: str, organization_id: int):
    scope = scope_of(request)
    organization = get_organization_for(scope, get_center_for(scope, slug), organization_id)
    services.delete_organization(scope=scope, organization=organization)
    return Status(204, None)


# -- people ---------------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/people",
    response={200: PersonPage, **problems(401, 404, 422)},
    operation_id="list_people",
    summary="People of a center (all for staff; yourself and your teammates otherwise)",
)
def list_people(request, slug: str, filters: Query[PersonFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = search_people(scope, center, q=filters.q, country=filters.country or "")
    return paginate(request, qs.prefetch_related("affiliations__organization"), filters)


@router.post(
    "/centers/{slug}/people",
    response={201: PersonOut, **problems(401, 403, 404, 422)},
    operation_id="create_person",
    summary="Add a person (staff)",
)
def create_person(request, slug: str, payload: PersonIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_create_person(scope, center))
    data = payload.model_dump(exclude={"user"})
    require_a_name(data)
    user = _member_user(scope, center, payload.user) if payload.user else None
    person = services.create_person(scope=scope, center=center, data=data, user=user)
    return Status(201, person)


@router.get(
    "/centers/{slug}/people/{person_id}",
    response={200: PersonOut, **problems(401, 404)},
    operation_id="get_person",
    summary="One person, with affiliations",
)
def get_person(request, slug: str, person_id: int):
    scope = scope_of(request)
    return get_person_for(scope, get_center_for(scope, slug), person_id)


@router.patch(
    "/centers/{slug}/people/{person_id}",
    response={200: PersonOut, **problems(401, 403, 404, 422)},
    operation_id="update_person",
    summary="Update a person (staff, or the person themselves)",
)
def patch_person(request, slug: str, person_id: int, payload: PersonPatch):
    scope = scope_of(request)
    person = get_person_for(scope, get_center_for(scope, slug), person_id)
    require(perms.can_edit_person(scope, person))
    data = payload.model_dump(exclude_unset=True)
    require_a_name(data, person)
    return services.update_person(scope=scope, person=person, data=data)


@router.post(
    "/centers/{slug}/people/{person_id}/affiliations",
    response={201: AffiliationOut, **problems(401, 403, 404, 422)},
    operation_id="create_affiliation",
    summary="Record a person's affiliation with an organization of the center",
)
def create_affiliation(request, slug: str, person_id: int, payload: AffiliationIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    person = get_person_for(scope, center, person_id)
    require(perms.can_edit_person(scope, person))
    data = payload.model_dump()
    data["organization"] = organization_in_center(scope, center, payload.organization)
    return Status(201, services.add_affiliation(scope=scope, person=person, data=data))
