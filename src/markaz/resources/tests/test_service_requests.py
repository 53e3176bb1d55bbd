"""Service requests to partners: request → accept/decline → deliver → hours, and the report."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from markaz.core.access import scope_for
from markaz.resources import reports, services
from markaz.resources.models import Booking


def _request(innovator_a, legal_service_a, venture_a):
    return services.create_service_request(
        scope=scope_for(innovator_a),
        resource=legal_service_a,
        venture=venture_a,
        need="Register as a non-profit company.",
    )


def test_a_partner_accepts_delivers_and_logs_hours(
    innovator_a,
    partner_a,
    legal_service_a,
    venture_a,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        req = _request(innovator_a, legal_service_a, venture_a)
    assert [m.to for m in mailoutbox] == [[partner_a.email]]
    assert "Company registration advice" in mailoutbox[0].subject
    assert (req.status, req.provider) == ("requested", legal_service_a.owner)
    partner = scope_for(partner_a)
    with django_capture_on_commit_callbacks(execute=True):
        req = services.respond_to_service_request(
            scope=partner, request=req, accept=True, note="Yes"
        )
    assert mailoutbox[-1].to == [innovator_a.email] and "accepted" in mailoutbox[-1].subject
    today = timezone.localdate()
    services.log_service_hours(scope=partner, request=req, worked_on=today, hours="2.5")
    req = services.deliver_service_request(scope=partner, request=req, note="Papers filed.")
    services.log_service_hours(scope=partner, request=req, worked_on=today, hours=1)
    assert req.status == "delivered"
    assert services.hours_of(req) == Decimal("3.5")


def test_transitions_out_of_order_are_refused_and_explained(
    innovator_a, partner_a, staff_a, legal_service_a, venture_a
):
    req = _request(innovator_a, legal_service_a, venture_a)
    partner = scope_for(partner_a)
    with pytest.raises(ValidationError, match="Not possible while the request is"):
        services.deliver_service_request(scope=partner, request=req, note="Too early")
    with pytest.raises(ValidationError):
        services.log_service_hours(
            scope=partner, request=req, worked_on=timezone.localdate(), hours=1
        )
    declined = services.respond_to_service_request(
        scope=scope_for(staff_a), request=req, accept=False, note="Fully booked"
    )
    assert declined.status == "declined"
    with pytest.raises(ValidationError):
        services.respond_to_service_request(scope=partner, request=declined, accept=True)


def test_people_outside_the_partner_organization_cannot_act_on_its_requests(
    innovator_a, mentor_a, funder_a, legal_service_a, venture_a
):
    req = _request(innovator_a, legal_service_a, venture_a)
    for user in (innovator_a, mentor_a, funder_a):
        with pytest.raises(PermissionDenied):
            services.respond_to_service_request(scope=scope_for(user), request=req, accept=True)


def test_hours_must_be_real_days_and_amounts(innovator_a, partner_a, legal_service_a, venture_a):
    partner = scope_for(partner_a)
    req = services.respond_to_service_request(
        scope=partner, request=_request(innovator_a, legal_service_a, venture_a), accept=True
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="today or a past day"):
        services.log_service_hours(scope=partner, request=req, worked_on=tomorrow, hours=1)
    with pytest.raises(ValidationError):
        services.log_service_hours(
            scope=partner, request=req, worked_on=timezone.localdate(), hours=30
        )
    assert services.hours_of(req) == 0


def test_the_team_may_withdraw_an_open_request(innovator_a, legal_service_a, venture_a):
    req = _request(innovator_a, legal_service_a, venture_a)
    req = services.withdraw_service_request(scope=scope_for(innovator_a), request=req)
    assert req.status == "withdrawn"
    with pytest.raises(ValidationError, match="open requests"):
        services.withdraw_service_request(scope=scope_for(innovator_a), request=req)


def test_only_partner_services_can_be_requested(innovator_a, room_a, venture_a):
    with pytest.raises(ValidationError, match="pro-bono services"):
        services.create_service_request(
            scope=scope_for(innovator_a), resource=room_a, venture=venture_a, need="A room"
        )


def test_the_report_shows_ventures_items_and_hours_by_partner_and_sector(
    innovator_a, partner_a, legal_service_a, room_a, venture_a
):
    req = services.respond_to_service_request(
        scope=scope_for(partner_a),
        request=_request(innovator_a, legal_service_a, venture_a),
        accept=True,
    )
    today = timezone.localdate()
    services.log_service_hours(scope=scope_for(partner_a), request=req, worked_on=today, hours=3)
    now = timezone.now().replace(microsecond=0)
    Booking.objects.create(
        center=room_a.center, resource=room_a, venture=venture_a,
        starts_at=now - dt.timedelta(hours=3), ends_at=now - dt.timedelta(hours=1),
    )  # fmt: skip
    data = reports.usage_report(room_a.center, today - dt.timedelta(days=30), today)
    assert data["total_booked_hours"] == 2.0
    assert data["total_service_hours"] == 3.0
    assert data["by_venture"][0]["label"] == "Clean Water Kiosks"
    assert data["by_venture"][0]["requests"] == 1
    assert data["by_resource"][0]["booked_hours"] == 2.0
    assert [(r["label"], r["service_hours"]) for r in data["by_partner"]] == [
        ("Qanun Law Partners", 3.0)
    ]
    assert [(r["key"], r["service_hours"]) for r in data["by_sector"]] == [("private", 3.0)]
    assert data["service_value"] == {"USD": Decimal("240.00")}
