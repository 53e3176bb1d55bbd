"""API of programs: programs, calls and their forms, applications, decisions, cohorts.

Same selectors, predicates, services and answer validator as the pages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core import reference
from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import PageParams, paginate, problems
from markaz.programs import eligibility, exports, selectors, services
from markaz.programs import permissions as perms
from markaz.programs.models import FieldKind
from markaz.programs.schemas import (
    AnswersIn,
    ApplicationAttachmentOut,
    ApplicationDecisionIn,
    ApplicationDetailOut,
    ApplicationFilters,
    ApplicationPage,
    ApplicationStartIn,
    CallDetailOut,
    CallEligibilityOut,
    CallFilters,
    CallIn,
    CallPage,
    CallPatch,
    CohortDetailOut,
    CohortPage,
    DecisionOut,
    FieldIn,
    FieldOut,
    FieldPatch,
    OpenCallFilters,
    PhaseIn,
    ProgramIn,
    ProgramOut,
    ProgramPage,
    ProgramPatch,
    PublicCallOut,
    SectionIn,
    SectionOut,
)

router = Router()
PUBLIC = None


def _scope_center(request, slug: str):
    scope = scope_of(request)
    return scope, get_center_for(scope, slug)


def _set(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}


# -- programs ----------------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/programs",
    response={200: ProgramPage, **problems(401, 404, 422)},
    operation_id="list_programs",
    summary="Programs of a center (any member)",
)
def list_programs(request, slug: str, filters: Query[PageParams]):
    scope, center = _scope_center(request, slug)
    return paginate(request, selectors.programs_for(scope, center), filters)


@router.post(
    "/centers/{slug}/programs",
    response={201: ProgramOut, **problems(401, 403, 404, 422)},
    operation_id="create_program",
    summary="Create a program: incubator, accelerator, fellowship or prize (staff)",
)
def create_program(request, slug: str, payload: ProgramIn):
    scope, center = _scope_center(request, slug)
    require(perms.can_manage_programs(scope, center))
    program = services.create_program(scope=scope, center=center, data=payload.model_dump())
    return Status(201, program)


@router.get(
    "/centers/{slug}/programs/{program_id}",
    response={200: ProgramOut, **problems(401, 404)},
    operation_id="get_program",
    summary="One program",
)
def get_program(request, slug: str, program_id: int):
    scope, center = _scope_center(request, slug)
    return selectors.get_program_for(scope, center, program_id)


@router.patch(
    "/centers/{slug}/programs/{program_id}",
    response={200: ProgramOut, **problems(401, 403, 404, 422)},
    operation_id="update_program",
    summary="Change a program (staff)",
)
def update_program(request, slug: str, program_id: int, payload: ProgramPatch):
    scope, center = _scope_center(request, slug)
    program = selectors.get_program_for(scope, center, program_id)
    require(perms.can_manage_programs(scope, center))
    return services.update_program(scope=scope, program=program, data=_set(payload.model_dump()))


# -- calls -------------------------------------------------------------------------------------


def _call_data(scope, center, data: dict) -> tuple[dict, list | None]:
    if "program" in data:
        program = selectors.programs_for(scope, center).filter(pk=data["program"]).first()
        if program is None:
            raise ValidationError({"program": _("Choose a program of this center.")})
        data["program"] = program
    if data.get("challenge") is not None:
        challenge = selectors.challenge_of(center, data["challenge"])
        if challenge is None:
            raise ValidationError({"challenge": _("Choose a challenge of this center.")})
        data["challenge"] = challenge
    goals = data.pop("eligible_sdgs", None)
    if goals is not None:
        goals = reference.goals_by_numbers(goals)
    return data, goals


@router.get(
    "/centers/{slug}/calls",
    response={200: CallPage, **problems(401, 404, 422)},
    operation_id="list_calls",
    summary="Calls of a center (staff see drafts too)",
)
def list_calls(request, slug: str, filters: Query[CallFilters]):
    scope, center = _scope_center(request, slug)
    qs = selectors.calls_for(scope, center).prefetch_related("eligible_sdgs")
    if filters.phase:
        qs = qs.filter(phase=filters.phase)
    if filters.program:
        qs = qs.filter(program_id=filters.program)
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/calls",
    response={201: CallDetailOut, **problems(401, 403, 404, 422)},
    operation_id="create_call",
    summary="Create a call of a program, as a draft (staff)",
)
def create_call(request, slug: str, payload: CallIn):
    scope, center = _scope_center(request, slug)
    require(perms.can_manage_programs(scope, center))
    data, goals = _call_data(scope, center, payload.model_dump())
    call = services.create_call(scope=scope, center=center, data=data, eligible_sdgs=goals)
    return Status(201, call)


@router.get(
    "/centers/{slug}/calls/{call_id}",
    response={200: CallDetailOut, **problems(401, 404)},
    operation_id="get_call",
    summary="One call with its form (sections and questions)",
)
def get_call(request, slug: str, call_id: int):
    scope, center = _scope_center(request, slug)
    return selectors.get_call_for(scope, center, call_id)


@router.patch(
    "/centers/{slug}/calls/{call_id}",
    response={200: CallDetailOut, **problems(401, 403, 404, 422)},
    operation_id="update_call",
    summary="Change a call's texts, dates, rules or messages (staff)",
)
def update_call(request, slug: str, call_id: int, payload: CallPatch):
    scope, center = _scope_center(request, slug)
    call = selectors.get_call_for(scope, center, call_id)
    require(perms.can_manage_programs(scope, center))
    data, goals = _call_data(scope, center, _set(payload.model_dump()))
    return services.update_call(scope=scope, call=call, data=data, eligible_sdgs=goals)


@router.post(
    "/centers/{slug}/calls/{call_id}/phase",
    response={200: CallDetailOut, **problems(401, 403, 404, 422)},
    operation_id="change_call_phase",
    summary="Move a call: draft → open → closed → in_review → decided → archived (staff)",
)
def change_call_phase(request, slug: str, call_id: int, payload: PhaseIn):
    scope, center = _scope_center(request, slug)
    call = selectors.get_call_for(scope, center, call_id)
    require(perms.can_manage_programs(scope, center))
    return services.change_call_phase(scope=scope, call=call, phase=payload.phase)


@router.post(
    "/centers/{slug}/calls/{call_id}/sections",
    response={201: SectionOut, **problems(401, 403, 404, 422)},
    operation_id="add_call_section",
    summary="Add a section to a draft call's form (staff)",
)
def add_call_section(request, slug: str, call_id: int, payload: SectionIn):
    scope, center = _scope_center(request, slug)
    call = selectors.get_call_for(scope, center, call_id)
    require(perms.can_manage_programs(scope, center))
    return Status(201, services.add_section(scope=scope, call=call, data=payload.model_dump()))


def _field_data(call, data: dict) -> dict:
    if data.get("section") is not None:
        section = call.sections.filter(pk=data["section"]).first()
        if section is None:
            raise ValidationError({"section": _("Choose a section of this call.")})
        data["section"] = section
    if data.get("choices") is not None:
        data["choices"] = [dict(c) for c in data["choices"]]
    return data


@router.post(
    "/centers/{slug}/calls/{call_id}/fields",
    response={201: FieldOut, **problems(401, 403, 404, 422)},
    operation_id="add_call_field",
    summary="Add a typed question to a draft call's form (staff)",
)
def add_call_field(request, slug: str, call_id: int, payload: FieldIn):
    scope, center = _scope_center(request, slug)
    call = selectors.get_call_for(scope, center, call_id)
    require(perms.can_manage_programs(scope, center))
    data = _field_data(call, _set(payload.model_dump()))
    return Status(201, services.add_form_field(scope=scope, call=call, data=data))


@router.patch(
    "/centers/{slug}/fields/{field_id}",
    response={200: FieldOut, **problems(401, 403, 404, 422)},
    operation_id="update_call_field",
    summary="Change a question of a draft call (staff)",
)
def update_call_field(request, slug: str, field_id: int, payload: FieldPatch):
    scope, center = _scope_center(request, slug)
    field = selectors.get_form_field_for(scope, center, field_id)
    data = _field_data(field.call, _set(payload.model_dump()))
    return services.update_form_field(scope=scope, field=field, data=data)


@router.delete(
    "/centers/{slug}/fields/{field_id}",
    response={204: None, **problems(401, 403, 404, 422)},
    operation_id="delete_call_field",
    summary="Remove a question from a draft call (staff)",
)
def delete_call_field(request, slug: str, field_id: int):
    scope, center = _scope_center(request, slug)
    field = selectors.get_form_field_for(scope, center, field_id)
    services.delete_form_field(scope=scope, field=field)
    return Status(204, None)


@router.get(
    "/centers/{slug}/calls/{call_id}/eligibility",
    response={200: CallEligibilityOut, **problems(401, 404, 422)},
    operation_id="check_call_eligibility",
    summary="Whether a venture may apply, and every reason why not (in the caller's language)",
)
def check_call_eligibility(request, slug: str, call_id: int, venture: int):
    scope, center = _scope_center(request, slug)
    call = selectors.get_call_for(scope, center, call_id)
    from markaz.ventures.selectors import get_venture_for

    v = get_venture_for(scope, center, venture)
    reasons = eligibility.reasons(call, v)
    return {"eligible": not reasons, "reasons": reasons}


def _export(request, slug: str, call_id: int, kind: str, blind: bool):
    scope, center = _scope_center(request, slug)
    call = selectors.get_call_for(scope, center, call_id)
    if perms.can_manage_programs(scope, center):
        applications = selectors.submitted_applications(call)
    else:
        applications = selectors.assigned_applications(scope, call)
        require(applications.exists())
        blind = call.blind_review
    fields = list(call.fields.exclude(kind=FieldKind.FILE))
    make = exports.csv_stream if kind == "csv" else exports.xlsx_stream
    lang = translation.get_language() or "en"
    response = StreamingHttpResponse(
        exports.in_language(make(applications, fields, blind=blind), lang),
        content_type="text/csv; charset=utf-8"
        if kind == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="applications-{call.slug}.{kind}"'
    return response


@router.get(
    "/centers/{slug}/calls/{call_id}/applications.csv",
    response={200: None, **problems(401, 403, 404)},
    operation_id="export_call_applications_csv",
    summary="Submitted applications and answers as CSV, streamed (staff; blind=true hides "
    "identity; assigned reviewers get their applications, blind on blind calls)",
)
def export_call_applications_csv(request, slug: str, call_id: int, blind: bool = False):
    return _export(request, slug, call_id, "csv", blind)


@router.get(
    "/centers/{slug}/calls/{call_id}/applications.xlsx",
    response={200: None, **problems(401, 403, 404)},
    operation_id="export_call_applications_xlsx",
    summary="Submitted applications and answers as XLSX, streamed (same rules as the CSV)",
)
def export_call_applications_xlsx(request, slug: str, call_id: int, blind: bool = False):
    return _export(request, slug, call_id, "xlsx", blind)


# -- applications ------------------------------------------------------------------------------


def _application_detail(scope, application):
    keys = {a.key for a in application.attachments.all()}
    application.eligibility_reasons = (
        eligibility.reasons(application.call, application.venture, keys)
        if perms.can_edit_application(scope, application)
        else []
    )
    return application


@router.get(
    "/centers/{slug}/applications",
    response={200: ApplicationPage, **problems(401, 404, 422)},
    operation_id="list_applications",
    summary="Applications: staff see all of the center; others their own and their ventures'",
)
def list_applications(request, slug: str, filters: Query[ApplicationFilters]):
    scope, center = _scope_center(request, slug)
    qs = selectors.applications_for(scope, center)
    if filters.call:
        qs = qs.filter(call_id=filters.call)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/calls/{call_id}/applications",
    response={201: ApplicationDetailOut, **problems(401, 403, 404, 409, 422)},
    operation_id="start_application",
    summary="Start a draft application for a venture you manage, or for a new venture",
)
def start_application(request, slug: str, call_id: int, payload: ApplicationStartIn):
    scope, center = _scope_center(request, slug)
    call = selectors.get_call_for(scope, center, call_id)
    require(perms.can_apply_in(scope, center))
    venture = None
    if payload.venture is not None:
        venture = selectors.venture_choices(scope, center).filter(pk=payload.venture).first()
        if venture is None:
            raise ValidationError({"venture": _("Choose a venture you manage in this center.")})
    new = dict(payload.new_venture or {})
    allowed = {"name_en", "name_ar", "stage", "legal_form", "country", "city"}
    application = services.start_application(
        scope=scope,
        call=call,
        venture=venture,
        venture_data={k: v for k, v in new.items() if k in allowed} or None,
    )
    return Status(201, _application_detail(scope, application))


@router.get(
    "/centers/{slug}/applications/{application_id}",
    response={200: ApplicationDetailOut, **problems(401, 404)},
    operation_id="get_application",
    summary="One application: answers, the frozen copy once submitted, files, decision",
)
def get_application(request, slug: str, application_id: int):
    scope, center = _scope_center(request, slug)
    return _application_detail(scope, selectors.get_application_for(scope, center, application_id))


@router.patch(
    "/centers/{slug}/applications/{application_id}",
    response={200: ApplicationDetailOut, **problems(401, 403, 404, 422)},
    operation_id="save_application_draft",
    summary="Save draft answers (checked by type; required ones may wait until submission)",
)
def save_application_draft(request, slug: str, application_id: int, payload: AnswersIn):
    scope, center = _scope_center(request, slug)
    application = selectors.get_application_for(scope, center, application_id)
    application = services.save_draft(scope=scope, application=application, answers=payload.answers)
    return _application_detail(scope, application)


@router.post(
    "/centers/{slug}/applications/{application_id}/submission",
    response={200: ApplicationDetailOut, **problems(401, 403, 404, 422)},
    operation_id="submit_application",
    summary="Submit before the deadline; the answers are frozen and a confirmation is emailed",
)
def submit_application(request, slug: str, application_id: int):
    scope, center = _scope_center(request, slug)
    application = selectors.get_application_for(scope, center, application_id)
    application = services.submit_application(scope=scope, application=application)
    return _application_detail(scope, application)


@router.post(
    "/centers/{slug}/applications/{application_id}/withdrawal",
    response={200: ApplicationDetailOut, **problems(401, 403, 404, 422)},
    operation_id="withdraw_application",
    summary="Withdraw a draft or submitted application (the applicant's team)",
)
def withdraw_application(request, slug: str, application_id: int):
    scope, center = _scope_center(request, slug)
    application = selectors.get_application_for(scope, center, application_id)
    application = services.withdraw_application(scope=scope, application=application)
    return _application_detail(scope, application)


@router.post(
    "/centers/{slug}/applications/{application_id}/attachments",
    response={201: ApplicationAttachmentOut, **problems(401, 403, 404, 422)},
    operation_id="upload_application_attachment",
    summary="Attach a file (multipart: key, file) to a draft; type checked by content",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "key": {"type": "string"},
                            "file": {"type": "string", "format": "binary"},
                        },
                        "required": ["key", "file"],
                    }
                }
            }
        }
    },
)
def upload_application_attachment(request, slug: str, application_id: int):
    scope, center = _scope_center(request, slug)
    application = selectors.get_application_for(scope, center, application_id)
    attachment = services.add_attachment(
        scope=scope,
        application=application,
        key=request.POST.get("key", ""),
        upload=request.FILES.get("file"),
    )
    return Status(201, attachment)


@router.delete(
    "/centers/{slug}/attachments/{attachment_id}",
    response={204: None, **problems(401, 403, 404, 422)},
    operation_id="delete_application_attachment",
    summary="Remove a file from a draft application (the applicant's team)",
)
def delete_application_attachment(request, slug: str, attachment_id: int):
    scope, center = _scope_center(request, slug)
    attachment = selectors.get_attachment_for(scope, center, attachment_id)
    services.remove_attachment(scope=scope, attachment=attachment)
    return Status(204, None)


@router.get(
    "/centers/{slug}/attachments/{attachment_id}",
    response={200: None, **problems(401, 404)},
    operation_id="download_application_attachment",
    summary="Download a file (the applicant's team, staff, assigned reviewers)",
)
def download_application_attachment(request, slug: str, attachment_id: int):
    scope, center = _scope_center(request, slug)
    attachment = selectors.get_attachment_for(scope, center, attachment_id)
    return FileResponse(
        perms.open_stored(attachment),
        as_attachment=True,
        filename=perms.served_name(request.user, attachment),
        content_type=attachment.content_type or "application/octet-stream",
    )


@router.post(
    "/centers/{slug}/applications/{application_id}/decision",
    response={200: DecisionOut, **problems(401, 403, 404, 422)},
    operation_id="decide_application",
    summary="Accept, reject or waitlist (staff, call in review); emails the applicant",
)
def decide_application(request, slug: str, application_id: int, payload: ApplicationDecisionIn):
    scope, center = _scope_center(request, slug)
    application = selectors.get_application_for(scope, center, application_id)
    require(perms.can_manage_programs(scope, center))
    return services.decide_application(
        scope=scope, application=application, outcome=payload.outcome, note=payload.note
    )


# -- cohorts -----------------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/cohorts",
    response={200: CohortPage, **problems(401, 404, 422)},
    operation_id="list_cohorts",
    summary="Cohorts of the center's programs",
)
def list_cohorts(request, slug: str, filters: Query[PageParams]):
    scope, center = _scope_center(request, slug)
    return paginate(request, selectors.cohorts_for(scope, center), filters)


@router.get(
    "/centers/{slug}/cohorts/{cohort_id}",
    response={200: CohortDetailOut, **problems(401, 404)},
    operation_id="get_cohort",
    summary="One cohort with the ventures the caller may see",
)
def get_cohort(request, slug: str, cohort_id: int):
    from markaz.ventures.selectors import ventures_for

    scope, center = _scope_center(request, slug)
    cohort = selectors.get_cohort_for(scope, center, cohort_id)
    visible = set(ventures_for(scope, center).values_list("pk", flat=True))
    cohort.members_visible = [
        m for m in cohort.members.select_related("venture") if m.venture_id in visible
    ]
    return {
        "id": cohort.pk,
        "program_id": cohort.program_id,
        "call_id": cohort.call_id,
        "name": cohort.name,
        "name_en": cohort.name_en,
        "name_ar": cohort.name_ar,
        "members": cohort.members_visible,
    }


# -- public ------------------------------------------------------------------------------------


@router.get(
    "/calls",
    response={200: CallPage, **problems(422)},
    auth=PUBLIC,
    operation_id="list_open_calls",
    summary="Calls taking applications now, of every center or one (public)",
)
def list_open_calls(request, filters: Query[OpenCallFilters]):
    center = selectors.public_center(filters.center) if filters.center else None
    return paginate(
        request, selectors.open_calls(center).prefetch_related("eligible_sdgs"), filters
    )


@router.get(
    "/calls/{center_slug}/{call_slug}",
    response={200: PublicCallOut, **problems(404)},
    auth=PUBLIC,
    operation_id="get_public_call",
    summary="A published call with its rules and questions (public)",
)
def get_public_call(request, center_slug: str, call_slug: str):
    return selectors.public_call(center_slug, call_slug)
