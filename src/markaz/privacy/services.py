"""Writes of the privacy app: erasure requests and erasure, consent withdrawal, retention.

Erasure is asked for by the person and confirmed by an admin of one of their centers (or an
operator): erasure cannot be undone, and a second pair of eyes catches a hijacked account or
a person with open obligations (an award whose ledger must stay attributable). Audit entries
written here hold ids and counts only, never the values that were erased.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.privacy import permissions as perms
from markaz.privacy import retention
from markaz.privacy.models import Consent, ErasureRequest, ErasureStatus, Withdrawal
from markaz.privacy.parts import Subject
from markaz.privacy.registry import PARTS
from markaz.programs.models import Attachment

# -- erasure ---------------------------------------------------------------------------------


@transaction.atomic
def request_erasure(*, scope: AccessScope) -> ErasureRequest:
    if not perms.acts_for_self(scope):
        raise PermissionDenied
    user = get_user_model().objects.select_for_update().get(pk=scope.user_id)
    if ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).exists():
        raise ValidationError(_("You have already asked for erasure; it is waiting."))
    request = ErasureRequest.objects.create(user=user)
    request.centers.set(perms.centers_of(user))
    audit.record(action="privacy.erasure.requested", actor=user, obj=request)
    return request


@transaction.atomic
def cancel_erasure(*, scope: AccessScope, request: ErasureRequest) -> ErasureRequest:
    if not perms.can_cancel_erasure(scope, request):
        raise PermissionDenied
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureStatus.PENDING:
        raise ValidationError(_("Only a waiting request can be cancelled."))
    request.status = ErasureStatus.CANCELLED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    audit.record(action="privacy.erasure.cancelled", actor=scope.user, obj=request)
    return request


def erase_subject(subject: Subject) -> dict[str, int]:
    """Run every part's eraser; returns rows changed per part. Call inside a transaction.

    Idempotent: a second run finds nothing left to change (the counts say so)."""
    changed = {}
    for part in PARTS:
        if part.erase is not None:
            changed[part.key] = part.erase(subject)
    return changed


@transaction.atomic
def confirm_erasure(*, scope: AccessScope | None, request: ErasureRequest, center=None):
    """Erase the person of a waiting request. `scope=None` is the operator's command line."""
    if scope is not None and not perms.can_decide_erasure(scope, request):
        raise PermissionDenied
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == ErasureStatus.COMPLETED:
        return request  # confirmed twice (two admins, a retried request): nothing more to do
    if request.status != ErasureStatus.PENDING:
        raise ValidationError(_("This request is no longer waiting."))
    from markaz.stakeholders.models import Person

    user = get_user_model().objects.select_for_update().get(pk=request.user_id)
    subject = Subject(user=user, person=Person.objects.filter(user=user).first())
    changed = erase_subject(subject)
    request.status = ErasureStatus.COMPLETED
    request.decided_at = timezone.now()
    request.decided_by = scope.user if scope is not None and scope.is_authenticated else None
    request.erased = changed
    request.save(update_fields=["status", "decided_at", "decided_by", "erased"])
    audit.record(
        action="privacy.erasure.completed",
        actor=request.decided_by,
        center=center,
        obj=request,
        changes={"user_id": user.pk, "rows_changed": changed},
    )
    return request


@transaction.atomic
def reject_erasure(*, scope: AccessScope, request: ErasureRequest, note: str, center=None):
    if not perms.can_decide_erasure(scope, request):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the request is refused.")})
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureStatus.PENDING:
        raise ValidationError(_("This request is no longer waiting."))
    request.status = ErasureStatus.REJECTED
    request.decided_at = timezone.now()
    request.decided_by = scope.user
    request.decision_note = note[:300]
    request.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    audit.record(action="privacy.erasure.refused", actor=scope.user, center=center, obj=request)
    return request


# -- consent ---------------------------------------------------------------------------------


@transaction.atomic
def withdraw_consent(*, scope: AccessScope, consent: Consent) -> Consent:
    """Withdraw a consent and switch the public profile it covers off."""
    if not perms.can_withdraw_consent(scope, consent):
        raise PermissionDenied
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = scope.user
    consent.withdrawal = Withdrawal.WITHDRAWN
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal"])
    changes: dict = {}
    if consent.venture_id is not None:
        from markaz.ventures.models import Venture

        venture = Venture.objects.select_for_update().get(pk=consent.venture_id)
        if venture.is_public:
            venture.is_public = False
            venture.save(update_fields=["is_public", "updated_at"])  # reindexed by its signal
            changes["is_public"] = [True, False]
    else:
        from markaz.networking.models import NetworkingProfile, Visibility

        profile = (
            NetworkingProfile.objects.select_for_update().filter(person=consent.person_id).first()
        )
        if profile is not None and profile.visibility != Visibility.HIDDEN:
            changes["visibility"] = [profile.visibility, Visibility.HIDDEN]
            profile.visibility = Visibility.HIDDEN
            profile.save(update_fields=["visibility", "updated_at"])
    audit.record(
        action="privacy.consent.withdrawn",
        actor=scope.user,
        center=consent.center,
        obj=consent,
        changes=changes,
    )
    return consent


# -- retention -------------------------------------------------------------------------------


def purge_expired_applications(*, dry_run: bool = False, now=None, days=None) -> dict:
    """Remove answers and files of not-selected applications past the retention period.

    One transaction; one audit entry per center (ids and counts only)."""
    days = retention.retention_days() if days is None else days
    with transaction.atomic():
        qs = retention.expired(now=now, days=days)
        if dry_run:
            rows = list(qs.values_list("pk", "center_id"))
            return {
                "days": days,
                "applications": len(rows),
                "attachments": Attachment.objects.filter(
                    application_id__in=[pk for pk, _c in rows]
                ).count(),
                "by_center": dict(Counter(c for _pk, c in rows)),
                "dry_run": True,
            }
        result = retention.purge(qs)
        for center_id, count in result["by_center"].items():
            audit.record(
                action="privacy.applications.purged",
                center=_center(center_id),
                object_type="programs.application",
                changes={"applications": count, "retention_days": days},
            )
    return {"days": days, **{k: v for k, v in result.items() if k != "ids"}, "dry_run": False}


def _center(center_id: int) -> Center:
    return Center.objects.get(pk=center_id)
