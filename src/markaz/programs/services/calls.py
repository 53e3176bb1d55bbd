"""Writes for programs, calls (their phases) and the application form of each call.

Phases of a call: `draft → open → closed → in_review → decided → archived`; also `open → draft`
(unpublish, only while nothing was submitted) and `closed → open` (reopen before the deadline).
Change them only with `change_call_phase`. The form (sections and questions) can change only
while the call is a draft, since applicants rely on it once it is open.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.writes import apply_fields
from markaz.programs.models import (
    Call,
    FieldKind,
    FormField,
    FormSection,
    Phase,
    Program,
)
from markaz.programs.services._base import (
    CALL_FIELDS,
    FORM_FIELD_FIELDS,
    PROGRAM_FIELDS,
    SECTION_FIELDS,
    TRANSITIONS,
    _actor,
    _require_staff,
    _save_audited,
    _snapshot,
)


@transaction.atomic
def create_program(*, scope: AccessScope, center: Center, data: dict) -> Program:
    _require_staff(scope, center)
    return _save_audited(
        Program(center=center, created_by=_actor(scope)),
        data=data,
        fields=PROGRAM_FIELDS,
        action="programs.program.created",
        scope=scope,
        center=center,
    )


@transaction.atomic
def update_program(*, scope: AccessScope, program: Program, data: dict) -> Program:
    _require_staff(scope, program.center_id)
    return _save_audited(
        Program.objects.select_for_update().get(pk=program.pk),
        data=data,
        fields=PROGRAM_FIELDS,
        action="programs.program.updated",
        scope=scope,
        center=program.center,
    )


# -- calls -------------------------------------------------------------------------------------


def _check_call_refs(center: Center, data: dict) -> None:
    program = data.get("program")
    if "program" in data and (program is None or program.center_id != center.pk):
        raise ValidationError({"program": _("Choose a program of this center.")})
    challenge = data.get("challenge")
    if challenge is not None and challenge.center_id != center.pk:
        raise ValidationError({"challenge": _("Choose a challenge of this center.")})
    docs = data.get("required_documents")
    if docs is not None:
        keys = [d.get("key") for d in docs if isinstance(d, dict)]
        if len(keys) != len(docs) or not all(keys) or len(set(keys)) != len(keys):
            raise ValidationError(
                {"required_documents": _("Give each required document a distinct key.")}
            )


def _check_unique_slug(center: Center, slug: str, exclude_pk=None) -> None:
    qs = Call.objects.filter(center=center, slug=slug)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if slug and qs.exists():
        raise ValidationError({"slug": _("Another call of this center uses this address.")})


@transaction.atomic
def create_call(*, scope: AccessScope, center: Center, data: dict, eligible_sdgs=None) -> Call:
    _require_staff(scope, center)
    _check_call_refs(center, {"program": data.get("program"), **data})
    _check_unique_slug(center, data.get("slug", ""))
    return _save_audited(
        Call(center=center, created_by=_actor(scope)),
        data=data,
        fields=CALL_FIELDS,
        action="programs.call.created",
        scope=scope,
        center=center,
        m2m={"eligible_sdgs": eligible_sdgs},
    )


@transaction.atomic
def update_call(*, scope: AccessScope, call: Call, data: dict, eligible_sdgs=None) -> Call:
    _require_staff(scope, call.center_id)
    if call.phase == Phase.ARCHIVED:
        raise ValidationError(_("An archived call cannot be changed."))
    _check_call_refs(call.center, data)
    if "slug" in data:
        _check_unique_slug(call.center, data["slug"], call.pk)
    return _save_audited(
        Call.objects.select_for_update().get(pk=call.pk),
        data=data,
        fields=CALL_FIELDS,
        action="programs.call.updated",
        scope=scope,
        center=call.center,
        m2m={"eligible_sdgs": eligible_sdgs},
    )


def allowed_phases(call: Call) -> tuple[str, ...]:
    return TRANSITIONS.get(call.phase, ())


@transaction.atomic
def change_call_phase(*, scope: AccessScope, call: Call, phase: str) -> Call:
    """Move a call to its next phase; anything off the phase machine is refused."""
    _require_staff(scope, call.center_id)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Unknown phase.")})
    if phase not in allowed_phases(call):
        raise ValidationError(
            {
                "phase": _("A call cannot go from “%(old)s” to “%(new)s”.")
                % {"old": Phase(call.phase).label, "new": Phase(phase).label}
            }
        )
    now = timezone.now()
    if phase == Phase.OPEN:
        if call.deadline <= now:
            raise ValidationError(
                {"phase": _("The deadline has passed: move it to the future before opening.")}
            )
        if not call.fields.exists():
            raise ValidationError({"phase": _("Add at least one question to the form first.")})
    if phase == Phase.DRAFT and call.applications.filter(submitted_at__isnull=False).exists():
        raise ValidationError(
            {"phase": _("Applications have been submitted: the call cannot go back to draft.")}
        )
    old = call.phase
    call.phase = phase
    call.save(update_fields=["phase", "updated_at"])
    audit.record(
        action=f"programs.call.{phase}",
        actor=scope.user,
        center=call.center,
        obj=call,
        changes={"phase": [old, phase]},
    )
    return call


# -- form builder ------------------------------------------------------------------------------


def _require_form_editable(call: Call) -> None:
    if call.phase != Phase.DRAFT:
        raise ValidationError(
            _("The form can only change while the call is a draft; applicants rely on it.")
        )


def _check_field_definition(field: FormField) -> None:
    errors = {}
    if field.kind in (FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE):
        values = [
            str(c.get("value", "")).strip() for c in field.choices or [] if isinstance(c, dict)
        ]
        if len(values) < 2 or not all(values) or len(set(values)) != len(values):
            errors["choices"] = _("Give at least two options, each with a distinct value.")
    elif field.choices:
        field.choices = []
    if field.kind != FieldKind.LONG_TEXT:
        field.max_words = None
    if field.kind != FieldKind.NUMBER:
        field.min_value = field.max_value = None
    elif (
        field.min_value is not None
        and field.max_value is not None
        and field.min_value > field.max_value
    ):
        errors["max_value"] = _("The maximum cannot be below the minimum.")
    if field.section_id and field.section.call_id != field.call_id:
        errors["section"] = _("Choose a section of this call.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_section(*, scope: AccessScope, call: Call, data: dict) -> FormSection:
    _require_staff(scope, call.center_id)
    _require_form_editable(call)
    if not (data.get("title_en") or data.get("title_ar") or "").strip():
        raise ValidationError(_("Give a title in Arabic or English (or both)."))
    return _save_audited(
        FormSection(call=call),
        data=data,
        fields=SECTION_FIELDS,
        action="programs.section.created",
        scope=scope,
        center=call.center,
    )


def _save_field(scope, field: FormField, data: dict, action: str) -> FormField:
    if "key" in data:
        clash = FormField.objects.filter(call=field.call, key=data["key"]).exclude(pk=field.pk)
        docs = {d.get("key") for d in field.call.required_documents or []}
        if clash.exists() or data["key"] in docs:
            raise ValidationError({"key": _("Another question of this call uses this key.")})
    before = {} if field.pk is None else _snapshot(field)
    apply_fields(field, data, FORM_FIELD_FIELDS)
    _check_field_definition(field)
    field.full_clean()
    field.save()
    audit.record(
        action=action,
        actor=scope.user,
        center=field.call.center,
        obj=field,
        changes=audit.diff(before, _snapshot(field)),
    )
    return field


@transaction.atomic
def add_form_field(*, scope: AccessScope, call: Call, data: dict) -> FormField:
    _require_staff(scope, call.center_id)
    _require_form_editable(call)
    if "position" not in data:
        data = {**data, "position": call.fields.count() + 1}
    return _save_field(scope, FormField(call=call), data, "programs.field.created")


@transaction.atomic
def update_form_field(*, scope: AccessScope, field: FormField, data: dict) -> FormField:
    _require_staff(scope, field.call.center_id)
    _require_form_editable(field.call)
    return _save_field(
        scope,
        FormField.objects.select_for_update().get(pk=field.pk),
        data,
        "programs.field.updated",
    )


@transaction.atomic
def delete_form_field(*, scope: AccessScope, field: FormField) -> None:
    _require_staff(scope, field.call.center_id)
    _require_form_editable(field.call)
    audit.record(
        action="programs.field.deleted",
        actor=scope.user,
        center=field.call.center,
        obj=field,
        changes={"key": [field.key, None]},
    )
    field.delete()
