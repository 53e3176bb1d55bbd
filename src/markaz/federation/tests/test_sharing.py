"""What leaves a deployment, and how it shows on the other side: aggregate impact figures, links
to the origin's pages, forged items that cannot move the cursor, and the demo's federation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from nacl.signing import SigningKey

from markaz.core.access import scope_for
from markaz.core.factories import NetworkFactory
from markaz.core.tests.arabic import english_left_on
from markaz.federation import outbox, services
from markaz.federation.models import Mirror, OutboxActivity, Peer, PeerState
from markaz.federation.tests.fakes import BASE
from markaz.knowledge.factories import EntryFactory
from markaz.ventures.factories import VentureFactory


def _payloads(prefix: str) -> list[dict]:
    return [a.payload for a in OutboxActivity.objects.order_by("id") if a.key.startswith(prefix)]


@pytest.fixture
def verified_network(center_a, staff_a, admin_a, venture_a):
    """Center A in network "mena"; two of its ventures report verified people reached (SDG 6)."""
    from markaz.impact import services as impact
    from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory, quarter
    from markaz.sdg.models import Target

    network = NetworkFactory(slug="mena", name_en="MENA", name_ar="المنطقة")
    center_a.networks.add(network)
    people = IndicatorFactory(center=center_a, code="PEOPLE", name_en="People", unit="persons")
    people.sdg_targets.add(Target.objects.get(pk="6.1"))
    q1 = quarter(center_a, 2026, 1)
    second = VentureFactory(center=center_a, name_en="Solar Pumps", is_public=True)
    for venture, value in ((venture_a, "25"), (second, "15")):
        VentureIndicatorFactory(venture=venture, indicator=people)
        report = impact.submit_report(
            scope=scope_for(staff_a), venture=venture, period=q1,
            values=[{"indicator": "PEOPLE", "value": value}],
        )  # fmt: skip
        impact.review_report(scope=scope_for(admin_a), report=report, decision="verify")
    return network


def test_impact_leaves_only_as_aggregates_public_numbers_to_all_and_roll_ups_to_the_network(
    verified_network, center_a
):
    outbox.publish()
    [center] = _payloads("impact.center:")
    assert center["to"] == ["https://www.w3.org/ns/activitystreams#Public"]
    figures = center["object"]["markaz:figures"]
    assert figures["ventures"] == 1  # only the consented (public) venture is counted
    assert center["object"]["nameMap"]["en"] == "Impact figures: Amal Hub"
    [network] = _payloads("impact.network:")
    assert network["to"] == [] and network["markaz:networks"] == ["mena"]
    [row] = network["object"]["markaz:sdgFigures"]
    assert (row["goal"], row["value"], row["ventures"], row["centers"]) == (6, "40.000000", 2, 1)
    # Nothing names a venture's own figure: no venture-level impact object exists at all.
    assert not [a for a in OutboxActivity.objects.all() if a.key.startswith("impact.venture")]
    # The network's figures reach a peer of that network only.
    member = Peer.objects.create(base_url="http://m.test", state=PeerState.ACTIVE,
                                 networks=["mena"])  # fmt: skip
    other = Peer.objects.create(base_url="http://o.test", state=PeerState.ACTIVE,
                                networks=["elsewhere"])  # fmt: skip

    def keys(peer):
        return {r.key.split(":")[0] for r in outbox.activities_for(peer, after=0, limit=100)}

    assert {"impact.center", "impact.network"} <= keys(member)
    assert "impact.network" not in keys(other) and "impact.center" in keys(other)


def test_a_network_figure_drawn_from_one_venture_is_never_shared(
    center_a, staff_a, admin_a, venture_a
):
    from markaz.impact import services as impact
    from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory, quarter
    from markaz.sdg.models import Target

    center_a.networks.add(NetworkFactory(slug="mena"))
    people = IndicatorFactory(center=center_a, code="PEOPLE", unit="persons")
    people.sdg_targets.add(Target.objects.get(pk="6.1"))
    VentureIndicatorFactory(venture=venture_a, indicator=people)
    report = impact.submit_report(
        scope=scope_for(staff_a), venture=venture_a, period=quarter(center_a, 2026, 1),
        values=[{"indicator": "PEOPLE", "value": "25"}],
    )  # fmt: skip
    impact.review_report(scope=scope_for(admin_a), report=report, decision="verify")
    outbox.publish()
    assert _payloads("impact.network:") == []
    assert not any("25" in str(p["object"]) for p in _payloads("impact."))


def test_every_object_links_to_its_public_page_here_in_each_language(center_a):
    entry = EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    [activity] = _payloads("knowledge.entry:")
    base = settings.MARKAZ_FEDERATION_BASE_URL
    assert activity["object"]["url"] == [
        {"type": "Link", "href": f"{base}/ar/knowledge/{entry.pk}/", "hreflang": "ar",
         "mediaType": "text/html"},
        {"type": "Link", "href": f"{base}/en/knowledge/{entry.pk}/", "hreflang": "en",
         "mediaType": "text/html"},
    ]  # fmt: skip


def _linked(fake, links):
    activity = fake.activity(1, title="Water")
    del activity["signature"]
    activity["object"]["url"] = links
    from markaz.federation import signing

    return signing.sign(activity, key_id=fake.peer.actor_url + "#main-key", key=fake.key)


def test_a_mirror_links_to_the_origin_page_in_the_readers_language(client, fake_peer, staff_a):
    fake_peer.add(_linked(fake_peer, [
        {"type": "Link", "href": f"{BASE}/ar/knowledge/7/", "hreflang": "ar"},
        {"type": "Link", "href": f"{BASE}/en/knowledge/7/", "hreflang": "en"},
    ]))  # fmt: skip
    services.sync_peer(fake_peer.peer, retries=0)
    mirror = Mirror.objects.get()
    assert mirror.url == f"{BASE}/en/knowledge/7/"
    client.force_login(staff_a)
    url = reverse("federation-mirror", kwargs={"pk": mirror.pk})
    assert f'href="{BASE}/en/knowledge/7/"' in client.get(url).text
    listing = client.get(reverse("federation-network")).text
    assert f'href="{BASE}/en/knowledge/7/"' in listing
    arabic = client.get(url.replace("/en/", "/ar/", 1)).text
    assert f'href="{BASE}/ar/knowledge/7/"' in arabic


def test_a_link_away_from_the_origin_is_dropped(fake_peer):
    fake_peer.add(_linked(fake_peer, ["https://phishing.test/login", "javascript:alert(1)"]))
    services.sync_peer(fake_peer.peer, retries=0)
    mirror = Mirror.objects.get()
    assert mirror.url == "" and mirror.origin_page == BASE


def test_forged_activities_never_move_the_cursor(fake_peer):
    forged = fake_peer.activity(900, title="Forged", key=SigningKey.generate())
    unsigned = fake_peer.activity(901, title="Unsigned")
    del unsigned["signature"]
    fake_peer.add(fake_peer.activity(1, title="Water"), forged, unsigned)
    result = services.sync_peer(fake_peer.peer, retries=0)
    assert result.rejected == 2
    fake_peer.peer.refresh_from_db()
    assert fake_peer.peer.cursor == 1  # a forger cannot make us skip sequences 2 … 901
    fake_peer.activities = [fake_peer.activity(2, obj="2", title="Genuine later")]
    services.sync_peer(fake_peer.peer, retries=0)
    assert sorted(Mirror.objects.values_list("title_en", flat=True)) == ["Genuine later", "Water"]


def test_a_page_of_forged_items_only_ends_the_sync_instead_of_looping(fake_peer):
    fake_peer.add(*(fake_peer.activity(i, obj=str(i), key=SigningKey.generate())
                    for i in range(1, 4)))  # fmt: skip
    result = services.sync_peer(fake_peer.peer, retries=0, limit=3)
    assert result.ok and result.rejected == 3 and fake_peer.requests == [0]


def test_the_demo_shows_a_peer_with_mirrored_items_and_no_network_traffic(
    monkeypatch, client, center_a, staff_a
):
    from markaz.federation import client as http
    from markaz.federation import demo_data

    def no_network(*args, **kwargs):
        raise AssertionError("the demo must not reach the network")

    for name in ("fetch_actor", "fetch_outbox", "post_inbox"):
        monkeypatch.setattr(http, name, no_network)
    created = demo_data.seed([center_a.slug])
    assert (
        created["federation peers"] == 1 and created["mirrored items"] == len(demo_data.ITEMS) - 1
    )
    again = demo_data.seed([center_a.slug])
    assert "federation peers" not in again and Peer.objects.count() == 1
    peer = Peer.objects.get()
    assert peer.state == PeerState.ACTIVE and peer.cursor == len(demo_data.ITEMS) + 2
    assert not peer.rejected.exists()
    withdrawn = Mirror.objects.get(object_id__endswith=demo_data.WITHDRAWN)
    assert withdrawn.deleted
    call = Mirror.objects.get(object_id__endswith=demo_data.UPDATED)
    assert call.origin_seq == len(demo_data.ITEMS) + 1  # the Update came after the Create
    # A member of a center outside the peer's network sees the public items only.
    client.force_login(staff_a)
    page = client.get(reverse("federation-network")).text
    assert "Atlas green ventures call 2026" in page and "Markaz Atlas" in page
    assert "Pitch coaching in Arabic" not in page  # network-only, for the MENA network
    impact = Mirror.objects.get(object_id__endswith="impact.center/3")
    detail = client.get(reverse("federation-mirror", kwargs={"pk": impact.pk})).text
    assert "2310" in detail and "Aggregate figures" in detail


def test_the_impact_mirror_page_has_no_english_left_in_arabic(client, center_a, staff_a):
    from markaz.federation import demo_data

    demo_data.seed([center_a.slug])
    client.force_login(staff_a)
    impact = Mirror.objects.get(object_id__endswith="impact.center/3")
    with_ar = reverse("federation-mirror", kwargs={"pk": impact.pk}).replace("/en/", "/ar/", 1)
    assert english_left_on(client, [with_ar]) == {}
