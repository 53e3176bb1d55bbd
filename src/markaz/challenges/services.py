"""Writes for challenges: one transaction, one permission check and one audit entry each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.challenges import permissions as perms
from markaz.challenges.models import (
    Attachment,
    Challenge,
    ChallengeOwner,
    ChallengeVenture,
    Comment,
    OwnerRole,
    Status,
)
from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.uploads import DOCUMENTS, validate_upload
from markaz.core.writes import save_audited

CHALLENGE_FIELDS = [
    "title_en", "title_ar", "problem_en", "problem_ar", "evidence_en", "evidence_ar",
    "affected_population_en", "affected_population_ar", "country", "place_en", "place_ar",
    "visibility",
]  # fmt: skip

# Which status may follow which. Closing is possible from any open state; closed is final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.FRAMING: (Status.OPEN, Status.CLOSED),
    Status.OPEN: (Status.FRAMING, Status.IMPLEMENTATION, Status.CLOSED),
    Status.IMPLEMENTATION: (Status.CLOSED,),
    Status.CLOSED: (),
}
MAX_COMMENT = 10_000


def allowed_transitions(challenge: Challenge) -> list[str]:
    return list(TRANSITIONS.get(challenge.status, ()))


def _require_staff(scope: AccessScope, center) -> None:
    if not perms.can_manage_challenges(scope, center):
        raise PermissionDenied


def _actor(scope: AccessScope):
    return scope.user if scope.is_authenticated else None


def _locked(challenge: Challenge) -> Challenge:
    """The challenge as stored, locked for this transaction (its status decides the rules)."""
    return Challenge.objects.select_for_update().select_related("center").get(pk=challenge.pk)


def _check_organization(challenge_center_id: int, organization) -> None:
    if organization is None or organization.center_id != challenge_center_id:
        raise ValidationError({"organization": _("Choose an organization of this center.")})


# -- challenges ------------------------------------------------------------------------------


@transaction.atomic
def create_challenge(
    *, scope: AccessScope, center: Center, data: dict, sdg_targets=None, owners=None
) -> Challenge:
    """Create a challenge in framing; `owners` is a list of (organization, role)."""
    _require_staff(scope, center)
    data = {k: v for k, v in data.items() if k != "status"}
    challenge = save_audited(
        Challenge(center=center, created_by=_actor(scope), status=Status.FRAMING),
        data=data,
        fields=CHALLENGE_FIELDS,
        action="challenges.challenge.created",
        scope=scope,
        center=center,
        m2m={"sdg_targets": sdg_targets},
    )
    for organization, role in owners or ():
        _add_owner(scope, challenge, organization, role)
    return challenge


@transaction.atomic
def update_challenge(
    *, scope: AccessScope, challenge: Challenge, data: dict, sdg_targets=None
) -> Challenge:
    """Change the statement. The status changes only through `transition_challenge`."""
    _require_staff(scope, challenge.center_id)
    if "status" in data and data["status"] != challenge.status:
        raise ValidationError({"status": _("Change the status with a status transition.")})
    challenge = _locked(challenge)
    return save_audited(
        challenge,
        data=data,
        fields=CHALLENGE_FIELDS,
        action="challenges.challenge.updated",
        scope=scope,
        center=challenge.center,
        m2m={"sdg_targets": sdg_targets},
    )


@transaction.atomic
def transition_challenge(
    *, scope: AccessScope, challenge: Challenge, status: str, note: str = ""
) -> Challenge:
    _require_staff(scope, challenge.center_id)
    given, challenge = challenge, _locked(challenge)
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status not in TRANSITIONS[challenge.status]:
        raise ValidationError(
            {
                "status": _("A challenge cannot go from “%(old)s” to “%(new)s”.")
                % {"old": challenge.get_status_display(), "new": Status(status).label}
            }
        )
    if status == Status.OPEN and not challenge.owners.exists():
        raise ValidationError(
            {"status": _("Add at least one owner organization before opening the challenge.")}
        )
    old = challenge.status
    challenge.status = status
    challenge.status_changed_at = timezone.now()
    challenge.save(update_fields=["status", "status_changed_at", "updated_at"])
    given.status, given.status_changed_at = challenge.status, challenge.status_changed_at
    changes = {"status": [old, status]}
    if note.strip():
        changes["note"] = [None, note.strip()[:1000]]
    audit.record(
        action="challenges.challenge.status_changed",
        actor=scope.user,
        center=challenge.center,
        obj=challenge,
        changes=changes,
    )
    return challenge


# -- owners ----------------------------------------------------------------------------------


def _add_owner(scope, challenge: Challenge, organization, role: str) -> ChallengeOwner:
    _check_organization(challenge.center_id, organization)
    if role not in OwnerRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if challenge.owners.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This organization already takes part.")})
    owner = ChallengeOwner.objects.create(challenge=challenge, organization=organization, role=role)
    audit.record(
        action="challenges.owner.added",
        actor=scope.user,
        center=challenge.center,
        obj=owner,
        changes={"challenge": [None, challenge.pk], "organization": [None, organization.pk],
                 "role": [None, role]},
    )  # fmt: skip
    return owner


@transaction.atomic
def add_owner(
    *, scope: AccessScope, challenge: Challenge, organization, role: str = OwnerRole.OWNER
) -> ChallengeOwner:
    _require_staff(scope, challenge.center_id)
    return _add_owner(scope, challenge, organization, role)


@transaction.atomic
def change_owner_role(*, scope: AccessScope, owner: ChallengeOwner, role: str) -> ChallengeOwner:
    challenge = owner.challenge
    _require_staff(scope, challenge.center_id)
    if role not in OwnerRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    old = owner.role
    if old != role:
        owner.role = role
        owner.save(update_fields=["role"])
        audit.record(
            action="challenges.owner.changed",
            actor=scope.user,
            center=challenge.center,
            obj=owner,
            changes={"role": [old, role]},
        )
    return owner


@transaction.atomic
def remove_owner(*, scope: AccessScope, owner: ChallengeOwner) -> None:
    _require_staff(scope, owner.challenge.center_id)
    challenge = _locked(owner.challenge)
    if challenge.status != Status.FRAMING and challenge.owners.count() == 1:
        raise ValidationError(
            {"organization": _("A challenge past framing keeps at least one owner.")}
        )
    audit.record(
        action="challenges.owner.removed",
        actor=scope.user,
        center=challenge.center,
        obj=owner,
        changes={"organization": [owner.organization_id, None], "role": [owner.role, None]},
    )
    owner.delete()


# -- comments --------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if len(body) > MAX_COMMENT:
        raise ValidationError(
            {"body": _("A comment may have at most %(n)s characters.") % {"n": MAX_COMMENT}}
        )
    return body


@transaction.atomic
def add_comment(
    *, scope: AccessScope, challenge: Challenge, body: str, parent: Comment | None = None
) -> Comment:
    """A workspace member comments; a reply answers a top-level comment of the same challenge."""
    challenge = _locked(challenge)
    if not perms.can_comment(scope, challenge):
        raise PermissionDenied
    body = _clean_body(body)
    if parent is not None:
        if parent.challenge_id != challenge.pk:
            raise ValidationError({"parent": _("Reply to a comment of this challenge.")})
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep
    comment = Comment.objects.create(
        challenge=challenge, parent=parent, author=scope.user, body=body
    )
    audit.record(
        action="challenges.comment.added",
        actor=scope.user,
        center=challenge.center,
        obj=comment,
        changes={"challenge": [None, challenge.pk], "parent": [None, comment.parent_id]},
    )
    return comment


@transaction.atomic
def edit_comment(*, scope: AccessScope, comment: Comment, body: str) -> Comment:
    if not perms.can_edit_comment(scope, comment):
        raise PermissionDenied(_("Only the author may edit a comment, within a day."))
    body = _clean_body(body)
    if body != comment.body:
        old = comment.body
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        audit.record(
            action="challenges.comment.edited",
            actor=scope.user,
            center=comment.challenge.center,
            obj=comment,
            changes={"body": [old, body]},
        )
    return comment


@transaction.atomic
def delete_comment(*, scope: AccessScope, comment: Comment) -> None:
    if not perms.can_delete_comment(scope, comment):
        raise PermissionDenied
    audit.record(
        action="challenges.comment.deleted",
        actor=scope.user,
        center=comment.challenge.center,
        obj=comment,
        changes={"body": [comment.body, None], "author": [comment.author_id, None]},
    )
    comment.delete()


# -- documents -------------------------------------------------------------------------------


@transaction.atomic
def add_attachment(
    *, scope: AccessScope, challenge: Challenge, upload, name: str = ""
) -> Attachment:
    """Store a document (PDF or office file, checked by content) through the storage API."""
    challenge = _locked(challenge)
    if not perms.can_upload(scope, challenge):
        raise PermissionDenied
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    try:
        validate_upload(upload, DOCUMENTS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    attachment = Attachment(
        challenge=challenge,
        file=upload,
        name=(name or upload.name or "document")[:200],
        size=upload.size or 0,
        uploaded_by=_actor(scope),
    )
    attachment.full_clean()
    attachment.save()
    audit.record(
        action="challenges.attachment.added",
        actor=scope.user,
        center=challenge.center,
        obj=attachment,
        changes={"name": [None, attachment.name], "file": [None, attachment.file.name]},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, scope: AccessScope, attachment: Attachment) -> None:
    if not perms.can_remove_attachment(scope, attachment):
        raise PermissionDenied
    challenge = attachment.challenge
    stored = attachment.file.name
    audit.record(
        action="challenges.attachment.removed",
        actor=scope.user,
        center=challenge.center,
        obj=attachment,
        changes={"name": [attachment.name, None], "file": [stored, None]},
    )
    attachment.delete()
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)


# -- ventures --------------------------------------------------------------------------------


@transaction.atomic
def link_venture(
    *, scope: AccessScope, challenge: Challenge, venture, note: str = ""
) -> ChallengeVenture:
    _require_staff(scope, challenge.center_id)
    if venture is None or venture.center_id != challenge.center_id:
        raise ValidationError({"venture": _("Choose a venture of this center.")})
    if challenge.venture_links.filter(venture=venture).exists():
        raise ValidationError({"venture": _("This venture is already linked.")})
    link = ChallengeVenture.objects.create(
        challenge=challenge, venture=venture, note=(note or "").strip()[:300],
        linked_by=_actor(scope),
    )  # fmt: skip
    audit.record(
        action="challenges.venture.linked",
        actor=scope.user,
        center=challenge.center,
        obj=link,
        changes={"challenge": [None, challenge.pk], "venture": [None, venture.pk]},
    )
    return link


@transaction.atomic
def unlink_venture(*, scope: AccessScope, link: ChallengeVenture) -> None:
    challenge = link.challenge
    _require_staff(scope, challenge.center_id)
    audit.record(
        action="challenges.venture.unlinked",
        actor=scope.user,
        center=challenge.center,
        obj=link,
        changes={"challenge": [challenge.pk, None], "venture": [link.venture_id, None]},
    )
    link.delete()
