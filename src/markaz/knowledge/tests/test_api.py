"""API of knowledge entries and of the search."""

import pytest

from markaz.knowledge.models import Entry, EntryVersion

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/centers/amal-hub/knowledge"


def send(client, method, url, data=None):
    return getattr(client, method)(url, data, content_type="application/json")


def test_innovator_creates_a_draft_that_staff_publish(client, innovator_a, staff_a):
    client.force_login(innovator_a)
    response = send(
        client, "post", CREATE, {"type": "toolkit", "title_ar": "دليل الري", "sdgs": [6, 2]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["sdgs"], body["center"]) == ("draft", [2, 6], "amal-hub")
    url = f"/api/v1/knowledge/{body['id']}"
    assert send(client, "post", url + "/status", {"status": "published"}).status_code == 403
    client.force_login(staff_a)
    assert send(client, "post", url + "/status", {"status": "published"}).json()["status"] == (
        "published"
    )


def test_patch_saves_a_version_and_refuses_to_clear_both_titles(client, staff_a, center_a):
    client.force_login(staff_a)
    entry = send(client, "post", CREATE, {"type": "dataset", "title_en": "Wells"}).json()
    url = f"/api/v1/knowledge/{entry['id']}"
    assert send(client, "patch", url, {"summary_en": "All wells"}).status_code == 200
    assert EntryVersion.objects.filter(entry_id=entry["id"]).count() == 2
    response = send(client, "patch", url, {"title_en": ""})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    bad = send(client, "post", CREATE, {"type": "dataset", "title_en": "X", "sdgs": [99]})
    assert bad.status_code == 422


@pytest.mark.parametrize("persona", ["mentor_a", "reviewer_a", "funder_a", "partner_a"])
def test_other_roles_cannot_contribute(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert send(client, "post", CREATE, {"type": "toolkit", "title_en": "X"}).status_code == 403


def test_another_center_gets_404_for_center_entries_and_cannot_write(
    client, staff_a, outsider, entry_factory, center_a
):
    entry = entry_factory(staff_a, center_a, visibility="center")
    client.force_login(outsider)
    assert client.get(f"/api/v1/knowledge/{entry.pk}").status_code == 404
    assert (
        send(client, "patch", f"/api/v1/knowledge/{entry.pk}", {"title_en": "x"}).status_code == 404
    )
    assert client.delete(f"/api/v1/knowledge/{entry.pk}").status_code == 404
    assert send(client, "post", CREATE, {"type": "toolkit", "title_en": "X"}).status_code == 404
    assert client.get("/api/v1/knowledge").json()["count"] == 0


def test_staff_delete_an_entry(client, staff_a, entry_factory, center_a):
    entry = entry_factory(staff_a, center_a)
    client.force_login(staff_a)
    assert client.delete(f"/api/v1/knowledge/{entry.pk}").status_code == 204
    assert not Entry.objects.exists()


def test_list_filters_by_center_type_and_sdg(client, staff_a, entry_factory, center_a):
    entry_factory(staff_a, center_a, type="toolkit")
    entry_factory(staff_a, center_a, type="dataset")
    client.force_login(staff_a)
    body = client.get("/api/v1/knowledge?center=amal-hub&type=toolkit").json()
    assert body["count"] == 1 and body["items"][0]["type"] == "toolkit"


def test_search_returns_visible_hits_with_facets_only(
    client, staff_a, outsider, entry_factory, center_a
):
    entry_factory(staff_a, center_a, visibility="center", title_en="Mangrove nursery")
    entry_factory(staff_a, center_a, visibility="public", title_en="Mangrove replanting")
    client.force_login(staff_a)
    body = client.get("/api/v1/search?q=mangrove").json()
    assert body["count"] == 2
    assert {"value": "entry", "count": 2} in body["facets"]["kind"]
    assert "<mark>" in body["items"][0]["snippet"] or body["items"][0]["title"]
    client.force_login(outsider)
    body = client.get("/api/v1/search?q=mangrove&type=case-study").json()
    assert body["count"] == 1 and body["items"][0]["title"] == "Mangrove replanting"
    assert body["facets"]["kind"] == [{"value": "entry", "count": 1}]
    assert client.get("/api/v1/search?q=").status_code == 422


def test_search_requires_a_login(client):
    assert client.get("/api/v1/search?q=water").status_code == 401
