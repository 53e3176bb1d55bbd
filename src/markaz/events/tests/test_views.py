"""Pages: members register and see their tickets, staff run the door, the public sees public
events only, and the online link never reaches anyone but confirmed registrants."""

import datetime as dt

from django.urls import reverse

from markaz.core.access import scope_for
from markaz.events import services
from markaz.events.factories import EventFactory
from markaz.events.models import Registration


def _c(name, center, **kw):
    return reverse(name, kwargs={"center": center.slug, **kw})


def test_members_list_and_open_events_and_staff_see_the_new_button(
    client, center_a, event_a, innovator_a, staff_a
):
    client.force_login(innovator_a)
    page = client.get(_c("events-list", center_a)).content.decode()
    assert "Design thinking workshop" in page and "New event" not in page
    client.force_login(staff_a)
    assert "New event" in client.get(_c("events-list", center_a)).content.decode()


def test_registering_through_the_page_leads_to_the_ticket_with_its_qr(
    client, center_a, event_a, innovator_a
):
    client.force_login(innovator_a)
    response = client.post(_c("events-register", center_a, pk=event_a.pk))
    registration = Registration.objects.get(user=innovator_a)
    assert response["Location"] == reverse("events-ticket", kwargs={"pk": registration.pk})
    ticket = client.get(response["Location"]).content.decode()
    assert registration.ticket_code in ticket
    qr = client.get(reverse("events-ticket-qr", kwargs={"pk": registration.pk}))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_tickets_are_private_to_their_owner(client, center_a, event_a, innovator_a, mentor_a):
    registration = services.register(scope=scope_for(innovator_a), event=event_a)
    client.force_login(mentor_a)
    for name in ("events-ticket", "events-ticket-qr", "events-ticket-ics"):
        assert client.get(reverse(name, kwargs={"pk": registration.pk})).status_code == 404
    assert (
        client.post(reverse("events-ticket-cancel", kwargs={"pk": registration.pk})).status_code
        == 404
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_cancelling_from_the_ticket_promotes_the_next_person(
    client, center_a, event_a, innovator_a, mentor_a, partner_a, reviewer_a
):
    regs = [
        services.register(scope=scope_for(u), event=event_a)
        for u in (innovator_a, mentor_a, partner_a)
    ]
    client.force_login(innovator_a)
    client.post(reverse("events-ticket-cancel", kwargs={"pk": regs[0].pk}))
    regs[2].refresh_from_db()
    assert regs[2].status == "confirmed"


def test_the_online_link_shows_only_to_confirmed_registrants_and_staff(
    client, center_a, webinar_a, innovator_a, mentor_a, staff_a
):
    link = webinar_a.online_url
    detail = _c("events-detail", center_a, pk=webinar_a.pk)
    client.force_login(innovator_a)
    assert link not in client.get(detail).content.decode()
    public = reverse("events-public-detail", kwargs={"slug": center_a.slug, "pk": webinar_a.pk})
    assert link not in client.get(public).content.decode()
    api = f"/api/v1/centers/{center_a.slug}/events/{webinar_a.pk}"
    assert client.get(api).json()["online_url"] is None
    assert all(
        e["online_url"] is None
        for e in client.get(f"/api/v1/centers/{center_a.slug}/events").json()["items"]
    )
    services.register(scope=scope_for(innovator_a), event=webinar_a)
    assert link in client.get(detail).content.decode()
    assert client.get(api).json()["online_url"] == link
    client.logout()
    assert link not in client.get(public).content.decode()
    assert link not in client.get(f"/api/v1/public/events/{center_a.slug}").content.decode()
    client.force_login(staff_a)
    assert link in client.get(detail).content.decode()


def test_public_pages_show_public_events_only_without_sign_in(client, center_a, event_a, webinar_a):
    page = client.get(
        reverse("events-public-list", kwargs={"slug": center_a.slug})
    ).content.decode()
    assert "Impact measurement webinar" in page and "Design thinking" not in page
    hidden = reverse("events-public-detail", kwargs={"slug": center_a.slug, "pk": event_a.pk})
    assert client.get(hidden).status_code == 404
    api = client.get(f"/api/v1/public/events/{center_a.slug}").json()
    assert [e["title_en"] for e in api] == ["Impact measurement webinar"]
    assert client.get(f"/api/v1/public/events/{center_a.slug}/{event_a.pk}").status_code == 404


def test_strangers_register_for_public_events_from_the_public_page(
    client, center_a, webinar_a, stranger
):
    url = reverse("events-public-register", kwargs={"slug": center_a.slug, "pk": webinar_a.pk})
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(stranger)
    client.post(url)
    assert Registration.objects.get(user=stranger).status == "confirmed"


def test_staff_pages_are_hidden_from_members(client, center_a, event_a, innovator_a):
    client.force_login(innovator_a)
    for name in ("events-edit", "events-registrations", "events-check-in", "events-attendance"):
        assert client.get(_c(name, center_a, pk=event_a.pk)).status_code == 404, name
    assert client.get(_c("events-report", center_a)).status_code == 404
    assert client.get(_c("events-create", center_a)).status_code == 403


def test_staff_create_an_event_in_local_time(client, center_a, staff_a, org_a):
    client.force_login(staff_a)
    response = client.post(
        _c("events-create", center_a),
        {
            "kind": "demo_day", "title_en": "Demo day", "title_ar": "يوم العرض",
            "mode": "in_person",
            "venue": "Amal Hub", "visibility": "public", "timezone": "Asia/Amman",
            "starts_at": "2027-05-10T18:00", "ends_at": "2027-05-10T21:00", "co_hosts": [org_a.pk],
            "registration_open": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    event = Registration.event.field.related_model.objects.get(title_en="Demo day")
    assert event.starts_at == dt.datetime(2027, 5, 10, 15, 0, tzinfo=dt.UTC)
    assert list(event.co_hosts.all()) == [org_a]
    edit = client.get(_c("events-edit", center_a, pk=event.pk)).content.decode()
    assert "2027-05-10T18:00" in edit


def test_online_events_need_a_link_and_in_person_ones_a_venue(client, center_a, staff_a):
    client.force_login(staff_a)
    response = client.post(
        _c("events-create", center_a),
        {"kind": "webinar", "title_en": "W", "mode": "online", "visibility": "members",
         "timezone": "UTC", "starts_at": "2027-05-10T18:00", "ends_at": "2027-05-10T19:00"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "online_url" in response.context["form"].errors


def test_the_check_in_page_takes_a_code_and_refuses_other_events(
    client, center_a, event_a, webinar_a, innovator_a, staff_a
):
    mine = services.register(scope=scope_for(innovator_a), event=event_a)
    other = services.register(scope=scope_for(innovator_a), event=webinar_a)
    client.force_login(staff_a)
    url = _c("events-check-in", center_a, pk=event_a.pk)
    refused = client.post(url, {"code": other.ticket_code})
    assert "not a ticket for this event" in refused.content.decode()
    done = client.post(url, {"code": f"https://example.org/t/{mine.ticket_code}"})
    assert "is checked in" in done.content.decode()
    again = client.post(url, {"code": mine.ticket_code})
    assert "already checked in" in again.content.decode()
    other.refresh_from_db()
    assert other.checked_in_at is None


def test_staff_approve_from_the_registrations_page(client, center_a, staff_a, innovator_a):
    event = EventFactory(center=center_a, requires_approval=True)
    registration = services.register(scope=scope_for(innovator_a), event=event)
    client.force_login(staff_a)
    page = client.get(_c("events-registrations", center_a, pk=event.pk)).content.decode()
    assert "Approve" in page
    client.post(
        _c("events-registration-decide", center_a, pk=registration.pk), {"decision": "approve"}
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_attendance_and_report_pages_count_no_shows(
    client, center_a, staff_a, innovator_a, mentor_a, venture_a, django_assert_max_num_queries
):
    event = EventFactory(center=center_a)
    came = services.register(scope=scope_for(innovator_a), event=event)
    services.register(scope=scope_for(mentor_a), event=event)
    services.check_in(scope=scope_for(staff_a), event=event, code=came.ticket_code)
    event.starts_at -= dt.timedelta(days=60)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    client.force_login(staff_a)
    assert client.get(_c("events-attendance", center_a, pk=event.pk)).status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(_c("events-report", center_a))
    report = response.context["report"]
    assert (report.attended, report.no_show, report.no_show_rate) == (1, 1, 50.0)
    assert [(r.label, r.attended) for r in report.by_venture] == [(venture_a.name, 1)]
    api = client.get(f"/api/v1/centers/{center_a.slug}/event-reports/attendance").json()
    assert api["no_show_rate"] == 50.0


def test_feedback_form_after_the_event(client, center_a, staff_a, innovator_a):
    event = EventFactory(center=center_a)
    came = services.register(scope=scope_for(innovator_a), event=event)
    services.check_in(scope=scope_for(staff_a), event=event, code=came.ticket_code)
    event.starts_at -= dt.timedelta(days=60)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    client.force_login(innovator_a)
    url = reverse("events-ticket-feedback", kwargs={"pk": came.pk})
    assert client.post(url, {"rating": "9"}).status_code == 200
    assert client.post(url, {"rating": "4", "comment": "Useful"}).status_code == 302
    came.refresh_from_db()
    assert came.feedback.rating == 4


def test_list_pages_take_a_bounded_number_of_queries(
    client, center_a, staff_a, innovator_a, django_assert_max_num_queries
):
    for n in range(8):
        event = EventFactory(center=center_a, title_en=f"Clinic {n}", capacity=1)
        services.register(scope=scope_for(innovator_a), event=event)
        services.register(scope=scope_for(staff_a), event=event)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        assert client.get(_c("events-list", center_a)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_c("events-registrations", center_a, pk=event.pk)).status_code == 200
    client.force_login(innovator_a)
    with django_assert_max_num_queries(12):
        assert client.get(_c("events-mine", center_a)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/api/v1/centers/{center_a.slug}/events").status_code == 200


def test_the_check_in_page_records_walk_ins(client, center_a, event_a, staff_a):
    from markaz.stakeholders.factories import PersonFactory

    guest = PersonFactory(center=center_a, name_en="Door guest")
    client.force_login(staff_a)
    client.post(_c("events-walk-in", center_a, pk=event_a.pk), {"person": guest.pk})
    assert Registration.objects.get(person=guest).checked_in_at is not None
    api = client.post(
        f"/api/v1/centers/{center_a.slug}/events/{event_a.pk}/walk-ins",
        {"person": 999999},
        content_type="application/json",
    )
    assert api.status_code == 422 and "person" in api.json()["errors"]


def test_registration_attendance_and_report_lists_do_not_query_per_row(
    client, center_a, staff_a, django_assert_max_num_queries
):
    from markaz.core.factories import UserFactory
    from markaz.events.factories import RegistrationFactory
    from markaz.events.models import Feedback
    from markaz.stakeholders.factories import AffiliationFactory, PersonFactory

    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    event = EventFactory(center=center_a, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    for n in range(16):
        person = PersonFactory(center=center_a)
        AffiliationFactory(person=person, organization__center=center_a)
        came = start + dt.timedelta(minutes=n) if n % 4 else None
        registration = RegistrationFactory(
            event=event, person=person, user=None if n % 2 else UserFactory(), checked_in_at=came
        )
        if came:
            Feedback.objects.create(registration=registration, rating=1 + n % 5)
    client.force_login(staff_a)
    api = f"/api/v1/centers/{center_a.slug}"
    with django_assert_max_num_queries(14):
        page = client.get(_c("events-registrations", center_a, pk=event.pk))
    assert len(page.context["page"].object_list) == 16
    with django_assert_max_num_queries(14):
        page = client.get(_c("events-attendance", center_a, pk=event.pk))
    assert (page.context["attended"], page.context["total"]) == (12, 16)
    assert len(page.context["feedback"]) == 12
    with django_assert_max_num_queries(14):
        page = client.get(_c("events-report", center_a))
    assert page.context["report"].attended == 12
    with django_assert_max_num_queries(10):
        listed = client.get(f"{api}/events/{event.pk}/registrations?page_size=50")
    assert listed.status_code == 200 and len(listed.json()["items"]) == 16
    with django_assert_max_num_queries(10):
        report = client.get(f"{api}/event-reports/attendance")
    assert report.json()["no_show"] == 4
