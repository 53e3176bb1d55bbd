"""Writes for applications (drafts, files, submission, withdrawal), decisions and cohorts.

An application's `answers` is the editable draft; `submit_application` copies the answers into
`frozen_answers` (a list of `{"key", "kind", "label_en", "label_ar", "value"}` that never
changes afterwards) so reviewers see exactly what was sent. Accepted ventures join the cohort of
the call; the applicant is told of submission and decisions by email, on commit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.notify import send_email
from markaz.core.uploads import validate_upload
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
    Outcome,
    Phase,
    Status,
)
from markaz.programs.services._base import ALLOWED_UPLOADS, _actor, _require_staff


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
