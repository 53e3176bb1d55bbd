"""Impact at scale: bulk import throughput and dashboard roll-up latency, with their peers.

`markaz bench impact [--rows N]` prints one JSON line:
- import throughput (rows/s) of `markaz import impact` (CSV parsed, every row validated, all
  or nothing, reports + revisions + observations written) next to a raw `executemany` INSERT
  of the same rows into a table of the same shape and indexes in the same database (the limit);
  target: import >= 50 % of the raw rate;
- the time to verify every imported report, which maintains the roll-up cells in bulk;
- p95 of the center dashboard's roll-up query (`dashboards.build`, what the page and the API
  read) next to DuckDB scanning the same raw observations (loaded once into an in-memory
  DuckDB table) for the same figures; target: p95 <= 50 ms and below DuckDB's scan.
The issue's size is 10,000,000 observations (`--rows 10000000`); the default is smaller so a
run takes a few minutes here. The database is PostgreSQL when DATABASE_URL says so,
otherwise SQLite under var/bench/impact. Each run imports into a new bench center.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _common import emit, log, percentiles, use_data_dir

TARGET_MS = 50.0
VENTURES, INDICATORS, MONTHS = 200, 10, 24
RULES = [("count", "sum", ["gender"]), ("percentage", "weighted_mean", []),
         ("count", "latest", []), ("count", "max", []), ("currency", "sum", [])]  # fmt: skip


def setup(slug: str, n_ventures: int):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from markaz.core.models import Center, Membership
    from markaz.impact.models import Indicator, ReportingPeriod, VentureIndicator
    from markaz.ventures.models import Venture

    with transaction.atomic():
        center = Center.objects.create(slug=slug, name_en="Impact Bench", country="JO",
                                       region="mena", kind="non_profit")  # fmt: skip
        user = get_user_model().objects.create(username=f"{slug}-staff", email=f"{slug}@x.org")
        Membership.objects.create(user=user, center=center, role="staff")
        ventures = Venture.objects.bulk_create(
            Venture(
                center=center, name_en=f"Venture {i}", country=random.choice(["JO", "EG", "KE"])
            )
            for i in range(n_ventures)
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(center=center, code=f"I{i}", name_en=f"Indicator {i}", unit="u",
                      kind=RULES[i % 5][0], aggregation=RULES[i % 5][1],
                      dimensions=RULES[i % 5][2],
                      currency="USD" if RULES[i % 5][0] == "currency" else "")
            for i in range(INDICATORS)
        )  # fmt: skip
        VentureIndicator.objects.bulk_create(
            VentureIndicator(center=center, venture=v, indicator=i)
            for v in ventures for i in indicators
        )  # fmt: skip
        periods = []
        for m in range(MONTHS):
            start = dt.date(2024 + m // 12, m % 12 + 1, 1)
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
            periods.append(ReportingPeriod(center=center, frequency="monthly", starts_on=start,
                                           ends_on=end))  # fmt: skip
        ReportingPeriod.objects.bulk_create(periods)
    return center, user, ventures, indicators, periods


def csv_rows(n: int, ventures, indicators, periods) -> bytes:
    """n observation rows: whole reports (venture × month) of every indicator, in order."""
    rnd = random.Random(7)
    lines = ["venture,indicator,period,dimension,category,value,weight"]
    count = 0
    for p in periods:
        for v in ventures:
            for ind in indicators:
                if count >= n:
                    return ("\n".join(lines) + "\n").encode()
                if ind.kind == "percentage":
                    lines.append(f"{v.pk},{ind.code},{p.label},,,{rnd.randint(40, 100)},"
                                 f"{rnd.randint(5, 50)}")  # fmt: skip
                    count += 1
                elif ind.dimensions:
                    total = rnd.randint(0, 400)
                    female = rnd.randint(0, total)
                    at = f"{v.pk},{ind.code},{p.label}"
                    lines += [f"{at},,,{total},", f"{at},gender,female,{female},",
                              f"{at},gender,male,{total - female},"]  # fmt: skip
                    count += 3
                else:
                    lines.append(f"{v.pk},{ind.code},{p.label},,,{rnd.randint(0, 5000)},")
                    count += 1
    return ("\n".join(lines) + "\n").encode()


def raw_insert(center) -> float:
    """The limit: the imported observations again, with one executemany, into a table of the
    same shape and indexes (unique per revision, indicator and category; revision; indicator)."""
    from django.db import connection, transaction

    from markaz.impact.models import Observation

    values = list(
        Observation.objects.filter(revision__report__center=center).values_list(
            "revision_id", "indicator_id", "dimension", "category", "value", "weight", "evidence"
        )
    )
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_impact_raw")
        c.execute("CREATE TABLE bench_impact_raw (id integer PRIMARY KEY, revision_id integer, "
                  "indicator_id integer, dimension varchar(20), category varchar(60), "
                  "value numeric(20,6), weight numeric(20,6), evidence varchar(500))")  # fmt: skip
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE bench_impact_raw ALTER COLUMN id ADD GENERATED BY DEFAULT "
                      "AS IDENTITY")  # fmt: skip
        c.execute("CREATE UNIQUE INDEX bench_impact_raw_u ON bench_impact_raw "
                  "(revision_id, indicator_id, dimension, category)")  # fmt: skip
        c.execute("CREATE INDEX bench_impact_raw_r ON bench_impact_raw (revision_id)")
        c.execute("CREATE INDEX bench_impact_raw_i ON bench_impact_raw (indicator_id)")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.executemany(
            "INSERT INTO bench_impact_raw (revision_id, indicator_id, dimension, category, value, "
            "weight, evidence) VALUES (%s, %s, %s, %s, %s, %s, %s)", values,
        )  # fmt: skip
    seconds = time.perf_counter() - started
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_impact_raw")
    return seconds


def duckdb_scan(center, samples: int) -> dict:
    """The same figures as the dashboard, computed by DuckDB from the raw observations."""
    import duckdb
    import pandas as pd
    from django.db import connection

    sql = """SELECT o.indicator_id, r.period_id, r.venture_id, o.dimension, o.category,
                    CAST(o.value AS DOUBLE) AS value, CAST(COALESCE(o.weight, 1) AS DOUBLE) AS w
             FROM impact_observation o JOIN impact_report r ON r.verified_id = o.revision_id
             WHERE r.center_id = %s"""
    with connection.cursor() as c:
        c.execute(sql, [center.pk])
        frame = pd.DataFrame(c.fetchall(), columns=["ind", "period", "venture", "dim", "cat",
                                                    "value", "w"])  # fmt: skip
    db = duckdb.connect()
    db.register("frame", frame)
    db.execute("CREATE TABLE obs AS SELECT * FROM frame")
    query = """SELECT ind, period, count(*), sum(value), sum(w), sum(value * w), min(value),
                      max(value) FROM obs WHERE dim = '' GROUP BY ind, period"""
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        db.execute(query).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return {**percentiles(times), "rows_scanned": len(frame)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="markaz bench impact", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="observations to import")
    parser.add_argument("--samples", type=int, default=50, help="timed dashboard queries")
    args = parser.parse_args()

    use_data_dir("impact")
    from markaz.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from markaz.core.access import scope_for
    from markaz.impact import dashboards, importer, services
    from markaz.impact.models import Report

    call_command("migrate", "--no-input", "-v", "0")
    slug = f"bench-impact-{int(time.time())}"
    # Every venture reports every month on every indicator (14 rows a report).
    n_ventures = max(VENTURES, -(-args.rows // (MONTHS * 14)))
    center, user, ventures, indicators, periods = setup(slug, n_ventures)
    data = csv_rows(args.rows, ventures, indicators, periods)
    scope = scope_for(user)

    log(f"importing {args.rows:,} observations ...")
    started = time.perf_counter()
    rows = list(importer.read_rows("bench.csv", data))
    count = importer.import_observations(scope=scope, center=center, rows=rows)
    import_seconds = time.perf_counter() - started
    log(f"  {count:,} rows in {import_seconds:.1f} s; raw insert of the same rows ...")
    raw_seconds = raw_insert(center)

    log("verifying every report (roll-ups maintained in bulk) ...")
    started = time.perf_counter()
    services.verify_reports(scope=scope, center=center,
                            reports=list(Report.objects.filter(center=center)))  # fmt: skip
    verify_seconds = time.perf_counter() - started

    log("timing the dashboard roll-up query and DuckDB's scan ...")
    times = []
    for _ in range(args.samples):
        started = time.perf_counter()
        board = dashboards.build(center_ids=[center.pk], center_level=True)
        times.append((time.perf_counter() - started) * 1000)
    dash = percentiles(times)
    duck = duckdb_scan(center, args.samples)
    import_rate, raw_rate = count / import_seconds, count / raw_seconds
    emit({
        "bench": "impact",
        "database": connection.vendor,
        "observations": count,
        "issue_size": 10_000_000,
        "ventures": n_ventures, "indicators": INDICATORS, "periods": MONTHS,
        "import_rows_per_s": round(import_rate),
        "raw_insert_rows_per_s": round(raw_rate),
        "import_share_of_raw": round(import_rate / raw_rate, 3),
        "import_target_share": 0.5,
        "import_ok": import_rate >= 0.5 * raw_rate,
        "verify_seconds": round(verify_seconds, 2),
        "verify_rows_per_s": round(count / verify_seconds),
        "dashboard_p50_ms": dash["p50_ms"], "dashboard_p95_ms": dash["p95_ms"],
        "duckdb_scan_p50_ms": duck["p50_ms"], "duckdb_scan_p95_ms": duck["p95_ms"],
        "duckdb_rows_scanned": duck["rows_scanned"],
        "dashboard_target_ms": TARGET_MS,
        "dashboard_ok": dash["p95_ms"] <= TARGET_MS and dash["p95_ms"] < duck["p95_ms"],
        "dashboard_indicators": len(board.rows),
    })  # fmt: skip


if __name__ == "__main__":
    main()
