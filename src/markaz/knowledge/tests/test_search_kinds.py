"""Calls, events and challenges are found by the one search, only by those who may see them."""

import pytest

from markaz.challenges.factories import ChallengeFactory
from markaz.core.access import AccessScope, scope_for
from markaz.events.factories import EventFactory
from markaz.knowledge.search import search
from markaz.programs.factories import CallFactory


def _found(user, text: str) -> set[str]:
    scope = scope_for(user) if user is not None else AccessScope(user=None)
    return {hit.doc.kind + ":" + hit.doc.title_en for hit in search(scope, text).hits}


@pytest.fixture
def things(center_a):
    return {
        "open_call": CallFactory(center=center_a, title_en="Desalination call", phase="open"),
        "draft_call": CallFactory(center=center_a, title_en="Desalination draft", phase="draft"),
        "public_event": EventFactory(
            center=center_a, title_en="Desalination demo day", visibility="public"
        ),
        "members_event": EventFactory(
            center=center_a, title_en="Desalination clinic", visibility="members"
        ),
        "public_challenge": ChallengeFactory(
            center=center_a, title_en="Desalination for villages", visibility="public"
        ),
        "center_challenge": ChallengeFactory(
            center=center_a, title_en="Desalination in camps", visibility="center"
        ),
    }


PUBLIC = {
    "call:Desalination call",
    "event:Desalination demo day",
    "challenge:Desalination for villages",
}
MEMBERS = PUBLIC | {"event:Desalination clinic", "challenge:Desalination in camps"}


def test_anyone_finds_published_calls_public_events_and_public_challenges(things, stranger):
    assert _found(None, "desalination") == PUBLIC
    assert _found(stranger, "desalination") == PUBLIC


def test_another_centers_staff_find_only_the_public_ones(things, outsider):
    assert _found(outsider, "desalination") == PUBLIC


def test_members_find_their_centers_events_and_challenges_but_not_draft_calls(things, innovator_a):
    assert _found(innovator_a, "desalination") == MEMBERS


def test_staff_also_find_draft_calls(things, staff_a):
    assert _found(staff_a, "desalination") == MEMBERS | {"call:Desalination draft"}


def test_changes_reach_the_index_and_results_link_to_the_right_pages(things, staff_a):
    call = things["open_call"]
    call.phase = "draft"
    call.save()
    assert "call:Desalination call" not in _found(None, "desalination")
    event = things["public_event"]
    event.is_cancelled = True
    event.save()
    assert "event:Desalination demo day" not in _found(None, "desalination")
    things["center_challenge"].delete()
    urls = {hit.doc.title_en: hit.url for hit in search(scope_for(staff_a), "desalination").hits}
    assert urls["Desalination for villages"].endswith(
        f"/challenges/{things['public_challenge'].pk}/"
    )
    assert f"/c/{things['draft_call'].center.slug}/" in urls["Desalination draft"]
    assert "Desalination in camps" not in urls


def test_links_to_public_calls_cost_the_same_queries_for_two_hits_or_eight(center_a, stranger):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_hits() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            hits = search(AccessScope(user=None), "irrigation").hits
            urls = [hit.url for hit in hits]
        assert all("/calls/amal-hub/" in u for u in urls)
        return len(hits), len(ctx.captured_queries)

    for i in range(2):
        CallFactory(center=center_a, title_en=f"Irrigation call {i}", phase="open")
    two = queries_for_hits()
    for i in range(2, 8):
        CallFactory(center=center_a, title_en=f"Irrigation call {i}", phase="open")
    eight = queries_for_hits()
    assert (two[0], eight[0]) == (2, 8)
    assert eight[1] == two[1]
