"""Every center page × every role of center A against center B's objects: never reachable.

The list of pages comes from the URL configuration, so a new page without an entry in
OBJECT_FOR fails `test_every_center_page_is_in_the_matrix`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from markaz.core.tests.access_plugins import (
    plugin_objects_b,
    plugin_page_object_for,
    plugin_page_pk_prefixes,
)

PERSONAS = ["admin_a", "staff_a", "reviewer_a", "mentor_a", "innovator_a", "partner_a", "funder_a"]

# URL keyword → which of center B's objects fills it.
OBJECT_FOR = {"pk": None, "affiliation_pk": "affiliation_b", "member_pk": "member_b"}
# Each capability app adds its own pages through `markaz.<app>.tests.access` (see
# `markaz.core.tests.access_plugins`): PAGE_PK_PREFIXES, PAGE_OBJECT_FOR, objects_b().
OBJECT_FOR.update(plugin_page_object_for())


def _center_url_names() -> list[tuple[str, list[str]]]:
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                if "<slug:center>" in route:
                    found.append((p.name, sorted(p.pattern.converters)))

    walk(get_resolver().url_patterns)
    return sorted({(n, tuple(k)) for n, k in found})


def _pk_for(name: str, objs: dict) -> int:
    for prefix, key in [
        ("organization", "org_b"), ("partnership", "org_b"), ("person", "person_b"),
        ("affiliation", "person_b"), ("venture", "venture_b"), ("team", "venture_b"),
        ("remove-member", "membership_b"), ("funding-fund", "fund_b"),
        ("funding-award", "award_b"), ("funding-milestone", "milestone_b"),
        ("funding-entry", "entry_b"), ("knowledge-", "knowledge_b"),
        *plugin_page_pk_prefixes(),
    ]:  # fmt: skip
        if name.startswith(prefix):
            return objs[key].pk
    raise KeyError(name)


@pytest.fixture
def b_objects(center_b, outsider, org_b, venture_b, award_b):
    from markaz.core.models import Membership
    from markaz.funding.factories import MilestoneFactory
    from markaz.knowledge.factories import EntryFactory
    from markaz.stakeholders.factories import AffiliationFactory, PersonFactory
    from markaz.ventures.factories import TeamMemberFactory

    person_b = PersonFactory(center=center_b, name_en="Private Person B")
    objects = {
        "org_b": org_b,
        "venture_b": venture_b,
        "person_b": person_b,
        "affiliation_b": AffiliationFactory(person=person_b, organization=org_b),
        "member_b": TeamMemberFactory(venture=venture_b, person=person_b),
        "membership_b": Membership.objects.get(user=outsider, center=center_b),
        "fund_b": award_b.fund,
        "award_b": award_b,
        "milestone_b": MilestoneFactory(award=award_b, tranche_amount=1000),
        "entry_b": award_b.entries.first(),
        "knowledge_b": EntryFactory(center=center_b, title_en="Private lessons of B"),
    }
    return plugin_objects_b(center_b, objects)


def _urls_for_center_b(center_b, b_objects):
    urls = []
    for name, params in _center_url_names():
        kwargs = {"center": center_b.slug}
        for param in params:
            if param == "center":
                continue
            if param == "pk":
                kwargs["pk"] = _pk_for(name, b_objects)
            else:
                kwargs[param] = b_objects[OBJECT_FOR[param]].pk
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def test_every_center_page_is_in_the_matrix(center_b, b_objects):
    names = [n for n, _ in _center_url_names()]
    assert len(names) >= 15
    assert len(_urls_for_center_b(center_b, b_objects)) == len(names)


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_no_role_of_center_a_reads_or_writes_center_b(
    persona, request, client, center_b, b_objects
):
    from markaz.core.models import AuditEntry

    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = AuditEntry.objects.count()
    for name, url in _urls_for_center_b(center_b, b_objects):
        got = client.get(url)
        assert got.status_code in (404, 405), f"{persona} GET {name} {url} → {got.status_code}"
        posted = client.post(url, {"name_en": "hijack", "role": "admin", "user": persona})
        assert posted.status_code == 404, f"{persona} POST {name} {url} → {posted.status_code}"
    assert AuditEntry.objects.count() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, center_b, b_objects):
    for name, url in _urls_for_center_b(center_b, b_objects):
        got = client.get(url)
        assert got.status_code in (302, 405), f"GET {name} → {got.status_code}"
        if got.status_code == 302:
            assert "/accounts/login/" in got["Location"]


def test_private_venture_of_own_center_is_hidden_from_non_team_roles(
    client, center_a, venture_a, reviewer_a, mentor_a, partner_a, funder_a
):
    url = reverse("venture-detail", kwargs={"center": center_a.slug, "pk": venture_a.pk})
    for user in (reviewer_a, mentor_a, partner_a, funder_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
    venture_a.is_public = True
    venture_a.save()
    for user in (reviewer_a, mentor_a, partner_a, funder_a):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_other_peoples_profiles_are_private_to_non_staff(client, center_a, innovator_a, mentor_a):
    url = reverse("person-detail", kwargs={"center": center_a.slug, "pk": mentor_a.person.pk})
    client.force_login(innovator_a)
    assert client.get(url).status_code == 404
    client.force_login(mentor_a)
    assert client.get(url).status_code == 200


def test_staff_only_pages_refuse_other_roles_of_the_same_center(
    client, center_a, innovator_a, staff_a, admin_a
):
    members = reverse("members", kwargs={"center": center_a.slug})
    audit = reverse("audit", kwargs={"center": center_a.slug})
    settings_url = reverse("center-settings", kwargs={"center": center_a.slug})
    client.force_login(innovator_a)
    assert [client.get(u).status_code for u in (members, audit, settings_url)] == [404] * 3
    client.force_login(staff_a)
    assert [client.get(u).status_code for u in (members, audit, settings_url)] == [200, 404, 404]
    client.force_login(admin_a)
    assert [client.get(u).status_code for u in (members, audit, settings_url)] == [200] * 3
