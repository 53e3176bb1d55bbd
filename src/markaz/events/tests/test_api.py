"""The API follows the pages' rules: registration with the waitlist, decisions, check-in,
feedback, the attendance report and the calendar feed, with problem+json errors."""

import datetime as dt

from markaz.core.access import scope_for
from markaz.events import services
from markaz.events.factories import EventFactory, QuestionFactory

API = "/api/v1/centers/amal-hub"


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_staff_create_an_event_and_members_register_through_the_api(
    client, center_a, staff_a, innovator_a, mentor_a, partner_a, org_a
):
    client.force_login(staff_a)
    created = _post(
        client,
        f"{API}/events",
        {
            "kind": "hackathon", "title_en": "Open data hackathon", "title_ar": "هاكاثون البيانات",
            "mode": "in_person", "venue": "Amal Hub", "capacity": 1, "co_hosts": [org_a.pk],
            "starts_at": "2027-11-06T09:00:00", "ends_at": "2027-11-06T17:00:00",
        },
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    event = created.json()
    assert event["timezone"] == center_a.timezone
    assert event["co_hosts"] == [{"id": org_a.pk, "name": org_a.name}]
    track = {"kind": "choice", "label_en": "Track", "choices": ["Water", "Energy"]}
    question = _post(client, f"{API}/events/{event['id']}/questions", track)
    assert question.status_code == 201
    qid = str(question.json()["id"])
    client.force_login(innovator_a)
    bad = _post(client, f"{API}/events/{event['id']}/registrations", {"answers": {qid: "Space"}})
    assert bad.status_code == 422 and f"q{qid}" in bad.json()["errors"]
    first = _post(client, f"{API}/events/{event['id']}/registrations", {"answers": {qid: "Water"}})
    assert first.json()["status"] == "confirmed" and first.json()["ticket_code"]
    client.force_login(mentor_a)
    second = _post(client, f"{API}/events/{event['id']}/registrations")
    assert second.json()["status"] == "waitlisted" and second.json()["ticket_code"] is None
    client.force_login(innovator_a)
    cancelled = _post(client, f"{API}/event-registrations/{first.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    client.force_login(mentor_a)
    mine = client.get(f"{API}/event-registrations/mine").json()["items"]
    assert [r["status"] for r in mine] == ["confirmed"]


def test_members_cannot_manage_events(client, event_a, innovator_a):
    client.force_login(innovator_a)
    body = {"kind": "workshop", "mode": "online", "starts_at": "2027-01-01T10:00:00",
            "ends_at": "2027-01-01T11:00:00"}  # fmt: skip
    assert _post(client, f"{API}/events", body).status_code == 403
    response = client.patch(
        f"{API}/events/{event_a.pk}", {"capacity": 99}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.get(f"{API}/events/{event_a.pk}/registrations").status_code == 403
    assert client.get(f"{API}/event-reports/attendance").status_code == 403


def test_members_see_only_their_own_registrations(client, event_a, innovator_a, mentor_a):
    theirs = services.register(scope=scope_for(innovator_a), event=event_a)
    client.force_login(mentor_a)
    assert client.get(f"{API}/event-registrations/{theirs.pk}").status_code == 404
    assert _post(client, f"{API}/event-registrations/{theirs.pk}/cancel").status_code == 404


def test_bad_choices_are_field_errors(client, staff_a, event_a):
    client.force_login(staff_a)
    response = _post(client, f"{API}/events", {"kind": "party", "mode": "in_person",
                     "venue": "Hall", "starts_at": "2027-01-01T10:00:00",
                     "ends_at": "2027-01-01T09:00:00"})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "kind" in response.json()["errors"]
    listed = client.get(f"{API}/events?kind=party")
    assert listed.status_code == 422
    assert "kind" in listed.json()["errors"]
    patched = client.patch(
        f"{API}/events/{event_a.pk}",
        {"mode": "teleport", "visibility": "secret"},
        content_type="application/json",
    )
    assert patched.status_code == 422
    assert {"mode", "visibility"} <= set(patched.json()["errors"])
    asked = _post(client, f"{API}/events/{event_a.pk}/questions", {"kind": "essay"})
    assert asked.status_code == 422
    assert "kind" in asked.json()["errors"]
    filtered = client.get(f"{API}/events/{event_a.pk}/registrations?status=lost")
    assert filtered.status_code == 422
    assert "status" in filtered.json()["errors"]


def test_staff_decide_and_check_in_through_the_api(client, center_a, staff_a, innovator_a):
    event = EventFactory(center=center_a, requires_approval=True)
    registration = services.register(scope=scope_for(innovator_a), event=event)
    client.force_login(staff_a)
    decided = _post(
        client, f"{API}/event-registrations/{registration.pk}/decision", {"approve": True}
    )
    assert decided.json()["status"] == "confirmed"
    url = f"{API}/events/{event.pk}/check-in"
    first = _post(client, url, {"code": registration.ticket_code}).json()
    again = _post(client, url, {"code": registration.ticket_code}).json()
    assert (first["already_checked_in"], again["already_checked_in"]) == (False, True)
    wrong = _post(client, url, {"code": "nope"})
    assert wrong.status_code == 422 and "code" in wrong.json()["errors"]


def test_feedback_and_the_calendar_feed_through_the_api(client, center_a, staff_a, innovator_a):
    event = EventFactory(center=center_a)
    QuestionFactory(event=event)
    registration = services.register(scope=scope_for(innovator_a), event=event)
    services.check_in(scope=scope_for(staff_a), event=event, code=registration.ticket_code)
    event.starts_at -= dt.timedelta(days=30)
    event.ends_at = event.starts_at + dt.timedelta(hours=1)
    event.save()
    client.force_login(innovator_a)
    url = f"{API}/event-registrations/{registration.pk}/feedback"
    assert _post(client, url, {"rating": 5, "comment": "Great"}).status_code == 201
    assert _post(client, url, {"rating": 4}).status_code == 422
    assert client.get(f"{API}/events/{event.pk}/feedback").status_code == 403
    feed = _post(client, "/api/v1/me/calendar-feed")
    assert feed.status_code == 201
    client.logout()
    assert b"BEGIN:VCALENDAR" in client.get(feed.json()["url"]).content
    client.force_login(staff_a)
    ratings = client.get(f"{API}/events/{event.pk}/feedback").json()
    assert [(f["rating"], f["comment"]) for f in ratings] == [(5, "Great")]
