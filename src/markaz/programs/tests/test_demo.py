"""The demo programs: two programs, four calls in different phases, applications, a cohort."""

import re

import pytest

from markaz.programs import demo_data
from markaz.programs.models import Application, Call, Cohort, Program

ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture
def demo_network(db):
    from markaz.demo.compose import demo_plan
    from markaz.demo.seed import STEPS
    from markaz.demo.seed_steps import Seeder

    seeder = Seeder(demo_plan())
    for _label, step in STEPS:
        step(seeder)
    return [c["slug"] for c in seeder.plan["centers"]]


def test_demo_programs_cover_every_phase_and_are_seeded_once(demo_network, mailoutbox):
    created = demo_data.seed(demo_network)
    assert created["programs"] == 2 and created["calls"] == 4
    assert created["applications"] >= 6
    assert set(Call.objects.values_list("phase", flat=True)) == {
        "open", "in_review", "decided", "draft",
    }  # fmt: skip
    for call in Call.objects.all():
        assert ARABIC.search(call.title_ar) and call.fields.count() == 7
    open_call = Call.objects.get(phase="open")
    from django.utils import timezone

    assert open_call.deadline > timezone.now()
    assert Call.objects.get(phase="in_review").deadline < timezone.now()
    decided = Call.objects.get(phase="decided")
    assert Cohort.objects.get(call=decided).members.count() >= 1
    assert Application.objects.filter(status="submitted").exists()
    assert Application.objects.filter(status="draft").exists()
    assert mailoutbox == []
    before = (Program.objects.count(), Call.objects.count(), Application.objects.count())
    assert sum(demo_data.seed(demo_network).values()) == 0
    assert before == (Program.objects.count(), Call.objects.count(), Application.objects.count())
