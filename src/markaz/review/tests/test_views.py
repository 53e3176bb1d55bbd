import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from markaz.core.access import scope_for
from markaz.review import services
from markaz.review.models import Assignment, AssignmentStatus, Round, Rubric

pytestmark = pytest.mark.django_db


def url(name, center, **kwargs):
    return reverse(name, kwargs={"center": center.slug, **kwargs})


def _mine(round_, user):
    return Assignment.objects.filter(round=round_, reviewer=user).order_by("pk").first()


def test_reviewers_see_only_their_own_assignments(client, review_assigned_a, review_reviewers_a):
    reviewer, other = review_reviewers_a[0], review_reviewers_a[1]
    client.force_login(reviewer)
    home = client.get(url("review-home", review_assigned_a.center))
    assert home.status_code == 200
    for a in Assignment.objects.filter(reviewer=reviewer):
        assert url("review-assignment-detail", a.center, pk=a.pk) in home.content.decode()
    theirs = Assignment.objects.filter(reviewer=other).exclude(
        application__in=Assignment.objects.filter(reviewer=reviewer).values("application")
    )
    for a in Assignment.objects.filter(reviewer=other):
        assert client.get(url("review-assignment-detail", a.center, pk=a.pk)).status_code == 404
        posted = client.post(url("review-assignment-recuse", a.center, pk=a.pk), {"reason": "x"})
        assert posted.status_code == 404
    assert theirs.exists() or Assignment.objects.filter(reviewer=other).exists()
    for name in ("review-round-detail", "review-round-ranking", "review-round-export-csv"):
        assert (
            client.get(url(name, review_assigned_a.center, pk=review_assigned_a.pk)).status_code
            == 404
        )


def test_innovators_and_mentors_see_no_assignment(client, review_assigned_a, innovator_a, mentor_a):
    a = Assignment.objects.first()
    for user in (innovator_a, mentor_a):
        client.force_login(user)
        assert client.get(url("review-assignment-detail", a.center, pk=a.pk)).status_code == 404
        assert client.get(url("review-home", a.center)).status_code == 200


def test_a_reviewer_scores_an_application_through_the_page(client, review_assigned_a, reviewer_a):
    mine = _mine(review_assigned_a, reviewer_a)
    client.force_login(reviewer_a)
    page = url("review-assignment-detail", mine.center, pk=mine.pk)
    got = client.get(page)
    assert got.status_code == 200
    assert "Level 5" in got.content.decode()  # the level descriptions label the choices
    criteria = list(review_assigned_a.rubric.criteria.order_by("position"))
    bad = client.post(page, {f"criterion_{criteria[0].pk}": "4"})
    assert bad.status_code == 200 and not mine.scores.exists()
    done = client.post(
        page,
        {f"criterion_{c.pk}": "4" for c in criteria}
        | {"comment": "Clear plan", "comment_shared": "on"},
    )
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.SUBMITTED and mine.comment_shared


def test_recusal_from_the_page_reassigns(client, review_assigned_a, reviewer_a):
    mine = _mine(review_assigned_a, reviewer_a)
    client.force_login(reviewer_a)
    got = client.post(
        url("review-assignment-recuse", mine.center, pk=mine.pk), {"reason": "Friend"}
    )
    assert got.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.RECUSED
    assert client.get(url("review-assignment-detail", mine.center, pk=mine.pk)).status_code == 404
    live = Assignment.objects.filter(application=mine.application).exclude(status="recused")
    assert live.count() == 2


def test_staff_board_shows_progress_late_reviewers_and_short_applications(
    client, staff_a, review_assigned_a, reviewer_a, django_assert_max_num_queries
):
    import datetime as dt

    review_assigned_a.due_on = dt.date(2020, 1, 1)
    review_assigned_a.save()
    criteria = list(review_assigned_a.rubric.criteria.order_by("position"))
    mine = _mine(review_assigned_a, reviewer_a)
    services.submit_review(
        scope=scope_for(reviewer_a), assignment=mine, scores={c.pk: 3 for c in criteria}
    )
    client.force_login(staff_a)
    with django_assert_max_num_queries(25):
        got = client.get(
            url("review-round-detail", review_assigned_a.center, pk=review_assigned_a.pk)
        )
    assert got.status_code == 200
    body = got.content.decode()
    assert "Late reviews" in body and "Completion per reviewer" in body
    assert "Every application has its reviewers." in body


def test_assign_page_reports_infeasible_coverage(client, staff_a, review_round_a):
    review_round_a.reviewers_per_application = 4
    review_round_a.save()
    client.force_login(staff_a)
    got = client.post(url("review-round-assign", review_round_a.center, pk=review_round_a.pk))
    assert got.status_code == 200
    assert "Full coverage is not possible" in got.content.decode()


def test_ranking_page_links_to_the_programs_decision(client, staff_a, review_assigned_a):
    client.force_login(staff_a)
    got = client.get(url("review-round-ranking", review_assigned_a.center, pk=review_assigned_a.pk))
    assert got.status_code == 200
    app = Assignment.objects.filter(round=review_assigned_a).first().application
    try:
        decide = reverse(
            "programs-application-decide", kwargs={"center": app.center.slug, "pk": app.pk}
        )
    except Exception:
        decide = None
    if decide:
        assert decide in got.content.decode()
    normalized = client.get(
        url("review-round-ranking", review_assigned_a.center, pk=review_assigned_a.pk)
        + "?normalize=1"
    )
    assert "z-scores" in normalized.content.decode()


