"""Who finds and opens which entry: center, network and public × roles × another center."""

import pytest
from django.http import Http404

from markaz.core.access import AccessScope, scope_for
from markaz.core.factories import NetworkFactory
from markaz.knowledge.search import Filters, search
from markaz.knowledge.selectors import get_entry_for, visible_entries

pytestmark = pytest.mark.django_db

ROLES_A = ["admin_a", "staff_a", "reviewer_a", "mentor_a", "innovator_a", "partner_a", "funder_a"]


@pytest.fixture
def entries(center_a, staff_a, entry_factory):
    return {
        vis: entry_factory(staff_a, center_a, visibility=vis, title_en=f"Zanzibar {vis} notes")
        for vis in ("center", "network", "public")
    }


def found(user, text="zanzibar"):
    scope = scope_for(user) if user else AccessScope(user=None)
    return {hit.doc.visibility for hit in search(scope, text).hits}


@pytest.mark.parametrize("persona", ROLES_A)
def test_every_role_of_the_owner_center_finds_all_published_entries(request, entries, persona):
    assert found(request.getfixturevalue(persona)) == {"center", "network", "public"}


def test_another_center_sees_only_public_entries_in_results_and_facets(entries, outsider):
    assert found(outsider) == {"public"}
    results = search(scope_for(outsider), "zanzibar")
    assert results.total == 1
    assert dict(results.facets["kind"]) == {"entry": 1}
    assert dict(results.facets["type"]) == {"case-study": 1}
    with pytest.raises(Http404):
        get_entry_for(scope_for(outsider), entries["center"].pk)


def test_a_center_sharing_a_network_sees_network_entries(entries, center_a, center_b, outsider):
    network = NetworkFactory()
    center_a.networks.add(network)
    center_b.networks.add(network)
    assert found(outsider) == {"network", "public"}
    assert get_entry_for(scope_for(outsider), entries["network"].pk) == entries["network"]


def test_anonymous_and_strangers_see_only_public_entries(entries, stranger):
    assert found(None) == {"public"}
    assert found(stranger) == {"public"}
    assert set(visible_entries(AccessScope(user=None))) == {entries["public"]}


def test_drafts_are_found_by_staff_and_their_author_only(
    center_a, innovator_a, staff_a, mentor_a, outsider, entry_factory
):
    entry_factory(innovator_a, center_a, publish=False, title_en="Quinoa draft")
    assert search(scope_for(innovator_a), "quinoa").total == 1
    assert search(scope_for(staff_a), "quinoa").total == 1
    assert search(scope_for(mentor_a), "quinoa").total == 0
    assert search(scope_for(outsider), "quinoa").total == 0


def test_private_ventures_and_people_stay_inside_their_center(
    venture_a, outsider, staff_a, innovator_a, mentor_a
):
    assert search(scope_for(outsider), "clean water kiosks").total == 0
    assert search(scope_for(staff_a), "clean water kiosks").total == 1
    # The innovator is on the team; the mentor is not.
    assert search(scope_for(innovator_a), "clean water kiosks").total == 1
    assert search(scope_for(mentor_a), "clean water kiosks").total == 0
    assert search(scope_for(outsider), "innovator").total == 0
    assert search(scope_for(mentor_a), "innovator", filters=Filters(kind="person")).total == 0


def test_public_ventures_are_found_by_anyone(venture_a):
    venture_a.is_public = True
    venture_a.save()
    assert search(AccessScope(user=None), "clean water kiosks").total == 1
