"""Every API list answers in a constant number of queries: 5 rows cost what 30 rows cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from markaz.core.factories import CenterFactory, MembershipFactory
from markaz.core.tokens import create_token
from markaz.stakeholders.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from markaz.ventures.factories import TeamMemberFactory, VentureFactory

MAX_QUERIES = 12


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Many users are made here; Argon2 would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _grow_ventures(center, n):
    for _ in range(n):
        venture = VentureFactory(center=center, is_public=True, country="JO")
        venture.sdg_goals.set([6, 7])
        venture.sdg_targets.set(["6.1", "7.1"])
        venture.organization = OrganizationFactory(center=center)
        venture.save()
        TeamMemberFactory(venture=venture, person=PersonFactory(center=center))


def _grow_people(center, n):
    for _ in range(n):
        AffiliationFactory(person=PersonFactory(center=center), organization__center=center)


def _grow_organizations(center, n):
    OrganizationFactory.create_batch(n, center=center)


def _grow_memberships(center, n):
    MembershipFactory.create_batch(n, center=center, role="mentor")


def _grow_centers(center, n):
    for _ in range(n):
        CenterFactory().focus_sdgs.set([1, 2])


def _grow_tokens(center, n):
    for i in range(n):
        create_token(username="staff_a", center_slug=center.slug, name=f"t{i}")


LISTS = {
    "/api/v1/centers/amal-hub/ventures": _grow_ventures,
    "/api/v1/centers/amal-hub/people": _grow_people,
    "/api/v1/centers/amal-hub/organizations": _grow_organizations,
    "/api/v1/centers/amal-hub/memberships": _grow_memberships,
    "/api/v1/centers": _grow_centers,
    "/api/v1/tokens": _grow_tokens,
}


def _count(client, url, django_assert_max_num_queries, expected_items) -> int:
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    assert response.json()["count"] >= expected_items
    return len(captured)


@pytest.mark.parametrize("url", list(LISTS))
def test_an_api_list_costs_the_same_queries_for_5_and_30_rows(
    client, staff_a, center_a, url, django_assert_max_num_queries
):
    client.force_login(staff_a)
    grow = LISTS[url]
    grow(center_a, 5)
    few = _count(client, url, django_assert_max_num_queries, 5)
    grow(center_a, 25)
    many = _count(client, url, django_assert_max_num_queries, 30)
    assert few == many


def test_a_non_staff_venture_list_is_also_constant(
    client, innovator_a, venture_a, center_a, django_assert_max_num_queries
):
    client.force_login(innovator_a)
    url = "/api/v1/centers/amal-hub/ventures"
    _grow_ventures(center_a, 5)
    few = _count(client, url, django_assert_max_num_queries, 6)
    _grow_ventures(center_a, 25)
    many = _count(client, url, django_assert_max_num_queries, 31)
    assert few == many


def test_the_query_count_check_notices_a_per_row_query(client, staff_a, center_a, monkeypatch):
    """Guard for the guard: an N+1 in a resolver makes the counts differ."""
    client.force_login(staff_a)
    url = "/api/v1/centers/amal-hub/ventures"
    monkeypatch.setattr(
        "markaz.ventures.api._for_list", lambda qs: qs.select_related("organization")
    )
    _grow_ventures(center_a, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow_ventures(center_a, 25)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) > len(few)