def test_exports_hold_a_row_per_application_reviewer_and_criterion(
    client, staff_a, review_assigned_a, reviewer_a
):
    criteria = list(review_assigned_a.rubric.criteria.order_by("position"))
    mine = _mine(review_assigned_a, reviewer_a)
    services.submit_review(
        scope=scope_for(reviewer_a), assignment=mine, scores={c.pk: 4 for c in criteria}
    )
    client.force_login(staff_a)
    got = client.get(
        url("review-round-export-csv", review_assigned_a.center, pk=review_assigned_a.pk)
    )
    assert got.status_code == 200 and got.streaming
    rows = list(csv.reader(io.StringIO(b"".join(got.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + 8 * len(criteria)
    assert "Clean Water Kiosks" in {r[2] for r in rows}
    assert sum(1 for r in rows if r[7] == "4") == len(criteria)
    xlsx = client.get(
        url("review-round-export-xlsx", review_assigned_a.center, pk=review_assigned_a.pk)
    )
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == len(rows)


def test_staff_create_a_rubric_and_a_round_from_the_pages(
    client, staff_a, review_call_a, review_applications_a
):
    client.force_login(staff_a)
    center = review_call_a.center
    form = {
        "call": review_call_a.pk, "name_en": "Pitch rubric", "name_ar": "معايير العرض",
        "scale_min": 1, "scale_max": 3,
        "criteria-TOTAL_FORMS": 4, "criteria-INITIAL_FORMS": 0,
        "criteria-0-name_en": "Vision", "criteria-0-name_ar": "الرؤية", "criteria-0-weight": "2",
        "criteria-0-levels_en": "Vague\nClear\nCompelling",
        "criteria-0-levels_ar": "غامضة\nواضحة\nمقنعة",
        **{f"criteria-{i}-weight": "1" for i in range(1, 4)},
    }  # fmt: skip
    got = client.post(url("review-rubric-create", center), form)
    assert got.status_code == 302, got.content.decode()[-2000:]
    rubric = Rubric.objects.get(name_en="Pitch rubric")
    criterion = rubric.criteria.get()
    assert list(criterion.levels.values_list("value", "description_ar")) == [
        (1, "غامضة"),
        (2, "واضحة"),
        (3, "مقنعة"),
    ]
    assert client.get(got["Location"]).status_code == 200
    made = client.post(
        url("review-round-create", center),
        {
            "call": review_call_a.pk,
            "rubric": rubric.pk,
            "name_en": "Screening",
            "reviewers_per_application": 2,
        },
    )
    assert made.status_code == 302
    round_ = Round.objects.get(name_en="Screening")
    assert round_.entries.count() == len(review_applications_a)


def test_reviewers_cannot_reach_staff_pages(client, reviewer_a, review_round_a):
    client.force_login(reviewer_a)
    center = review_round_a.center
    assert client.get(url("review-rubric-create", center)).status_code == 403
    assert client.get(url("review-round-create", center)).status_code == 403
    assert client.post(url("review-round-assign", center, pk=review_round_a.pk)).status_code == 404
    assert not Assignment.objects.exists()


def test_shared_comments_reach_the_applicant_and_private_ones_do_not(
    client, review_assigned_a, review_reviewers_a, innovator_a, review_applications_a
):
    kiosk = review_applications_a[0]
    criteria = list(review_assigned_a.rubric.criteria.order_by("position"))
    texts = ["Shared praise", "Private doubt"]
    for a, text in zip(Assignment.objects.filter(application=kiosk), texts, strict=False):
        services.submit_review(
            scope=scope_for(a.reviewer), assignment=a, scores={c.pk: 3 for c in criteria},
            comment=text, comment_shared=text.startswith("Shared"),
        )  # fmt: skip
    client.force_login(innovator_a)
    page = client.get(url("review-feedback-detail", kiosk.center, pk=kiosk.pk)).content.decode()
    assert "Shared praise" in page and "Private doubt" not in page
    for reviewer in review_reviewers_a:
        assert reviewer.username.title() not in page
    other = review_applications_a[1]
    assert client.get(url("review-feedback-detail", other.center, pk=other.pk)).status_code == 404


def test_lists_stay_within_a_fixed_number_of_queries(
    client, reviewer_a, staff_a, review_assigned_a, django_assert_max_num_queries
):
    client.force_login(reviewer_a)
    with django_assert_max_num_queries(15):
        assert client.get(url("review-home", review_assigned_a.center)).status_code == 200
    client.force_login(staff_a)
    with django_assert_max_num_queries(20):
        got = client.get(
            url("review-round-ranking", review_assigned_a.center, pk=review_assigned_a.pk)
        )
    assert got.status_code == 200
    with django_assert_max_num_queries(15):
        assert (
            client.get(
                f"/api/v1/centers/{review_assigned_a.center.slug}/review/assignments"
            ).status_code
            == 200
        )


def test_staff_add_and_remove_reviewers_from_the_round_page(
    client, staff_a, review_round_a, center_a
):
    from markaz.review.tests.fixtures import make_reviewer

    newcomer = make_reviewer(center_a, "newcomer")
    client.force_login(staff_a)
    added = client.post(
        url("review-round-reviewer-add", center_a, pk=review_round_a.pk),
        {"reviewer": newcomer.pk, "expertise": ["6", "13"], "capacity": "5"},
    )
    assert added.status_code == 302
    member = review_round_a.pool.get(reviewer=newcomer)
    assert member.expertise == [6, 13] and member.capacity == 5
    removed = client.post(
        url("review-round-reviewer-remove", center_a, pk=review_round_a.pk, member=member.pk)
    )
    assert removed.status_code == 302
    assert not review_round_a.pool.filter(reviewer=newcomer).exists()
