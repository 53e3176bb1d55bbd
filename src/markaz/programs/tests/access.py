"""Programs' part of the access matrices (see markaz.core.tests.access_plugins)."""

PAGE_PK_PREFIXES = [
    ("programs-program", "program_b"),
    ("programs-call", "call_b"),
    ("programs-field", "field_b"),
    ("programs-application", "application_b"),
    ("programs-attachment", "attachment_b"),
    ("programs-cohort", "cohort_b"),
]

API_OBJECT_FOR = {
    "program_id": "program_b",
    "call_id": "call_b",
    "field_id": "field_b",
    "application_id": "application_b",
    "attachment_id": "attachment_b",
    "cohort_id": "cohort_b",
}


def objects_b(center_b, objects: dict) -> dict:
    from markaz.core.models import Membership
    from markaz.programs.tests.fixtures import make_b_objects

    staff = Membership.objects.filter(center=center_b).order_by("pk").first().user
    return make_b_objects(center_b, objects["venture_b"], staff)


def api_body(operation: str, objects: dict) -> dict:
    return {
        "kind": "incubator" if operation.endswith("_program") else "short_text",
        "program": objects["program_b"].pk,
        "slug": "planted",
        "deadline": "2031-01-01T00:00:00Z",
        "key": "planted",
        "label_en": "Planted",
        "phase": "open",
        "answers": {"pitch": "Planted"},
        "outcome": "accept",
        "venture": objects["venture_b"].pk,
    }


def state_of_b(center_b) -> dict:
    from markaz.programs.models import (
        Application,
        Attachment,
        Call,
        CohortMember,
        Decision,
        FormField,
        Program,
    )

    return {
        "programs": list(Program.objects.filter(center=center_b).values_list("pk", "title_en")),
        "calls": list(Call.objects.filter(center=center_b).values_list("pk", "phase", "title_en")),
        "fields": list(
            FormField.objects.filter(call__center=center_b).values_list("pk", "label_en")
        ),
        "applications": list(
            Application.objects.filter(center=center_b).values_list("pk", "status", "answers")
        ),
        "attachments": list(Attachment.objects.filter(center=center_b).values_list("pk")),
        "decisions": list(Decision.objects.filter(center=center_b).values_list("pk", "outcome")),
        "cohort_members": list(
            CohortMember.objects.filter(cohort__center=center_b).values_list("pk")
        ),
    }
