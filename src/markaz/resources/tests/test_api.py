"""The resources API: same rules as the services, errors as problem+json."""

import datetime as dt

from django.utils import timezone

from markaz.core.access import scope_for
from markaz.resources import services

BASE = "/api/v1/centers/amal-hub"


def test_members_list_the_catalog_and_staff_add_items(client, staff_a, mentor_a, room_a):
    client.force_login(mentor_a)
    got = client.get(f"{BASE}/resources")
    assert got.status_code == 200 and got.json()["count"] == 1
    body = {"kind": "room", "name_en": "Annex", "is_bookable": True,
            "opening_hours": {"0": [["09:00", "17:00"]]}, "timezone": "Asia/Amman"}  # fmt: skip
    assert (
        client.post(f"{BASE}/resources", body, content_type="application/json").status_code == 403
    )
    client.force_login(staff_a)
    created = client.post(f"{BASE}/resources", body, content_type="application/json")
    assert created.status_code == 201, created.content
    bad = client.post(
        f"{BASE}/resources", {**body, "timezone": "Nowhere/City"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "timezone" in bad.json()["errors"]


def test_booking_through_the_api_refuses_a_double_booking_with_a_reason(
    client, innovator_a, room_a, venture_a
):
    client.force_login(innovator_a)
    url = f"{BASE}/resources/{room_a.pk}/bookings"
    body = {"venture": venture_a.pk, "starts_at": "2030-06-03T09:00:00+03:00",
            "ends_at": "2030-06-03T10:00:00+03:00"}  # fmt: skip
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["starts_at"].startswith("2030-06-03T06:00:00")
    again = client.post(
        url,
        {**body, "starts_at": "2030-06-03T06:00:00Z", "ends_at": "2030-06-03T07:00:00Z"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert "already booked" in again.json()["errors"]["starts_at"][0]
    listed = client.get(f"{BASE}/bookings")
    assert listed.json()["count"] == 1
    booking_id = first.json()["id"]
    cancelled = client.post(f"{BASE}/bookings/{booking_id}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_availability_and_eligibility_answer_in_the_items_time_zone(
    client, innovator_a, room_a, venture_a
):
    client.force_login(innovator_a)
    got = client.get(f"{BASE}/resources/{room_a.pk}/availability?week=2030-06-05").json()
    assert got["week_of"] == "2030-06-03" and got["timezone"] == "Asia/Amman"
    assert got["days"][0]["slots"][0]["local_time"] == "08:00"
    assert got["days"][0]["slots"][0]["starts_at"].startswith("2030-06-03T05:00:00")
    check = client.get(f"{BASE}/resources/{room_a.pk}/eligibility/{venture_a.pk}").json()
    assert check == {"venture": venture_a.pk, "eligible": True, "reasons": []}


def test_staff_decide_pending_bookings(client, staff_a, innovator_a, room_a, venture_a):
    services.update_resource(
        scope=scope_for(staff_a), resource=room_a, data={"requires_approval": True}
    )
    client.force_login(innovator_a)
    booking = client.post(
        f"{BASE}/resources/{room_a.pk}/bookings",
        {"venture": venture_a.pk, "starts_at": "2030-06-04T10:00:00+03:00",
         "ends_at": "2030-06-04T11:00:00+03:00"},
        content_type="application/json",
    ).json()  # fmt: skip
    assert booking["status"] == "pending"
    url = f"{BASE}/bookings/{booking['id']}/decision"
    assert client.post(url, {"approve": True}, content_type="application/json").status_code == 403
    client.force_login(staff_a)
    decided = client.post(url, {"approve": True}, content_type="application/json")
    assert decided.json()["status"] == "confirmed"


def test_partners_work_their_requests_through_the_api(
    client, innovator_a, partner_a, staff_a, legal_service_a, venture_a
):
    client.force_login(innovator_a)
    created = client.post(
        f"{BASE}/resources/{legal_service_a.pk}/service-requests",
        {"venture": venture_a.pk, "need": "Trademark search"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    base = f"{BASE}/service-requests/{rid}"
    assert (
        client.post(
            f"{base}/response", {"accept": True}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(partner_a)
    assert client.get(f"{BASE}/service-requests").json()["count"] == 1
    accepted = client.post(f"{base}/response", {"accept": True}, content_type="application/json")
    assert accepted.json()["status"] == "accepted"
    today = timezone.localdate().isoformat()
    hours = client.post(
        f"{base}/hours", {"worked_on": today, "hours": "4"}, content_type="application/json"
    )
    assert hours.status_code == 201
    delivered = client.post(
        f"{base}/delivery", {"delivery_note": "Search report sent"}, content_type="application/json"
    )
    assert delivered.json()["status"] == "delivered"
    assert float(client.get(base).json()["hours_logged"]) == 4.0
    assert client.get(f"{BASE}/resources-report").status_code == 403
    client.force_login(staff_a)
    report = client.get(f"{BASE}/resources-report").json()
    assert report["total_service_hours"] == 4.0


def test_a_partner_of_another_organization_sees_no_request(
    client, innovator_a, partner_a, legal_service_a, venture_a, center_a
):
    from markaz.stakeholders.models import Affiliation

    services.create_service_request(
        scope=scope_for(innovator_a), resource=legal_service_a, venture=venture_a, need="Help"
    )
    Affiliation.objects.filter(person=partner_a.person).update(ends_on=dt.date(2020, 1, 1))
    client.force_login(partner_a)
    assert client.get(f"{BASE}/service-requests").json()["count"] == 0


def test_api_lists_cost_the_same_queries_for_few_and_many_rows(
    client, staff_a, room_a, legal_service_a, center_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from markaz.resources.factories import BookingFactory, ServiceRequestFactory
    from markaz.ventures.factories import VentureFactory

    def grow(n):
        for _ in range(n):
            venture = VentureFactory(center=center_a)
            day = dt.datetime(2030, 7, 1, 6, tzinfo=dt.UTC) + dt.timedelta(days=grow.days)
            grow.days += 1
            BookingFactory(resource=room_a, venture=venture, starts_at=day,
                           ends_at=day + dt.timedelta(hours=1))  # fmt: skip
            ServiceRequestFactory(resource=legal_service_a, venture=venture)

    grow.days = 0
    client.force_login(staff_a)
    counts = []
    for n in (2, 10):
        grow(n)
        for path in ("resources", "bookings", "service-requests"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(f"{BASE}/{path}").status_code == 200
            counts.append((n, path, len(ctx.captured_queries)))
    few = [c for n, _p, c in counts if n == 2]
    many = [c for n, _p, c in counts if n == 10]
    assert few == many and max(many) <= 12
