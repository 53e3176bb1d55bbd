"""API of ventures and their teams."""

import pytest

from markaz.core.models import AuditEntry
from markaz.stakeholders.factories import PersonFactory
from markaz.ventures.factories import TeamMemberFactory, VentureFactory
from markaz.ventures.models import TeamMember, Venture

VENTURES = "/api/v1/centers/amal-hub/ventures"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def send(client, method, url, data=None):
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.fixture
def public_venture_a(center_a):
    return VentureFactory(center=center_a, name_en="Open Library", is_public=True)


def test_staff_create_a_venture_with_sdgs_and_an_organization(client, staff_a, org_a, center_a):
    client.force_login(staff_a)
    response = send(
        client,
        "post",
        VENTURES,
        {
            "name_en": "Solar Cold Rooms",
            "name_ar": "غرف التبريد الشمسية",
            "stage": "pilot",
            "legal_form": "social_business",
            "sdg_goals": [7, 2],
            "sdg_targets": ["7.1", "2.3"],
            "country": "JO",
            "founded_on": "2023-05-01",
            "organization": org_a.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["sdg_goals"], body["sdg_targets"]) == ([2, 7], ["2.3", "7.1"])
    assert body["organization"] == {"id": org_a.pk, "name": "Jordan River Foundation"}
    assert body["team"] == []  # staff add the team themselves
    entry = AuditEntry.objects.get(action="ventures.venture.created")
    assert (entry.actor, entry.center) == (staff_a, center_a)
    assert entry.changes["sdg_goals"] == [[], [2, 7]]


def test_an_innovator_creates_a_venture_and_becomes_its_manager(client, innovator_a):
    client.force_login(innovator_a)
    response = send(client, "post", VENTURES, {"name_ar": "مطبخ المجتمع"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "مطبخ المجتمع" and body["is_public"] is False
    assert [(m["person"]["id"], m["role"], m["can_manage"]) for m in body["team"]] == [
        (innovator_a.person.pk, "founder", True)
    ]
    patched = send(client, "patch", f"{VENTURES}/{body['id']}", {"stage": "prototype"})
    assert patched.status_code == 200
    assert patched.json()["stage"] == "prototype"


@pytest.mark.parametrize("persona", ["reviewer_a", "mentor_a", "partner_a", "funder_a"])
def test_members_without_the_innovator_role_cannot_create_ventures(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert send(client, "post", VENTURES, {"name_en": "Mine"}).status_code == 403
    assert not Venture.objects.exists()


def test_an_innovator_cannot_edit_another_teams_venture(
    client, innovator_a, center_a, public_venture_a
):
    private = VentureFactory(center=center_a, name_en="Someone Else's", is_public=False)
    client.force_login(innovator_a)
    # Visible (public) but not theirs: 403. Invisible (private): 404.
    assert (
        send(client, "patch", f"{VENTURES}/{public_venture_a.pk}", {"name_en": "X"}).status_code
        == 403
    )
    assert send(client, "patch", f"{VENTURES}/{private.pk}", {"name_en": "X"}).status_code == 404
    public_venture_a.refresh_from_db()
    assert public_venture_a.name_en == "Open Library"


def test_a_reviewer_sees_only_the_public_ventures_of_the_center(
    client, reviewer_a, venture_a, public_venture_a
):
    client.force_login(reviewer_a)
    body = client.get(VENTURES).json()
    assert [v["name_en"] for v in body["items"]] == ["Open Library"]
    assert client.get(f"{VENTURES}/{venture_a.pk}").status_code == 404
    assert client.get(f"{VENTURES}/{public_venture_a.pk}").status_code == 200
    response = send(client, "patch", f"{VENTURES}/{public_venture_a.pk}", {"is_public": False})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_staff_see_every_venture_with_its_team(client, staff_a, venture_a, public_venture_a):
    client.force_login(staff_a)
    body = client.get(VENTURES).json()
    assert body["count"] == 2
    kiosks = client.get(f"{VENTURES}/{venture_a.pk}").json()
    assert [m["person"]["name"] for m in kiosks["team"]] == ["Innovator_A"]


def test_ventures_filter_by_words_stage_legal_form_sdg_and_country(client, staff_a, center_a):
    water = VentureFactory(
        center=center_a, name_en="Water Kiosks", stage="pilot", legal_form="cooperative"
    )
    water.sdg_goals.set([6])
    VentureFactory(center=center_a, name_en="Solar Schools", stage="idea", country="EG")
    VentureFactory(center=center_a, name_en="Water Taxis", stage="scaling", legal_form="for_profit")
    client.force_login(staff_a)

    def names(query):
        return sorted(v["name_en"] for v in client.get(f"{VENTURES}?{query}").json()["items"])

    assert names("q=taxis") == ["Water Taxis"]
    assert names("q=solar schools") == ["Solar Schools"]  # every word must match
    assert names("q=schools taxis") == []
    assert names("stage=idea") == ["Solar Schools"]
    assert names("legal_form=cooperative") == ["Water Kiosks"]
    assert names("sdg=6") == ["Water Kiosks"]
    assert names("country=eg") == ["Solar Schools"]
    assert names("q=water&stage=scaling") == ["Water Taxis"]


def test_venture_lists_are_paginated(client, staff_a, center_a):
    VentureFactory.create_batch(7, center=center_a)
    client.force_login(staff_a)
    first = client.get(f"{VENTURES}?page_size=3").json()
    assert (first["count"], len(first["items"]), first["previous"]) == (7, 3, None)
    third = client.get(f"{VENTURES}?page_size=3&page=3").json()
    assert len(third["items"]) == 1 and third["next"] is None
    seen = {
        v["id"]
        for page in (1, 2, 3)
        for v in client.get(f"{VENTURES}?page_size=3&page={page}").json()["items"]
    }
    assert len(seen) == 7


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name_en": "", "name_ar": "  "}, "name_en"),
        ({"name_en": "X", "country": "QQ"}, "country"),
        ({"name_en": "X", "sdg_goals": [18]}, "sdg_goals"),
        ({"name_en": "X", "sdg_goals": [6], "sdg_targets": ["7.1"]}, "sdg_targets"),
        ({"name_en": "X", "sdg_goals": [6], "sdg_targets": ["6.99"]}, "sdg_targets"),
        ({"name_en": "X", "stage": "unicorn"}, "stage"),
        ({"name_en": "X", "website": "ftp:/nope"}, "website"),
        ({"name_en": "X", "founded_on": "yesterday"}, "founded_on"),
    ],
)
def test_bad_ventures_are_refused_with_field_errors(client, staff_a, payload, field):
    client.force_login(staff_a)
    response = send(client, "post", VENTURES, payload)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "validation_error"
    assert field in body["errors"]
    assert not Venture.objects.exists()
    assert not AuditEntry.objects.filter(action="ventures.venture.created").exists()


def test_an_organization_of_another_center_is_a_field_error(client, staff_a, org_b):
    client.force_login(staff_a)
    response = send(client, "post", VENTURES, {"name_en": "X", "organization": org_b.pk})
    assert response.status_code == 422
    assert "organization" in response.json()["errors"]


def test_patching_targets_checks_them_against_the_goals_already_chosen(client, staff_a, venture_a):
    venture_a.sdg_goals.set([6])
    client.force_login(staff_a)
    url = f"{VENTURES}/{venture_a.pk}"
    assert send(client, "patch", url, {"sdg_targets": ["6.1"]}).status_code == 200
    refused = send(client, "patch", url, {"sdg_targets": ["4.1"]})
    assert refused.status_code == 422
    assert "sdg_targets" in refused.json()["errors"]
    assert client.get(url).json()["sdg_targets"] == ["6.1"]


def test_a_patch_changes_only_the_fields_sent_and_is_audited(client, staff_a, venture_a, org_a):
    venture_a.sdg_goals.set([6])
    client.force_login(staff_a)
    url = f"{VENTURES}/{venture_a.pk}"
    response = send(client, "patch", url, {"is_public": True, "organization": org_a.pk})
    assert response.status_code == 200
    body = response.json()
    assert (body["is_public"], body["name_en"], body["sdg_goals"]) == (
        True,
        "Clean Water Kiosks",
        [6],
    )
    entry = AuditEntry.objects.get(action="ventures.venture.updated")
    assert set(entry.changes) == {"is_public", "organization_id"}
    unlinked = send(client, "patch", url, {"organization": None})
    assert unlinked.json()["organization"] is None


# -- team -----------------------------------------------------------------------------------


def test_staff_add_and_remove_team_members(client, staff_a, venture_a, center_a):
    person = PersonFactory(center=center_a, name_en="Hala")
    client.force_login(staff_a)
    added = send(
        client, "post", f"{VENTURES}/{venture_a.pk}/team", {"person": person.pk, "role": "advisor"}
    )
    assert added.status_code == 201, added.content
    member_id = added.json()["id"]
    assert added.json()["person"] == {"id": person.pk, "name": "Hala"}
    again = send(client, "post", f"{VENTURES}/{venture_a.pk}/team", {"person": person.pk})
    assert again.status_code == 422
    assert client.delete(f"{VENTURES}/{venture_a.pk}/team/{member_id}").status_code == 204
    assert not TeamMember.objects.filter(pk=member_id).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"ventures.team_member.added", "ventures.team_member.removed"} <= actions


def test_the_last_manager_cannot_remove_themselves(client, innovator_a, venture_a):
    client.force_login(innovator_a)
    member = TeamMember.objects.get(venture=venture_a, person=innovator_a.person)
    response = client.delete(f"{VENTURES}/{venture_a.pk}/team/{member.pk}")
    assert response.status_code == 422
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_an_innovator_may_only_add_people_they_can_already_see(
    client, innovator_a, venture_a, center_a
):
    stranger_in_center = PersonFactory(center=center_a, name_en="Not A Teammate")
    client.force_login(innovator_a)
    response = send(
        client, "post", f"{VENTURES}/{venture_a.pk}/team", {"person": stranger_in_center.pk}
    )
    assert response.status_code == 422
    assert "person" in response.json()["errors"]
    assert "Not A Teammate" not in response.content.decode()


def test_a_viewer_of_a_public_venture_cannot_change_its_team(
    client, reviewer_a, center_a, public_venture_a
):
    member = TeamMemberFactory(venture=public_venture_a, person=PersonFactory(center=center_a))
    client.force_login(reviewer_a)
    url = f"{VENTURES}/{public_venture_a.pk}/team"
    assert send(client, "post", url, {"person": reviewer_a.person.pk}).status_code == 403
    assert client.delete(f"{url}/{member.pk}").status_code == 403
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_a_team_member_id_of_another_venture_is_not_found(client, staff_a, venture_a, center_a):
    other = TeamMemberFactory(venture=VentureFactory(center=center_a))
    client.force_login(staff_a)
    assert client.delete(f"{VENTURES}/{venture_a.pk}/team/{other.pk}").status_code == 404
    assert TeamMember.objects.filter(pk=other.pk).exists()
