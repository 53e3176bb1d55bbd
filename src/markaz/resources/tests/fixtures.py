"""Resources fixtures: a room, a shared workshop and a partner's pro-bono service in center A
(partner_a speaks for the partner organization), and the same kinds of objects in center B."""

import pytest

from markaz.core.access import scope_for

EVERY_DAY = {str(d): [["08:00", "20:00"]] for d in range(7)}


@pytest.fixture
def partner_org_a(center_a, partner_a):
    from markaz.stakeholders.factories import AffiliationFactory, OrganizationFactory

    org = OrganizationFactory(
        center=center_a, name_en="Qanun Law Partners", name_ar="شركاء قانون", sector="private"
    )
    AffiliationFactory(person=partner_a.person, organization=org)
    return org


@pytest.fixture
def room_a(center_a, staff_a):
    from markaz.resources import services

    return services.create_resource(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "kind": "room",
            "name_en": "Meeting room Petra",
            "name_ar": "قاعة البترا",
            "is_bookable": True,
            "capacity": 1,
            "slot_minutes": 60,
            "timezone": "Asia/Amman",
            "opening_hours": dict(EVERY_DAY),
        },
    )


@pytest.fixture
def printer_a(center_a, staff_a):
    """Three 3D printers booked as units, with a weekly quota of 4 hours per venture."""
    from markaz.resources import services

    return services.create_resource(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "kind": "equipment",
            "name_en": "3D printers",
            "name_ar": "طابعات ثلاثية الأبعاد",
            "is_bookable": True,
            "capacity": 3,
            "slot_minutes": 30,
            "timezone": "Asia/Amman",
            "opening_hours": dict(EVERY_DAY),
            "quota_hours_per_week": 4,
        },
    )


@pytest.fixture
def legal_service_a(center_a, staff_a, partner_org_a):
    from markaz.resources import services

    return services.create_resource(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "kind": "service",
            "service_area": "legal",
            "owner": partner_org_a,
            "name_en": "Company registration advice",
            "name_ar": "استشارة تسجيل الشركات",
            "terms_en": "Up to 10 hours per venture.",
            "terms_ar": "حتى 10 ساعات لكل مشروع.",
            "value_per_hour": 80,
            "currency": "USD",
        },
    )


@pytest.fixture
def resource_b(center_b):
    from markaz.resources.factories import ResourceFactory

    return ResourceFactory(center=center_b, name_en="Baobab private room")


@pytest.fixture
def booking_b(resource_b, venture_b):
    from markaz.resources.factories import BookingFactory

    return BookingFactory(resource=resource_b, venture=venture_b, status="pending")


@pytest.fixture
def service_request_b(center_b, org_b, venture_b):
    from markaz.resources.factories import ResourceFactory, ServiceRequestFactory

    service = ResourceFactory(
        center=center_b, kind="service", is_bookable=False, owner=org_b, name_en="Baobab advice"
    )
    return ServiceRequestFactory(resource=service, venture=venture_b)
