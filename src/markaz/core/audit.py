"""Audit entries: who did what to which object, with before/after of the changed fields."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django_countries.fields import Country

from markaz.core.context import current_request_id
from markaz.core.models import AuditEntry, Center


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Country):
        return value.code
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of obj (foreign keys as ids), for a before/after diff."""
    names = fields or [
        f.attname for f in obj._meta.concrete_fields if f.attname not in {"id", "updated_at"}
    ]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def record(
    *,
    action: str,
    actor=None,
    center: Center | None = None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str | None = None,
) -> AuditEntry:
    """Append one audit entry. Call inside the service's transaction."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        center=center,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        request_id=current_request_id(),
    )
