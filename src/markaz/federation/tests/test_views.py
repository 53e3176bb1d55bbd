"""Pages, machine endpoints and API of federation: deployment-level access rules."""

from __future__ import annotations

import datetime as dt
import email.utils
import json

import pytest
from django.urls import reverse

from markaz.core.tests.arabic import english_left_on
from markaz.federation import outbox, signing
from markaz.federation.models import Peer, PeerState
from markaz.federation.tests.fakes import ACTOR
from markaz.knowledge.factories import EntryFactory

PAGES = ["federation-home", "federation-rejected", "federation-network"]


def _login(client, user):
    client.force_login(user)
    return client


def test_the_identity_document_shows_the_public_key(client):
    data = client.get(reverse("federation-actor")).json()
    assert data["publicKey"]["publicKeyBase64"] == signing.public_key()
    assert data["outbox"].endswith("/federation/outbox") and data["inbox"]


def test_machine_endpoints_have_no_language_prefix(client, settings):
    base = settings.MARKAZ_FEDERATION_BASE_URL
    assert reverse("federation-actor") == "/federation/actor"
    response = client.get("/federation/actor", headers={"Accept-Language": "ar"})
    assert response.status_code == 200 and response["Content-Type"] == "application/activity+json"
    data = response.json()
    assert data["id"] == f"{base}/federation/actor"
    assert data["inbox"] == f"{base}/federation/inbox"
    assert data["outbox"] == f"{base}/federation/outbox"
    assert client.get("/en/federation/actor").status_code == 404
    # The operators' pages keep their language prefix.
    assert reverse("federation-home").startswith("/en/federation/")


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ["federation-home", "federation-rejected"])
def test_center_admins_cannot_manage_federation(client, admin_a, outsider, name):
    assert _login(client, admin_a).get(reverse(name)).status_code == 404
    assert _login(client, outsider).get(reverse(name)).status_code == 404


def test_operators_and_network_coordinators_manage_federation(
    client, federation_operator, federation_coordinator, fake_peer
):
    for user in (federation_operator, federation_coordinator):
        _login(client, user)
        page = client.get(reverse("federation-home"))
        assert page.status_code == 200 and signing.public_key() in page.text
        assert "Peer Test" in page.text
        detail = client.get(reverse("federation-peer", kwargs={"pk": fake_peer.peer.pk}))
        assert detail.status_code == 200


def test_a_center_admin_cannot_approve_or_suspend_a_peer(client, admin_a, fake_peer):
    url = reverse("federation-peer", kwargs={"pk": fake_peer.peer.pk})
    assert _login(client, admin_a).post(url, {"action": "suspend"}).status_code == 404
    fake_peer.peer.refresh_from_db()
    assert fake_peer.peer.state == PeerState.ACTIVE


def test_an_operator_suspends_a_peer_from_its_page(client, federation_operator, fake_peer):
    url = reverse("federation-peer", kwargs={"pk": fake_peer.peer.pk})
    assert _login(client, federation_operator).post(url, {"action": "suspend"}).status_code == 302
    fake_peer.peer.refresh_from_db()
    assert fake_peer.peer.state == PeerState.SUSPENDED


def test_a_page_sync_pulls_the_peer(client, federation_operator, fake_peer):
    fake_peer.add(fake_peer.activity(1, title="Water"))
    url = reverse("federation-peer", kwargs={"pk": fake_peer.peer.pk})
    _login(client, federation_operator).post(url, {"action": "sync"})
    page = client.get(reverse("federation-network"))
    assert "Water" in page.text and "Peer Test" in page.text


def test_members_see_items_from_the_network_labelled_with_their_origin(client, staff_a, fake_peer):
    fake_peer.add(fake_peer.activity(1, title="Water"),
                  fake_peer.activity(2, obj="2", title="Secret", networks=["mena"]))  # fmt: skip
    from markaz.federation import services

    services.sync_peer(fake_peer.peer, retries=0)
    page = _login(client, staff_a).get(reverse("federation-network"))
    assert "Water" in page.text and "Peer Test" in page.text
    assert "Secret" not in page.text  # network-only, and staff_a's center is not in "mena"


