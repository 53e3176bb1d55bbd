"""Named predicates for programs, calls and applications.

Staff (admin, staff) run programs and see every application of their center. An application
is also visible to the person who started it and to its venture's team. Reviewers assigned by
the review app may download its attachments (`markaz.review.permissions.is_assigned_reviewer`).
"""

from __future__ import annotations

import importlib

from markaz.core.access import AccessScope, scope_for
from markaz.core.models import Center, Role
from markaz.programs.models import Application, Attachment, Call, Phase, Status
from markaz.ventures.models import TeamMember


def _scope(who) -> AccessScope:
    return who if isinstance(who, AccessScope) else scope_for(who)


def can_manage_programs(scope: AccessScope, center: Center | int) -> bool:
    return scope.is_staff_of(center)


def can_apply_in(scope: AccessScope, center: Center | int) -> bool:
    """Innovators (and staff, on behalf of a venture) may start applications."""
    return scope.has_role(center, Role.ADMIN, Role.STAFF, Role.INNOVATOR)


def is_public_call(call: Call) -> bool:
    return call.phase != Phase.DRAFT


def is_on_application_team(scope: AccessScope, application: Application) -> bool:
    if not scope.is_authenticated:
        return False
    if scope.token_center_id not in (None, application.center_id):
        return False
    if application.applicant_id == scope.user_id:
        return True
    return scope.person_id is not None and (
        TeamMember.objects.filter(
            venture_id=application.venture_id, person_id=scope.person_id
        ).exists()
    )


def can_view_application(scope: AccessScope, application: Application) -> bool:
    return can_manage_programs(scope, application.center_id) or is_on_application_team(
        scope, application
    )


def can_edit_application(scope: AccessScope, application: Application) -> bool:
    return application.status == Status.DRAFT and is_on_application_team(scope, application)


def can_withdraw_application(scope: AccessScope, application: Application) -> bool:
    return application.status in (Status.DRAFT, Status.SUBMITTED) and is_on_application_team(
        scope, application
    )


def can_decide(scope: AccessScope, application: Application) -> bool:
    return (
        can_manage_programs(scope, application.center_id)
        and application.submitted_at is not None
        and application.status != Status.WITHDRAWN
        and application.call.phase in (Phase.IN_REVIEW, Phase.DECIDED)
    )


def _review(name: str):
    """A predicate the review app offers programs, or None without the review app."""
    try:
        module = importlib.import_module("markaz.review.permissions")
    except ImportError:  # pragma: no cover - the review app is optional
        return None
    return getattr(module, name, None)


def is_assigned_reviewer(user, application: Application) -> bool:
    hook = _review("is_assigned_reviewer")
    return bool(hook and application.submitted_at and hook(user, application))


def assigned_application_ids(user, call: Call) -> set[int]:
    """Ids of the call's applications `user` reviews (one query, for lists and exports)."""
    hook = _review("assigned_application_ids")
    return set(hook(user, call)) if hook else set()


def can_download_attachment(user, attachment: Attachment) -> bool:
    """The applicant's team, the center's staff and the application's assigned reviewers.

    `user` may be a user or an AccessScope.
    """
    scope = _scope(user)
    application = attachment.application
    if can_view_application(scope, application):
        return True
    if scope.token_center_id not in (None, application.center_id):
        return False
    return is_assigned_reviewer(scope.user, application)


def served_name(user, attachment) -> str:
    """The download's file name: without the applicant's identity for a blind call's
    reviewers (file names often carry a venture's or a founder's name)."""
    from django.apps import apps

    if apps.is_installed("markaz.review"):
        from markaz.review.presentation import download_name

        return download_name(user, attachment)
    return attachment.original_name


def open_stored(attachment):
    """The stored file, opened; a row whose file is gone is missing (404), not a crash."""
    from django.http import Http404

    try:
        return attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("file not found") from exc
