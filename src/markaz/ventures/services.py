"""Writes for ventures and their teams."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.writes import save_audited
from markaz.stakeholders.models import Person
from markaz.ventures import permissions as perms
from markaz.ventures.models import TeamMember, TeamRole, Venture

VENTURE_FIELDS = [
    "name_en", "name_ar", "problem_en", "problem_ar", "solution_en", "solution_ar",
    "beneficiaries_en", "beneficiaries_ar", "stage", "legal_form", "country", "city",
    "founded_on", "website", "is_public", "organization",
]  # fmt: skip


def _check_targets_match_goals(goals, targets) -> None:
    if goals is None or targets is None:
        return
    goal_ids = {getattr(g, "pk", g) for g in goals}
    stray = [t.code for t in targets if t.goal_id not in goal_ids]
    if stray:
        raise ValidationError(
            {
                "sdg_targets": _("Targets %(codes)s belong to goals not chosen.")
                % {"codes": ", ".join(stray)}
            }
        )


@transaction.atomic
def create_venture(
    *, scope: AccessScope, center: Center, data: dict, sdg_goals=None, sdg_targets=None
) -> Venture:
    if not perms.can_create_venture(scope, center):
        raise PermissionDenied
    org = data.get("organization")
    if org is not None and org.center_id != center.pk:
        raise ValidationError({"organization": _("Choose an organization of this center.")})
    _check_targets_match_goals(sdg_goals, sdg_targets)
    venture = save_audited(
        Venture(center=center, created_by=scope.user if scope.is_authenticated else None),
        data=data,
        fields=VENTURE_FIELDS,
        action="ventures.venture.created",
        scope=scope,
        center=center,
        m2m={"sdg_goals": sdg_goals, "sdg_targets": sdg_targets},
    )
    # An innovator who creates a venture runs it; staff add the team themselves.
    if not scope.is_staff_of(center) and scope.person_id is not None:
        TeamMember.objects.create(
            venture=venture, person_id=scope.person_id, role=TeamRole.FOUNDER, can_manage=True
        )
    return venture


@transaction.atomic
def update_venture(
    *, scope: AccessScope, venture: Venture, data: dict, sdg_goals=None, sdg_targets=None
) -> Venture:
    if not perms.can_edit_venture(scope, venture):
        raise PermissionDenied
    org = data.get("organization")
    if org is not None and org.center_id != venture.center_id:
        raise ValidationError({"organization": _("Choose an organization of this center.")})
    _check_targets_match_goals(
        sdg_goals if sdg_goals is not None else venture.sdg_goals.all(), sdg_targets
    )
    return save_audited(
        Venture.objects.select_for_update().get(pk=venture.pk),
        data=data,
        fields=VENTURE_FIELDS,
        action="ventures.venture.updated",
        scope=scope,
        center=venture.center,
        m2m={"sdg_goals": sdg_goals, "sdg_targets": sdg_targets},
    )


@transaction.atomic
def add_team_member(
    *, scope: AccessScope, venture: Venture, person: Person, role: str, can_manage: bool = False
) -> TeamMember:
    if not perms.can_edit_venture(scope, venture):
        raise PermissionDenied
    if person.center_id != venture.center_id:
        raise ValidationError({"person": _("Choose a person of this center.")})
    if TeamMember.objects.filter(venture=venture, person=person).exists():
        raise ValidationError({"person": _("This person is already on the team.")})
    member = TeamMember(venture=venture, person=person, role=role, can_manage=can_manage)
    member.full_clean()
    member.save()
    audit.record(
        action="ventures.team_member.added",
        actor=scope.user,
        center=venture.center,
        obj=member,
        changes={"person": [None, person.pk], "role": [None, role]},
    )
    return member


@transaction.atomic
def remove_team_member(*, scope: AccessScope, member: TeamMember) -> None:
    venture = member.venture
    if not perms.can_edit_venture(scope, venture):
        raise PermissionDenied
    if (
        member.can_manage
        and not scope.is_staff_of(venture.center_id)
        and not TeamMember.objects.filter(venture=venture, can_manage=True)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise ValidationError(_("A venture must keep at least one person who manages it."))
    audit.record(
        action="ventures.team_member.removed",
        actor=scope.user,
        center=venture.center,
        obj=member,
        changes={"person": [member.person_id, None]},
    )
    member.delete()
