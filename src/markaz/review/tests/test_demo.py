"""The demo review: a rubric, two rounds, assignments and scores on the call in review."""

import time

import pytest

from markaz.review import demo_data
from markaz.review.models import Assignment, Round, Rubric


@pytest.fixture
def demo_network(db):
    from markaz.demo.compose import demo_plan
    from markaz.demo.seed import STEPS
    from markaz.demo.seed_steps import Seeder

    seeder = Seeder(demo_plan())
    for _label, step in STEPS:
        step(seeder)
    return [c["slug"] for c in seeder.plan["centers"]]


def test_demo_review_is_seeded_once_after_the_programs_demo(demo_network, mailoutbox):
    from markaz.programs import demo_data as programs_demo

    assert sum(demo_data.seed(demo_network).values()) == 0  # no call in review yet: nothing
    programs_demo.seed(demo_network)
    started = time.monotonic()
    created = demo_data.seed(demo_network)
    assert time.monotonic() - started < 5
    assert created["rubrics"] == 1 and created["review_rounds"] == 2
    assert created["review_assignments"] >= 2 and created["reviews"] >= 1
    screening = Round.objects.get(position=1)
    assert screening.call.phase == "in_review" and screening.status == "open"
    assert screening.rubric.criteria.count() == 4
    assert all(c.levels.count() == 5 and c.name_ar for c in screening.rubric.criteria.all())
    assert (
        not Assignment.objects.filter(round=screening)
        .values("application_id")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
        .exclude(n=2)
        .exists()
    )
    assert Assignment.objects.filter(reviewer__username="reviewer", status="assigned").exists()
    before = (Rubric.objects.count(), Round.objects.count(), Assignment.objects.count())
    assert sum(demo_data.seed(demo_network).values()) == 0
    assert before == (Rubric.objects.count(), Round.objects.count(), Assignment.objects.count())
