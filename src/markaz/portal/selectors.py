"""Reads for the public portal: only what anyone may see, reusing each app's public selectors.

A "scope" here is a list of centers: one center, a network's centers, or every center.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.db.models import Count, QuerySet, Sum

from markaz.core.access import get_visible
from markaz.core.models import Center, Network
from markaz.events import selectors as events
from markaz.events.models import Event
from markaz.events.models import Visibility as EventVisibility
from markaz.funding.models import Award
from markaz.knowledge import selectors as knowledge
from markaz.knowledge.models import Entry, EntryType
from markaz.programs import selectors as programs
from markaz.programs.models import Call
from markaz.ventures import selectors as ventures
from markaz.ventures.models import Venture


def networks() -> QuerySet[Network]:
    return Network.objects.annotate(center_count=Count("centers")).order_by("slug")


def centers() -> QuerySet[Center]:
    return Center.objects.order_by("slug")


def get_network(slug: str) -> Network:
    return get_visible(Network.objects.all(), slug=slug)


def get_center(slug: str) -> Center:
    return get_visible(Center.objects.prefetch_related("networks"), slug=slug)


def centers_of(network: Network) -> QuerySet[Center]:
    return network.centers.order_by("slug")


def open_calls(center_ids: list[int] | None = None) -> QuerySet[Call]:
    """Calls taking applications now (the programs app's rule)."""
    qs = programs.open_calls()
    return qs if center_ids is None else qs.filter(center_id__in=center_ids)


def public_events(center_ids: list[int] | None = None) -> QuerySet[Event]:
    """Upcoming public, not cancelled events (the events app's rule for one center)."""
    qs = Event.objects.filter(visibility=EventVisibility.PUBLIC, is_cancelled=False)
    if center_ids is not None:
        qs = qs.filter(center_id__in=center_ids)
    return events.upcoming(qs).select_related("center").order_by("starts_at", "id")


def public_entries(center_ids: list[int] | None = None) -> QuerySet[Entry]:
    """Published public knowledge entries, newest first."""
    qs = knowledge.public_entries().select_related("center")
    if center_ids is not None:
        qs = qs.filter(center_id__in=center_ids)
    return qs.order_by("-published_at", "-id")


def stories(center_ids: list[int] | None = None) -> QuerySet[Entry]:
    """Impact stories: public case studies."""
    return public_entries(center_ids).filter(type=EntryType.CASE_STUDY)


def public_ventures(center_ids: list[int] | None = None) -> QuerySet[Venture]:
    """Ventures whose teams consented to be shown (`is_public`)."""
    qs = ventures.public_ventures()
    if center_ids is not None:
        qs = qs.filter(center_id__in=center_ids)
    return qs.prefetch_related("sdg_goals").order_by("name_en", "name_ar", "id")


def get_public_venture(center: Center, pk: int) -> Venture:
    return get_visible(public_ventures([center.pk]), pk=pk)


def _people_reached(venture_ids: list[int]) -> int | None:
    """Verified unique beneficiaries of consented ventures, when the impact app offers it."""
    if not apps.is_installed("markaz.impact"):
        return None
    from markaz.impact import selectors as impact

    counter = getattr(impact, "unique_beneficiaries", None)
    return None if counter is None else counter(venture_ids)


def _award_numbers(center_ids: list[int]) -> tuple[int, list[tuple[str, Decimal]]]:
    """How many publishable awards (funding's open-data rule) and their sum per currency, for
    all `center_ids` in one query (`funding.publishable_awards` serves one center at a time)."""
    rows = (
        Award.objects.filter(center_id__in=center_ids, is_publishable=True)
        .values("currency")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("currency")
    )
    return sum(r["count"] for r in rows), [(r["currency"], r["total"]) for r in rows]


def impact_numbers(center_list: list[Center]) -> dict:
    """Counts for a set of centers: public ventures, publishable awards (sum per currency),
    people reached. A fixed number of queries, however many centers."""
    ids = [c.pk for c in center_list]
    venture_ids = list(
        ventures.public_ventures().filter(center_id__in=ids).values_list("pk", flat=True)
    )
    award_count, award_totals = _award_numbers(ids)
    return {
        "ventures": len(venture_ids),
        "awards": award_count,
        "award_totals": award_totals,
        "people_reached": _people_reached(venture_ids),
        "calls": open_calls(ids).count(),
        "events": public_events(ids).count(),
        "entries": public_entries(ids).count(),
    }
