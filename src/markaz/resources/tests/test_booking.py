"""Booking rules: no double booking, opening hours in the item's time zone (DST included),
capacity, weekly quotas, approval, cancellation and eligibility explained."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.resources import availability, services
from markaz.resources.models import Booking

UTC = dt.UTC
AMMAN = dt.timezone(dt.timedelta(hours=3))


def at(day: int, hour: int, minute: int = 0, tz=AMMAN) -> dt.datetime:
    """June 2030 (the 3rd is a Monday), in Amman time by default."""
    return dt.datetime(2030, 6, day, hour, minute, tzinfo=tz)


def book(user, resource, venture, start, end, **kw):
    return services.create_booking(
        scope=scope_for(user),
        resource=resource,
        venture=venture,
        starts_at=start,
        ends_at=end,
        **kw,
    )


def test_a_booking_is_stored_in_utc_and_confirmed_at_once(innovator_a, room_a, venture_a):
    booking = book(innovator_a, room_a, venture_a, at(3, 9), at(3, 11), purpose="Team retreat")
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert booking.starts_at == dt.datetime(2030, 6, 3, 6, 0, tzinfo=UTC)
    assert booking.local_start().hour == 9
    assert AuditEntry.objects.filter(action="resources.booking.created").count() == 1


def test_an_overlapping_booking_of_the_same_room_is_refused_whatever_the_offset(
    innovator_a, staff_a, room_a, venture_a
):
    book(innovator_a, room_a, venture_a, at(3, 9), at(3, 11))
    # The same instant written in UTC: 07:00Z is 10:00 in Amman, inside the first booking.
    with pytest.raises(ValidationError, match="already booked"):
        book(staff_a, room_a, venture_a, at(3, 7, tz=UTC), at(3, 8, tz=UTC))
    assert Booking.objects.filter(resource=room_a).count() == 1


def test_back_to_back_bookings_do_not_conflict(innovator_a, room_a, venture_a):
    book(innovator_a, room_a, venture_a, at(3, 9), at(3, 10))
    book(innovator_a, room_a, venture_a, at(3, 10), at(3, 11))
    assert Booking.objects.filter(resource=room_a, status="confirmed").count() == 2


def test_the_database_itself_refuses_an_overlap_that_skips_the_service(room_a, venture_a):
    common = {"center": room_a.center, "resource": room_a, "venture": venture_a}
    Booking.objects.create(**common, starts_at=at(4, 9), ends_at=at(4, 11))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(**common, starts_at=at(4, 10), ends_at=at(4, 12))
    # A cancelled or declined booking holds no time.
    Booking.objects.create(**common, starts_at=at(4, 10), ends_at=at(4, 12), status="cancelled")
    assert Booking.objects.filter(resource=room_a).count() == 2


def test_a_booking_outside_opening_hours_is_refused_with_the_local_times(
    innovator_a, room_a, venture_a
):
    with pytest.raises(ValidationError) as refused:
        book(innovator_a, room_a, venture_a, at(3, 19), at(3, 21))
    assert "Outside opening hours" in str(refused.value)
    assert "19:00–21:00" in str(refused.value)
    with pytest.raises(ValidationError, match="grid"):
        book(innovator_a, room_a, venture_a, at(3, 9, 30), at(3, 10, 30))
    with pytest.raises(ValidationError, match="passed"):
        book(
            innovator_a,
            room_a,
            venture_a,
            at(3, 9).replace(year=2020),
            at(3, 10).replace(year=2020),
        )
    assert not Booking.objects.exists()


def test_opening_hours_follow_daylight_saving_in_the_items_time_zone(staff_a, center_a, venture_a):
    berlin = services.create_resource(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "kind": "room", "name_en": "Berlin studio", "is_bookable": True,
            "timezone": "Europe/Berlin",
            "opening_hours": {str(d): [["08:00", "18:00"]] for d in range(7)},
        },
    )  # fmt: skip
    # Clocks go forward on Sunday 31 March 2030: 08:00 is 07:00Z before, 06:00Z after.
    before = book(staff_a, berlin, venture_a, dt.datetime(2030, 3, 30, 7, tzinfo=UTC),
                  dt.datetime(2030, 3, 30, 8, tzinfo=UTC))  # fmt: skip
    after = book(staff_a, berlin, venture_a, dt.datetime(2030, 4, 1, 6, tzinfo=UTC),
                 dt.datetime(2030, 4, 1, 7, tzinfo=UTC))  # fmt: skip
    assert before.local_start().hour == after.local_start().hour == 8
    with pytest.raises(ValidationError, match="Outside opening hours"):
        book(staff_a, berlin, venture_a, dt.datetime(2030, 3, 30, 6, tzinfo=UTC),
             dt.datetime(2030, 3, 30, 7, tzinfo=UTC))  # fmt: skip
    # 02:30 does not exist on the morning the clocks go forward.
    with pytest.raises(ValueError, match="does not exist"):
        availability.local_to_utc("Europe/Berlin", dt.date(2030, 3, 31), dt.time(2, 30))


def test_the_hour_that_happens_twice_in_autumn_holds_two_separate_bookings(
    staff_a, center_a, venture_a
):
    night = services.create_resource(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "kind": "equipment", "name_en": "Night kiln", "is_bookable": True,
            "timezone": "Europe/Berlin", "opening_hours": {"6": [["00:00", "06:00"]]},
        },
    )  # fmt: skip
    # Sunday 27 October 2030: 02:00–03:00 local happens at 00:00Z (CEST) and at 01:00Z (CET).
    first = book(staff_a, night, venture_a, dt.datetime(2030, 10, 27, 0, tzinfo=UTC),
                 dt.datetime(2030, 10, 27, 1, tzinfo=UTC))  # fmt: skip
    second = book(staff_a, night, venture_a, dt.datetime(2030, 10, 27, 1, tzinfo=UTC),
                  dt.datetime(2030, 10, 27, 2, tzinfo=UTC))  # fmt: skip
    assert first.local_start().strftime("%H:%M") == second.local_start().strftime("%H:%M")
    with pytest.raises(ValidationError, match="already booked"):
        book(staff_a, night, venture_a, dt.datetime(2030, 10, 27, 0, tzinfo=UTC),
             dt.datetime(2030, 10, 27, 2, tzinfo=UTC))  # fmt: skip


def test_shared_equipment_takes_bookings_up_to_its_capacity(
    innovator_a, staff_a, printer_a, venture_a
):
    from markaz.ventures.factories import VentureFactory

    other = VentureFactory(center=printer_a.center, name_en="Second venture")
    book(innovator_a, printer_a, venture_a, at(5, 9), at(5, 10), units=2)
    book(staff_a, printer_a, other, at(5, 9, 30), at(5, 10, 30), units=1)
    with pytest.raises(ValidationError, match="Only 0 of 3 units"):
        book(staff_a, printer_a, other, at(5, 9, 30), at(5, 10), units=1)
    book(staff_a, printer_a, other, at(5, 10), at(5, 10, 30), units=2)  # 1 left in use at 10:00
    with pytest.raises(ValidationError, match="between 1 and 3"):
        book(staff_a, printer_a, other, at(5, 11), at(5, 12), units=4)


def test_the_weekly_quota_counts_the_local_week_of_the_venture(innovator_a, printer_a, venture_a):
    book(innovator_a, printer_a, venture_a, at(3, 9), at(3, 12))  # Monday, 3 h
    book(innovator_a, printer_a, venture_a, at(9, 9), at(9, 10))  # Sunday, 1 h: 4 h used
    with pytest.raises(ValidationError, match="Weekly quota reached"):
        book(innovator_a, printer_a, venture_a, at(9, 11), at(9, 11, 30))
    book(innovator_a, printer_a, venture_a, at(10, 9), at(10, 13))  # next Monday: a new week


def test_approval_flow_holds_the_slot_while_pending_and_frees_it_when_declined(
    innovator_a, staff_a, room_a, venture_a
):
    services.update_resource(
        scope=scope_for(staff_a), resource=room_a, data={"requires_approval": True}
    )
    room_a.refresh_from_db()
    pending = book(innovator_a, room_a, venture_a, at(6, 9), at(6, 10))
    assert pending.status == "pending"
    with pytest.raises(ValidationError, match="already booked"):
        book(staff_a, room_a, venture_a, at(6, 9), at(6, 10))
    with pytest.raises(PermissionDenied):
        services.decide_booking(scope=scope_for(innovator_a), booking=pending, approve=True)
    declined = services.decide_booking(
        scope=scope_for(staff_a), booking=pending, approve=False, note="Closed for cleaning"
    )
    assert declined.status == "declined" and declined.decided_by == staff_a
    with pytest.raises(ValidationError, match="awaiting approval"):
        services.decide_booking(scope=scope_for(staff_a), booking=declined, approve=True)
    again = book(innovator_a, room_a, venture_a, at(6, 9), at(6, 10))
    confirmed = services.decide_booking(scope=scope_for(staff_a), booking=again, approve=True)
    assert confirmed.status == "confirmed"


def test_cancelling_frees_the_slot_and_only_the_team_or_staff_may_cancel(
    innovator_a, mentor_a, room_a, venture_a
):
    booking = book(innovator_a, room_a, venture_a, at(7, 9), at(7, 10))
    with pytest.raises(PermissionDenied):
        services.cancel_booking(scope=scope_for(mentor_a), booking=booking)
    services.cancel_booking(scope=scope_for(innovator_a), booking=booking)
    with pytest.raises(ValidationError, match="upcoming"):
        services.cancel_booking(scope=scope_for(innovator_a), booking=booking)
    assert book(innovator_a, room_a, venture_a, at(7, 9), at(7, 10)).status == "confirmed"


def test_only_people_who_manage_the_venture_book_for_it(mentor_a, room_a, venture_a):
    with pytest.raises(PermissionDenied):
        book(mentor_a, room_a, venture_a, at(3, 9), at(3, 10))


def test_an_ineligible_venture_is_told_why(innovator_a, staff_a, room_a, venture_a):
    venture_a.stage = "idea"
    venture_a.save()
    services.update_resource(
        scope=scope_for(staff_a),
        resource=room_a,
        data={"eligibility": {"stages": ["pilot", "scaling"], "public": True}},
    )
    room_a.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        book(innovator_a, room_a, venture_a, at(3, 9), at(3, 10))
    text = " ".join(refused.value.messages)
    assert "Pilot, Scaling" in text and "public profile" in text
    venture_a.stage, venture_a.is_public = "pilot", True
    venture_a.save()
    assert book(innovator_a, room_a, venture_a, at(3, 9), at(3, 10)).status == "confirmed"


def test_a_cohort_rule_admits_the_cohorts_ventures_only(
    innovator_a, staff_a, room_a, venture_a, center_a
):
    from markaz.programs.factories import ProgramFactory
    from markaz.programs.models import Cohort, CohortMember

    program = ProgramFactory(center=center_a)
    cohort = Cohort.objects.create(center=center_a, program=program, name_en="Spring cohort")
    services.update_resource(
        scope=scope_for(staff_a), resource=room_a, data={"eligibility": {"cohorts": [cohort.pk]}}
    )
    room_a.refresh_from_db()
    with pytest.raises(ValidationError, match="cohorts"):
        book(innovator_a, room_a, venture_a, at(3, 9), at(3, 10))
    CohortMember.objects.create(cohort=cohort, venture=venture_a)
    assert book(innovator_a, room_a, venture_a, at(3, 9), at(3, 10)).status == "confirmed"


def test_malformed_rules_and_hours_are_refused_when_saving_an_item(staff_a, center_a):
    with pytest.raises(ValidationError) as refused:
        services.create_resource(
            scope=scope_for(staff_a),
            center=center_a,
            data={
                "kind": "room", "name_en": "Bad", "is_bookable": True, "timezone": "Mars/Base",
                "opening_hours": {"0": [["18:00", "09:00"]]}, "eligibility": {"zodiac": ["leo"]},
            },
        )  # fmt: skip
    assert set(refused.value.message_dict) >= {"timezone", "opening_hours", "eligibility"}


def test_the_week_grid_shows_free_and_taken_slots_in_local_time(innovator_a, room_a, venture_a):
    from markaz.resources import weekgrid

    book(innovator_a, room_a, venture_a, at(3, 9), at(3, 10))
    monday, days = weekgrid.week(room_a, dt.date(2030, 6, 5))
    assert monday == dt.date(2030, 6, 3)
    slots = {s.local_label: s.free_units for s in days[0][1]}
    assert len(days) == 7 and len(slots) == 12
    assert slots["09:00"] == 0 and slots["10:00"] == 1
