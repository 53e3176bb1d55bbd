"""ICS files and the personal calendar feed: right times (DST), only the owner's items, and
the online link only for confirmed registrants."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from markaz.core.access import scope_for
from markaz.core.calendar_feeds import register_feed_provider
from markaz.events import ics, services
from markaz.events.factories import EventFactory


def _parse(body: bytes) -> list:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def _feed_url(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("events-calendar"))
    assert response.status_code == 200
    url = response.context["url"]
    client.logout()
    return url


def test_times_keep_the_wall_clock_across_a_dst_change(center_a, staff_a):
    london = ZoneInfo("Europe/London")
    staff = scope_for(staff_a)
    winter, summer = (
        services.create_event(
            scope=staff,
            center=center_a,
            data={
                "kind": "workshop", "title_en": f"Workshop {day}", "mode": "in_person",
                "venue": "Hall", "timezone": "Europe/London",
                "starts_at": dt.datetime(2027, 3, day, 10, 0),  # noqa: DTZ001 - wall clock
                "ends_at": dt.datetime(2027, 3, day, 12, 0),  # noqa: DTZ001 - wall clock
            },
        )
        for day in (27, 29)  # the clocks go forward on 28 March 2027
    )  # fmt: skip
    assert winter.starts_at.astimezone(dt.UTC).hour == 10
    assert summer.starts_at.astimezone(dt.UTC).hour == 9
    for event in (winter, summer):
        (item,) = _parse(ics.event_ics(event))
        start = item.decoded("dtstart")
        assert start.astimezone(london).hour == 10  # the wall clock, winter or summer
        assert start == event.starts_at
        assert "TZID=Europe/London" in item.to_ical().decode()


def test_the_personal_feed_holds_only_the_owners_registrations(
    client, event_a, webinar_a, innovator_a, mentor_a
):
    services.register(scope=scope_for(innovator_a), event=event_a)
    services.register(scope=scope_for(mentor_a), event=webinar_a)
    url = _feed_url(client, innovator_a)
    response = client.get(url)
    assert response.status_code == 200
    items = _parse(response.content)
    assert [str(i["summary"]) for i in items] == ["Design thinking workshop"]
    assert webinar_a.online_url.encode() not in response.content


def test_other_apps_items_join_the_feed_for_the_owner_only(client, innovator_a, mentor_a):
    def mentoring_sessions(user):
        item = icalendar.Event()
        item.add("uid", f"session-{user.pk}@test")
        item.add("summary", f"Session of {user.username}")
        item.add("dtstart", dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC))
        item.add("dtend", dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC))
        yield item

    register_feed_provider(mentoring_sessions)
    try:
        items = _parse(client.get(_feed_url(client, innovator_a)).content)
    finally:
        from markaz.core import calendar_feeds

        calendar_feeds._PROVIDERS.remove(mentoring_sessions)
    assert [str(i["summary"]) for i in items] == ["Session of innovator_a"]


def test_a_rotated_feed_url_stops_working_and_unknown_secrets_are_404(client, innovator_a):
    old = _feed_url(client, innovator_a)
    new = _feed_url(client, innovator_a)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get(reverse("events-calendar-feed", args=["not-a-secret"])).status_code == 404


def test_the_feed_secret_is_not_stored(client, innovator_a):
    from markaz.events.models import CalendarFeed

    url = _feed_url(client, innovator_a)
    secret = url.rsplit("/", 1)[-1].removesuffix(".ics")
    assert secret not in CalendarFeed.objects.get(user=innovator_a).digest


def test_the_confirmed_registrants_feed_carries_the_online_link(client, webinar_a, mentor_a):
    services.register(scope=scope_for(mentor_a), event=webinar_a)
    body = client.get(_feed_url(client, mentor_a)).content
    assert webinar_a.online_url in icalendar.Calendar.from_ical(body).to_ical().decode()


@pytest.mark.parametrize("status", ["waitlisted", "pending"])
def test_tentative_registrations_are_in_the_feed_without_the_link(
    client, center_a, mentor_a, innovator_a, status
):
    event = EventFactory(
        center=center_a, mode="online", venue="", online_url="https://meet.example.org/x9",
        capacity=1, requires_approval=status == "pending",
    )  # fmt: skip
    if status == "waitlisted":
        services.register(scope=scope_for(innovator_a), event=event)
    services.register(scope=scope_for(mentor_a), event=event)
    body = client.get(_feed_url(client, mentor_a)).content
    (item,) = _parse(body)
    assert str(item["status"]) == "TENTATIVE"
    assert b"meet.example.org" not in body


def test_event_ics_pages_show_the_link_only_to_confirmed_registrants(
    client, webinar_a, mentor_a, innovator_a, center_a
):
    services.register(scope=scope_for(mentor_a), event=webinar_a)
    url = reverse("events-ics", kwargs={"center": center_a.slug, "pk": webinar_a.pk})
    client.force_login(innovator_a)
    assert webinar_a.online_url.encode() not in client.get(url).content
    client.force_login(mentor_a)
    assert webinar_a.online_url.encode() in client.get(url).content
    client.logout()
    public = reverse("events-public-ics", kwargs={"slug": center_a.slug, "pk": webinar_a.pk})
    body = client.get(public).content
    assert _parse(body) and webinar_a.online_url.encode() not in body
