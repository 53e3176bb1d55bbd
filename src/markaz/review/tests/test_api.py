import pytest

from markaz.core.models import AuditEntry
from markaz.review.models import Assignment, AssignmentStatus, Round, Rubric

pytestmark = pytest.mark.django_db

BASE = "/api/v1/centers/amal-hub/review"


def test_staff_run_a_round_end_to_end_through_the_api(
    client, staff_a, review_call_a, review_applications_a, review_reviewers_a
):
    client.force_login(staff_a)
    rubric = client.post(
        f"{BASE}/rubrics",
        {
            "call": review_call_a.pk,
            "name_en": "Screening",
            "name_ar": "الفرز",
            "scale_min": 1,
            "scale_max": 4,
            "criteria": [
                {
                    "name_en": "Impact",
                    "name_ar": "الأثر",
                    "weight": "2",
                    "levels": [
                        {"value": v, "description_en": f"L{v}", "description_ar": f"م{v}"}
                        for v in range(1, 5)
                    ],
                },
                {"name_en": "Team", "name_ar": "الفريق", "weight": "1"},
            ],
        },
        content_type="application/json",
    )
    assert rubric.status_code == 201, rubric.content
    body = rubric.json()
    assert [c["weight"] for c in body["criteria"]] == ["2.00", "1.00"]
    assert body["criteria"][0]["levels"][3]["description_ar"] == "م4"
    round_ = client.post(
        f"{BASE}/rounds",
        {
            "call": review_call_a.pk,
            "rubric": body["id"],
            "name_en": "Screening",
            "reviewers_per_application": 2,
            "due_on": "2026-07-01",
        },
        content_type="application/json",
    )
    assert round_.status_code == 201, round_.content
    rid = round_.json()["id"]
    for user in review_reviewers_a:
        added = client.post(
            f"{BASE}/rounds/{rid}/reviewers",
            {"reviewer": user.pk, "expertise": [6], "capacity": None},
            content_type="application/json",
        )
        assert added.status_code == 201, added.content
    assert len(client.get(f"{BASE}/rounds/{rid}/reviewers").json()) == 3
    opened = client.post(
        f"{BASE}/rounds/{rid}/status", {"status": "open"}, content_type="application/json"
    )
    assert opened.json()["status"] == "open"
    report = client.post(f"{BASE}/rounds/{rid}/assign").json()
    assert report["complete"] and report["created"] == 8 and report["load_spread"] <= 1
    progress = client.get(f"{BASE}/rounds/{rid}/progress").json()
    assert progress["assigned"] == 8 and progress["unassigned"] == []
    listing = client.get(f"{BASE}/assignments", {"round": rid}).json()
    assert listing["count"] == 8
    ranking = client.get(f"{BASE}/rounds/{rid}/ranking", {"normalize": "true"}).json()
    assert ranking["normalized"] and len(ranking["items"]) == 4
    csv = client.get(f"{BASE}/rounds/{rid}/scores.csv")
    assert csv.status_code == 200 and b"Criterion" in b"".join(csv.streaming_content)


