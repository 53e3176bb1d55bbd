"""The demo: bilingual events across centers, past ones with attendance and feedback, a full
workshop with a waitlist; no email leaves while seeding; a second run creates nothing."""

import pytest

from markaz.events import demo_data
from markaz.events.models import Event, Feedback, Registration

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_realistic_events_once(mailoutbox, django_capture_on_commit_callbacks):
    from markaz.demo.compose import demo_plan
    from markaz.demo.seed import STEPS
    from markaz.demo.seed_steps import Seeder

    seeder = Seeder(demo_plan())  # the network, people and ventures; not the other apps' demo
    for _label, step in STEPS:
        step(seeder)
    slugs = [c["slug"] for c in seeder.plan["centers"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert sum(demo_data.seed(slugs).values()) > 0
    assert mailoutbox == []
    events = Event.objects.all()
    assert 6 <= events.count() <= 10
    assert events.values("center").distinct().count() >= 2
    assert not events.filter(title_ar="").exists() and not events.filter(title_en="").exists()
    assert Registration.objects.filter(checked_in_at__isnull=False).exists()
    assert Registration.objects.filter(status="confirmed", checked_in_at__isnull=True).exists()
    assert Feedback.objects.exists()
    assert Registration.objects.filter(status="waitlisted").exists()
    full = Event.objects.get(title_en="Financial modelling for founders")
    assert full.registrations.filter(status="confirmed").count() == full.capacity
    assert demo_data.seed(slugs) == {}
