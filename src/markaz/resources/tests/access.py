"""What resources adds to the access matrices (see markaz.core.tests.access_plugins)."""

from __future__ import annotations

PAGE_PK_PREFIXES = [
    ("resources-item", "resource_b"),
    ("resources-booking", "booking_b"),
    ("resources-service", "service_request_b"),
]
API_OBJECT_FOR = {
    "resource_id": "resource_b",
    "booking_id": "booking_b",
    "service_request_id": "service_request_b",
}


def objects_b(center_b, objects: dict) -> dict:
    from markaz.resources.factories import BookingFactory, ResourceFactory, ServiceRequestFactory

    room = ResourceFactory(center=center_b, name_en="Baobab private room")
    service = ResourceFactory(
        center=center_b,
        kind="service",
        is_bookable=False,
        owner=objects["org_b"],
        name_en="Baobab advice",
    )
    return {
        "resource_b": room,
        "booking_b": BookingFactory(resource=room, venture=objects["venture_b"], status="pending"),
        "service_request_b": ServiceRequestFactory(
            resource=service, venture=objects["venture_b"], status="accepted"
        ),
    }


def api_body(operation: str, objects: dict) -> dict:
    """Only for this app's writes: other apps' bodies share the same dictionary."""
    venture = objects["venture_b"].pk
    return {
        "create_resource": {"kind": "room"},
        "create_booking": {
            "venture": venture,
            "starts_at": "2030-06-03T09:00:00+03:00",
            "ends_at": "2030-06-03T10:00:00+03:00",
        },
        "decide_booking": {"approve": True},
        "create_service_request": {"venture": venture, "need": "Planted"},
        "respond_to_service_request": {"accept": True},
        "deliver_service_request": {"delivery_note": "Planted"},
        "log_service_hours": {"worked_on": "2026-06-01", "hours": "2"},
    }.get(operation, {})


def state_of_b(center_b) -> dict:
    return {
        "resources": list(center_b.resources.values_list("pk", "name_en", "capacity")),
        "bookings": list(center_b.bookings.values_list("pk", "status", "starts_at")),
        "service_requests": list(center_b.service_requests.values_list("pk", "status")),
        "service_hours": list(center_b.service_requests.values_list("hours__pk")),
    }
