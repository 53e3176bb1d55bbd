"""The outbox: only what was chosen to be shared, signed, in order, to the right audience."""

from __future__ import annotations

import base64

from django.conf import settings

from markaz.core.factories import NetworkFactory
from markaz.events.factories import EventFactory
from markaz.federation import outbox, signing
from markaz.federation.models import OutboxActivity, Peer, PeerState
from markaz.knowledge.factories import EntryFactory
from markaz.programs.factories import CallFactory
from markaz.ventures.factories import VentureFactory


def _keys():
    return [a.key for a in OutboxActivity.objects.order_by("id")]


def _peer(networks=()):
    return Peer.objects.create(base_url=f"http://p{len(networks)}.test", state=PeerState.ACTIVE,
                               networks=list(networks))  # fmt: skip


def test_only_published_public_or_network_content_enters_the_outbox(center_a, venture_a):
    center_a.networks.add(NetworkFactory(slug="mena"))
    private = EntryFactory(center=center_a, visibility="center")
    draft = EntryFactory(center=center_a, visibility="public", status="draft")
    public = EntryFactory(center=center_a, visibility="public")
    network = EntryFactory(center=center_a, visibility="network")
    call = CallFactory(center=center_a)
    CallFactory(center=center_a, phase="draft")
    event = EventFactory(center=center_a, visibility="public")
    EventFactory(center=center_a, visibility="members")
    venture_a.is_public = False
    venture_a.save()
    shown = VentureFactory(center=center_a, is_public=True)
    outbox.publish()
    keys = set(_keys())
    assert keys == {f"knowledge.entry:{public.pk}", f"knowledge.entry:{network.pk}",
                    f"programs.call:{call.pk}", f"events.event:{event.pk}",
                    f"ventures.venture:{shown.pk}",
                    f"impact.center:{center_a.pk}"}  # the public venture's count  # fmt: skip
    assert f"knowledge.entry:{private.pk}" not in keys and f"knowledge.entry:{draft.pk}" not in keys


def test_publishing_twice_appends_nothing_and_sequences_increase(center_a):
    EntryFactory(center=center_a, visibility="public")
    EntryFactory(center=center_a, visibility="public")
    assert outbox.publish() == 2
    assert outbox.publish() == 0
    seqs = [a.payload["sequence"] for a in OutboxActivity.objects.order_by("id")]
    assert seqs == sorted(seqs) and len(set(seqs)) == 2


def test_every_activity_is_signed_with_the_deployment_key(center_a):
    EntryFactory(center=center_a, visibility="public", title_ar="عنوان")
    outbox.publish()
    activity = OutboxActivity.objects.get().payload
    assert activity["type"] == "Create" and activity["object"]["type"] == "Article"
    assert activity["actor"] == outbox.actor_url() and activity["published"]
    seq = OutboxActivity.objects.get().pk
    assert activity["id"] == f"{settings.MARKAZ_FEDERATION_BASE_URL}/federation/activities/{seq}"
    assert activity["object"]["nameMap"]["ar"] == "عنوان"
    assert signing.verify(activity, signing.public_key())
    activity["object"]["nameMap"]["ar"] = "x"
    assert not signing.verify(activity, signing.public_key())


def test_changes_become_updates_and_unsharing_becomes_a_tombstone(center_a):
    entry = EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    entry.title_en = "Renamed"
    entry.save()
    outbox.publish()
    entry.visibility = "center"
    entry.save()
    outbox.publish()
    verbs = list(OutboxActivity.objects.order_by("id").values_list("verb", flat=True))
    assert verbs == ["Create", "Update", "Delete"]
    assert OutboxActivity.objects.last().payload["object"]["type"] == "Tombstone"


def test_a_deleted_object_becomes_a_tombstone(center_a):
    entry = EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    entry.delete()
    outbox.publish()
    assert OutboxActivity.objects.last().verb == "Delete"


def test_network_content_goes_only_to_peers_of_that_network(center_a):
    center_a.networks.add(NetworkFactory(slug="mena"))
    EntryFactory(center=center_a, visibility="network", title_en="Network guide")
    EntryFactory(center=center_a, visibility="public", title_en="Public guide")
    outbox.publish()
    member, other, none = _peer(["mena"]), _peer(["elsewhere", "x"]), _peer()

    def titles(peer):
        rows = outbox.activities_for(peer, after=0, limit=100)
        return sorted(r.payload["object"]["nameMap"]["en"] for r in rows)

    assert titles(member) == ["Network guide", "Public guide"]
    assert titles(other) == ["Public guide"]
    assert titles(none) == ["Public guide"]


def test_narrowing_the_audience_retracts_from_the_old_one(center_a):
    center_a.networks.add(NetworkFactory(slug="mena"))
    entry = EntryFactory(center=center_a, visibility="public")
    outbox.publish()
    entry.visibility = "network"
    entry.save()
    outbox.publish()
    rows = list(OutboxActivity.objects.order_by("id"))
    assert [(r.verb, r.public) for r in rows] == [
        ("Create", True), ("Delete", True), ("Create", False)
    ]  # fmt: skip


def test_network_content_of_a_center_in_no_network_is_not_shared(center_a):
    EntryFactory(center=center_a, visibility="network")
    assert outbox.publish() == 0


def test_signatures_verify_with_the_public_key_in_the_identity():
    raw = base64.b64decode(signing.public_key())
    assert len(raw) == 32
    signed = signing.sign({"a": 1, "b": "ب"}, key_id="k")
    assert signing.verify(signed, signing.public_key())
    assert not signing.verify({"a": 1}, signing.public_key())
