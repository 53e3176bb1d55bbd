"""Reads of privacy records for a user; missing and forbidden are both 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from markaz.core.access import AccessScope, get_visible
from markaz.privacy import permissions as perms
from markaz.privacy.models import Consent, ErasureRequest, ErasureStatus
from markaz.privacy.parts import Subject
from markaz.privacy.registry import PARTS


def subject_of(scope: AccessScope) -> Subject:
    from markaz.stakeholders.models import Person

    if not perms.acts_for_self(scope):
        raise Http404
    person = Person.objects.filter(user_id=scope.user_id).select_related("center").first()
    return Subject(user=scope.user, person=person)


def export_for(scope: AccessScope) -> dict:
    """Everything Markaz holds about the signed-in person, part by part (see registry)."""
    from django.utils import timezone

    subject = subject_of(scope)
    return {
        "format": "markaz-personal-data/1",
        "generated_at": timezone.now().isoformat(),
        "user_id": subject.user.pk,
        "parts": {part.key: part.collect(subject) for part in PARTS},
    }


def summary_for(scope: AccessScope) -> list[tuple[str, int]]:
    """(label, how many items) per part, for the "My data" page."""
    data = export_for(scope)["parts"]

    def size(value) -> int:
        if value is None or value is False:
            return 0
        if isinstance(value, list):
            return len(value)
        if isinstance(value, dict):
            inner = [v for v in value.values() if isinstance(v, list | dict)]
            if inner and len(inner) == len(value):
                return sum(size(v) for v in inner)
            return 1 if any(v not in (None, "", [], {}) for v in value.values()) else 0
        return 1

    return [(part.label, size(data[part.key])) for part in PARTS]


def erasure_requests_of(scope: AccessScope):
    if not scope.is_authenticated:
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.filter(user_id=scope.user_id)


def pending_request_of(scope: AccessScope) -> ErasureRequest | None:
    return erasure_requests_of(scope).filter(status=ErasureStatus.PENDING).first()


def erasure_requests_for(scope: AccessScope, center):
    """Requests of the people of a center (as they were when asking), for its staff."""
    if not perms.can_see_erasure_requests(scope, center):
        return ErasureRequest.objects.none()
    return (
        ErasureRequest.objects.filter(centers=center)
        .select_related("user", "decided_by")
        .order_by("-requested_at", "-id")
    )


def get_erasure_request_for(scope: AccessScope, center, pk: int) -> ErasureRequest:
    return get_visible(erasure_requests_for(scope, center), pk=pk)


def consents_for(scope: AccessScope):
    """Consents the user gave, about themself, or about a venture they manage."""
    if not scope.is_authenticated:
        return Consent.objects.none()
    q = Q(given_by_id=scope.user_id)
    if scope.person_id is not None:
        q |= Q(person_id=scope.person_id)
        q |= Q(venture__team__person_id=scope.person_id, venture__team__can_manage=True)
    qs = Consent.objects.filter(q)
    if scope.token_center_id is not None:
        qs = qs.filter(center_id=scope.token_center_id)
    return qs.distinct().select_related("venture", "person", "center").order_by("-given_at", "-id")


def get_consent_for(scope: AccessScope, pk: int) -> Consent:
    return get_visible(consents_for(scope), pk=pk)
