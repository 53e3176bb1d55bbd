"""Pulling a peer's outbox: idempotent upserts, tombstones, backoff, and every rejection."""

from __future__ import annotations

import pytest
from nacl.signing import SigningKey

from markaz.core.models import AuditEntry
from markaz.federation import services
from markaz.federation.models import Mirror, PeerState, RejectedActivity


def _sync(fake, **kw):
    fake.peer.refresh_from_db()
    return services.sync_peer(fake.peer, retries=kw.pop("retries", 0), sleep=lambda s: None, **kw)


def _titles():
    return sorted(Mirror.objects.filter(deleted=False).values_list("title_en", flat=True))


def test_a_pull_stores_mirrors_attributed_to_the_peer_and_moves_the_cursor(fake_peer):
    fake_peer.add(fake_peer.activity(1, obj="1", title="Water"),
                  fake_peer.activity(2, obj="2", title="Solar"))  # fmt: skip
    result = _sync(fake_peer)
    assert result.ok and result.stored == 2
    assert _titles() == ["Solar", "Water"]
    mirror = Mirror.objects.get(title_en="Water")
    assert mirror.peer == fake_peer.peer and mirror.title_ar == "ماء" and mirror.kind == "knowledge"
    fake_peer.peer.refresh_from_db()
    assert fake_peer.peer.cursor == 2


def test_pulling_again_stores_nothing_twice(fake_peer):
    fake_peer.add(fake_peer.activity(1), fake_peer.activity(2, "Update", title="Clean water"))
    _sync(fake_peer)
    again = _sync(fake_peer)
    assert again.pulled == 0
    assert Mirror.objects.count() == 1
    assert _titles() == ["Clean water"]


def test_a_delete_propagates_as_a_tombstone_that_hides_the_item(fake_peer):
    fake_peer.add(fake_peer.activity(1), fake_peer.activity(2, "Delete"))
    result = _sync(fake_peer)
    assert result.deleted == 1
    assert _titles() == []
    assert Mirror.objects.get().deleted is True


def test_pages_are_followed_to_the_end(fake_peer):
    fake_peer.add(*(fake_peer.activity(i, obj=str(i), title=f"T{i}") for i in range(1, 8)))
    result = _sync(fake_peer, limit=3)
    assert result.pages == 3 and result.stored == 7
    assert fake_peer.requests == [0, 3, 6]


def test_a_peer_that_is_down_keeps_its_last_good_cursor_and_backs_off(fake_peer):
    fake_peer.add(fake_peer.activity(1))
    _sync(fake_peer)
    fake_peer.add(fake_peer.activity(2, obj="2", title="Later"))
    fake_peer.down = True
    waits = []
    result = services.sync_peer(fake_peer.peer, retries=2, sleep=waits.append)
    assert not result.ok and waits == [0.5, 1.0]
    fake_peer.peer.refresh_from_db()
    assert fake_peer.peer.cursor == 1 and fake_peer.peer.failures == 1
    assert fake_peer.peer.next_attempt_at is not None and "refused" in fake_peer.peer.last_error
    fake_peer.down = False
    assert services.sync_all_peers() == []  # not due yet: it backs off
    [result] = services.sync_all_peers(force=True, retries=0)
    assert result.ok and _titles() == ["Later", "Water"]
    fake_peer.peer.refresh_from_db()
    assert fake_peer.peer.failures == 0 and fake_peer.peer.next_attempt_at is None


def _rejected(fake, activity, reason):
    fake.add(activity)
    result = _sync(fake)
    assert result.rejected == 1
    row = RejectedActivity.objects.get()
    assert row.reason == reason and row.peer == fake.peer
    assert AuditEntry.objects.filter(action="federation.activity.rejected").count() == 1
    return result


def test_a_tampered_activity_is_rejected_logged_and_never_stored(fake_peer):
    activity = fake_peer.activity(1, title="Water")
    activity["object"]["nameMap"]["en"] = "Poisoned"
    _rejected(fake_peer, activity, "bad-signature")
    assert Mirror.objects.count() == 0


def test_an_unsigned_activity_is_rejected(fake_peer):
    activity = fake_peer.activity(1)
    del activity["signature"]
    _rejected(fake_peer, activity, "unsigned")
    assert Mirror.objects.count() == 0


def test_an_activity_signed_by_an_unknown_key_is_rejected(fake_peer):
    _rejected(fake_peer, fake_peer.activity(1, key=SigningKey.generate()), "bad-signature")
    assert Mirror.objects.count() == 0


def test_an_activity_claiming_another_actor_is_rejected(fake_peer):
    activity = fake_peer.activity(1)
    activity["actor"] = "http://elsewhere.test/federation/actor"
    _rejected(fake_peer, activity, "unknown-key")


def test_a_replayed_older_activity_is_rejected(fake_peer):
    fake_peer.add(fake_peer.activity(1, title="Old"), fake_peer.activity(5, "Update", title="New"))
    _sync(fake_peer)
    # The peer (or someone in between) sends sequence 3 after 5 was seen.
    fake_peer.activities = [fake_peer.activity(3, "Update", title="Stale")]
    fake_peer.peer.refresh_from_db()
    fake_peer.peer.cursor = 2  # even with a cursor that lets it through, the item knows 5
    fake_peer.peer.save()
    result = _sync(fake_peer)
    assert result.rejected == 1 and RejectedActivity.objects.get().reason == "replay"
    assert _titles() == ["New"]


def test_the_same_sequence_with_different_content_is_a_replay(fake_peer):
    fake_peer.add(fake_peer.activity(1, title="Water"))
    _sync(fake_peer)
    fake_peer.activities = [fake_peer.activity(1, title="Changed")]
    fake_peer.peer.refresh_from_db()
    fake_peer.peer.cursor = 0
    fake_peer.peer.save()
    result = _sync(fake_peer)
    assert result.rejected == 1 and RejectedActivity.objects.get().reason == "replay"
    assert _titles() == ["Water"]


def test_the_same_activity_delivered_again_is_skipped_quietly(fake_peer):
    fake_peer.add(fake_peer.activity(1))
    _sync(fake_peer)
    fake_peer.peer.refresh_from_db()
    fake_peer.peer.cursor = 0
    fake_peer.peer.save()
    result = _sync(fake_peer)
    assert result.skipped == 1 and result.rejected == 0
    assert not RejectedActivity.objects.exists() and Mirror.objects.count() == 1


def test_suspending_a_peer_hides_its_items_at_once_without_deleting_them(
    fake_peer, federation_operator
):
    from markaz.core.access import scope_for
    from markaz.federation.selectors import visible_mirrors

    fake_peer.add(fake_peer.activity(1))
    _sync(fake_peer)
    scope = scope_for(federation_operator)
    assert visible_mirrors(scope).count() == 1
    services.suspend_peer(actor=federation_operator, peer=fake_peer.peer)
    assert visible_mirrors(scope).count() == 0
    assert Mirror.objects.count() == 1
    assert services.sync_all_peers() == []  # a suspended peer is not pulled


@pytest.mark.parametrize("state", [PeerState.REQUESTED, PeerState.PENDING, PeerState.REMOVED])
def test_only_active_peers_are_pulled(fake_peer, state):
    fake_peer.peer.state = state
    fake_peer.peer.save()
    fake_peer.add(fake_peer.activity(1))
    assert services.sync_all_peers(force=True) == []
    assert Mirror.objects.count() == 0
