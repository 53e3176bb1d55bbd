"""Shared pieces of the programs services: audited saves of rows with JSON columns, the staff check.

Each service takes `scope=` (the caller's `AccessScope`), runs in one transaction, checks the
app's named predicate again (the views and API ask first) and writes one audit entry.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.uploads import DOCUMENTS, IMAGES
from markaz.core.writes import apply_fields
from markaz.programs import permissions as perms
from markaz.programs.models import (
    Phase,
)

PROGRAM_FIELDS = ["kind", "title_en", "title_ar", "description_en", "description_ar"]
CALL_FIELDS = [
    "program", "challenge", "slug", "title_en", "title_ar", "summary_en", "summary_ar",
    "opens_at", "deadline", "blind_review", "eligible_countries", "eligible_stages",
    "eligible_legal_forms", "required_documents", "accept_message_en", "accept_message_ar",
    "reject_message_en", "reject_message_ar", "waitlist_message_en", "waitlist_message_ar",
]  # fmt: skip
SECTION_FIELDS = ["title_en", "title_ar", "position"]
FORM_FIELD_FIELDS = [
    "section", "key", "kind", "label_en", "label_ar", "help_en", "help_ar", "required",
    "position", "max_words", "min_value", "max_value", "choices",
]  # fmt: skip
ALLOWED_UPLOADS = DOCUMENTS + IMAGES

# Phase machine: from -> allowed targets.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Phase.DRAFT: (Phase.OPEN,),
    Phase.OPEN: (Phase.CLOSED, Phase.DRAFT),
    Phase.CLOSED: (Phase.IN_REVIEW, Phase.OPEN),
    Phase.IN_REVIEW: (Phase.DECIDED,),
    Phase.DECIDED: (Phase.ARCHIVED,),
    Phase.ARCHIVED: (),
}


def _snapshot(obj) -> dict:
    """`audit.snapshot`, with JSON lists/dicts (documents, choices) as canonical text."""
    names = [
        f.attname
        for f in obj._meta.concrete_fields
        if f.attname not in {"id", "updated_at"} and f.get_internal_type() != "JSONField"
    ]
    data = audit.snapshot(obj, names)
    for f in obj._meta.concrete_fields:
        if f.get_internal_type() == "JSONField":
            data[f.attname] = json.dumps(
                getattr(obj, f.attname), ensure_ascii=False, sort_keys=True
            )
    return data


def _save_audited(obj, *, data, fields, action, scope, center, m2m=None):
    """Like `markaz.core.writes.save_audited`, for rows with JSON list-of-dict columns."""
    creating = obj.pk is None
    before = {} if creating else _snapshot(obj)
    before_m2m = {} if creating else {n: _ids(obj, n) for n in (m2m or {})}
    apply_fields(obj, data, fields)
    obj.full_clean()
    obj.save()
    changes = audit.diff(before, _snapshot(obj))
    for name, values in (m2m or {}).items():
        if values is None:
            continue
        getattr(obj, name).set(values)
        after = _ids(obj, name)
        if after != before_m2m.get(name, []):
            changes[name] = [before_m2m.get(name, []), after]
    audit.record(action=action, actor=scope.user, center=center, obj=obj, changes=changes)
    return obj


def _ids(obj, name: str) -> list:
    return sorted(getattr(obj, name).values_list("pk", flat=True))


def _require_staff(scope: AccessScope, center) -> None:
    if not perms.can_manage_programs(scope, center):
        raise PermissionDenied


def _actor(scope: AccessScope):
    return scope.user if scope.is_authenticated else None
