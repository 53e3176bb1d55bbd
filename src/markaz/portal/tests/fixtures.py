"""Shared portal fixtures: a network holding both centers, and public and private content of
every kind (loaded as a pytest plugin for the whole suite; models imported inside)."""

import datetime as dt

import pytest


@pytest.fixture
def portal_network(center_a, center_b):
    from markaz.core.factories import NetworkFactory

    network = NetworkFactory(
        slug="arab-innovation-network",
        name_en="Arab Innovation Network",
        name_ar="شبكة الابتكار العربية",
        description_en="Centers working together across the region.",
        description_ar="مراكز تعمل معًا في أنحاء المنطقة.",
        kind="regional",
    )
    network.centers.add(center_a, center_b)
    return network


@pytest.fixture
def portal_content(center_a, portal_network):
    """Center A's public and private things, by name, for the 'only public shows' tests."""
    from django.utils import timezone

    from markaz.events.factories import EventFactory
    from markaz.knowledge.factories import EntryFactory
    from markaz.programs.factories import CallFactory
    from markaz.ventures.factories import VentureFactory

    now = timezone.now()
    return {
        "public_call": CallFactory(
            center=center_a,
            slug="water-call",
            title_en="Water Innovation Call",
            title_ar="دعوة ابتكار المياه",
            summary_en="Ideas for clean water.",
            phase="open",
        ),
        "draft_call": CallFactory(
            center=center_a,
            slug="secret-call",
            title_en="Secret Draft Call",
            title_ar="دعوة مسودة سرية",
            phase="draft",
        ),
        "public_event": EventFactory(
            center=center_a,
            title_en="Open Demo Day",
            title_ar="يوم العرض المفتوح",
            visibility="public",
            mode="hybrid",
        ),
        "members_event": EventFactory(
            center=center_a,
            title_en="Members Only Retreat",
            title_ar="خلوة الأعضاء",
            visibility="members",
        ),
        "public_entry": EntryFactory(
            center=center_a,
            title_en="Kiosk Case Study",
            title_ar="دراسة حالة الأكشاك",
            summary_en="How kiosks scaled.",
            visibility="public",
            status="published",
            published_at=now - dt.timedelta(days=2),
        ),
        "center_entry": EntryFactory(
            center=center_a,
            title_en="Internal Lessons Entry",
            visibility="center",
            status="published",
        ),
        "public_venture": VentureFactory(
            center=center_a,
            name_en="Solar Schools",
            name_ar="المدارس الشمسية",
            solution_en="Solar panels on school roofs.",
            is_public=True,
        ),
        "private_venture": VentureFactory(
            center=center_a, name_en="Hidden Stealth Venture", is_public=False
        ),
    }


@pytest.fixture
def grow_portal(portal_network):
    """Adds `n` member centers to the portal network, each with public content of every kind
    and a publishable award: lists that grow, for the query-count tests."""
    from decimal import Decimal

    from markaz.core.factories import CenterFactory
    from markaz.events.factories import EventFactory
    from markaz.funding.factories import AwardFactory
    from markaz.knowledge.factories import EntryFactory
    from markaz.programs.factories import CallFactory
    from markaz.ventures.factories import VentureFactory

    def grow(n: int) -> None:
        for _ in range(n):
            center = CenterFactory()
            portal_network.centers.add(center)
            venture = VentureFactory(center=center, is_public=True)
            AwardFactory(center=center, venture=venture, amount=Decimal("100"), is_publishable=True)
            CallFactory(center=center, phase="open")
            EventFactory(center=center, visibility="public")
            EntryFactory(center=center, visibility="public", status="published")

    return grow
