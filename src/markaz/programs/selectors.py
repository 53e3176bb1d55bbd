"""Reads of programs, calls and applications for a user. Missing and forbidden are both 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.programs.models import (
    Application,
    Attachment,
    Call,
    Cohort,
    CohortMember,
    FormField,
    FormSection,
    Phase,
    Program,
    Status,
)
from markaz.programs.permissions import assigned_application_ids, can_manage_programs
from markaz.ventures.models import TeamMember

PUBLIC_PHASES = [p for p in Phase.values if p != Phase.DRAFT]


# -- programs and calls ------------------------------------------------------------------------


def programs_for(scope: AccessScope, center: Center) -> QuerySet[Program]:
    if not scope.has_role(center):
        return Program.objects.none()
    return Program.objects.filter(center=center)


def get_program_for(scope: AccessScope, center: Center, pk: int) -> Program:
    return get_visible(programs_for(scope, center), pk=pk)


def calls_for(scope: AccessScope, center: Center) -> QuerySet[Call]:
    """Staff see every call of their center; other members the published ones."""
    qs = Call.objects.filter(center=center).select_related("program", "center")
    if can_manage_programs(scope, center):
        return qs
    if not scope.has_role(center):
        return qs.none()
    return qs.filter(phase__in=PUBLIC_PHASES)


def get_call_for(scope: AccessScope, center: Center, pk: int) -> Call:
    return get_visible(calls_for(scope, center), pk=pk)


def open_calls(center: Center | None = None) -> QuerySet[Call]:
    """Calls taking applications now, for anyone (no sign-in)."""
    now = timezone.now()
    qs = (
        Call.objects.filter(phase=Phase.OPEN, deadline__gte=now)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .select_related("program", "center")
        .order_by("deadline", "id")
    )
    return qs.filter(center=center) if center is not None else qs


def public_center(slug: str) -> Center:
    return get_visible(Center.objects.all(), slug=slug)


def public_call(center_slug: str, call_slug: str) -> Call:
    """A published call by its center's and its own slug, for anyone."""
    qs = Call.objects.filter(phase__in=PUBLIC_PHASES).select_related("program", "center")
    return get_visible(qs, center__slug=center_slug, slug=call_slug)


def form_of(call: Call) -> tuple[list[FormSection], list[FormField]]:
    """The call's sections and fields in order (two queries)."""
    return list(call.sections.all()), list(call.fields.select_related("section"))


def sectioned_fields(call: Call) -> list[tuple[FormSection | None, list[FormField]]]:
    """Fields grouped by section, in order; fields without a section come first."""
    sections, fields = form_of(call)
    groups: list[tuple[FormSection | None, list[FormField]]] = []
    loose = [f for f in fields if f.section_id is None]
    if loose:
        groups.append((None, loose))
    for section in sections:
        groups.append((section, [f for f in fields if f.section_id == section.pk]))
    return groups


# -- applications ------------------------------------------------------------------------------


def applications_for(scope: AccessScope, center: Center) -> QuerySet[Application]:
    """Staff: every application of the center. Others: theirs and their ventures'."""
    qs = Application.objects.filter(center=center).select_related(
        "call", "call__program", "venture", "applicant"
    )
    if can_manage_programs(scope, center):
        return qs
    if not scope.has_role(center) or not scope.is_authenticated:
        return qs.none()
    mine = Q(applicant_id=scope.user_id)
    if scope.person_id is not None:
        teams = TeamMember.objects.filter(person_id=scope.person_id).values("venture_id")
        mine |= Q(venture__in=teams)
    return qs.filter(mine)


def my_applications(scope: AccessScope) -> QuerySet[Application]:
    """Every application the user made or whose venture they are on, across centers."""
    if not scope.is_authenticated:
        return Application.objects.none()
    mine = Q(applicant_id=scope.user_id)
    if scope.person_id is not None:
        teams = TeamMember.objects.filter(person_id=scope.person_id).values("venture_id")
        mine |= Q(venture__in=teams)
    qs = Application.objects.filter(mine)
    if scope.token_center_id is not None:
        qs = qs.filter(center_id=scope.token_center_id)
    return qs.select_related("call", "call__center", "venture")


def get_application_for(scope: AccessScope, center: Center, pk: int) -> Application:
    return get_visible(applications_for(scope, center), pk=pk)


def submitted_applications(call: Call) -> QuerySet[Application]:
    """Applications that reached the center (for review and exports): not drafts or withdrawn."""
    return (
        Application.objects.filter(call=call, submitted_at__isnull=False)
        .exclude(status=Status.WITHDRAWN)
        .select_related("venture", "applicant", "call")
        .order_by("submitted_at", "id")
    )


def assigned_applications(scope: AccessScope, call: Call) -> QuerySet[Application]:
    """The submitted applications of the call that the user reviews (via the review app)."""
    return submitted_applications(call).filter(pk__in=assigned_application_ids(scope.user, call))


def attachments_for(scope: AccessScope, center: Center) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        application__in=applications_for(scope, center).values("pk")
    ).select_related("application")


def get_attachment_for(scope: AccessScope, center: Center, pk: int) -> Attachment:
    """Attachments the user may download; reviewers are asked through the review app."""
    from django.http import Http404

    from markaz.programs.permissions import can_download_attachment

    attachment = (
        Attachment.objects.filter(center=center, pk=pk).select_related("application").first()
    )
    if (
        attachment is None
        or not scope.has_role(center)
        or not can_download_attachment(scope, attachment)
    ):
        raise Http404("Not found.")
    return attachment


def venture_choices(scope: AccessScope, center: Center):
    """Ventures the user may apply for: staff any of the center's, others those they manage."""
    from markaz.ventures.models import Venture

    qs = Venture.objects.filter(center=center)
    if can_manage_programs(scope, center):
        return qs
    if scope.person_id is None:
        return qs.none()
    return qs.filter(team__person_id=scope.person_id, team__can_manage=True).distinct()


# -- cohorts -----------------------------------------------------------------------------------


def cohorts_for(scope: AccessScope, center: Center) -> QuerySet[Cohort]:
    if not scope.has_role(center):
        return Cohort.objects.none()
    return Cohort.objects.filter(center=center).select_related("program", "call")


def get_cohort_for(scope: AccessScope, center: Center, pk: int) -> Cohort:
    return get_visible(cohorts_for(scope, center), pk=pk)


def form_fields_for(scope: AccessScope, center: Center) -> QuerySet[FormField]:
    if not can_manage_programs(scope, center):
        return FormField.objects.none()
    return FormField.objects.filter(call__center=center).select_related("call", "section")


def get_form_field_for(scope: AccessScope, center: Center, pk: int) -> FormField:
    return get_visible(form_fields_for(scope, center), pk=pk)


def challenge_of(center: Center, pk: int):
    """A challenge of the center to link a call to (staff only reach this), or None."""
    from markaz.challenges.models import Challenge

    return Challenge.objects.filter(pk=pk, center=center).first()


def public_call_slug(pk: int) -> str:
    """The slug of a published call, for links to its public page (search results)."""
    return get_visible(Call.objects.filter(phase__in=PUBLIC_PHASES), pk=pk).slug


def cohort_ids_of_venture(venture) -> list[int]:
    """The cohorts a venture belongs to (resources' eligibility rules ask this)."""
    return list(CohortMember.objects.filter(venture=venture).values_list("cohort_id", flat=True))
