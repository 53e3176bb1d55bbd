"""The API follows the pages' rules: staff manage, owner members use the workspace, other
members read, other centers get 404."""

import pytest

from markaz.challenges.models import Challenge, ChallengeVenture, Comment
from markaz.core.models import AuditEntry

BASE = "/api/v1/centers/amal-hub/challenges"


def _one(challenge, rest=""):
    return f"{BASE}/{challenge.pk}{rest}"


def test_members_list_and_filter_challenges(client, innovator_a, challenge_a):
    client.force_login(innovator_a)
    body = client.get(BASE).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["title_ar"] == "فقدان المياه في التجمعات غير الرسمية"
    assert item["sectors"] == ["government", "academia"]
    assert item["sdg_targets"] == ["6.1", "6.4"]
    assert client.get(BASE, {"sector": "private"}).json()["count"] == 0
    assert client.get(BASE, {"sdg": 6, "status": "framing"}).json()["count"] == 1
    assert client.get(BASE, {"status": "nonsense"}).status_code == 422


def test_staff_create_a_challenge_with_owners_and_targets(
    client, staff_a, center_a, challenge_gov_org_a
):
    client.force_login(staff_a)
    response = client.post(
        BASE,
        {"title_en": "Youth unemployment", "title_ar": "بطالة الشباب", "country": "jo",
         "sdg_targets": ["8.6"], "owners": [{"organization": challenge_gov_org_a.pk,
                                             "role": "policy_partner"}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "framing" and body["country"] == "JO"
    assert body["owners"][0]["role"] == "policy_partner"
    assert body["allowed_transitions"] == ["open", "closed"]
    assert body["sector_counts"] == {"government": 1}


def test_create_refuses_bad_input_with_field_errors(client, staff_a, center_a, org_b):
    client.force_login(staff_a)
    bad = [
        {"title_en": "", "title_ar": ""},
        {"title_en": "X", "sdg_targets": ["99.9"]},
        {"title_en": "X", "owners": [{"organization": org_b.pk}]},
        {"title_en": "X", "visibility": "secret"},
    ]
    for payload in bad:
        response = client.post(BASE, payload, content_type="application/json")
        assert response.status_code == 422, payload
        assert response.json()["code"] == "validation_error"
    assert not Challenge.objects.exists()


def test_non_staff_cannot_create_update_or_transition(client, partner_a, challenge_a):
    client.force_login(partner_a)
    assert client.post(BASE, {"title_en": "X"}, content_type="application/json").status_code == 403
    patch = client.patch(_one(challenge_a), {"title_en": "X"}, content_type="application/json")
    assert patch.status_code == 403
    moved = client.post(_one(challenge_a, "/transitions"), {"status": "open"},
                        content_type="application/json")  # fmt: skip
    assert moved.status_code == 403
    challenge_a.refresh_from_db()
    assert (challenge_a.title_en, challenge_a.status) == ("Water loss in informal settlements",
                                                          "framing")  # fmt: skip


def test_staff_update_and_move_a_challenge(client, staff_a, challenge_a):
    client.force_login(staff_a)
    patch = client.patch(_one(challenge_a), {"visibility": "public", "sdg_targets": ["6.3"]},
                         content_type="application/json")  # fmt: skip
    assert patch.status_code == 200
    assert patch.json()["sdg_targets"] == ["6.3"]
    moved = client.post(_one(challenge_a, "/transitions"), {"status": "open", "note": "Go"},
                        content_type="application/json")  # fmt: skip
    assert moved.json()["status"] == "open"
    skip = client.post(_one(challenge_a, "/transitions"), {"status": "framing"},
                       content_type="application/json")  # fmt: skip
    assert skip.status_code == 200
    refused = client.post(_one(challenge_a, "/transitions"), {"status": "implementation"},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 422
    assert "status" in refused.json()["errors"]


def test_owners_are_managed_by_staff(client, staff_a, challenge_a, org_a):
    client.force_login(staff_a)
    payload = {"organization": org_a.pk, "role": "co_funder"}
    added = client.post(_one(challenge_a, "/owners"), payload, content_type="application/json")
    assert added.status_code == 201
    owner_id = added.json()["id"]
    changed = client.patch(_one(challenge_a, f"/owners/{owner_id}"), {"role": "implementer"},
                           content_type="application/json")  # fmt: skip
    assert changed.json()["role"] == "implementer"
    assert len(client.get(_one(challenge_a, "/owners")).json()) == 3
    assert client.delete(_one(challenge_a, f"/owners/{owner_id}")).status_code == 204
    twice = client.post(_one(challenge_a, "/owners"),
                        {"organization": challenge_a.owners.first().organization_id},
                        content_type="application/json")  # fmt: skip
    assert twice.status_code == 422


def test_owner_members_comment_and_others_are_refused(client, partner_a, mentor_a, challenge_a):
    url = _one(challenge_a, "/comments")
    client.force_login(partner_a)
    made = client.post(url, {"body": "We have **data**"}, content_type="application/json")
    assert made.status_code == 201
    assert "<strong>data</strong>" in made.json()["body_html"]
    reply = client.post(url, {"body": "More", "parent": made.json()["id"]},
                        content_type="application/json")  # fmt: skip
    assert reply.json()["parent"] == made.json()["id"]
    assert len(client.get(url).json()) == 2
    client.force_login(mentor_a)
    assert client.get(_one(challenge_a)).status_code == 200
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Me"}, content_type="application/json").status_code == 403
    assert Comment.objects.count() == 2


def test_comments_are_edited_by_their_author_only(client, partner_a, staff_a, challenge_a):
    client.force_login(partner_a)
    made = client.post(_one(challenge_a, "/comments"), {"body": "Draft"},
                       content_type="application/json").json()  # fmt: skip
    url = _one(challenge_a, f"/comments/{made['id']}")
    edited = client.patch(url, {"body": "Final"}, content_type="application/json")
    assert edited.json()["body"] == "Final" and edited.json()["edited_at"]
    client.force_login(staff_a)
    assert client.patch(url, {"body": "X"}, content_type="application/json").status_code == 403
    assert client.delete(url).status_code == 204
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_of_another_challenge_is_refused(
    client, partner_a, staff_a, challenge_a, center_a
):
    from markaz.challenges import services
    from markaz.core.access import scope_for

    other = services.create_challenge(scope=scope_for(staff_a), center=center_a,
                                      data={"title_en": "Other"})  # fmt: skip
    foreign = services.add_comment(scope=scope_for(staff_a), challenge=other, body="There")
    client.force_login(partner_a)
    response = client.post(_one(challenge_a, "/comments"), {"body": "x", "parent": foreign.pk},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422


def test_attachment_metadata_is_for_workspace_members(client, partner_a, mentor_a, challenge_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from markaz.challenges import services
    from markaz.challenges.tests.fixtures import PDF
    from markaz.core.access import scope_for

    services.add_attachment(scope=scope_for(partner_a), challenge=challenge_a,
                            upload=SimpleUploadedFile("survey.pdf", PDF))  # fmt: skip
    client.force_login(partner_a)
    items = client.get(_one(challenge_a, "/attachments")).json()
    assert items[0]["name"] == "survey.pdf" and items[0]["size"] == len(PDF)
    assert client.get(items[0]["download_url"]).status_code == 200
    client.force_login(mentor_a)
    assert client.get(_one(challenge_a, "/attachments")).status_code == 403
    assert client.get(items[0]["download_url"]).status_code == 404


def test_ventures_are_linked_by_staff_and_listed_to_readers(
    client, staff_a, innovator_a, challenge_a, venture_a
):
    client.force_login(staff_a)
    linked = client.post(_one(challenge_a, "/ventures"), {"venture": venture_a.pk, "note": "Pilot"},
                         content_type="application/json")  # fmt: skip
    assert linked.status_code == 201
    client.force_login(innovator_a)  # on venture_a's team
    assert client.get(_one(challenge_a, "/ventures")).json()[0]["venture"]["id"] == venture_a.pk
    assert client.delete(_one(challenge_a, f"/ventures/{venture_a.pk}")).status_code == 403
    client.force_login(staff_a)
    assert client.delete(_one(challenge_a, f"/ventures/{venture_a.pk}")).status_code == 204
    assert not ChallengeVenture.objects.exists()


def test_sector_matrix_over_the_api(client, innovator_a, challenge_a):
    client.force_login(innovator_a)
    body = client.get("/api/v1/centers/amal-hub/challenge-sectors").json()
    assert len(body["sectors"]) == 8
    row = body["rows"][0]
    assert row["counts"]["government"] == 1 and row["sectors"] == 2
    assert body["totals"]["academia"] == 1


@pytest.mark.parametrize("persona", ["outsider", "stranger"])
def test_other_centers_get_404(client, request, persona, challenge_a):
    client.force_login(request.getfixturevalue(persona))
    before = AuditEntry.objects.count()
    assert client.get(_one(challenge_a)).status_code == 404
    assert client.post(_one(challenge_a, "/comments"), {"body": "x"},
                       content_type="application/json").status_code == 404  # fmt: skip
    assert AuditEntry.objects.count() == before
