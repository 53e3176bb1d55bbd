"""Writes for knowledge entries. Every save appends a version and updates the search index."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center, Region
from markaz.core.uploads import DOCUMENTS, IMAGES, validate_upload
from markaz.core.writes import save_audited
from markaz.knowledge import index
from markaz.knowledge import permissions as perms
from markaz.knowledge.indexers import entry_key, index_entry
from markaz.knowledge.models import (
    Attachment,
    Entry,
    EntryVersion,
    Feedback,
    Status,
)
from markaz.stakeholders.models import Sector

ENTRY_FIELDS = [
    "type", "title_en", "title_ar", "summary_en", "summary_ar", "body_en", "body_ar",
    "tags", "regions", "sectors", "visibility",
]  # fmt: skip
SNAPSHOT_FIELDS = [*ENTRY_FIELDS, "status", "external_id"]


def _check_lists(data: dict) -> None:
    errors = {}
    if "regions" in data and set(data["regions"] or ()) - set(Region.values):
        errors["regions"] = _("Choose regions from the list.")
    if "sectors" in data and set(data["sectors"] or ()) - set(Sector.values):
        errors["sectors"] = _("Choose sectors from the list.")
    if "tags" in data:
        tags = data["tags"] or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            errors["tags"] = _("Tags must be a list of words.")
        else:
            data["tags"] = [t.strip() for t in tags if t.strip()]
    if errors:
        raise ValidationError(errors)


def _check_links(center_id: int, links: dict) -> None:
    for name in ("ventures", "organizations", "authors"):
        if any(obj.center_id != center_id for obj in links.get(name) or ()):
            raise ValidationError({name: _("Choose only records of this center.")})


def _record_version(entry: Entry, scope: AccessScope) -> EntryVersion:
    content = {name: getattr(entry, name) for name in SNAPSHOT_FIELDS}
    content["sdgs"] = sorted(entry.sdgs.values_list("pk", flat=True))
    last = entry.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return EntryVersion.objects.create(
        entry=entry,
        number=last + 1,
        content=content,
        saved_by=scope.user if scope.is_authenticated else None,
    )


def _saved(entry: Entry, scope: AccessScope) -> Entry:
    _record_version(entry, scope)
    index.write([index_entry(entry)])
    return entry


@transaction.atomic
def create_entry(
    *,
    scope: AccessScope,
    center: Center,
    data: dict,
    sdgs=None,
    ventures=None,
    organizations=None,
    authors=None,
    external_id: str = "",
) -> Entry:
    if not perms.can_contribute(scope, center):
        raise PermissionDenied
    data = dict(data)
    _check_lists(data)
    links = {"ventures": ventures, "organizations": organizations, "authors": authors}
    _check_links(center.pk, links)
    entry = save_audited(
        Entry(
            center=center,
            external_id=external_id,
            status=Status.DRAFT,
            created_by=scope.user if scope.is_authenticated else None,
        ),
        data=data,
        fields=ENTRY_FIELDS,
        action="knowledge.entry.created",
        scope=scope,
        center=center,
        m2m={"sdgs": sdgs, **links},
    )
    return _saved(entry, scope)


@transaction.atomic
def update_entry(
    *,
    scope: AccessScope,
    entry: Entry,
    data: dict,
    sdgs=None,
    ventures=None,
    organizations=None,
    authors=None,
) -> Entry:
    if not perms.can_edit_entry(scope, entry):
        raise PermissionDenied
    data = dict(data)
    _check_lists(data)
    links = {"ventures": ventures, "organizations": organizations, "authors": authors}
    _check_links(entry.center_id, links)
    entry = save_audited(
        Entry.objects.select_for_update().get(pk=entry.pk),
        data=data,
        fields=ENTRY_FIELDS,
        action="knowledge.entry.updated",
        scope=scope,
        center=entry.center,
        m2m={"sdgs": sdgs, **links},
    )
    return _saved(entry, scope)


@transaction.atomic
def set_entry_status(*, scope: AccessScope, entry: Entry, status: str) -> Entry:
    """Publish (or take back to draft) an entry; staff only."""
    if not perms.can_publish(scope, entry):
        raise PermissionDenied
    if status not in Status.values:
        raise ValidationError({"status": _("Choose draft or published.")})
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    before = entry.status
    entry.status = status
    if status == Status.PUBLISHED and entry.published_at is None:
        entry.published_at = timezone.now()
    entry.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        action=f"knowledge.entry.{'published' if status == Status.PUBLISHED else 'unpublished'}",
        actor=scope.user,
        center=entry.center,
        obj=entry,
        changes={"status": [before, status]},
    )
    return _saved(entry, scope)


@transaction.atomic
def delete_entry(*, scope: AccessScope, entry: Entry) -> None:
    if not perms.can_edit_entry(scope, entry):
        raise PermissionDenied
    audit.record(
        action="knowledge.entry.deleted",
        actor=scope.user,
        center=entry.center,
        obj=entry,
        changes={"title": [entry.title, None]},
    )
    index.remove([entry_key(entry)])
    entry.delete()


@transaction.atomic
def add_attachment(*, scope: AccessScope, entry: Entry, upload, name: str = "") -> Attachment:
    if not perms.can_edit_entry(scope, entry):
        raise PermissionDenied
    try:
        validate_upload(upload, DOCUMENTS + IMAGES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    attachment = Attachment(
        entry=entry,
        file=upload,
        name=(name or upload.name or "")[:200],
        uploaded_by=scope.user if scope.is_authenticated else None,
    )
    attachment.full_clean()
    attachment.save()
    audit.record(
        action="knowledge.attachment.added",
        actor=scope.user,
        center=entry.center,
        obj=attachment,
        changes={"name": [None, attachment.name]},
    )
    return attachment


@transaction.atomic
def record_feedback(*, scope: AccessScope, entry: Entry, useful: bool) -> Feedback:
    if not perms.can_give_feedback(scope, entry):
        raise PermissionDenied
    feedback, _created = Feedback.objects.update_or_create(
        entry=entry, user=scope.user, defaults={"useful": bool(useful)}
    )
    return feedback