def test_requesting_peering_with_an_unreachable_deployment_says_so(client, federation_operator):
    response = _login(client, federation_operator).post(
        reverse("federation-home"), {"base_url": "http://127.0.0.1:9", "networks": ""}
    )
    assert response.status_code == 200 and "could not be reached" in response.text
    assert not Peer.objects.exists()


def _signed_get(client, url, key, actor=ACTOR, date=None):
    date = date or email.utils.format_datetime(dt.datetime.now(dt.UTC), usegmt=True)
    signature = signing.sign_request("GET", url, date, key)
    headers = {"Date": date, "X-Federation-Actor": actor, "X-Federation-Signature": signature}
    return client.get(url, headers=headers)


def test_the_outbox_answers_only_signed_requests_of_active_peers(client, fake_peer, center_a):
    EntryFactory(center=center_a, visibility="public", title_en="Shared")
    outbox.publish()
    url = reverse("federation-outbox") + "?after=0&limit=10"
    assert client.get(url).status_code == 403
    page = _signed_get(client, url, fake_peer.key)
    assert page.status_code == 200
    assert [a["object"]["nameMap"]["en"] for a in page.json()["orderedItems"]] == ["Shared"]
    # A forged signature, a stale date and a suspended peer are all refused.
    from nacl.signing import SigningKey

    assert _signed_get(client, url, SigningKey.generate()).status_code == 403
    old = email.utils.format_datetime(dt.datetime(2020, 1, 1, tzinfo=dt.UTC), usegmt=True)
    assert _signed_get(client, url, fake_peer.key, date=old).status_code == 403
    fake_peer.peer.state = PeerState.SUSPENDED
    fake_peer.peer.save()
    assert _signed_get(client, url, fake_peer.key).status_code == 403


def test_the_inbox_refuses_unsigned_or_misaddressed_messages(client, db):
    url = reverse("federation-inbox")
    assert client.post(url, "nope", content_type="application/json").status_code == 400
    message = {"type": "Follow", "actor": "http://x.test/federation/actor",
               "markaz:baseUrl": "http://x.test", "object": "http://elsewhere/"}  # fmt: skip
    response = client.post(url, json.dumps(message), content_type="application/json")
    assert response.status_code == 400 and not Peer.objects.exists()


def test_the_api_lists_peers_for_operators_only(client, federation_operator, admin_a, fake_peer):
    url = "/api/v1/federation/peers"
    assert client.get(url).status_code == 401
    assert _login(client, admin_a).get(url).status_code == 403
    data = _login(client, federation_operator).get(url).json()
    assert [p["name"] for p in data["items"]] == ["Peer Test"]
    other = f"/api/v1/federation/peers/{fake_peer.peer.pk}/suspend"
    assert _login(client, admin_a).post(other).status_code == 404
    fake_peer.peer.refresh_from_db()
    assert fake_peer.peer.state == PeerState.ACTIVE


def test_the_api_syncs_and_lists_mirrors(client, federation_operator, fake_peer):
    fake_peer.add(fake_peer.activity(1, title="Water"))
    _login(client, federation_operator)
    result = client.post(f"/api/v1/federation/peers/{fake_peer.peer.pk}/sync").json()
    assert result["ok"] and result["stored"] == 1
    items = client.get("/api/v1/federation/mirrors?q=water").json()["items"]
    assert [(i["title"], i["origin"]) for i in items] == [("Water", "Peer Test")]


def test_federation_pages_are_fully_arabic(client, federation_operator, fake_peer):
    from markaz.federation import services
    from markaz.federation.models import Mirror

    fake_peer.add(fake_peer.activity(1, title="Water"))
    services.sync_peer(fake_peer.peer, retries=0)
    _login(client, federation_operator)
    mirror = Mirror.objects.get()
    urls = [
        "/ar/federation/",
        f"/ar/federation/peers/{fake_peer.peer.pk}/",
        "/ar/federation/rejected/",
        "/ar/federation/network/",
        f"/ar/federation/network/{mirror.pk}/",
    ]
    assert english_left_on(client, urls) == {}
