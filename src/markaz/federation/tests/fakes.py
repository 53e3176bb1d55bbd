"""A peer deployment in memory: signs activities with its own key, serves outbox pages."""

from __future__ import annotations

import base64

from nacl.signing import SigningKey

from markaz.federation import client, signing

BASE = "http://peer.test"
ACTOR = f"{BASE}/federation/actor"


class FakePeer:
    def __init__(self, *, networks: list[str] | None = None) -> None:
        from markaz.federation.models import Peer, PeerState

        self.key = SigningKey.generate()
        self.activities: list[dict] = []
        self.down = False
        self.requests: list[int] = []
        self.peer = Peer.objects.create(
            name="Peer Test",
            base_url=BASE,
            actor_url=ACTOR,
            outbox_url=f"{BASE}/federation/outbox",
            inbox_url=f"{BASE}/federation/inbox",
            public_key=base64.b64encode(bytes(self.key.verify_key)).decode(),
            state=PeerState.ACTIVE,
            approved_here=True,
            approved_there=True,
            networks=networks or [],
        )

    def activity(
        self,
        seq: int,
        verb: str = "Create",
        *,
        obj: str = "1",
        title: str = "Water",
        key: SigningKey | None = None,
        networks: list[str] | None = None,
    ) -> dict:
        body = (
            {"id": f"{BASE}/federation/objects/knowledge.entry/{obj}", "type": "Tombstone"}
            if verb == "Delete"
            else {
                "id": f"{BASE}/federation/objects/knowledge.entry/{obj}",
                "type": "Article",
                "markaz:kind": "knowledge",
                "nameMap": {"en": title, "ar": "ماء"},
                "summaryMap": {"en": f"About {title}."},
            }
        )
        return signing.sign(
            {
                "id": f"{BASE}/federation/activities/{seq}",
                "type": verb,
                "actor": ACTOR,
                "published": "2026-01-01T00:00:00Z",
                "sequence": seq,
                "object": body,
                "to": [],
                "markaz:networks": networks or [],
            },
            key_id=ACTOR + "#main-key",
            key=key or self.key,
        )

    def add(self, *activities: dict) -> None:
        self.activities.extend(activities)

    def fetch_outbox(self, outbox_url: str, *, after: int, limit: int) -> dict:
        self.requests.append(after)
        if self.down:
            raise client.PeerError("connection refused")
        items = [a for a in self.activities if a.get("sequence", 0) > after][:limit]
        return {"type": "OrderedCollectionPage", "orderedItems": items}
