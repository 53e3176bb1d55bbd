"""Center pages of programs: programs, calls and their forms, applications, decisions, cohorts.

Thin: selectors read, services write, `formspec` checks answers (as in the API).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import apply_service_errors, center_view, forbid_unless, paginate
from markaz.programs import eligibility, exports, selectors, services
from markaz.programs import permissions as perms
from markaz.programs.forms import (
    AnswersForm,
    CallForm,
    DecisionForm,
    DocumentForm,
    FormFieldForm,
    PhaseForm,
    ProgramForm,
    SectionForm,
    StartApplicationForm,
)
from markaz.programs.models import FieldKind, Phase, Status
from markaz.programs.readertime import in_zone, reader_zone


def _flash_errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _can_manage(request) -> bool:
    return perms.can_manage_programs(request.scope, request.center)


# -- programs ----------------------------------------------------------------------------------


@center_view()
def program_list(request):
    return render(
        request,
        "programs/program_list.html",
        {
            "programs": selectors.programs_for(request.scope, request.center),
            "calls": selectors.calls_for(request.scope, request.center),
            "can_manage": _can_manage(request),
        },
    )


@center_view()
def program_create(request):
    forbid_unless(_can_manage(request))
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.create_program(
                scope=request.scope, center=request.center, data=form.service_data()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return redirect("programs-program-detail", center=request.center.slug, pk=program.pk)
    return render(request, "programs/form.html", {"form": form, "title": _("New program")})


@center_view()
def program_detail(request, pk: int):
    program = selectors.get_program_for(request.scope, request.center, pk)
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "calls": selectors.calls_for(request.scope, request.center).filter(program=program),
            "cohorts": selectors.cohorts_for(request.scope, request.center).filter(program=program),
            "can_manage": _can_manage(request),
        },
    )


@center_view()
def program_edit(request, pk: int):
    program = selectors.get_program_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_program(scope=request.scope, program=program, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return redirect("programs-program-detail", center=request.center.slug, pk=program.pk)
    return render(request, "programs/form.html", {"form": form, "title": program.title})


# -- calls -------------------------------------------------------------------------------------


@center_view()
def call_create(request, pk: int):
    """A new call of program `pk`."""
    program = selectors.get_program_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = CallForm(
        request.POST or None,
        programs=selectors.programs_for(request.scope, request.center),
        center=request.center,
        initial={"program": program.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(
                scope=request.scope,
                center=request.center,
                data=form.service_data(),
                eligible_sdgs=list(form.cleaned_data["eligible_sdgs"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Call saved as a draft. Now build its form."))
            return redirect("programs-call-detail", center=request.center.slug, pk=call.pk)
    return render(request, "programs/form.html", {"form": form, "title": _("New call")})


@center_view()
def call_edit(request, pk: int):
    call = selectors.get_call_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = CallForm(
        request.POST or None,
        instance=call,
        programs=selectors.programs_for(request.scope, request.center),
        center=request.center,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(
                scope=request.scope,
                call=call,
                data=form.service_data(),
                eligible_sdgs=list(form.cleaned_data["eligible_sdgs"]),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Call saved."))
            return redirect("programs-call-detail", center=request.center.slug, pk=call.pk)
    return render(request, "programs/form.html", {"form": form, "title": call.title})


@center_view()
def call_detail(request, pk: int):
    call = selectors.get_call_for(request.scope, request.center, pk)
    can_manage = _can_manage(request)
    context = {
        "call": call,
        "deadline": in_zone(call.deadline, reader_zone(request, request.center.timezone)[0]),
        "groups": selectors.sectioned_fields(call),
        "can_manage": can_manage,
        "can_apply": perms.can_apply_in(request.scope, request.center) and call.phase == "open",
        "goals": call.eligible_sdgs.all(),
        **eligibility.describe(call),
    }
    if can_manage:
        applications = selectors.applications_for(request.scope, request.center).filter(call=call)
        context.update(
            {
                "next_phases": [Phase(p) for p in services.allowed_phases(call)],
                "form_editable": call.phase == Phase.DRAFT,
                "section_form": SectionForm(),
                "field_form": FormFieldForm(call=call),
                "page": paginate(request, applications.exclude(status=Status.DRAFT)),
                "drafts": applications.filter(status=Status.DRAFT).count(),
            }
        )
    return render(request, "programs/call_detail.html", context)


@require_POST
@center_view()
def call_phase(request, pk: int):
    call = selectors.get_call_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = PhaseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a phase."))
        call = services.change_call_phase(
            scope=request.scope, call=call, phase=form.cleaned_data["phase"]
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(
            request, _("The call is now “%(phase)s”.") % {"phase": call.get_phase_display()}
        )
    return redirect("programs-call-detail", center=request.center.slug, pk=call.pk)


@require_POST
@center_view()
def call_section_add(request, pk: int):
    call = selectors.get_call_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = SectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the section a title."))
        services.add_section(scope=request.scope, call=call, data=form.cleaned_data)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Section added."))
    return redirect("programs-call-detail", center=request.center.slug, pk=call.pk)


@center_view()
def call_field_add(request, pk: int):
    call = selectors.get_call_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = FormFieldForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_form_field(scope=request.scope, call=call, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect("programs-call-detail", center=request.center.slug, pk=call.pk)
    return render(
        request, "programs/form.html", {"form": form, "title": _("New question"), "call": call}
    )


@center_view()
def field_edit(request, pk: int):
    field = selectors.get_form_field_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = FormFieldForm(request.POST or None, instance=field, call=field.call)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_form_field(scope=request.scope, field=field, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("programs-call-detail", center=request.center.slug, pk=field.call_id)
    return render(
        request, "programs/form.html", {"form": form, "title": field.label, "call": field.call}
    )


@require_POST
@center_view()
def field_delete(request, pk: int):
    field = selectors.get_form_field_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    call_id = field.call_id
    try:
        services.delete_form_field(scope=request.scope, field=field)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Question removed."))
    return redirect("programs-call-detail", center=request.center.slug, pk=call_id)


def _export(request, pk: int, kind: str):
    call = selectors.get_call_for(request.scope, request.center, pk)
    if _can_manage(request):
        applications = selectors.submitted_applications(call)
        blind = request.GET.get("blind") == "1"
    else:
        # Reviewers get the applications assigned to them, without identity on blind calls.
        applications = selectors.assigned_applications(request.scope, call)
        if not applications.exists():
            raise Http404
        blind = call.blind_review
    fields = list(call.fields.exclude(kind=FieldKind.FILE))
    lang = translation.get_language() or "en"
    name = f"applications-{call.slug}{'-blind' if blind else ''}"
    if kind == "csv":
        stream = exports.csv_stream(applications, fields, blind=blind)
        content_type = "text/csv; charset=utf-8"
    else:
        stream = exports.xlsx_stream(applications, fields, blind=blind)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = StreamingHttpResponse(exports.in_language(stream, lang), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@center_view()
def call_export_csv(request, pk: int):
    return _export(request, pk, "csv")


@center_view()
def call_export_xlsx(request, pk: int):
    return _export(request, pk, "xlsx")


# -- applying ----------------------------------------------------------------------------------


@center_view()
def call_apply(request, pk: int):
    """Start an application to call `pk`: for a venture the user runs, or a new one."""
    call = selectors.get_call_for(request.scope, request.center, pk)
    forbid_unless(perms.can_apply_in(request.scope, request.center))
    ventures = selectors.venture_choices(request.scope, request.center)
    form = StartApplicationForm(request.POST or None, ventures=ventures)
    reasons = []
    if request.method == "POST" and form.is_valid():
        venture = form.cleaned_data.get("venture")
        try:
            application = services.start_application(
                scope=request.scope,
                call=call,
                venture=venture,
                venture_data=None if venture else form.venture_data(),
                sdg_goals=list(form.cleaned_data.get("sdg_goals") or []),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            reasons = eligibility.reasons(call, application.venture)
            if reasons:
                messages.warning(
                    request, _("Your draft is saved, but the venture is not eligible yet.")
                )
            return redirect(
                "programs-application-detail", center=request.center.slug, pk=application.pk
            )
    return render(
        request,
        "programs/apply.html",
        {
            "call": call,
            "form": form,
            "deadline": in_zone(call.deadline, reader_zone(request, request.center.timezone)[0]),
            "eligibility": [(v, eligibility.reasons(call, v)) for v in ventures[:20]],
            "goals": call.eligible_sdgs.all(),
            **eligibility.describe(call),
        },
    )


@center_view()
def application_list(request):
    qs = selectors.applications_for(request.scope, request.center)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "programs/application_list.html",
        {
            "page": paginate(request, qs),
            "status": status,
            "statuses": Status.choices,
            "can_manage": _can_manage(request),
            "open_calls": selectors.open_calls(request.center)[:10],
        },
    )


def _answers_form(request, application, *, data=None, files=None, complete=False):
    definitions = list(application.call.fields.select_related("section"))
    present = {a.key for a in application.attachments.all()}
    initial = dict(application.answers)
    return AnswersForm(
        data,
        files,
        definitions=definitions,
        files_present=present,
        complete=complete,
        initial=initial,
    )


def _apply_answer_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = key.removeprefix("answers.")
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@center_view()
def application_detail(request, pk: int):
    application = selectors.get_application_for(request.scope, request.center, pk)
    scope = request.scope
    editable = perms.can_edit_application(scope, application)
    form = None
    if editable:
        complete = "submit" in request.POST
        if request.method == "POST":
            form = _answers_form(
                request, application, data=request.POST, files=request.FILES, complete=complete
            )
            if form.is_valid():
                try:
                    services.save_draft(
                        scope=scope, application=application, answers=form.answers()
                    )
                    for key, upload in form.uploads().items():
                        services.add_attachment(
                            scope=scope, application=application, key=key, upload=upload
                        )
                    if complete:
                        services.submit_application(scope=scope, application=application)
                except ValidationError as exc:
                    _apply_answer_errors(form, exc)
                else:
                    if complete:
                        messages.success(
                            request, _("Application submitted. We sent you a confirmation.")
                        )
                    else:
                        messages.success(request, _("Draft saved. You can come back to it."))
                    return redirect(
                        "programs-application-detail",
                        center=request.center.slug,
                        pk=application.pk,
                    )
        else:
            form = _answers_form(request, application)
    call = application.call
    attachments = list(application.attachments.all())
    return render(
        request,
        "programs/application_detail.html",
        {
            "application": application,
            "call": call,
            "form": form,
            "groups": selectors.sectioned_fields(call) if editable else [],
            "deadline": in_zone(call.deadline, reader_zone(request, request.center.timezone)[0]),
            "reasons": eligibility.reasons(call, application.venture, [a.key for a in attachments])
            if editable
            else [],
            "documents": [
                (d, next((a for a in attachments if a.key == d.get("key")), None))
                for d in call.required_documents or []
            ],
            "attachments": attachments,
            "document_form": DocumentForm() if editable else None,
            "can_withdraw": perms.can_withdraw_application(scope, application),
            "decision_form": DecisionForm() if perms.can_decide(scope, application) else None,
            "decision": getattr(application, "decision", None),
            "can_manage": _can_manage(request),
            "show_identity": not (call.blind_review and not _can_manage(request)),
        },
    )


@require_POST
@center_view()
def application_document(request, pk: int):
    application = selectors.get_application_for(request.scope, request.center, pk)
    form = DocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a file."))
        services.add_attachment(
            scope=request.scope,
            application=application,
            key=form.cleaned_data["key"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("File attached."))
    return redirect("programs-application-detail", center=request.center.slug, pk=application.pk)


@require_POST
@center_view()
def application_withdraw(request, pk: int):
    application = selectors.get_application_for(request.scope, request.center, pk)
    try:
        services.withdraw_application(scope=request.scope, application=application)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("programs-application-detail", center=request.center.slug, pk=application.pk)


@require_POST
@center_view()
def application_decide(request, pk: int):
    application = selectors.get_application_for(request.scope, request.center, pk)
    forbid_unless(_can_manage(request))
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a decision."))
        services.decide_application(
            scope=request.scope,
            application=application,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Decision recorded; the applicant has been told."))
    return redirect("programs-application-detail", center=request.center.slug, pk=application.pk)


@center_view()
def attachment_download(request, pk: int):
    attachment = selectors.get_attachment_for(request.scope, request.center, pk)
    return FileResponse(
        perms.open_stored(attachment),
        as_attachment=True,
        filename=perms.served_name(request.user, attachment),
        content_type=attachment.content_type or "application/octet-stream",
    )


@require_POST
@center_view()
def attachment_delete(request, pk: int):
    attachment = selectors.get_attachment_for(request.scope, request.center, pk)
    application_id = attachment.application_id
    try:
        services.remove_attachment(scope=request.scope, attachment=attachment)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("File removed."))
    return redirect("programs-application-detail", center=request.center.slug, pk=application_id)


@center_view()
def cohort_detail(request, pk: int):
    from markaz.ventures.selectors import ventures_for

    cohort = selectors.get_cohort_for(request.scope, request.center, pk)
    visible = set(ventures_for(request.scope, request.center).values_list("pk", flat=True))
    members = [m for m in cohort.members.select_related("venture") if m.venture_id in visible]
    return render(request, "programs/cohort_detail.html", {"cohort": cohort, "members": members})
