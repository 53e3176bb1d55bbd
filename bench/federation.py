"""Federation between two deployments at scale: initial sync, incremental sync, and a restart.

`markaz bench federation [--items N]` prints one JSON line. Two real deployments on loopback
(own gunicorn, own SQLite file, own Ed25519 key; see `markaz.federation.loopback`): beta shares
N public knowledge entries (default 50,000) plus a network entry, an open call, a public event
and a public venture; alpha pulls them.
- initial: a full pull from cursor 0 (seconds, items per second);
- incremental: 1% of the items change on beta (updates, and a few deletions), beta publishes
  (diff publisher), alpha pulls only the changes;
- restart: alpha forgets everything and pulls again while beta is stopped and restarted in the
  middle; alpha retries with backoff from its last good cursor. Items lost and duplicated are
  counted against beta's shared set (both must be 0; the `ok` field says so).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import emit, log
from markaz.federation.loopback import SEED, Deployment, scratch_dir

PAGE = 1000

SYNC = """
import time
from dataclasses import asdict
from pathlib import Path
from markaz.federation.models import Peer
from markaz.federation.services import sync_peer
peer = Peer.objects.get()
seen = [0]
def progress(n):
    seen[0] += n
    if MARK and seen[0] >= MARK_AT and not Path(MARK).exists():
        Path(MARK).write_text("half")
started = time.perf_counter()
result = sync_peer(peer, limit=PAGE, retries=12, progress=progress)
print(json.dumps({"seconds": time.perf_counter() - started, **asdict(result)}))
"""

STATE = """
from markaz.federation.models import Mirror
rows = list(Mirror.objects.filter(deleted=False).values_list("object_id", "title_en"))
total = Mirror.objects.count()
ids = Mirror.objects.values("object_id").distinct().count()
print(json.dumps({"live": rows, "rows": total, "distinct": ids}))
"""

SHARED = """
from markaz.federation.outbox import _current
# What alpha may hold: public items, and network items of the network the peering names.
print(json.dumps(sorted([o["id"], o["nameMap"].get("en", "")] for o, nets in
                        _current(None).values() if nets is None or "mena-hubs" in nets)))
"""

CHANGE = """
from markaz.knowledge.models import Entry
from django.urls import get_resolver
from markaz.federation.outbox import publish
ids = list(Entry.objects.filter(visibility="public", status="published").order_by("id")
           .values_list("id", flat=True))
step = 100
changed = ids[::step]
deleted = changed[::10]
Entry.objects.filter(pk__in=[i for i in changed if i not in set(deleted)]).update(
    title_en=models.functions.Concat("title_en", models.Value(" (revised)")))
Entry.objects.filter(pk__in=deleted).delete()
# Objects link to their public pages: building one imports the site's URLs once per process
# (seconds); timed apart, so publish_seconds is the publisher's own work, as in a warm worker.
started = time.perf_counter()
get_resolver().url_patterns
warm = time.perf_counter() - started
started = time.perf_counter()
count = publish()
print(json.dumps({"changed": len(changed), "deleted": len(deleted), "published": count,
                  "publish_seconds": time.perf_counter() - started, "urls_import_seconds": warm}))
"""

RESET = """
from markaz.federation.models import Mirror, Peer
Mirror.objects.all().delete()
Peer.objects.update(cursor=0, failures=0, next_attempt_at=None, last_error="")
print(json.dumps({"ok": True}))
"""


def sync(alpha: Deployment, *, mark: Path | None = None, mark_at: int = 0):
    code = f"PAGE, MARK, MARK_AT = {PAGE}, {str(mark) if mark else ''!r}, {mark_at}\n" + SYNC
    return alpha.python(code, timeout=3600)


def main() -> None:
    parser = argparse.ArgumentParser(prog="markaz bench federation")
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="keep the data dirs")
    args = parser.parse_args()
    root = scratch_dir("markaz-bench-federation-")
    alpha, beta = Deployment("alpha", root), Deployment("beta", root)
    figures: dict = {"bench": "federation", "items": args.items, "page": PAGE}
    try:
        log("federation: schema and data")
        alpha.create_schema()
        beta.create_schema(template=alpha.database)
        alpha.python(SEED.format(name="alpha", items=0))
        beta.python(SEED.format(name="beta", items=args.items), timeout=3600)
        started = time.perf_counter()
        published = beta.cli("federation", "publish", timeout=3600)["published"]
        figures["publish"] = {"activities": published,
                              "seconds": round(time.perf_counter() - started, 2)}  # fmt: skip
        alpha.start()
        beta.start()
        alpha.cli("federation", "request", beta.base_url, "--networks", "mena-hubs")
        beta.cli("federation", "approve", "1", "--networks", "mena-hubs")

        log("federation: initial sync")
        first = sync(alpha)
        figures["initial"] = _rate(first)
        log("federation: 1% changes, incremental sync")
        change = beta.python("import time\nfrom django.db import models\n" + CHANGE)
        second = sync(alpha)
        figures["incremental"] = {
            **_rate(second),
            "changed": change["changed"],
            "deleted": change["deleted"],
            "publish_seconds": round(change["publish_seconds"], 2),
            "urls_import_seconds": round(change["urls_import_seconds"], 2),
        }

        log("federation: full re-sync with beta restarted in the middle")
        alpha.python(RESET)
        mark = root / "half"
        proc = _background_sync(alpha, mark, mark_at=args.items // 3)
        while not mark.exists() and proc.poll() is None:
            time.sleep(0.05)
        beta.stop()
        down_at = time.perf_counter()
        time.sleep(2)
        beta.start()
        figures["restart"] = {"beta_down_seconds": round(time.perf_counter() - down_at, 2)}
        out, err = proc.communicate(timeout=3600)
        if proc.returncode != 0:
            raise RuntimeError(err[-3000:])
        third = json.loads(out.strip().splitlines()[-1])
        figures["restart"].update(_rate(third))

        shared = {tuple(x) for x in beta.python(SHARED)}
        state = alpha.python(STATE)
        got = {tuple(x) for x in state["live"]}
        figures["shared_on_beta"] = len(shared)
        figures["mirrored_on_alpha"] = len(got)
        figures["lost"] = len(shared - got)
        figures["stale_or_extra"] = len(got - shared)
        figures["duplicated"] = state["rows"] - state["distinct"]
        figures["ok"] = figures["lost"] == figures["stale_or_extra"] == figures["duplicated"] == 0
    finally:
        alpha.stop()
        beta.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    emit(figures)


def _background_sync(alpha: Deployment, mark: Path, *, mark_at: int) -> subprocess.Popen:
    from markaz.federation.loopback import PRELUDE

    code = f"PAGE, MARK, MARK_AT = {PAGE}, {str(mark)!r}, {mark_at}\n" + SYNC
    return subprocess.Popen(
        [sys.executable, "-c", PRELUDE + code],
        env=alpha.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _rate(result: dict) -> dict:
    seconds = result["seconds"]
    return {
        "seconds": round(seconds, 2),
        "activities": result["pulled"],
        "items_per_second": round(result["pulled"] / seconds, 1) if seconds else None,
        "rejected": result["rejected"],
        "ok": result["ok"],
    }


if __name__ == "__main__":
    main()
