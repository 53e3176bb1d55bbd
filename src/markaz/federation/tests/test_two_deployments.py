"""Two real deployments on loopback: own server, own SQLite file, own key. They peer (both
approve), pull each other, follow updates and deletions, survive one side going down in the
middle of a sync, and converge with nothing duplicated or lost. Center-only content never
leaves its center and network content never leaves its network.
"""

from __future__ import annotations

import shutil

import pytest

from markaz.federation.loopback import SEED, Deployment, scratch_dir

SYNC = """
from dataclasses import asdict
from markaz.federation.models import Mirror, Peer
from markaz.federation.services import sync_all_peers
results = sync_all_peers(force=True, sleep=lambda s: None, **ARGS)
rows = list(Mirror.objects.values_list("object_id", "title_en", "deleted"))
print(json.dumps({"results": [asdict(r) for r in results],
                  "live": sorted(t for _, t, d in rows if not d), "rows": len(rows),
                  "ids": len({o for o, _, _ in rows}),
                  "peers": list(Peer.objects.values_list("state", "cursor", "failures"))}))
"""

CHANGE = """
from markaz.knowledge.models import Entry
from markaz.federation.outbox import publish
Entry.objects.filter(title_en="beta public entry 0").update(title_en="beta public entry 0 v2")
Entry.objects.filter(title_en="beta public entry 1").delete()
Entry.objects.filter(title_en="beta public entry 2").update(visibility="center")
print(json.dumps({"published": publish()}))
"""


def _sync(d: Deployment, *, retries=0, limit=500, max_pages=None):
    args = {"retries": retries, "limit": limit, "max_pages": max_pages}
    return d.python(f"ARGS = {args!r}\n" + SYNC)


@pytest.fixture
def deployments():
    root = scratch_dir("markaz-federation-test-")
    alpha, beta = Deployment("alpha", root, workers=1), Deployment("beta", root, workers=1)
    try:
        alpha.create_schema()
        beta.create_schema(template=alpha.database)
        alpha.python(SEED.format(name="alpha", items=2))
        beta.python(SEED.format(name="beta", items=6))
        alpha.start()
        beta.start()
        yield alpha, beta
    finally:
        alpha.stop()
        beta.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_two_deployments_peer_sync_and_converge_after_a_restart(deployments):
    alpha, beta = deployments
    # Peering: alpha asks, beta approves; until then nothing flows.
    assert alpha.cli("federation", "request", beta.base_url, "--networks", "mena-hubs") == {
        "peer": 1, "state": "requested"
    }  # fmt: skip
    [pending] = beta.cli("federation", "peers")
    assert pending["state"] == "pending" and pending["base_url"] == alpha.base_url
    assert beta.cli("federation", "approve", "1", "--networks", "mena-hubs")["state"] == "active"

    # beta publishes (diff publisher) and alpha pulls in small pages.
    assert _sync(beta)["results"][0]["ok"]  # beta pulls alpha too: bidirectional
    beta_shared = sorted([f"beta public entry {i}" for i in range(6)]
                         + ["beta network guide", "beta open call", "beta public event",
                            "beta public venture"])  # fmt: skip
    state = _sync(alpha, limit=3)
    [result] = state["results"]
    assert result["ok"] and result["rejected"] == 0
    assert state["live"] == beta_shared
    # Never shared: center-only, drafts, private ventures, another network's content.
    for secret in ("private note", "draft", "private venture", "other-network guide"):
        assert not any(secret in title for title in state["live"])

    # Changes on beta: an update, a deletion, an entry taken back to center-only.
    # (the deletion was already published by the post_delete signal; the rest by the diff)
    assert beta.python(CHANGE)["published"] >= 2
    # alpha pulls one page of the changes, then beta goes down in the middle of the sync.
    [partial] = _sync(alpha, limit=1, max_pages=1)["results"]
    assert partial["ok"] and partial["pages"] == 1
    beta.stop()
    state = _sync(alpha, retries=1)
    assert not state["results"][0]["ok"]
    [(peer_state, cursor, failures)] = state["peers"]
    assert peer_state == "active" and cursor == partial["cursor"] and failures == 1
    beta.start()
    final = _sync(alpha)
    [resumed] = final["results"]
    assert resumed["ok"] and resumed["rejected"] == 0
    expected = sorted(
        {*beta_shared, "beta public entry 0 v2"}
        - {"beta public entry 0", "beta public entry 1", "beta public entry 2"}
    )
    assert final["live"] == expected
    assert final["rows"] == final["ids"]  # one row per origin object: nothing duplicated
    assert _sync(alpha)["results"][0]["stored"] == 0  # and a further pull is a no-op

    # The other direction: beta holds alpha's shared items, none of its private ones.
    beta_view = _sync(beta)
    assert (
        "alpha network guide" in beta_view["live"] and "alpha public entry 1" in beta_view["live"]
    )
    assert not any("private" in t or "draft" in t for t in beta_view["live"])