def test_a_reviewer_scores_and_recuses_through_the_api(client, review_assigned_a, reviewer_a):
    client.force_login(reviewer_a)
    mine = client.get(f"{BASE}/assignments").json()
    assert mine["count"] == Assignment.objects.filter(reviewer=reviewer_a).count()
    assert {a["reviewer"] for a in mine["items"]} == {reviewer_a.pk}
    first, second = mine["items"][0]["id"], mine["items"][1]["id"]
    detail = client.get(f"{BASE}/assignments/{first}").json()
    assert detail["can_score"]
    ids = [c["id"] for c in detail["rubric"]["criteria"]]
    bad = client.post(
        f"{BASE}/assignments/{first}/review",
        {"scores": {str(ids[0]): 9}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    good = client.post(
        f"{BASE}/assignments/{first}/review",
        {"scores": {str(i): 4 for i in ids}, "comment": "Solid", "comment_shared": True},
        content_type="application/json",
    )
    assert good.status_code == 200, good.content
    assert good.json()["status"] == "submitted"
    recused = client.post(
        f"{BASE}/assignments/{second}/recuse", {"reason": "Former colleague"},
        content_type="application/json",
    )  # fmt: skip
    assert recused.json() == {"recused": second, "reassigned": True}
    assert Assignment.objects.get(pk=second).status == AssignmentStatus.RECUSED
    assert client.get(f"{BASE}/assignments/{second}").status_code == 404


def test_reviewers_get_404_for_others_assignments_and_staff_operations(
    client, review_assigned_a, review_reviewers_a
):
    reviewer, other = review_reviewers_a[0], review_reviewers_a[1]
    client.force_login(reviewer)
    theirs = Assignment.objects.filter(reviewer=other).first()
    assert client.get(f"{BASE}/assignments/{theirs.pk}").status_code == 404
    scored = client.post(
        f"{BASE}/assignments/{theirs.pk}/review", {"scores": {}}, content_type="application/json"
    )
    assert scored.status_code == 404
    rid = review_assigned_a.pk
    for path in ("progress", "ranking", "reviewers", "scores.csv"):
        assert client.get(f"{BASE}/rounds/{rid}/{path}").status_code == 404, path
    assert client.post(f"{BASE}/rounds/{rid}/assign").status_code == 404
    # The round itself is visible to the reviewers of its pool (its rubric too).
    assert client.get(f"{BASE}/rounds/{rid}").status_code == 200
    assert client.get(f"{BASE}/rubrics/{review_assigned_a.rubric_id}").status_code == 200


def test_writes_by_the_wrong_role_are_refused_and_write_nothing(
    client, reviewer_a, innovator_a, review_call_a, review_rubric_a
):
    before = (Rubric.objects.count(), Round.objects.count(), AuditEntry.objects.count())
    client.force_login(reviewer_a)
    refused = client.post(
        f"{BASE}/rubrics",
        {"call": review_call_a.pk, "name_en": "X", "criteria": [{"name_en": "Y"}]},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(innovator_a)
    assert client.get(f"{BASE}/rubrics").json()["count"] == 0
    refused = client.post(
        f"{BASE}/conflicts", {"organization": None}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert (Rubric.objects.count(), Round.objects.count(), AuditEntry.objects.count()) == before


def test_reviewers_declare_a_relationship_through_the_api(client, reviewer_a, org_a, center_a):
    client.force_login(reviewer_a)
    got = client.post(
        f"{BASE}/conflicts", {"organization": org_a.pk, "reason": "Board member"},
        content_type="application/json",
    )  # fmt: skip
    assert got.status_code == 201 and got.json()["organization"] == org_a.pk
    nothing = client.post(f"{BASE}/conflicts", {}, content_type="application/json")
    assert nothing.status_code == 422


def test_applicants_read_shared_feedback_only(
    client, review_assigned_a, innovator_a, review_applications_a
):
    from markaz.core.access import scope_for
    from markaz.review import services

    kiosk = review_applications_a[0]
    criteria = list(review_assigned_a.rubric.criteria.all())
    for i, a in enumerate(Assignment.objects.filter(application=kiosk)):
        services.submit_review(
            scope=scope_for(a.reviewer), assignment=a, scores={c.pk: 3 for c in criteria},
            comment=f"note {i}", comment_shared=i == 0,
        )  # fmt: skip
    client.force_login(innovator_a)
    got = client.get(f"{BASE}/applications/{kiosk.pk}/feedback").json()
    assert [f["comment"] for f in got] == ["note 0"]
    other = review_applications_a[1]
    assert client.get(f"{BASE}/applications/{other.pk}/feedback").status_code == 404


def test_staff_remove_a_reviewer_from_the_pool_and_their_assignments_stay(
    client, staff_a, reviewer_a, review_assigned_a
):
    member = review_assigned_a.pool.get(reviewer=reviewer_a)
    held = Assignment.objects.filter(reviewer=reviewer_a).count()
    client.force_login(reviewer_a)
    assert (
        client.delete(f"{BASE}/rounds/{review_assigned_a.pk}/reviewers/{member.pk}").status_code
        == 404
    )
    client.force_login(staff_a)
    got = client.delete(f"{BASE}/rounds/{review_assigned_a.pk}/reviewers/{member.pk}")
    assert got.status_code == 204
    assert not review_assigned_a.pool.filter(reviewer=reviewer_a).exists()
    assert Assignment.objects.filter(reviewer=reviewer_a).count() == held
    # A new solve gives the removed reviewer nothing more.
    client.post(f"{BASE}/rounds/{review_assigned_a.pk}/assign")
    assert Assignment.objects.filter(reviewer=reviewer_a).count() == held
