"""Writes for centers and memberships. One transaction and one audit entry each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center, Membership, Role
from markaz.core.writes import apply_fields

CENTER_FIELDS = [
    "name_en", "name_ar", "description_en", "description_ar", "country", "city_en", "city_ar",
    "region", "kind", "founded_year", "contact_email", "contact_phone", "website", "timezone",
    "logo",
]  # fmt: skip


@transaction.atomic
def create_center(*, scope: AccessScope, data: dict, focus_sdgs=None) -> Center:
    if not scope.is_operator:
        raise PermissionDenied
    center = Center(slug=data["slug"])
    apply_fields(center, data, CENTER_FIELDS)
    center.full_clean()
    center.save()
    if focus_sdgs is not None:
        center.focus_sdgs.set(focus_sdgs)
    audit.record(
        action="core.center.created",
        actor=scope.user,
        center=center,
        obj=center,
        changes=audit.diff({}, audit.snapshot(center)),
    )
    return center


@transaction.atomic
def update_center(*, scope: AccessScope, center: Center, data: dict, focus_sdgs=None) -> Center:
    if not scope.is_admin_of(center):
        raise PermissionDenied
    center = Center.objects.select_for_update().get(pk=center.pk)
    before = audit.snapshot(center)
    before_sdgs = sorted(center.focus_sdgs.values_list("pk", flat=True))
    apply_fields(center, data, CENTER_FIELDS)
    center.full_clean()
    center.save()
    changes = audit.diff(before, audit.snapshot(center))
    if focus_sdgs is not None:
        center.focus_sdgs.set(focus_sdgs)
        after_sdgs = sorted(center.focus_sdgs.values_list("pk", flat=True))
        if after_sdgs != before_sdgs:
            changes["focus_sdgs"] = [before_sdgs, after_sdgs]
    audit.record(
        action="core.center.updated", actor=scope.user, center=center, obj=center, changes=changes
    )
    return center


@transaction.atomic
def add_membership(*, scope: AccessScope, center: Center, user, role: str) -> Membership:
    if not scope.is_admin_of(center):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, created = Membership.objects.get_or_create(user=user, center=center, role=role)
    if created:
        audit.record(
            action="core.membership.created",
            actor=scope.user,
            center=center,
            obj=membership,
            changes={"user": [None, user.pk], "role": [None, role]},
        )
    return membership


@transaction.atomic
def remove_membership(*, scope: AccessScope, membership: Membership) -> None:
    center = membership.center
    if not scope.is_admin_of(center):
        raise PermissionDenied
    if (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(center=center, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("A center must keep at least one admin."))
    audit.record(
        action="core.membership.deleted",
        actor=scope.user,
        center=center,
        obj=membership,
        changes={"user": [membership.user_id, None], "role": [membership.role, None]},
    )
    membership.delete()
