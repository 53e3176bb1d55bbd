"""Event pages in Arabic show no English interface text."""

import datetime as dt

from django.urls import reverse
from django.utils import translation

from markaz.core.access import scope_for
from markaz.core.tests.arabic import english_left_on
from markaz.events import services
from markaz.events.factories import EventFactory


def _ar(name, **kwargs):
    with translation.override("ar"):
        return reverse(name, kwargs=kwargs)


def test_event_pages_are_arabic(client, center_a, event_a, webinar_a, staff_a, innovator_a):
    past = EventFactory(center=center_a, requires_approval=True)
    registration = services.register(scope=scope_for(innovator_a), event=event_a)
    pending = services.register(scope=scope_for(innovator_a), event=past)
    services.register(scope=scope_for(staff_a), event=webinar_a)
    past.starts_at -= dt.timedelta(days=90)
    past.ends_at = past.starts_at + dt.timedelta(hours=2)
    past.save()
    c = {"center": center_a.slug}
    staff_urls = [
        _ar("events-list", **c),
        _ar("events-create", **c),
        _ar("events-report", **c),
        _ar("events-detail", pk=event_a.pk, **c),
        _ar("events-edit", pk=event_a.pk, **c),
        _ar("events-registrations", pk=past.pk, **c),
        _ar("events-check-in", pk=event_a.pk, **c),
        _ar("events-attendance", pk=event_a.pk, **c),
        _ar("events-calendar"),
        _ar("events-public-list", slug=center_a.slug),
        _ar("events-public-detail", slug=center_a.slug, pk=webinar_a.pk),
    ]
    client.force_login(staff_a)
    assert english_left_on(client, staff_urls) == {}
    member_urls = [
        _ar("events-mine", **c),
        _ar("events-register", pk=webinar_a.pk, **c),
        _ar("events-ticket", pk=registration.pk),
        _ar("events-ticket", pk=pending.pk),
        _ar("events-my-tickets"),
    ]
    client.force_login(innovator_a)
    assert english_left_on(client, member_urls) == {}
