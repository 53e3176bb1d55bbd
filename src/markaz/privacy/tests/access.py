"""Privacy's part of the core access matrices (see markaz.core.tests.access_plugins)."""

from __future__ import annotations

PAGE_PK_PREFIXES = [("privacy-erasure-request", "erasure_request_b")]
API_OBJECT_FOR = {"erasure_request_id": "erasure_request_b"}


def objects_b(center_b, objects: dict) -> dict:
    """A waiting erasure request of a member of center B."""
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership
    from markaz.privacy.models import ErasureRequest

    user = UserFactory(username="leaving_b", email="leaving_b@example.org")
    Membership.objects.create(user=user, center=center_b, role="innovator")
    request = ErasureRequest.objects.create(user=user)
    request.centers.add(center_b)
    return {"erasure_request_b": request}


def api_body(operation: str, objects: dict) -> dict:
    if operation == "decide_erasure_request":
        return {"decision": "confirm"}
    return {}


def state_of_b(center_b) -> dict:
    from markaz.privacy.models import ErasureRequest

    return {
        "erasure_requests": list(
            ErasureRequest.objects.filter(centers=center_b)
            .order_by("pk")
            .values_list("pk", "status", "user__is_active", "user__username")
        )
    }
