"""Reads for the people directory and introductions: only what each person chose to show.

Directory rule (for every viewer, staff included): a person is listed in center C's directory
when their profile's visibility is `center` and they belong to C, or `network` and they belong
to C or to a center sharing a network with C. Hidden people (and people without a profile)
are listed nowhere, except to themselves.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center
from markaz.core.search import text_filter
from markaz.networking.models import (
    OPEN_STATES,
    Introduction,
    IntroductionState,
    NetworkingProfile,
    Visibility,
)
from markaz.networking.permissions import can_broker, can_use_directory
from markaz.stakeholders.models import Affiliation, Person


def network_neighbour_ids(center: Center) -> set[int]:
    """Centers sharing a network with `center` (itself excluded)."""
    ids = set(
        Center.objects.filter(networks__centers=center).values_list("pk", flat=True).distinct()
    )
    ids.discard(center.pk)
    return ids


def listed_q(center: Center, neighbours: set[int] | None = None) -> Q:
    """People listed in center's directory, as a Q on Person."""
    neighbours = network_neighbour_ids(center) if neighbours is None else neighbours
    listed = Q(center=center, networking_profile__visibility__in=[
        Visibility.CENTER, Visibility.NETWORK])  # fmt: skip
    if neighbours:
        listed |= Q(center_id__in=neighbours, networking_profile__visibility=Visibility.NETWORK)
    return listed


def directory_for(scope: AccessScope, center: Center) -> QuerySet[Person]:
    if not can_use_directory(scope, center):
        return Person.objects.none()
    visible = listed_q(center)
    if scope.person_id is not None:
        visible |= Q(pk=scope.person_id, center=center)
    return (
        Person.objects.filter(visible)
        .select_related("center", "networking_profile")
        .prefetch_related(
            "networking_profile__sdg_goals",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organization"),
            ),
        )
    )


def search_directory(
    scope: AccessScope,
    center: Center,
    *,
    q: str = "",
    sector: str = "",
    sdg: int | None = None,
    expertise: str = "",
) -> QuerySet[Person]:
    qs = directory_for(scope, center)
    if q:
        qs = qs.filter(
            text_filter(
                q, "name_en", "name_ar", "bio_en", "bio_ar", "networking_profile__headline_en",
                "networking_profile__headline_ar", "networking_profile__expertise",
                "networking_profile__interests",
            )
        )  # fmt: skip
    if sector:
        qs = qs.filter(affiliations__organization__sector=sector)
    if sdg:
        qs = qs.filter(networking_profile__sdg_goals=sdg)
    if expertise:
        qs = qs.filter(networking_profile__expertise__icontains=expertise.strip())
    return qs.distinct()


def get_listed_person(scope: AccessScope, center: Center, pk: int) -> Person:
    return get_visible(directory_for(scope, center), pk=pk)


def visible_person_ids(scope: AccessScope, center: Center) -> set[int]:
    """Ids of the center's own people the viewer may see in the graph (listed, or themself)."""
    if not can_use_directory(scope, center):
        return set()
    q = Q(center=center, networking_profile__visibility__in=[
        Visibility.CENTER, Visibility.NETWORK])  # fmt: skip
    if scope.person_id is not None:
        q |= Q(pk=scope.person_id, center=center)
    return set(Person.objects.filter(q).values_list("pk", flat=True))


def profile_of(person: Person) -> NetworkingProfile | None:
    return NetworkingProfile.objects.filter(person=person).prefetch_related("sdg_goals").first()


def own_person_in(scope: AccessScope, center: Center) -> Person | None:
    """The viewer's own person record, if they have one and a role in the center."""
    if scope.person_id is None or not can_use_directory(scope, center):
        return None
    return Person.objects.select_related("center").filter(pk=scope.person_id).first()


def ventures_of(scope: AccessScope, center: Center, person: Person):
    """The person's ventures (team membership) that the viewer may see."""
    from markaz.ventures.selectors import ventures_for

    return ventures_for(scope, center).filter(team__person=person)


def introductions_for(scope: AccessScope, center: Center) -> QuerySet[Introduction]:
    """Staff see the center's introductions; people see those they are a party to."""
    qs = Introduction.objects.select_related(
        "requester", "target", "requester__center", "target__center", "center"
    )
    if not scope.has_role(center):
        return qs.none()
    mine = Q(requester_id=scope.person_id) | Q(target_id=scope.person_id)
    own_center = Q(center=center)
    if can_broker(scope, center):
        return qs.filter(own_center | (mine & Q(target__center=center)))
    if scope.person_id is None:
        return qs.none()
    return qs.filter(mine & (own_center | Q(target__center=center)))


def get_introduction_for(scope: AccessScope, center: Center, pk: int) -> Introduction:
    return get_visible(introductions_for(scope, center), pk=pk)


def open_between(a: Person, b: Person) -> QuerySet[Introduction]:
    return Introduction.objects.filter(
        Q(requester=a, target=b) | Q(requester=b, target=a),
        state__in=OPEN_STATES,
        expires_at__gt=timezone.now(),
    )


def overdue_introductions(now=None) -> QuerySet[Introduction]:
    return Introduction.objects.filter(
        state__in=OPEN_STATES, expires_at__lte=now or timezone.now()
    ).exclude(state=IntroductionState.INTRODUCED)
