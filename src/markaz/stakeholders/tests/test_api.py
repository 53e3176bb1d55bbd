"""API of organizations, people and affiliations."""

import pytest

from markaz.core.models import AuditEntry
from markaz.stakeholders.factories import OrganizationFactory, PersonFactory
from markaz.stakeholders.models import Affiliation, Organization, Person

ORGS = "/api/v1/centers/amal-hub/organizations"
PEOPLE = "/api/v1/centers/amal-hub/people"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def send(client, method, url, data=None):
    return getattr(client, method)(url, data, content_type="application/json")


# -- organizations --------------------------------------------------------------------------


def test_staff_create_an_organization_and_it_is_audited(client, staff_a, center_a):
    client.force_login(staff_a)
    response = send(
        client,
        "post",
        ORGS,
        {"name_ar": "جمعية النور", "sector": "non_profit", "country": "jo"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["name_en"], body["country"]) == ("جمعية النور", "", "JO")
    org = Organization.objects.get(pk=body["id"])
    assert org.center == center_a
    entry = AuditEntry.objects.get(action="stakeholders.organization.created")
    assert (entry.actor, entry.center, entry.object_id) == (staff_a, center_a, str(org.pk))


def test_staff_edit_and_delete_an_organization(client, staff_a, org_a):
    client.force_login(staff_a)
    url = f"{ORGS}/{org_a.pk}"
    response = send(client, "patch", url, {"website": "https://jrf.example", "sector": "private"})
    assert response.status_code == 200, response.content
    assert (response.json()["website"], response.json()["sector"]) == (
        "https://jrf.example",
        "private",
    )
    assert response.json()["name_en"] == "Jordan River Foundation"  # untouched
    assert client.delete(url).status_code == 204
    assert not Organization.objects.filter(pk=org_a.pk).exists()
    assert AuditEntry.objects.filter(action="stakeholders.organization.updated").exists()
    assert AuditEntry.objects.filter(action="stakeholders.organization.deleted").exists()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["reviewer_a", "mentor_a", "innovator_a", "funder_a"])
def test_members_who_are_not_staff_read_organizations_but_cannot_change_them(
    client, request, persona, org_a
):
    client.force_login(request.getfixturevalue(persona))
    url = f"{ORGS}/{org_a.pk}"
    assert client.get(url).json()["name"] == "Jordan River Foundation"
    assert send(client, "patch", url, {"name_en": "Mine"}).status_code == 403
    assert client.delete(url).status_code == 403
    assert send(client, "post", ORGS, {"name_en": "X", "sector": "private"}).status_code == 403
    org_a.refresh_from_db()
    assert org_a.name_en == "Jordan River Foundation"


def test_organizations_filter_by_words_sector_and_country(client, staff_a, center_a):
    OrganizationFactory(center=center_a, name_en="Desert Bloom", sector="private", country="EG")
    OrganizationFactory(center=center_a, name_en="Water Trust", sector="non_profit", country="JO")
    OrganizationFactory(center=center_a, name_en="Water Works", sector="private", country="JO")
    client.force_login(staff_a)

    def names(query):
        return sorted(o["name_en"] for o in client.get(f"{ORGS}?{query}").json()["items"])

    assert names("q=water") == ["Water Trust", "Water Works"]
    assert names("sector=private") == ["Desert Bloom", "Water Works"]
    assert names("country=EG") == ["Desert Bloom"]
    assert names("q=water&sector=private&country=JO") == ["Water Works"]
    assert client.get(f"{ORGS}?sector=mafia").status_code == 422


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"name_en": " ", "name_ar": "", "sector": "private"}, {"name_en", "name_ar"}),
        ({"name_en": "X", "sector": "private", "country": "XX"}, {"country"}),
        ({"name_en": "X", "sector": "private", "country": "Jordan"}, {"country"}),
        ({"name_en": "X"}, {"sector"}),
        ({"name_en": "X", "sector": "private", "website": "nope"}, {"website"}),
    ],
)
def test_bad_organizations_are_refused_with_field_errors(client, staff_a, payload, fields):
    client.force_login(staff_a)
    response = send(client, "post", ORGS, payload)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert set(response.json()["errors"]) == fields
    assert not Organization.objects.exists()


def test_clearing_the_only_name_of_an_organization_is_refused(client, staff_a, center_a):
    org = OrganizationFactory(center=center_a, name_en="Only English", name_ar="")
    client.force_login(staff_a)
    response = send(client, "patch", f"{ORGS}/{org.pk}", {"name_en": ""})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"name_en", "name_ar"}


# -- people ---------------------------------------------------------------------------------


