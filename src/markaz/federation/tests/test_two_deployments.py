"""Two real deployments on loopback: own server, own SQLite file, own key. They peer (both
approve), pull each other, follow updates and deletions, survive one side going down in the
middle of a sync, and converge with nothing duplicated or lost. Center-only content never
leaves its center and network content never leaves its network. A man in the middle between
them (a loopback proxy) tampers with and replays activities: each is rejected and logged,
never stored, and cannot make alpha skip beta's genuine activities.

Each deployment keeps one interpreter running for its scripts (`Deployment.open_driver`), so
the test pays Django's start-up once per deployment rather than once per step.
"""

from __future__ import annotations

import copy
import http.client
import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from markaz.federation.loopback import SEED, Deployment, scratch_dir

SYNC = """
from dataclasses import asdict
from markaz.federation.models import Mirror, Peer, RejectedActivity
from markaz.federation.services import sync_all_peers
results = sync_all_peers(force=True, sleep=lambda s: None, **ARGS)
rows = list(Mirror.objects.values_list("object_id", "title_en", "deleted"))
print(json.dumps({"results": [asdict(r) for r in results],
                  "live": sorted(t for _, t, d in rows if not d), "rows": len(rows),
                  "ids": len({o for o, _, _ in rows}),
                  "rejected": sorted(RejectedActivity.objects.values_list("reason", flat=True)),
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

ROUTE_VIA = """
from markaz.federation.models import Peer
Peer.objects.update(outbox_url=OUTBOX)
print(json.dumps(list(Peer.objects.values_list("outbox_url", flat=True))))
"""


class ManInTheMiddle:
    """A loopback proxy in front of a deployment's outbox. `mode`: "pass" forwards pages as
    they are; "tamper" puts a copy with a changed title (and one unsigned copy) before each
    genuine activity; "replay" appends every activity it saw earlier after the genuine ones."""

    def __init__(self, target: Deployment) -> None:
        self.target, self.mode, self.seen = target, "pass", []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                conn = http.client.HTTPConnection("127.0.0.1", proxy.target.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                try:
                    conn.request("GET", self.path, headers=headers)
                    upstream = conn.getresponse()
                    status, body = upstream.status, upstream.read()
                except OSError:
                    self.send_error(502)
                    return
                if status == 200:
                    body = proxy.alter(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Type", "application/activity+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.outbox = f"http://127.0.0.1:{self.server.server_port}/federation/outbox"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def alter(self, page: dict) -> bytes:
        genuine = page.get("orderedItems") or []
        items = genuine
        if genuine and self.mode == "tamper":
            items = []
            for i, activity in enumerate(genuine):
                forged = copy.deepcopy(activity)
                forged["object"].setdefault("nameMap", {})["en"] = "Poisoned by the middle"
                items.append(forged)
                if i == 0:
                    unsigned = copy.deepcopy(forged)
                    del unsigned["signature"]
                    items.append(unsigned)
                items.append(activity)
        elif genuine and self.mode == "replay":
            items = genuine + self.seen
        if self.mode == "pass":
            self.seen.extend(genuine)
        return json.dumps({**page, "orderedItems": items}).encode()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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

        # Each deployment starts its driver, seeds and starts its server on its own: in two
        # threads, side by side.
        def ready(d: Deployment, items: int) -> None:
            d.open_driver()
            d.python(SEED.format(name=d.name, items=items))
            d.start()

        with ThreadPoolExecutor(2) as pool:
            [f.result() for f in [pool.submit(ready, alpha, 2), pool.submit(ready, beta, 6)]]
        yield alpha, beta
    finally:
        with ThreadPoolExecutor(4) as pool:
            for d in (alpha, beta):
                pool.submit(d.stop)
                pool.submit(d.close_driver)
        shutil.rmtree(root, ignore_errors=True)


def test_two_deployments_peer_sync_and_converge_after_a_restart(deployments):
    alpha, beta = deployments
    # Peering from the command line: alpha asks, beta approves; until then nothing flows.
    assert alpha.cli("federation", "request", beta.base_url, "--networks", "mena-hubs") == {
        "peer": 1, "state": "requested"
    }  # fmt: skip
    assert beta.cli("federation", "approve", "1", "--networks", "mena-hubs")["state"] == "active"
    [pending] = alpha.python(
        "from markaz.federation.models import Peer\n"
        "print(json.dumps(list(Peer.objects.values('state', 'base_url'))))"
    )
    assert pending == {"state": "active", "base_url": beta.base_url}  # beta's Accept arrived

    # beta publishes (diff publisher); alpha pulls in small pages through a man in the middle
    # who puts a tampered and an unsigned copy before each genuine activity.
    assert _sync(beta)["results"][0]["ok"]  # beta pulls alpha too: bidirectional
    middle = ManInTheMiddle(beta)
    try:
        assert alpha.python(f"OUTBOX = {middle.outbox!r}\n" + ROUTE_VIA) == [middle.outbox]
        _run(alpha, beta, middle)
    finally:
        middle.close()


def _run(alpha: Deployment, beta: Deployment, middle: ManInTheMiddle) -> None:
    beta_shared = sorted([f"beta public entry {i}" for i in range(6)]
                         + ["beta network guide", "beta open call", "beta public event",
                            "beta public venture", "Impact figures: beta Hub"])  # fmt: skip
    middle.mode = "tamper"
    state = _sync(alpha, limit=3)
    [result] = state["results"]
    assert result["ok"] and state["live"] == beta_shared  # every genuine activity, in spite of it
    # One tampered copy per genuine activity, and one unsigned copy per page.
    assert result["rejected"] == result["stored"] + result["pages"]
    assert set(state["rejected"]) == {"bad-signature", "unsigned"}
    assert not any("Poisoned" in title for title in state["live"])
    # Never shared: center-only, drafts, private ventures, another network's content.
    for secret in ("private note", "draft", "private venture", "other-network guide"):
        assert not any(secret in title for title in state["live"])

    # A clean pass, so the middle has seen (and can replay) every activity so far.
    middle.mode = "pass"
    _reset_cursor = "from markaz.federation.models import Peer\nPeer.objects.update(cursor=0)"
    alpha.python(_reset_cursor)
    assert _sync(alpha)["results"][0]["stored"] == 0  # all known: skipped, nothing stored again

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
    # Back up; the middle now replays every activity it saw before, after the genuine ones.
    middle.mode = "replay"
    final = _sync(alpha)
    [resumed] = final["results"]
    assert resumed["ok"]
    # The Creates of the three changed entries are stale now: replays, rejected and logged.
    assert resumed["rejected"] == 3 and final["rejected"].count("replay") == 3
    expected = sorted(
        {*beta_shared, "beta public entry 0 v2"}
        - {"beta public entry 0", "beta public entry 1", "beta public entry 2"}
    )
    assert final["live"] == expected
    assert final["rows"] == final["ids"]  # one row per origin object: nothing duplicated
    middle.mode = "pass"
    assert _sync(alpha)["results"][0]["stored"] == 0  # and a further pull is a no-op

    # The other direction: beta holds alpha's shared items, none of its private ones.
    beta_view = _sync(beta)
    assert (
        "alpha network guide" in beta_view["live"] and "alpha public entry 1" in beta_view["live"]
    )
    assert not any("private" in t or "draft" in t for t in beta_view["live"])
