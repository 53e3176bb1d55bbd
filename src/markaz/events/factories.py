import datetime as dt

import factory

from markaz.core.factories import CenterFactory, UserFactory
from markaz.events.models import Event, Question, Registration


def _soon(days: int = 14, hour: int = 9) -> dt.datetime:
    base = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    return base.replace(hour=hour) + dt.timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    """An event row; registrations should go through `services.register`."""

    class Meta:
        model = Event

    center = factory.SubFactory(CenterFactory)
    kind = "workshop"
    title_en = factory.Sequence(lambda n: f"Workshop {n}")
    title_ar = factory.Sequence(lambda n: f"ورشة عمل {n}")
    mode = "in_person"
    venue = "Main hall"
    visibility = "members"
    starts_at = factory.LazyFunction(_soon)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    timezone = "UTC"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    kind = "text"
    label_en = factory.Sequence(lambda n: f"Question {n}")
    label_ar = factory.Sequence(lambda n: f"سؤال {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration row, bypassing capacity: for fixtures of other apps."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = "confirmed"
    confirmed_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))
