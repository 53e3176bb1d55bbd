"""Writes for programs, calls, forms, applications, decisions and cohorts.

One transaction, one permission check and one audit entry each; email only on commit.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.notify import send_email
from markaz.core.uploads import DOCUMENTS, IMAGES, validate_upload
from markaz.core.writes import apply_fields
from markaz.programs import eligibility, formspec
from markaz.programs import permissions as perms
from markaz.programs.models import (
    OUTCOME_STATUS,
    Application,
    Attachment,
    Call,
    Cohort,
    CohortMember,
    Decision,
    FieldKind,
    FormField,
    FormSection,
    Outcome,
    Phase,
    Program,
    Status,
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


# -- programs ----------------------------------------------------------------------------------


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


# -- applications ------------------------------------------------------------------------------


def check_deadline(call: Call, now=None) -> None:
    """Refuse unless the call takes applications at `now` (the server's clock, in UTC)."""
    now = now or timezone.now()
    if call.phase != Phase.OPEN:
        raise ValidationError(_("This call is not taking applications."))
    if call.opens_at and now < call.opens_at:
        raise ValidationError(_("This call is not open yet."))
    if now > call.deadline:
        raise ValidationError(_("The deadline has passed; applications are closed."))


def _require_team(scope: AccessScope, application: Application) -> None:
    if not perms.is_on_application_team(scope, application):
        raise PermissionDenied


@transaction.atomic
def start_application(
    *,
    scope: AccessScope,
    call: Call,
    venture=None,
    venture_data: dict | None = None,
    sdg_goals=None,
) -> Application:
    """A draft for an existing venture the user manages, or for a venture created now."""
    if not perms.can_apply_in(scope, call.center_id):
        raise PermissionDenied
    check_deadline(call)
    if venture is None:
        if not venture_data:
            raise ValidationError({"venture": _("Choose a venture or describe a new one.")})
        from markaz.ventures.services import create_venture

        venture = create_venture(
            scope=scope, center=call.center, data=venture_data, sdg_goals=sdg_goals
        )
    else:
        from markaz.ventures.permissions import can_edit_venture

        if venture.center_id != call.center_id or not can_edit_venture(scope, venture):
            raise ValidationError({"venture": _("Choose a venture you manage in this center.")})
    existing = Application.objects.filter(call=call, venture=venture).exclude(
        status=Status.WITHDRAWN
    )
    if existing.exists():
        raise ValidationError({"venture": _("This venture has already applied to this call.")})
    language = getattr(scope.user, "preferred_language", "") or "en"
    try:
        with transaction.atomic():
            application = Application.objects.create(
                center=call.center,
                call=call,
                venture=venture,
                applicant=scope.user,
                language=language[:2],
            )
    except IntegrityError:
        raise ValidationError(
            {"venture": _("This venture has already applied to this call.")}
        ) from None
    audit.record(
        action="programs.application.started",
        actor=scope.user,
        center=call.center,
        obj=application,
        changes={"call": [None, call.pk], "venture": [None, venture.pk]},
    )
    return application


def _locked_draft(scope: AccessScope, application: Application) -> Application:
    _require_team(scope, application)
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.status != Status.DRAFT:
        raise ValidationError(_("This application has been submitted and can no longer change."))
    return application


def _raise_answer_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError({f"answers.{k}": v for k, v in errors.items()})


@transaction.atomic
def save_draft(*, scope: AccessScope, application: Application, answers: dict) -> Application:
    """Keep the answers given so far (each checked by its type; required ones may wait)."""
    application = _locked_draft(scope, application)
    check_deadline(application.call)
    fields = list(application.call.fields.all())
    cleaned, errors = formspec.validate_answers(fields, answers, complete=False)
    _raise_answer_errors(errors)
    before = dict(application.answers)
    application.answers = cleaned
    application.save(update_fields=["answers", "updated_at"])
    changed = sorted(k for k in before.keys() | cleaned.keys() if before.get(k) != cleaned.get(k))
    audit.record(
        action="programs.application.saved",
        actor=scope.user,
        center=application.center,
        obj=application,
        changes={"answers": [None, changed]} if changed else {},
    )
    return application


def _attachment_keys(application: Application) -> set[str]:
    return set(application.attachments.values_list("key", flat=True))


def _upload_keys(call: Call) -> set[str]:
    keys = set(call.fields.filter(kind=FieldKind.FILE).values_list("key", flat=True))
    return keys | {d.get("key") for d in call.required_documents or []}


@transaction.atomic
def add_attachment(*, scope: AccessScope, application: Application, key: str, upload) -> Attachment:
    """Store one file for a file question or a required document (one file per key)."""
    application = _locked_draft(scope, application)
    check_deadline(application.call)
    if key not in _upload_keys(application.call):
        raise ValidationError({"key": _("This call asks for no file under that name.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    try:
        validate_upload(upload, ALLOWED_UPLOADS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    for old in application.attachments.filter(key=key):
        _delete_attachment(scope, old)
    attachment = Attachment(
        center_id=application.center_id,
        application=application,
        key=key,
        original_name=(upload.name or "file")[-255:],
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=upload.size,
        uploaded_by=_actor(scope),
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.save()
    audit.record(
        action="programs.attachment.added",
        actor=scope.user,
        center=application.center,
        obj=attachment,
        changes={"key": [None, key], "size": [None, attachment.size]},
    )
    return attachment


def _delete_attachment(scope: AccessScope, attachment: Attachment) -> None:
    audit.record(
        action="programs.attachment.removed",
        actor=scope.user,
        center=attachment.application.center,
        obj=attachment,
        changes={"key": [attachment.key, None]},
    )
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def remove_attachment(*, scope: AccessScope, attachment: Attachment) -> None:
    _locked_draft(scope, attachment.application)
    _delete_attachment(scope, attachment)


def freeze(application: Application, fields: list[FormField], attachments) -> list[dict]:
    """The read-only copy kept at submission: each question as it was worded, and its answer."""
    files = {a.key: a for a in attachments}
    frozen = []
    for f in fields:
        entry = {
            "key": f.key,
            "kind": f.kind,
            "label_en": f.label_en,
            "label_ar": f.label_ar,
            "section_en": f.section.title_en if f.section_id else "",
            "section_ar": f.section.title_ar if f.section_id else "",
            "choices": f.choices,
            "value": application.answers.get(f.key),
        }
        if f.kind == FieldKind.FILE:
            a = files.get(f.key)
            entry["value"] = a.original_name if a else None
            entry["attachment"] = a.pk if a else None
        frozen.append(entry)
    return frozen


@transaction.atomic
def submit_application(*, scope: AccessScope, application: Application) -> Application:
    """Check everything, then freeze the answers. Refused a second after the deadline."""
    application = _locked_draft(scope, application)
    call = application.call
    check_deadline(call)
    fields = list(call.fields.select_related("section"))
    keys = _attachment_keys(application)
    cleaned, errors = formspec.validate_answers(
        fields, application.answers, files=keys, complete=True
    )
    _raise_answer_errors(errors)
    reasons = eligibility.reasons(call, application.venture, keys)
    if reasons:
        raise ValidationError({"eligibility": [r.message for r in reasons]})
    application.answers = cleaned
    application.frozen_answers = freeze(application, fields, application.attachments.all())
    application.status = Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    audit.record(
        action="programs.application.submitted",
        actor=scope.user,
        center=application.center,
        obj=application,
        changes={"status": [Status.DRAFT, Status.SUBMITTED]},
    )
    send_email(
        to=_recipients(application),
        template="programs/email/submitted",
        context={"application": application, "call": call, "venture": application.venture},
    )
    return application


@transaction.atomic
def withdraw_application(*, scope: AccessScope, application: Application) -> Application:
    _require_team(scope, application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not perms.can_withdraw_application(scope, application):
        raise ValidationError(_("Only a draft or a submitted application can be withdrawn."))
    if application.status == Status.SUBMITTED and application.call.phase not in (
        Phase.OPEN,
        Phase.CLOSED,
        Phase.IN_REVIEW,
    ):
        raise ValidationError(
            _("Decisions have been made; the application can no longer be withdrawn.")
        )
    old = application.status
    application.status = Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit.record(
        action="programs.application.withdrawn",
        actor=scope.user,
        center=application.center,
        obj=application,
        changes={"status": [old, Status.WITHDRAWN]},
    )
    return application


def _recipients(application: Application) -> list:
    """The applicant, once (team members with logins get the in-app status)."""
    return [application.applicant]


# -- decisions and cohorts ---------------------------------------------------------------------

DEFAULT_MESSAGES = {
    Outcome.ACCEPT: "programs/email/default_accept",
    Outcome.REJECT: "programs/email/default_reject",
    Outcome.WAITLIST: "programs/email/default_waitlist",
}


def decision_messages(call: Call, outcome: str, application: Application) -> dict[str, str]:
    """The call's message for this outcome in both languages, placeholders filled.

    Placeholders: {venture}, {call}. An empty template falls back to a standard text.
    """
    from django.template.loader import render_to_string
    from django.utils import translation

    out = {}
    for lang in ("en", "ar"):
        template = getattr(call, f"{outcome}_message_{lang}", "") or ""
        with translation.override(lang):
            venture = application.venture.name
            title = call.title
            if template.strip():
                text = template.replace("{venture}", venture).replace("{call}", title)
            else:
                text = render_to_string(
                    f"{DEFAULT_MESSAGES[outcome]}.txt", {"venture": venture, "call": title}
                ).strip()
        out[lang] = text
    return out


def _cohort_for(call: Call) -> Cohort:
    cohort = Cohort.objects.filter(call=call).first()
    if cohort is None:
        cohort = Cohort.objects.create(
            center=call.center,
            program=call.program,
            call=call,
            name_en=call.title_en or call.title_ar,
            name_ar=call.title_ar or call.title_en,
            starts_on=timezone.localdate(),
        )
    return cohort


@transaction.atomic
def decide_application(
    *, scope: AccessScope, application: Application, outcome: str, note: str = ""
) -> Decision:
    """Accept, reject or waitlist a submitted application; the applicant is told by email.

    Accepted ventures join the cohort of the call's program. A decision may be changed while
    the call is in review or decided.
    """
    _require_staff(scope, application.center_id)
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose accept, reject or waitlist.")})
    if not perms.can_decide(scope, application):
        raise ValidationError(
            _("Decisions are made on submitted applications while the call is in review.")
        )
    messages = decision_messages(application.call, outcome, application)
    decision = Decision.objects.filter(application=application).first()
    old = decision.outcome if decision else None
    if decision is None:
        decision = Decision(center_id=application.center_id, application=application)
    decision.outcome = outcome
    decision.message_en, decision.message_ar = messages["en"], messages["ar"]
    decision.note = note or ""
    decision.decided_by = _actor(scope)
    decision.decided_at = timezone.now()
    decision.save()
    application.status = OUTCOME_STATUS[Outcome(outcome)]
    application.decided_at = decision.decided_at
    application.save(update_fields=["status", "decided_at", "updated_at"])
    if outcome == Outcome.ACCEPT:
        cohort = _cohort_for(application.call)
        CohortMember.objects.get_or_create(
            cohort=cohort, venture=application.venture, defaults={"application": application}
        )
    else:
        CohortMember.objects.filter(application=application).delete()
    audit.record(
        action="programs.application.decided",
        actor=scope.user,
        center=application.center,
        obj=application,
        changes={"outcome": [old, outcome]},
    )
    if old != outcome:
        send_email(
            to=_recipients(application),
            template="programs/email/decision",
            context={
                "application": application,
                "call": application.call,
                "venture": application.venture,
                "decision": decision,
            },
        )
    return decision
