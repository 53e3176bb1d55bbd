"""Resource pages in both languages: catalog, item with its week grid, booking, approvals,
service requests for each side, and the report."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from markaz.core.access import scope_for
from markaz.core.plugins import nav_items
from markaz.core.tests.arabic import english_left_on
from markaz.resources import services
from markaz.resources.models import Booking, ServiceRequest


def url(name, center, **kw):
    return reverse(name, kwargs={"center": center.slug, **kw})


def test_members_see_the_catalog_and_the_week_grid(client, mentor_a, center_a, room_a):
    client.force_login(mentor_a)
    page = client.get(url("resources-catalog", center_a))
    assert page.status_code == 200 and "Meeting room Petra" in page.content.decode()
    detail = client.get(url("resources-item-detail", center_a, pk=room_a.pk) + "?week=2030-06-05")
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Asia/Amman" in body and "08:00" in body and "19:00" in body
    # A mentor runs no venture: no booking links.
    assert url("resources-item-book", center_a, pk=room_a.pk) not in body


def test_an_innovator_books_from_the_grid_in_local_time(
    client, innovator_a, center_a, room_a, venture_a
):
    client.force_login(innovator_a)
    book = url("resources-item-book", center_a, pk=room_a.pk)
    assert client.get(book + "?day=2030-06-03&start=09:00").status_code == 200
    data = {"venture": venture_a.pk, "day": "2030-06-03", "start": "09:00", "slots": 2}
    done = client.post(book, data)
    assert done.status_code == 302
    booking = Booking.objects.get()
    assert booking.starts_at == dt.datetime(2030, 6, 3, 6, tzinfo=dt.UTC)
    assert booking.ends_at - booking.starts_at == dt.timedelta(hours=2)
    again = client.post(book, {**data, "start": "10:00", "slots": 1})
    assert again.status_code == 200 and "already booked" in again.content.decode()
    late = client.post(book, {**data, "start": "19:00", "slots": 2})
    assert "Outside opening hours" in late.content.decode()
    mine = client.get(url("resources-bookings", center_a)).content.decode()
    assert "Meeting room Petra" in mine and "2030-06-03 09:00" in mine
    client.post(url("resources-booking-cancel", center_a, pk=booking.pk))
    assert Booking.objects.get().status == "cancelled"


def test_staff_approve_from_the_approvals_page(
    client, staff_a, innovator_a, center_a, room_a, venture_a, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    services.update_resource(
        scope=scope_for(staff_a), resource=room_a, data={"requires_approval": True}
    )
    room_a.refresh_from_db()
    booking = services.create_booking(
        scope=scope_for(innovator_a), resource=room_a, venture=venture_a,
        starts_at=dt.datetime(2030, 6, 3, 6, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 6, 3, 7, tzinfo=dt.UTC),
    )  # fmt: skip
    client.force_login(innovator_a)
    assert client.get(url("resources-approvals", center_a)).status_code == 403
    client.force_login(staff_a)
    page = client.get(url("resources-approvals", center_a))
    assert "Clean Water Kiosks" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("resources-booking-decide", center_a, pk=booking.pk), {"approve": "1"})
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert mailoutbox[-1].to == [innovator_a.email]
    assert "09:00–10:00 (Asia/Amman)" in mailoutbox[-1].body


def test_staff_create_an_item_with_opening_hours_and_rules(client, staff_a, center_a):
    client.force_login(staff_a)
    data = {
        "kind": "room", "name_en": "Quiet room", "name_ar": "الغرفة الهادئة", "is_active": "on",
        "is_bookable": "on", "capacity": 1, "slot_minutes": 30, "timezone": "Asia/Amman",
        "currency": "USD", "hours_0": "09:00-13:00, 14:00-18:00", "stages": ["pilot"],
    }  # fmt: skip
    done = client.post(url("resources-create", center_a), data)
    assert done.status_code == 302, done.content.decode()[:2000]
    item = center_a.resources.get()
    assert item.opening_hours == {"0": [["09:00", "13:00"], ["14:00", "18:00"]]}
    assert item.eligibility == {"stages": ["pilot"]}
    bad = client.post(url("resources-create", center_a), {**data, "hours_1": "18:00-09:00"})
    assert bad.status_code == 200 and center_a.resources.count() == 1


def test_each_side_works_a_service_request_from_its_pages(
    client, innovator_a, partner_a, staff_a, center_a, legal_service_a, venture_a
):
    client.force_login(innovator_a)
    done = client.post(
        url("resources-item-request", center_a, pk=legal_service_a.pk),
        {"venture": venture_a.pk, "need": "Draft our bylaws"},
    )
    req = ServiceRequest.objects.get()
    assert done.status_code == 302
    client.force_login(partner_a)
    listing = client.get(url("resources-services", center_a)).content.decode()
    assert "Company registration advice" in listing
    client.post(url("resources-service-respond", center_a, pk=req.pk), {"accept": "1"})
    today = timezone.localdate().isoformat()
    client.post(
        url("resources-service-hours", center_a, pk=req.pk), {"worked_on": today, "hours": "3"}
    )
    client.post(
        url("resources-service-deliver", center_a, pk=req.pk), {"delivery_note": "Bylaws sent"}
    )
    req.refresh_from_db()
    assert req.status == "delivered"
    client.force_login(staff_a)
    report = client.get(url("resources-report", center_a)).content.decode()
    assert "Qanun Law Partners" in report and "Private sector" in report


def test_the_report_is_for_staff_only(client, partner_a, center_a):
    client.force_login(partner_a)
    assert client.get(url("resources-report", center_a)).status_code == 403


def test_resource_pages_leave_no_english_interface_text_in_arabic(
    client, admin_a, innovator_a, center_a, room_a, legal_service_a, venture_a
):
    req = services.create_service_request(
        scope=scope_for(innovator_a), resource=legal_service_a, venture=venture_a, need="مساعدة"
    )
    services.create_booking(
        scope=scope_for(innovator_a), resource=room_a, venture=venture_a,
        starts_at=dt.datetime(2030, 6, 3, 6, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 6, 3, 7, tzinfo=dt.UTC),
    )  # fmt: skip
    client.force_login(admin_a)
    translation.activate("ar")
    c = center_a.slug
    urls = [
        f"/ar/c/{c}/resources/",
        f"/ar/c/{c}/resources/new/",
        f"/ar/c/{c}/resources/items/{room_a.pk}/?week=2030-06-03",
        f"/ar/c/{c}/resources/items/{room_a.pk}/edit/",
        f"/ar/c/{c}/resources/items/{room_a.pk}/book/",
        f"/ar/c/{c}/resources/items/{legal_service_a.pk}/",
        f"/ar/c/{c}/resources/items/{legal_service_a.pk}/request/",
        f"/ar/c/{c}/resources/bookings/",
        f"/ar/c/{c}/resources/approvals/",
        f"/ar/c/{c}/resources/services/",
        f"/ar/c/{c}/resources/services/{req.pk}/",
        f"/ar/c/{c}/resources/report/",
    ]
    try:
        left = english_left_on(client, urls)
    finally:
        translation.activate("en")
    # Other apps' navigation labels are theirs to translate (their own catalogs and tests).
    with translation.override("en"):
        theirs = {str(i.label) for i in nav_items() if not i.url_name.startswith("resources-")}
    mine = {url: [s for s in found if s not in theirs] for url, found in left.items()}
    assert {url: found for url, found in mine.items() if found} == {}


@pytest.mark.parametrize("name", ["resources-catalog", "resources-bookings", "resources-services"])
def test_list_pages_keep_their_query_count_flat(
    client, django_assert_max_num_queries, staff_a, center_a, room_a, venture_a, name
):
    for day in range(3, 9):
        Booking.objects.create(
            center=center_a, resource=room_a, venture=venture_a,
            starts_at=dt.datetime(2030, 6, day, 6, tzinfo=dt.UTC),
            ends_at=dt.datetime(2030, 6, day, 7, tzinfo=dt.UTC),
        )  # fmt: skip
    client.force_login(staff_a)
    with django_assert_max_num_queries(15):
        assert client.get(url(name, center_a)).status_code == 200
