"""Registrations, the waitlist, approvals, check-in, feedback and scheduled mail."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from markaz.cli import main
from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.events import services
from markaz.events.factories import EventFactory, QuestionFactory
from markaz.events.models import Registration


def _user(name, center, role="innovator", lang="en"):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership

    user = UserFactory(username=name, email=f"{name}@example.org", preferred_language=lang)
    Membership.objects.create(user=user, center=center, role=role)
    return user


def _register(user, event, answers=None):
    return services.register(scope=scope_for(user), event=event, answers=answers or {})


def _statuses(event):
    regs = Registration.objects.filter(event=event).order_by("id")
    return [(r.user.username, r.status) for r in regs]


@pytest.fixture
def crowd(center_a):
    return [_user(f"member{n}", center_a) for n in range(5)]


def test_places_are_confirmed_until_full_then_people_wait_in_order(event_a, crowd):
    for user in crowd[:4]:
        _register(user, event_a)
    assert [s for _u, s in _statuses(event_a)] == [
        "confirmed", "confirmed", "waitlisted", "waitlisted",
    ]  # fmt: skip


def test_a_cancellation_promotes_the_first_in_line_in_the_same_transaction(
    event_a, crowd, django_capture_on_commit_callbacks
):
    regs = [_register(u, event_a) for u in crowd[:4]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(scope=scope_for(crowd[0]), registration=regs[0])
    assert _statuses(event_a) == [
        ("member0", "cancelled"), ("member1", "confirmed"),
        ("member2", "confirmed"), ("member3", "waitlisted"),
    ]  # fmt: skip
    assert [m.to for m in mail.outbox] == [["member2@example.org"]]
    assert "A place opened up" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="events.registration.promoted").count() == 1


def test_waitlist_order_is_first_come_first_served_across_several_cancellations(event_a, crowd):
    regs = [_register(u, event_a) for u in crowd]
    services.cancel_registration(scope=scope_for(crowd[1]), registration=regs[1])
    services.cancel_registration(scope=scope_for(crowd[0]), registration=regs[0])
    confirmed = Registration.objects.filter(event=event_a, status="confirmed")
    assert sorted(r.user.username for r in confirmed) == ["member2", "member3"]
    assert Registration.objects.get(user=crowd[4], event=event_a).status == "waitlisted"


def test_raising_the_capacity_promotes_from_the_waitlist(event_a, crowd, staff_a):
    for user in crowd[:4]:
        _register(user, event_a)
    services.update_event(scope=scope_for(staff_a), event=event_a, data={"capacity": 3})
    assert [s for _u, s in _statuses(event_a)].count("confirmed") == 3


def test_nobody_registers_twice_and_closed_events_refuse(event_a, crowd):
    _register(crowd[0], event_a)
    with pytest.raises(ValidationError, match="already registered"):
        _register(crowd[0], event_a)
    event_a.registration_open = False
    event_a.save()
    with pytest.raises(ValidationError, match="closed"):
        _register(crowd[1], event_a)


def test_people_of_another_center_cannot_register_for_a_members_only_event(event_a, outsider):
    with pytest.raises(PermissionDenied):
        _register(outsider, event_a)
    assert not Registration.objects.exists()


def test_anyone_signed_in_may_register_for_a_public_event(webinar_a, stranger):
    assert _register(stranger, webinar_a).status == "confirmed"


def test_approval_events_wait_for_staff_who_approve_or_decline(
    center_a, crowd, staff_a, django_capture_on_commit_callbacks
):
    event = EventFactory(center=center_a, requires_approval=True, capacity=1)
    first, second, third = (_register(u, event) for u in crowd[:3])
    assert {first.status, second.status, third.status} == {"pending"}
    staff = scope_for(staff_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_registration(scope=staff, registration=first, approve=True)
        services.decide_registration(scope=staff, registration=second, approve=True)
        services.decide_registration(scope=staff, registration=third, approve=False)
    assert [s for _u, s in _statuses(event)] == ["confirmed", "waitlisted", "declined"]
    subjects = [m.subject for m in mail.outbox]
    assert subjects[0].startswith("Registration approved")
    assert subjects[1].startswith("You are on the waitlist")
    assert subjects[2].startswith("Registration not accepted")
    with pytest.raises(ValidationError):
        services.decide_registration(scope=staff, registration=first, approve=False)


def test_only_staff_decide_registrations(center_a, crowd):
    event = EventFactory(center=center_a, requires_approval=True)
    registration = _register(crowd[0], event)
    with pytest.raises(PermissionDenied):
        services.decide_registration(
            scope=scope_for(crowd[1]), registration=registration, approve=True
        )


def test_answers_are_validated_by_type(event_a, crowd):
    text = QuestionFactory(event=event_a, kind="text", required=True)
    choice = QuestionFactory(event=event_a, kind="choice", choices=["Tea", "Coffee"])
    yes_no = QuestionFactory(event=event_a, kind="yes_no")
    with pytest.raises(ValidationError) as caught:
        _register(crowd[0], event_a, {str(choice.pk): "Juice", str(yes_no.pk): "maybe"})
    assert set(caught.value.message_dict) == {f"q{text.pk}", f"q{choice.pk}", f"q{yes_no.pk}"}
    with pytest.raises(ValidationError):
        _register(crowd[0], event_a, {str(text.pk): "Hi", "99999": "extra"})
    assert not Registration.objects.exists()
    registration = _register(
        crowd[0], event_a, {str(text.pk): " Hello ", str(choice.pk): "Tea", str(yes_no.pk): "yes"}
    )
    assert registration.answers == {
        str(text.pk): "Hello",
        str(choice.pk): "Tea",
        str(yes_no.pk): True,
    }


def test_a_choice_question_needs_two_choices(event_a, staff_a):
    with pytest.raises(ValidationError):
        services.add_question(
            scope=scope_for(staff_a),
            event=event_a,
            data={"kind": "choice", "label_en": "Diet", "choices": "Vegan"},
        )


def test_check_in_is_idempotent_and_refuses_other_events_codes(
    event_a, webinar_a, event_b, registration_b, crowd, staff_a
):
    mine = _register(crowd[0], event_a)
    other = _register(crowd[1], webinar_a)
    staff = scope_for(staff_a)
    registration, already = services.check_in(scope=staff, event=event_a, code=mine.ticket_code)
    assert (registration.pk, already) == (mine.pk, False)
    again, already = services.check_in(scope=staff, event=event_a, code=mine.ticket_code)
    assert already and again.checked_in_at == registration.checked_in_at
    assert AuditEntry.objects.filter(action="events.registration.checked_in").count() == 1
    for code in (other.ticket_code, registration_b.ticket_code, "made-up", ""):
        with pytest.raises(ValidationError, match="not a ticket for this event"):
            services.check_in(scope=staff, event=event_a, code=code)
    other.refresh_from_db()
    registration_b.refresh_from_db()
    assert other.checked_in_at is None and registration_b.checked_in_at is None


def test_outsiders_cannot_check_in_at_another_centers_event(event_a, crowd, outsider):
    mine = _register(crowd[0], event_a)
    with pytest.raises(PermissionDenied):
        services.check_in(scope=scope_for(outsider), event=event_a, code=mine.ticket_code)


def test_waitlisted_tickets_do_not_check_in(event_a, crowd, staff_a):
    regs = [_register(u, event_a) for u in crowd[:3]]
    with pytest.raises(ValidationError, match="not confirmed"):
        services.check_in(scope=scope_for(staff_a), event=event_a, code=regs[2].ticket_code)


def test_checked_in_registrations_cannot_be_cancelled(event_a, crowd, staff_a):
    mine = _register(crowd[0], event_a)
    services.check_in(scope=scope_for(staff_a), event=event_a, code=mine.ticket_code)
    mine.refresh_from_db()
    with pytest.raises(ValidationError):
        services.cancel_registration(scope=scope_for(crowd[0]), registration=mine)


def test_others_cannot_cancel_my_registration(event_a, crowd):
    mine = _register(crowd[0], event_a)
    with pytest.raises(PermissionDenied):
        services.cancel_registration(scope=scope_for(crowd[1]), registration=mine)


def test_feedback_is_for_attendees_once(event_a, crowd, staff_a):
    came, absent = _register(crowd[0], event_a), _register(crowd[1], event_a)
    services.check_in(scope=scope_for(staff_a), event=event_a, code=came.ticket_code)
    came.refresh_from_db()
    event_a.starts_at = event_a.starts_at - dt.timedelta(days=30)
    event_a.ends_at = event_a.starts_at + dt.timedelta(hours=2)
    event_a.save()
    came.refresh_from_db()
    with pytest.raises(ValidationError):
        services.submit_feedback(scope=scope_for(crowd[0]), registration=came, rating=6)
    services.submit_feedback(
        scope=scope_for(crowd[0]), registration=came, rating=5, comment="Great"
    )
    came.refresh_from_db()
    with pytest.raises(ValidationError, match="already"):
        services.submit_feedback(scope=scope_for(crowd[0]), registration=came, rating=4)
    absent.refresh_from_db()
    with pytest.raises(ValidationError):
        services.submit_feedback(scope=scope_for(crowd[1]), registration=absent, rating=4)
    with pytest.raises(PermissionDenied):
        services.submit_feedback(scope=scope_for(crowd[1]), registration=came, rating=1)


def test_confirmation_mail_is_in_the_registrants_language_with_the_invite(
    center_a, webinar_a, django_capture_on_commit_callbacks
):
    arabic = _user("layla", center_a, lang="ar")
    english = _user("tom", center_a, lang="en")
    with django_capture_on_commit_callbacks(execute=True):
        _register(arabic, webinar_a)
        _register(english, webinar_a)
    ar, en = mail.outbox
    assert "ندوة قياس الأثر" in ar.subject and "Impact measurement webinar" in en.subject
    assert "تذكرتك" in ar.body or "رمز" in ar.body
    assert "Your ticket code" in en.body
    assert webinar_a.online_url in en.body  # confirmed: the link is theirs
    name, _content, mimetype = en.attachments[0]
    assert name == "event.ics" and mimetype.startswith("text/calendar")


def test_waitlisted_people_are_not_mailed_the_online_link(
    center_a, webinar_a, crowd, django_capture_on_commit_callbacks
):
    webinar_a.capacity = 1
    webinar_a.save()
    _register(crowd[0], webinar_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _register(crowd[1], webinar_a)
    assert webinar_a.online_url not in mail.outbox[0].body
    assert not mail.outbox[0].attachments


def test_reminders_go_out_once_for_events_starting_soon(
    center_a, crowd, django_capture_on_commit_callbacks
):
    now = dt.datetime.now(dt.UTC)
    soon = EventFactory(center=center_a, starts_at=now + dt.timedelta(hours=5),
                        ends_at=now + dt.timedelta(hours=7))  # fmt: skip
    later = EventFactory(center=center_a, starts_at=now + dt.timedelta(days=3),
                         ends_at=now + dt.timedelta(days=3, hours=2))  # fmt: skip
    _register(crowd[0], soon)
    _register(crowd[1], later)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        main(["events", "remind", "--hours", "24"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(hours=24) == 0
    assert [m.to for m in mail.outbox] == [["member0@example.org"]]
    assert mail.outbox[0].subject.startswith("Reminder")


def test_feedback_requests_go_to_attendees_once(
    center_a, crowd, staff_a, django_capture_on_commit_callbacks
):
    event = EventFactory(center=center_a)
    came, absent = _register(crowd[0], event), _register(crowd[1], event)
    services.check_in(scope=scope_for(staff_a), event=event, code=came.ticket_code)
    after = event.ends_at + dt.timedelta(hours=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_feedback_requests(now=after) == 1
        assert services.send_feedback_requests(now=after) == 0
    assert [m.to for m in mail.outbox] == [["member0@example.org"]]
    assert absent.pk != came.pk


def test_cancelling_an_event_tells_its_registrants_and_marks_it_in_calendars(
    event_a, crowd, staff_a, django_capture_on_commit_callbacks
):
    import icalendar

    from markaz.events.ics import registration_items

    for user in crowd[:3]:
        _register(user, event_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(scope=scope_for(staff_a), event=event_a, data={"is_cancelled": True})
    assert len(mail.outbox) == 3 and mail.outbox[0].subject.startswith("Event cancelled")
    (item,) = list(registration_items(crowd[2]))
    assert isinstance(item, icalendar.Event) and str(item["status"]) == "CANCELLED"


def test_walk_ins_are_recorded_as_attendance_once(event_a, crowd, staff_a, center_a, center_b):
    from markaz.stakeholders.factories import PersonFactory

    guest = PersonFactory(center=center_a, name_en="Walk-in guest")
    staff = scope_for(staff_a)
    for user in crowd[:2]:
        _register(user, event_a)  # full
    first = services.record_walk_in(scope=staff, event=event_a, person=guest)
    again = services.record_walk_in(scope=staff, event=event_a, person=guest)
    assert first.pk == again.pk and first.status == "confirmed" and first.checked_in_at
    assert first.user_id is None and first.display_name == "Walk-in guest"
    with pytest.raises(ValidationError):
        services.record_walk_in(scope=staff, event=event_a, person=PersonFactory(center=center_b))
    with pytest.raises(PermissionDenied):
        services.record_walk_in(scope=scope_for(crowd[0]), event=event_a, person=guest)


def test_a_walk_in_of_a_registered_login_checks_their_registration_in(
    event_a, staff_a, innovator_a
):
    registration = _register(innovator_a, event_a)
    walked = services.record_walk_in(
        scope=scope_for(staff_a), event=event_a, person=innovator_a.person
    )
    assert walked.pk == registration.pk and walked.checked_in_at is not None
