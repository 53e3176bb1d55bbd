"""Events fixtures: a members-only workshop of center A with a capacity of two, an online
webinar of center A, and a members-only event of center B with a registration."""

import datetime as dt

import pytest


def _later(days: int, hour: int = 9) -> dt.datetime:
    base = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    return base.replace(hour=hour) + dt.timedelta(days=days)


@pytest.fixture
def event_a(center_a):
    from markaz.events.factories import EventFactory

    return EventFactory(
        center=center_a,
        title_en="Design thinking workshop",
        title_ar="ورشة التفكير التصميمي",
        capacity=2,
        starts_at=_later(10),
        ends_at=_later(10) + dt.timedelta(hours=3),
        timezone="Asia/Amman",
    )


@pytest.fixture
def webinar_a(center_a):
    from markaz.events.factories import EventFactory

    return EventFactory(
        center=center_a,
        kind="webinar",
        mode="online",
        venue="",
        online_url="https://meet.example.org/secret-room-4821",
        title_en="Impact measurement webinar",
        title_ar="ندوة قياس الأثر",
        visibility="public",
        starts_at=_later(5),
        ends_at=_later(5) + dt.timedelta(hours=1),
    )


@pytest.fixture
def event_b(center_b):
    from markaz.events.factories import EventFactory

    return EventFactory(
        center=center_b,
        title_en="Baobab private meetup",
        title_ar="لقاء الباوباب الخاص",
        mode="hybrid",
        online_url="https://meet.example.org/baobab-private",
        capacity=10,
    )


@pytest.fixture
def registration_b(event_b, outsider):
    from markaz.events.factories import RegistrationFactory

    return RegistrationFactory(event=event_b, user=outsider)
