"""Review pages in Arabic show no English interface text."""

import pytest
from django.urls import reverse
from django.utils import translation

from markaz.core.access import scope_for
from markaz.core.tests.arabic import english_interface_strings, english_left_on, visible_strings
from markaz.review import services
from markaz.review.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_round(review_assigned_a, reviewer_a):
    criteria = list(review_assigned_a.rubric.criteria.all())
    for a in Assignment.objects.filter(round=review_assigned_a).exclude(reviewer=reviewer_a):
        services.submit_review(
            scope=scope_for(a.reviewer), assignment=a, scores={c.pk: 4 for c in criteria},
            comment="تعليق مشترك", comment_shared=True,
        )  # fmt: skip
    return review_assigned_a


def _url(name, center, **kwargs):
    with translation.override("ar"):
        return reverse(name, kwargs={"center": center.slug, **kwargs})


def test_staff_review_pages_are_arabic(client, staff_a, scored_round):
    c = scored_round.center
    client.force_login(staff_a)
    pages = [
        _url("review-home", c),
        _url("review-rubric-create", c),
        _url("review-rubric-detail", c, pk=scored_round.rubric_id),
        _url("review-round-create", c),
        _url("review-round-detail", c, pk=scored_round.pk),
        _url("review-round-reviewer-add", c, pk=scored_round.pk),
        _url("review-round-ranking", c, pk=scored_round.pk),
        _url("review-round-ranking", c, pk=scored_round.pk) + "?normalize=1",
    ]
    assert english_left_on(client, pages) == {}
    report = client.post(_url("review-round-assign", c, pk=scored_round.pk))
    assert report.status_code == 200
    assert visible_strings(report.content) & english_interface_strings() == set()


def test_reviewer_and_applicant_pages_are_arabic(
    client, reviewer_a, innovator_a, scored_round, review_applications_a
):
    c = scored_round.center
    mine = Assignment.objects.filter(round=scored_round, reviewer=reviewer_a).first()
    client.force_login(reviewer_a)
    pages = [
        _url("review-home", c),
        _url("review-assignment-detail", c, pk=mine.pk),
        _url("review-assignment-recuse", c, pk=mine.pk),
        _url("review-conflict-create", c),
    ]
    assert english_left_on(client, pages) == {}
    client.force_login(innovator_a)
    feedback = [
        _url("review-home", c),
        _url("review-feedback-detail", c, pk=review_applications_a[0].pk),
    ]
    assert english_left_on(client, feedback) == {}
