"""Writes for organizations, partnerships, people and affiliations."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.writes import save_audited
from markaz.stakeholders import permissions as perms
from markaz.stakeholders.models import Affiliation, Organization, Partnership, Person

ORGANIZATION_FIELDS = [
    "name_en", "name_ar", "sector", "country", "website", "description_en", "description_ar",
]  # fmt: skip
PARTNERSHIP_FIELDS = ["organization", "kind", "starts_on", "ends_on", "mou", "notes"]
PERSON_FIELDS = [
    "name_en", "name_ar", "email", "phone", "country", "city", "bio_en", "bio_ar",
    "languages", "expertise", "contact_channel",
]  # fmt: skip
AFFILIATION_FIELDS = ["organization", "title", "starts_on", "ends_on"]


@transaction.atomic
def create_organization(*, scope: AccessScope, center: Center, data: dict) -> Organization:
    if not perms.can_manage_organizations(scope, center):
        raise PermissionDenied
    return save_audited(
        Organization(center=center),
        data=data,
        fields=ORGANIZATION_FIELDS,
        action="stakeholders.organization.created",
        scope=scope,
        center=center,
    )


@transaction.atomic
def update_organization(*, scope: AccessScope, organization: Organization, data: dict):
    if not perms.can_manage_organizations(scope, organization.center):
        raise PermissionDenied
    return save_audited(
        Organization.objects.select_for_update().get(pk=organization.pk),
        data=data,
        fields=ORGANIZATION_FIELDS,
        action="stakeholders.organization.updated",
        scope=scope,
        center=organization.center,
    )


@transaction.atomic
def delete_organization(*, scope: AccessScope, organization: Organization) -> None:
    if not perms.can_manage_organizations(scope, organization.center):
        raise PermissionDenied
    audit.record(
        action="stakeholders.organization.deleted",
        actor=scope.user,
        center=organization.center,
        obj=organization,
        changes=audit.diff(audit.snapshot(organization), {}),
    )
    organization.delete()


def _check_same_center(center: Center, organization: Organization | None) -> None:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if organization is not None and organization.center_id != center.pk:
        raise ValidationError({"organization": _("Choose an organization of this center.")})


@transaction.atomic
def create_partnership(*, scope: AccessScope, center: Center, data: dict) -> Partnership:
    if not perms.can_manage_partnerships(scope, center):
        raise PermissionDenied
    _check_same_center(center, data.get("organization"))
    return save_audited(
        Partnership(center=center),
        data=data,
        fields=PARTNERSHIP_FIELDS,
        action="stakeholders.partnership.created",
        scope=scope,
        center=center,
    )


@transaction.atomic
def update_partnership(*, scope: AccessScope, partnership: Partnership, data: dict):
    if not perms.can_manage_partnerships(scope, partnership.center):
        raise PermissionDenied
    _check_same_center(partnership.center, data.get("organization"))
    return save_audited(
        Partnership.objects.select_for_update().get(pk=partnership.pk),
        data=data,
        fields=PARTNERSHIP_FIELDS,
        action="stakeholders.partnership.updated",
        scope=scope,
        center=partnership.center,
    )


@transaction.atomic
def create_person(*, scope: AccessScope, center: Center, data: dict, user=None) -> Person:
    if not perms.can_create_person(scope, center):
        raise PermissionDenied
    return save_audited(
        Person(center=center, user=user),
        data=data,
        fields=PERSON_FIELDS,
        action="stakeholders.person.created",
        scope=scope,
        center=center,
    )


@transaction.atomic
def update_person(*, scope: AccessScope, person: Person, data: dict) -> Person:
    if not perms.can_edit_person(scope, person):
        raise PermissionDenied
    return save_audited(
        Person.objects.select_for_update().get(pk=person.pk),
        data=data,
        fields=PERSON_FIELDS,
        action="stakeholders.person.updated",
        scope=scope,
        center=person.center,
    )


@transaction.atomic
def add_affiliation(*, scope: AccessScope, person: Person, data: dict) -> Affiliation:
    if not perms.can_edit_person(scope, person):
        raise PermissionDenied
    _check_same_center(person.center, data.get("organization"))
    return save_audited(
        Affiliation(person=person),
        data=data,
        fields=AFFILIATION_FIELDS,
        action="stakeholders.affiliation.created",
        scope=scope,
        center=person.center,
    )


@transaction.atomic
def remove_affiliation(*, scope: AccessScope, affiliation: Affiliation) -> None:
    person = affiliation.person
    if not perms.can_edit_person(scope, person):
        raise PermissionDenied
    audit.record(
        action="stakeholders.affiliation.deleted",
        actor=scope.user,
        center=person.center,
        obj=affiliation,
        changes=audit.diff(audit.snapshot(affiliation), {}),
    )
    affiliation.delete()
