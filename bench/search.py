"""Search quality and latency: Markaz against stock FTS5 and PostgreSQL's `arabic` configuration.

`markaz bench search [--quick]` prints one JSON line:
- nDCG@10 and recall@10 on the bundled Arabic/English evaluation set (208 entries, 77 queries)
  for Markaz, for stock SQLite FTS5 (unicode61, raw text) and for PostgreSQL's built-in
  `arabic`/`english` configurations (when a server is reachable), on the same corpus and queries;
  Markaz must be at least 15% above the better baseline in nDCG@10;
- p50/p95 latency of the full Django search (ranking, visibility filter, facets, snippets) over
  100,000 generated public entries on SQLite and on PostgreSQL (if reachable), 100 queries
  each; the p95 limit is 30 ms. `--quick` uses 5,000 entries.

Each backend's latency runs in a child process with its own scratch database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time

from _common import emit, log, percentiles, use_data_dir

PG_ADMIN = os.environ.get(
    "MARKAZ_BENCH_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)
PG_DB = "markaz_bench_search"
P95_LIMIT_MS = 30.0
NDCG_MARGIN = 0.15
QUERIES = 100


def pg_connect(dbname: str | None = None):
    try:
        import psycopg

        conninfo = psycopg.conninfo.make_conninfo(
            PG_ADMIN, **({"dbname": dbname} if dbname else {})
        )
        return psycopg.connect(conninfo, autocommit=True, connect_timeout=3)
    except Exception as exc:
        log(f"PostgreSQL unreachable: {exc}")
        return None


def quality() -> dict:
    from markaz.search.evaluation import run_markaz, run_postgres_builtin, run_stock_unicode61

    figures = {
        "markaz": run_markaz().as_dict(),
        "stock_fts5_unicode61": run_stock_unicode61().as_dict(),
    }
    admin = pg_connect()
    if admin is not None:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        admin.execute(f"CREATE DATABASE {PG_DB}")
        conn = pg_connect(PG_DB)
        try:
            figures["postgres_arabic"] = run_postgres_builtin(conn).as_dict()
        finally:
            conn.close()
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            admin.close()
    best = max(v["ndcg@10"] for k, v in figures.items() if k != "markaz")
    figures["ndcg_gain_over_best_baseline"] = round(figures["markaz"]["ndcg@10"] / best - 1, 4)
    figures["ndcg_target_met"] = figures["ndcg_gain_over_best_baseline"] >= NDCG_MARGIN
    return figures


# -- latency (child process) ---------------------------------------------------------------


def corpus(n: int, seed: int = 7):
    """Entries made of the evaluation set's own words, so queries hit realistic posting lists."""
    from markaz.search.evaluation import load_entries

    rng = random.Random(seed)
    words = {"ar": [], "en": []}
    for e in load_entries():
        words[e.lang].extend(f"{e.title} {e.summary} {e.body}".split())
    for i in range(n):
        lang = "ar" if i % 5 < 3 else "en"
        pick = words[lang]
        yield (
            i,
            lang,
            " ".join(rng.choices(pick, k=7)),
            " ".join(rng.choices(pick, k=25)),
            " ".join(rng.choices(pick, k=150)),
        )


def load(n: int) -> None:
    from django.db import transaction
    from django.db.models import prefetch_related_objects

    from markaz.core.models import Center, CenterKind, Region
    from markaz.knowledge import index
    from markaz.knowledge.indexers import index_entry
    from markaz.knowledge.models import Entry, Status, Visibility

    center = Center.objects.create(
        slug="bench", name_en="Bench", region=Region.values[0], kind=CenterKind.INDEPENDENT
    )
    batch = []
    for i, lang, title, summary, body in corpus(n):
        batch.append(
            Entry(center=center, external_id=f"g{i}", type="case-study", status=Status.PUBLISHED,
                  visibility=Visibility.PUBLIC, **{f"title_{lang}": title[:300],
                  f"summary_{lang}": summary, f"body_{lang}": body})
        )  # fmt: skip
        if len(batch) == 2000 or i == n - 1:
            with transaction.atomic():
                entries = Entry.objects.bulk_create(batch)
                prefetch_related_objects(entries, "sdgs")
                index.bulk_load([index_entry(e) for e in entries])
            batch = []
            log(f"  indexed {i + 1:,} / {n:,}")
    index.refresh_statistics()  # as `markaz reindex` does after a rebuild


def child(backend: str, n: int) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.core.management import call_command

    from markaz.core.access import AccessScope
    from markaz.knowledge.search import search
    from markaz.knowledge.selectors import public_search_rows
    from markaz.search.evaluation import load_queries

    call_command("migrate", "--no-input", "-v", "0")
    started = time.perf_counter()
    load(n)
    load_seconds = time.perf_counter() - started
    texts = [q.query for q in load_queries()]
    rng = random.Random(3)
    queries = [rng.choice(texts) for _ in range(QUERIES)]
    scope = AccessScope(user=None)
    for q in texts[:10]:  # warm caches
        search(scope, q, visible=public_search_rows(), limit=10)
    samples = []
    for q in queries:
        t0 = time.perf_counter()
        search(scope, q, visible=public_search_rows(), limit=10)
        samples.append((time.perf_counter() - t0) * 1000)
    figures = percentiles(samples)
    print(json.dumps({**figures, "entries": n, "load_seconds": round(load_seconds, 1)}))


def run_child(backend: str, n: int) -> dict | None:
    env = dict(os.environ)
    if backend == "postgresql":
        admin = pg_connect()
        if admin is None:
            return None
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        admin.execute(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    else:
        path = use_data_dir("search")
        for name in ("markaz.sqlite3", "markaz.sqlite3-wal", "markaz.sqlite3-shm"):
            (path / name).unlink(missing_ok=True)
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
    log(f"{backend}: {n:,} entries")
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--entries", str(n)],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
    finally:
        if backend == "postgresql":
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            admin.close()
    sys.stderr.write(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 entries instead of 100,000")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--entries", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = args.entries or (5_000 if args.quick else 100_000)
    if args.child:
        child(args.child, n)
        return
    use_data_dir("search")
    figures = {"quality": quality(), "latency": {}}
    for backend in ("sqlite", "postgresql"):
        result = run_child(backend, n)
        if result is not None:
            result["p95_target_met"] = result["p95_ms"] <= P95_LIMIT_MS
            figures["latency"][backend] = result
    emit(figures)


if __name__ == "__main__":
    main()
