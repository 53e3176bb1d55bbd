"""Changing rubrics and rounds after creation, taking applications back off a shortlist and
declaring a conflict with a venture from the page: allowed while nothing is corrupted,
refused with a clear error once reviewers' scores depend on it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.review import board, services
from markaz.review.models import Assignment, AssignmentStatus, Conflict, Score
from markaz.review.tests.fixtures import make_round, make_rubric

pytestmark = pytest.mark.django_db

BASE = "/api/v1/centers/amal-hub/review"


def url(name, center, **kwargs):
    return reverse(name, kwargs={"center": center.slug, **kwargs})


def _criteria(rubric):
    return list(rubric.criteria.order_by("position", "id"))


def _score(assignment, value=3):
    criteria = _criteria(assignment.round.rubric)
    return services.submit_review(
        scope=scope_for(assignment.reviewer),
        assignment=assignment,
        scores={c.pk: value for c in criteria},
    )


def _first(round_, **filters):
    return Assignment.objects.filter(round=round_, **filters).order_by("pk").first()


def _as_items(rubric):
    return [{"id": c.pk} for c in _criteria(rubric)]


# -- rubrics: services -----------------------------------------------------------------------


def test_staff_change_wording_order_and_criteria_before_anyone_scored(staff_a, review_rubric_a):
    impact, feasibility = _criteria(review_rubric_a)
    services.update_rubric(
        scope=scope_for(staff_a),
        rubric=review_rubric_a,
        data={"name_en": "Screening v2", "scale_max": 4},
        criteria=[
            {"id": feasibility.pk, "name_ar": "الجدوى", "weight": "3",
             "levels": [{"value": 4, "description_en": "Ready", "description_ar": "جاهز"}]},
            {"name_en": "Team", "name_ar": "الفريق", "weight": "1"},
        ],
    )  # fmt: skip
    review_rubric_a.refresh_from_db()
    assert review_rubric_a.name_en == "Screening v2" and review_rubric_a.scale_max == 4
    first, second = _criteria(review_rubric_a)
    assert first.pk == feasibility.pk and first.name_ar == "الجدوى" and first.weight == 3
    assert first.name_en == "Feasibility"  # keys left out stay as they were
    assert list(first.levels.values_list("value", "description_ar")) == [(4, "جاهز")]
    assert second.name_en == "Team" and second.position == 2
    assert not review_rubric_a.criteria.filter(pk=impact.pk).exists()
    entry = AuditEntry.objects.get(action="review.rubric.updated")
    assert entry.changes["scale_max"] == [5, 4]
    assert [c["name_en"] for c in entry.changes["criteria"][1]] == ["Feasibility", "Team"]


def test_once_scored_criteria_cannot_be_added_or_removed_nor_the_scale_changed(
    staff_a, review_assigned_a
):
    rubric = review_assigned_a.rubric
    _score(_first(review_assigned_a))
    scope = scope_for(staff_a)
    before = [(c.pk, c.name_en, c.weight) for c in _criteria(rubric)]
    with pytest.raises(ValidationError) as added:
        services.update_rubric(
            scope=scope, rubric=rubric, data={},
            criteria=[*_as_items(rubric), {"name_en": "Team", "weight": "1"}],
        )  # fmt: skip
    assert "can no longer be added or removed" in str(added.value.message_dict["criteria"])
    with pytest.raises(ValidationError):
        services.update_rubric(scope=scope, rubric=rubric, data={}, criteria=_as_items(rubric)[:1])
    with pytest.raises(ValidationError) as scale:
        services.update_rubric(scope=scope, rubric=rubric, data={"scale_max": 10})
    assert "scale cannot change" in str(scale.value.message_dict["scale_max"])
    rubric.refresh_from_db()
    assert rubric.scale_max == 5
    assert [(c.pk, c.name_en, c.weight) for c in _criteria(rubric)] == before
    assert not AuditEntry.objects.filter(action="review.rubric.updated").exists()


def test_once_scored_wording_and_weights_still_change_and_the_ranking_reweighs(
    staff_a, review_assigned_a
):
    rubric = review_assigned_a.rubric
    impact, feasibility = _criteria(rubric)
    mine = _first(review_assigned_a)
    services.submit_review(
        scope=scope_for(mine.reviewer), assignment=mine, scores={impact.pk: 5, feasibility.pk: 1}
    )
    scores = list(Score.objects.order_by("pk").values_list("pk", "value"))
    before = board.ranking(review_assigned_a).rows[0].score
    services.update_rubric(
        scope=scope_for(staff_a),
        rubric=rubric,
        data={"name_en": "Renamed"},
        criteria=[
            {"id": feasibility.pk, "weight": "9", "description_en": "Can they deliver?"},
            {"id": impact.pk, "weight": "1"},
        ],
    )
    assert list(Score.objects.order_by("pk").values_list("pk", "value")) == scores  # untouched
    after = board.ranking(review_assigned_a).rows[0].score
    assert after < before  # feasibility (scored 1) now weighs most
    assert [c.pk for c in _criteria(rubric)] == [feasibility.pk, impact.pk]


def test_a_narrower_scale_is_refused_while_level_descriptions_lie_outside_it(
    staff_a, review_rubric_a
):
    with pytest.raises(ValidationError) as exc:
        services.update_rubric(
            scope=scope_for(staff_a), rubric=review_rubric_a, data={"scale_max": 3}
        )
    assert "scale" in str(exc.value)
    review_rubric_a.refresh_from_db()
    assert review_rubric_a.scale_max == 5


def test_criteria_of_another_rubric_cannot_be_named(staff_a, review_call_a, review_rubric_a):
    other = make_rubric(staff_a, review_call_a, criteria=1)
    with pytest.raises(ValidationError):
        services.update_rubric(
            scope=scope_for(staff_a),
            rubric=review_rubric_a,
            data={},
            criteria=[{"id": other.criteria.get().pk, "name_en": "Stolen"}],
        )
    assert other.criteria.get().name_en == "Impact"


def test_only_staff_edit_rubrics_and_rounds(reviewer_a, review_round_a):
    with pytest.raises(PermissionDenied):
        services.update_rubric(
            scope=scope_for(reviewer_a), rubric=review_round_a.rubric, data={"name_en": "X"}
        )
    with pytest.raises(PermissionDenied):
        services.update_round(scope=scope_for(reviewer_a), round=review_round_a, data={})


# -- rounds: services ------------------------------------------------------------------------


def test_round_settings_change_with_an_audit_entry(staff_a, review_assigned_a):
    services.update_round(
        scope=scope_for(staff_a),
        round=review_assigned_a,
        data={"name_en": "First look", "due_on": dt.date(2026, 7, 1),
              "reviewers_per_application": 3, "normalize": True},
    )  # fmt: skip
    review_assigned_a.refresh_from_db()
    assert review_assigned_a.name_en == "First look" and review_assigned_a.normalize
    entry = AuditEntry.objects.get(action="review.round.updated")
    assert entry.changes["reviewers_per_application"] == [2, 3]
    # More reviewers per application: assigning again fills the new slots.
    outcome = services.assign_reviewers(scope=scope_for(staff_a), round=review_assigned_a)
    assert outcome.complete and outcome.created == 4


def test_another_rubric_is_taken_before_scoring_and_refused_after(
    staff_a, review_call_a, review_assigned_a
):
    scope = scope_for(staff_a)
    first = review_assigned_a.rubric
    second = make_rubric(staff_a, review_call_a, criteria=3)
    services.update_round(scope=scope, round=review_assigned_a, data={"rubric": second})
    _score(_first(review_assigned_a))
    with pytest.raises(ValidationError) as exc:
        services.update_round(scope=scope, round=review_assigned_a, data={"rubric": first})
    assert "cannot be replaced" in str(exc.value.message_dict["rubric"])
    review_assigned_a.refresh_from_db()
    assert review_assigned_a.rubric_id == second.pk


def test_a_rubric_of_another_call_is_refused(staff_a, center_a, review_round_a):
    from markaz.review.tests.fixtures import make_call

    elsewhere = make_rubric(staff_a, make_call(center_a))
    with pytest.raises(ValidationError):
        services.update_round(
            scope=scope_for(staff_a), round=review_round_a, data={"rubric": elsewhere}
        )


def test_blind_review_goes_on_before_assignment_but_not_after(
    staff_a, review_round_a, review_call_a
):
    scope = scope_for(staff_a)
    services.update_round(scope=scope, round=review_round_a, data={"blind_review": True})
    review_call_a.refresh_from_db()
    assert review_call_a.blind_review
    services.update_round(scope=scope, round=review_round_a, data={"blind_review": False})
    services.assign_reviewers(scope=scope, round=review_round_a)
    with pytest.raises(ValidationError) as exc:
        services.update_round(scope=scope, round=review_round_a, data={"blind_review": True})
    assert "blind_review" in exc.value.message_dict
    review_call_a.refresh_from_db()
    assert not review_call_a.blind_review
    assert AuditEntry.objects.filter(action="programs.call.updated").count() == 2


# -- shortlist -------------------------------------------------------------------------------


@pytest.fixture
def two_rounds(staff_a, review_call_a, review_assigned_a, review_reviewers_a):
    for a in Assignment.objects.filter(round=review_assigned_a):
        _score(a, value=5 if a.application_id % 2 else 2)
    pitch = make_round(
        staff_a, review_call_a, review_assigned_a.rubric, per_application=1, name="Pitch"
    )
    for user in review_reviewers_a:
        services.add_reviewer(scope=scope_for(staff_a), round=pitch, reviewer=user)
    return review_assigned_a, pitch


def test_applications_are_taken_back_off_the_shortlist_before_the_next_round_scores(
    staff_a, two_rounds
):
    screening, pitch = two_rounds
    scope = scope_for(staff_a)
    chosen = sorted(screening.entries.values_list("application_id", flat=True))[:2]
    services.advance_shortlist(scope=scope, round=screening, application_ids=chosen)
    services.assign_reviewers(scope=scope, round=pitch)
    taken = services.retract_shortlist(scope=scope, round=screening, application_ids=[chosen[0]])
    assert taken == [chosen[0]]
    assert list(pitch.entries.values_list("application_id", flat=True)) == [chosen[1]]
    assert not pitch.assignments.filter(application_id=chosen[0]).exists()
    assert not screening.entries.get(application_id=chosen[0]).advanced
    assert AuditEntry.objects.filter(action="review.round.shortlist_retracted").exists()
    # Once scored in the next round, it stays.
    _score(pitch.assignments.get(application_id=chosen[1]))
    with pytest.raises(ValidationError) as exc:
        services.retract_shortlist(scope=scope, round=screening, application_ids=[chosen[1]])
    assert "stay on the shortlist" in str(exc.value)
    assert pitch.entries.filter(application_id=chosen[1]).exists()


def test_only_shortlisted_applications_can_be_taken_back(staff_a, two_rounds):
    screening, _pitch = two_rounds
    some = screening.entries.values_list("application_id", flat=True).first()
    with pytest.raises(ValidationError):
        services.retract_shortlist(
            scope=scope_for(staff_a), round=screening, application_ids=[some]
        )


# -- pages -----------------------------------------------------------------------------------


def _rubric_post(rubric, **extra):
    data = {
        "name_en": rubric.name_en, "name_ar": rubric.name_ar,
        "scale_min": rubric.scale_min, "scale_max": rubric.scale_max,
        "criteria-TOTAL_FORMS": 0, "criteria-INITIAL_FORMS": 0,
    }  # fmt: skip
    criteria = _criteria(rubric)
    for i, c in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": c.pk, f"criteria-{i}-name_en": c.name_en,
            f"criteria-{i}-name_ar": c.name_ar, f"criteria-{i}-weight": str(c.weight),
            f"criteria-{i}-levels_en": "\n".join(f"Level {v}" for v in range(1, 6)),
        }  # fmt: skip
    data["criteria-TOTAL_FORMS"] = data["criteria-INITIAL_FORMS"] = len(criteria)
    return data | extra


def test_staff_edit_a_rubric_from_its_page(client, staff_a, review_rubric_a):
    client.force_login(staff_a)
    page = url("review-rubric-edit", review_rubric_a.center, pk=review_rubric_a.pk)
    assert client.get(page).status_code == 200
    data = _rubric_post(review_rubric_a, **{"criteria-0-weight": "4", "name_en": "Edited"})
    data |= {"criteria-TOTAL_FORMS": 3, "criteria-2-name_en": "Team", "criteria-2-weight": "1"}
    got = client.post(page, data)
    assert got.status_code == 302, got.content.decode()[-1500:]
    review_rubric_a.refresh_from_db()
    assert review_rubric_a.name_en == "Edited"
    assert [(c.name_en, c.weight) for c in _criteria(review_rubric_a)] == [
        ("Impact", 4), ("Feasibility", 1), ("Team", 1),
    ]  # fmt: skip


def test_the_rubric_page_refuses_a_new_criterion_once_scored(client, staff_a, review_assigned_a):
    rubric = review_assigned_a.rubric
    _score(_first(review_assigned_a))
    client.force_login(staff_a)
    page = url("review-rubric-edit", rubric.center, pk=rubric.pk)
    shown = client.get(page).content.decode()
    assert "criteria cannot be added or removed" in shown
    data = _rubric_post(rubric, **{"criteria-TOTAL_FORMS": 3})
    data |= {"criteria-2-name_en": "Team", "criteria-2-weight": "1"}
    got = client.post(page, data)
    assert got.status_code == 200
    assert "can no longer be added or removed" in got.content.decode()
    assert rubric.criteria.count() == 2
    deleted = client.post(page, _rubric_post(rubric, **{"criteria-1-DELETE": "on"}))
    assert deleted.status_code == 200 and rubric.criteria.count() == 2


def test_staff_edit_a_round_from_its_page_and_see_refusals(
    client, staff_a, review_assigned_a, review_call_a
):
    client.force_login(staff_a)
    page = url("review-round-edit", review_assigned_a.center, pk=review_assigned_a.pk)
    assert client.get(page).status_code == 200
    base = {
        "name_en": "Screening", "name_ar": "الفرز", "rubric": review_assigned_a.rubric_id,
        "reviewers_per_application": 2,
    }  # fmt: skip
    got = client.post(page, base | {"due_on": "2026-09-01"})
    assert got.status_code == 302
    review_assigned_a.refresh_from_db()
    assert review_assigned_a.due_on == dt.date(2026, 9, 1)
    refused = client.post(page, base | {"blind_review": "on"})
    assert refused.status_code == 200
    assert "can no longer be switched on" in refused.content.decode()
    review_call_a.refresh_from_db()
    assert not review_call_a.blind_review


def test_reviewers_reach_no_edit_page(client, reviewer_a, review_round_a):
    client.force_login(reviewer_a)
    center = review_round_a.center
    assert (
        client.get(url("review-rubric-edit", center, pk=review_round_a.rubric_id)).status_code
        == 403
    )
    assert client.get(url("review-round-edit", center, pk=review_round_a.pk)).status_code == 404
    retract = url("review-round-shortlist-retract", center, pk=review_round_a.pk)
    assert client.post(retract, {"applications": [1]}).status_code == 404


def test_staff_take_an_application_back_from_the_ranking_page(client, staff_a, two_rounds):
    screening, pitch = two_rounds
    chosen = screening.entries.values_list("application_id", flat=True).first()
    services.advance_shortlist(scope=scope_for(staff_a), round=screening, application_ids=[chosen])
    client.force_login(staff_a)
    ranking = client.get(url("review-round-ranking", screening.center, pk=screening.pk))
    assert "Take back off the shortlist" in ranking.content.decode()
    got = client.post(
        url("review-round-shortlist-retract", screening.center, pk=screening.pk),
        {"applications": [chosen]},
    )
    assert got.status_code == 302
    assert not pitch.entries.exists()


def test_a_reviewer_declares_a_conflict_with_a_venture_from_the_page(
    client, reviewer_a, review_assigned_a
):
    mine = _first(review_assigned_a, reviewer=reviewer_a)
    venture = mine.application.venture
    venture.is_public = True
    venture.save()
    client.force_login(reviewer_a)
    page = url("review-conflict-create", review_assigned_a.center)
    assert venture.name_en in client.get(page).content.decode()
    got = client.post(page, {"venture": venture.pk, "reason": "My cousin runs it"})
    assert got.status_code == 302
    conflict = Conflict.objects.get(reviewer=reviewer_a)
    assert conflict.venture_id == venture.pk and conflict.organization_id is None
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.RECUSED
    live = Assignment.objects.filter(application=mine.application).exclude(status="recused")
    assert live.count() == 2 and reviewer_a.pk not in {a.reviewer_id for a in live}


def test_a_conflict_naming_nothing_or_a_hidden_venture_is_refused(
    client, reviewer_a, innovator_a, review_assigned_a, venture_b
):
    client.force_login(reviewer_a)
    page = url("review-conflict-create", review_assigned_a.center)
    assert client.post(page, {"reason": "Something"}).status_code == 200
    assert client.post(page, {"venture": venture_b.pk}).status_code == 200
    assert not Conflict.objects.exists()
    client.force_login(innovator_a)
    assert client.get(page).status_code == 403


# -- API -------------------------------------------------------------------------------------


def test_api_patches_a_rubric_and_refuses_new_criteria_once_scored(
    client, staff_a, review_assigned_a
):
    rubric = review_assigned_a.rubric
    impact, feasibility = _criteria(rubric)
    client.force_login(staff_a)
    path = f"{BASE}/rubrics/{rubric.pk}"
    got = client.patch(
        path,
        {"name_ar": "فرز", "criteria": [{"id": impact.pk, "weight": "5"}, {"id": feasibility.pk}]},
        content_type="application/json",
    )
    assert got.status_code == 200, got.content
    assert got.json()["name_ar"] == "فرز" and got.json()["criteria"][0]["weight"] == "5.00"
    assert got.json()["criteria"][0]["name_en"] == "Impact"
    assert len(got.json()["criteria"][0]["levels"]) == 5  # levels left out are kept
    _score(_first(review_assigned_a))
    refused = client.patch(
        path,
        {"criteria": [{"id": impact.pk}, {"id": feasibility.pk}, {"name_en": "Team"}]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_error"
    assert "can no longer be added or removed" in refused.json()["errors"]["criteria"][0]
    scale = client.patch(path, {"scale_min": 0}, content_type="application/json")
    assert scale.status_code == 422 and "scale_max" in scale.json()["errors"]


def test_api_patches_a_round_and_refuses_blind_review_mid_review(
    client, staff_a, reviewer_a, review_assigned_a
):
    client.force_login(staff_a)
    path = f"{BASE}/rounds/{review_assigned_a.pk}"
    got = client.patch(
        path, {"due_on": "2026-08-01", "normalize": True}, content_type="application/json"
    )
    assert got.status_code == 200, got.content
    assert got.json()["due_on"] == "2026-08-01" and got.json()["normalize"]
    cleared = client.patch(path, {"due_on": None}, content_type="application/json")
    assert cleared.json()["due_on"] is None
    blind = client.patch(path, {"blind_review": True}, content_type="application/json")
    assert blind.status_code == 422 and "blind_review" in blind.json()["errors"]
    client.force_login(reviewer_a)
    assert client.patch(path, {"name_en": "X"}, content_type="application/json").status_code == 404
    rubric = client.patch(
        f"{BASE}/rubrics/{review_assigned_a.rubric_id}",
        {"name_en": "X"},
        content_type="application/json",
    )
    assert rubric.status_code == 403


def test_api_takes_applications_back_off_the_shortlist(client, staff_a, two_rounds):
    screening, pitch = two_rounds
    chosen = screening.entries.values_list("application_id", flat=True).first()
    services.advance_shortlist(scope=scope_for(staff_a), round=screening, application_ids=[chosen])
    client.force_login(staff_a)
    path = f"{BASE}/rounds/{screening.pk}/shortlist/retract"
    got = client.post(path, {"applications": [chosen]}, content_type="application/json")
    assert got.status_code == 200 and got.json() == {"retracted": [chosen]}
    again = client.post(path, {"applications": [chosen]}, content_type="application/json")
    assert again.status_code == 422
    assert not pitch.entries.exists()


# -- staff read the reviews, private and shared comments --------------------------------------


def test_staff_read_every_review_of_an_application_with_private_and_shared_comments(
    client, staff_a, reviewer_a, review_assigned_a
):
    import csv
    import io

    app_id = _first(review_assigned_a).application_id
    texts = iter(["Shared praise", "Private doubt"])
    for a in Assignment.objects.filter(round=review_assigned_a, application_id=app_id):
        text = next(texts)
        services.submit_review(
            scope=scope_for(a.reviewer), assignment=a,
            scores={c.pk: 4 for c in _criteria(review_assigned_a.rubric)},
            comment=text, comment_shared=text.startswith("Shared"),
        )  # fmt: skip
    center = review_assigned_a.center
    page = url(
        "review-round-application", center, pk=review_assigned_a.pk, review_application=app_id
    )
    client.force_login(staff_a)
    body = client.get(page).content.decode()
    assert "Shared praise" in body and "Private doubt" in body
    assert "Private to staff" in body and "Shared with the applicant" in body
    ranking = client.get(url("review-round-ranking", center, pk=review_assigned_a.pk))
    assert page in ranking.content.decode()
    export = b"".join(
        client.get(
            url("review-round-export-csv", center, pk=review_assigned_a.pk)
        ).streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    assert rows[0][-2:] == ["Comment", "Comment shared with the applicant"]
    assert {(r[-2], r[-1]) for r in rows[1:] if r[-2]} == {
        ("Shared praise", "yes"), ("Private doubt", "no"),
    }  # fmt: skip
    # Reviewers read none of it, not even for their own application.
    client.force_login(reviewer_a)
    assert client.get(page).status_code == 404
    missing = url("review-round-application", center, pk=review_assigned_a.pk, review_application=0)
    client.force_login(staff_a)
    assert client.get(missing).status_code == 404
