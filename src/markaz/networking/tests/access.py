"""Networking's part of the core access matrices (see markaz.core.tests.access_plugins)."""

from __future__ import annotations

PAGE_PK_PREFIXES = [
    ("networking-person", "listed_person_b"),
    ("networking-introduction", "introduction_b"),
]
API_OBJECT_FOR = {"introduction_id": "introduction_b"}


def objects_b(center_b, objects: dict) -> dict:
    """A listed person of center B and an open introduction between two of B's people."""
    from datetime import timedelta

    from django.utils import timezone

    from markaz.networking.models import Introduction, NetworkingProfile
    from markaz.stakeholders.factories import PersonFactory

    listed = PersonFactory(center=center_b, name_en="Listed Person B")
    NetworkingProfile.objects.create(person=listed, visibility="network")
    other = objects.get("person_b") or PersonFactory(center=center_b, name_en="Other B")
    NetworkingProfile.objects.get_or_create(person=other, defaults={"visibility": "center"})
    intro = Introduction.objects.create(
        center=center_b,
        requester=other,
        target=listed,
        requester_accepted_at=timezone.now(),
        state="accepted_one",
        expires_at=timezone.now() + timedelta(days=30),
    )
    return {"listed_person_b": listed, "introduction_b": intro}


def api_body(operation: str, objects: dict) -> dict:
    if operation == "update_networking_profile":
        return {"visibility": "network", "expertise": ["Planted"]}
    if operation in ("request_introduction", "propose_introduction"):
        return {"target": objects["listed_person_b"].pk, "requester": objects["person_b"].pk}
    return {}


def state_of_b(center_b) -> dict:
    from markaz.networking.models import Introduction, NetworkingProfile

    return {
        "networking_profiles": list(
            NetworkingProfile.objects.filter(person__center=center_b)
            .order_by("pk")
            .values_list("pk", "visibility", "expertise")
        ),
        "introductions": list(
            Introduction.objects.filter(center=center_b)
            .order_by("pk")
            .values_list("pk", "state", "requester_accepted_at", "target_accepted_at")
        ),
    }
