"""Review's part of the access matrices (see markaz.core.tests.access_plugins)."""

PAGE_PK_PREFIXES = [
    ("review-rubric", "review_rubric_b"),
    ("review-round", "review_round_b"),
    ("review-assignment", "review_assignment_b"),
    ("review-feedback", "review_application_b"),
]

API_OBJECT_FOR = {
    "rubric_id": "review_rubric_b",
    "round_id": "review_round_b",
    "assignment_id": "review_assignment_b",
    "application_id": "review_application_b",
    "pool_member_id": "review_pool_member_b",
}

PAGE_OBJECT_FOR = {
    "member": "review_pool_member_b",
    "review_application": "review_application_b",
}


def objects_b(center_b, objects: dict) -> dict:
    import pytest

    from markaz.core.models import Membership

    outsider = Membership.objects.filter(center=center_b, role="admin").first()
    if outsider is None:
        outsider = Membership.objects.filter(center=center_b, role="staff").first()
    if outsider is None:  # pragma: no cover - the matrices always have center B's staff
        pytest.skip("center B has no staff")
    from markaz.core.access import scope_for
    from markaz.review import services
    from markaz.review.models import Assignment
    from markaz.review.tests.fixtures import (
        make_application,
        make_call,
        make_reviewer,
        make_round,
        make_rubric,
    )

    staff = outsider.user
    call = make_call(center_b, title="Baobab Call")
    applicant = make_reviewer(center_b, "baobab_applicant")
    application = make_application(call, objects["venture_b"], applicant)
    rubric = make_rubric(staff, call)
    round_ = make_round(staff, call, rubric, per_application=1)
    reviewer = make_reviewer(center_b, "baobab_reviewer")
    services.add_reviewer(scope=scope_for(staff), round=round_, reviewer=reviewer)
    services.assign_reviewers(scope=scope_for(staff), round=round_)
    found = {
        "review_call_b": call,
        "review_application_b": application,
        "review_rubric_b": rubric,
        "review_round_b": round_,
        "review_assignment_b": Assignment.objects.get(round=round_),
        "review_pool_member_b": round_.pool.get(),
    }
    if "application_b" not in objects:
        found["application_b"] = application
    return found


def api_body(operation: str, objects: dict) -> dict:
    body = {
        "call": objects["review_call_b"].pk,
        "rubric": objects["review_rubric_b"].pk,
        "reviewer": objects["review_assignment_b"].reviewer_id,
        "criteria": [{"name_en": "Planted", "weight": "1"}],
        "scores": {},
        "top": 1,
        "applications": [objects["review_application_b"].pk],
        "reason": "Planted",
    }
    if operation == "set_review_round_status":
        body["status"] = "closed"
    return body


def state_of_b(center_b) -> dict:
    from markaz.review.models import (
        Assignment,
        Conflict,
        Criterion,
        PoolMember,
        Round,
        RoundApplication,
        Rubric,
        Score,
    )

    return {
        "review_rubrics": list(Rubric.objects.filter(center=center_b).values_list("pk", "name_en")),
        "review_rubric_criteria": list(
            Criterion.objects.filter(rubric__center=center_b).values_list(
                "pk", "name_en", "weight", "position"
            )
        ),
        "review_rounds": list(
            Round.objects.filter(center=center_b).values_list(
                "pk",
                "status",
                "name_en",
                "rubric_id",
                "reviewers_per_application",
                "due_on",
                "call__blind_review",
            )
        ),
        "review_entries": list(
            RoundApplication.objects.filter(round__center=center_b).values_list("pk", "advanced")
        ),
        "review_pool": list(
            PoolMember.objects.filter(round__center=center_b).values_list("pk", "reviewer_id")
        ),
        "review_assignments": list(
            Assignment.objects.filter(center=center_b).values_list("pk", "status", "reviewer_id")
        ),
        "review_scores": list(
            Score.objects.filter(assignment__center=center_b).values_list("pk", "value")
        ),
        "review_conflicts": list(Conflict.objects.filter(center=center_b).values_list("pk")),
    }