def test_staff_add_a_person_linked_to_a_member_login(client, staff_a, mentor_a, center_a):
    mentor_a.person.delete()
    client.force_login(staff_a)
    response = send(
        client,
        "post",
        PEOPLE,
        {
            "name_en": "Mona",
            "name_ar": "منى",
            "email": "mona@example.org",
            "languages": ["ar", "en"],
            "expertise": ["water"],
            "user": "mentor_a",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["user_id"], body["languages"], body["affiliations"]) == (
        mentor_a.pk,
        ["ar", "en"],
        [],
    )
    assert AuditEntry.objects.filter(action="stakeholders.person.created").exists()


def test_a_login_from_outside_the_center_cannot_be_linked(client, staff_a, stranger):
    client.force_login(staff_a)
    response = send(client, "post", PEOPLE, {"name_en": "Someone", "user": "stranger"})
    assert response.status_code == 422
    assert "user" in response.json()["errors"]
    assert not Person.objects.filter(user=stranger).exists()


def test_non_staff_cannot_add_people(client, innovator_a):
    client.force_login(innovator_a)
    assert send(client, "post", PEOPLE, {"name_en": "Someone"}).status_code == 403


def test_staff_list_and_search_all_people_of_their_center(client, staff_a, center_a):
    PersonFactory(center=center_a, name_en="Rania Haddad", country="JO")
    PersonFactory(center=center_a, name_en="Omar Saleh", country="PS")
    client.force_login(staff_a)
    body = client.get(PEOPLE).json()
    assert body["count"] == 3  # with staff_a's own record
    found = client.get(f"{PEOPLE}?q=rania").json()["items"]
    assert [p["name_en"] for p in found] == ["Rania Haddad"]
    found = client.get(f"{PEOPLE}?country=PS").json()["items"]
    assert [p["name_en"] for p in found] == ["Omar Saleh"]


def test_an_innovator_sees_themselves_and_teammates_only(
    client, innovator_a, venture_a, center_a, staff_a
):
    from markaz.ventures.factories import TeamMemberFactory

    teammate = PersonFactory(center=center_a, name_en="Teammate")
    TeamMemberFactory(venture=venture_a, person=teammate, can_manage=False)
    PersonFactory(center=center_a, name_en="Unrelated")
    client.force_login(innovator_a)
    names = sorted(p["name_en"] for p in client.get(PEOPLE).json()["items"])
    assert names == ["Innovator_A", "Teammate"]
    assert client.get(f"{PEOPLE}/{staff_a.person.pk}").status_code == 404


def test_people_edit_their_own_profile_but_not_a_teammates(
    client, innovator_a, venture_a, center_a
):
    from markaz.ventures.factories import TeamMemberFactory

    teammate = PersonFactory(center=center_a, name_en="Teammate")
    TeamMemberFactory(venture=venture_a, person=teammate, can_manage=False)
    client.force_login(innovator_a)
    own = send(client, "patch", f"{PEOPLE}/{innovator_a.person.pk}", {"bio_ar": "مهندسة مياه"})
    assert own.status_code == 200
    assert own.json()["bio_ar"] == "مهندسة مياه"
    other = send(client, "patch", f"{PEOPLE}/{teammate.pk}", {"bio_en": "hijacked"})
    assert other.status_code == 403
    teammate.refresh_from_db()
    assert teammate.bio_en == ""
    entry = AuditEntry.objects.get(action="stakeholders.person.updated")
    assert entry.changes["bio_ar"] == ["", "مهندسة مياه"]


def test_an_explicit_null_for_a_required_person_field_is_422(client, staff_a):
    client.force_login(staff_a)
    response = send(client, "patch", f"{PEOPLE}/{staff_a.person.pk}", {"languages": None})
    assert response.status_code == 422
    assert "languages" in response.json()["errors"]


def test_affiliations_are_added_and_nested_in_the_person(client, staff_a, org_a, center_a):
    person = PersonFactory(center=center_a, name_en="Rania")
    client.force_login(staff_a)
    response = send(
        client,
        "post",
        f"{PEOPLE}/{person.pk}/affiliations",
        {"organization": org_a.pk, "title": "Director", "starts_on": "2024-01-01"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["organization"] == {"id": org_a.pk, "name": "Jordan River Foundation"}
    nested = client.get(f"{PEOPLE}/{person.pk}").json()["affiliations"]
    assert [(a["title"], a["starts_on"]) for a in nested] == [("Director", "2024-01-01")]
    assert AuditEntry.objects.filter(action="stakeholders.affiliation.created").exists()


def test_an_affiliation_with_another_centers_organization_is_a_field_error(
    client, staff_a, org_b, center_a
):
    client.force_login(staff_a)
    response = send(
        client,
        "post",
        f"{PEOPLE}/{staff_a.person.pk}/affiliations",
        {"organization": org_b.pk},
    )
    assert response.status_code == 422
    assert "organization" in response.json()["errors"]
    assert "Nairobi" not in response.content.decode()
    assert not Affiliation.objects.exists()
