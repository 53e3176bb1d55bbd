"""Helpers shared by the services of every app."""

from __future__ import annotations

from django.db import models


def apply_fields(obj: models.Model, data: dict, allowed: list[str]) -> list[str]:
    """Copy the allowed keys present in data onto obj; returns the names that were set."""
    touched = []
    for name in allowed:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(obj, name, "" if value is None and _is_text(obj, name) else value)
            touched.append(name)
    return touched


def _is_text(obj: models.Model, name: str) -> bool:
    field = obj._meta.get_field(name)
    return isinstance(field, models.CharField | models.TextField) and not field.null


def save_audited(
    obj: models.Model,
    *,
    data: dict,
    fields: list[str],
    action: str,
    scope,
    center,
    m2m: dict[str, list] | None = None,
) -> models.Model:
    """Apply data to obj (new or existing), validate, save, set m2m and record the audit entry.

    Call inside the service's transaction; the caller has already checked permissions.
    """
    from markaz.core import audit

    creating = obj.pk is None
    before = {} if creating else audit.snapshot(obj)
    before_m2m = {} if creating else {name: _m2m_ids(obj, name) for name in (m2m or {})}
    apply_fields(obj, data, fields)
    obj.full_clean()
    obj.save()
    changes = audit.diff(before, audit.snapshot(obj))
    for name, values in (m2m or {}).items():
        if values is None:
            continue
        getattr(obj, name).set(values)
        after = _m2m_ids(obj, name)
        if after != before_m2m.get(name, []):
            changes[name] = [before_m2m.get(name, []), after]
    audit.record(action=action, actor=scope.user, center=center, obj=obj, changes=changes)
    return obj


def _m2m_ids(obj: models.Model, name: str) -> list:
    return sorted(getattr(obj, name).values_list("pk", flat=True))
