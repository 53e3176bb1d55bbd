"""Impact at scale: bulk import throughput and dashboard roll-up latency, with their peers.

`markaz bench impact [--rows N]` prints one JSON line:
- import throughput (rows/s) of `markaz import impact` (CSV parsed, every row checked with
  set-based SQL in a staging table, all or nothing, reports + revisions + observations
  written) next to a raw bulk insert of the same rows into a table of the same shape and
  indexes in the same database: one `executemany` INSERT, and on PostgreSQL also COPY; the
  limit is the faster of the two. Target: import >= 50 % of the limit;
- the time to verify every imported report, which maintains the roll-up cells in bulk;
- p95 of the center dashboard's and a program dashboard's roll-up reads (`dashboards.build`,
  what the pages and the API read) next to DuckDB scanning the same raw observations (loaded
  once into an in-memory DuckDB table) for the same figures; target: p95 <= 50 ms and below
  DuckDB's scan.
The data has the issue's shape (50 indicators, 60 months, a fifth of them disaggregated by
gender, ventures added as rows grow; every venture in one of 4 cohorts of one program). The
issue's size is 10,000,000 observations (`--rows 10000000`); the default is smaller so a run
takes a few minutes. The database is PostgreSQL when DATABASE_URL says so, otherwise SQLite
under var/bench/impact. Each run imports into a new bench center.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _common import emit, log, percentiles, use_data_dir

TARGET_MS = 50.0
VENTURES, INDICATORS, MONTHS, COHORTS = 200, 50, 60, 4
ROWS_PER_REPORT = 70  # 50 indicators, 10 of them with a total and two gender categories
RULES = [("count", "sum", ["gender"]), ("percentage", "weighted_mean", []),
         ("count", "latest", []), ("count", "max", []), ("currency", "sum", [])]  # fmt: skip


def setup(slug: str, n_ventures: int):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from markaz.core.models import Center, Membership
    from markaz.impact.models import Indicator, ReportingPeriod, VentureIndicator
    from markaz.programs.models import Cohort, CohortMember, Program
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
        program = Program.objects.create(center=center, title_en="Bench Accelerator")
        cohorts = [Cohort.objects.create(center=center, program=program, name_en=f"C{i}")
                   for i in range(COHORTS)]  # fmt: skip
        CohortMember.objects.bulk_create(  # no signals: nothing verified yet
            CohortMember(cohort=cohorts[i % COHORTS], venture=v) for i, v in enumerate(ventures)
        )
    return center, user, ventures, indicators, periods, program


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


RAW_TABLE = (
    "CREATE TABLE bench_impact_raw (id integer PRIMARY KEY, revision_id integer, "
    "indicator_id integer, dimension varchar(20), category varchar(60), "
    "value numeric(20,6), weight numeric(20,6), evidence varchar(500))"
)


def raw_insert(center) -> dict[str, float]:
    """The limit: the imported observations again, into a table of the same shape and
    indexes (unique per revision, indicator and category; revision; indicator), with one
    executemany and, on PostgreSQL, with COPY. Seconds per method."""
    from django.db import connection, transaction

    from markaz.impact.models import Observation

    values = list(
        Observation.objects.filter(revision__report__center=center).values_list(
            "revision_id", "indicator_id", "dimension", "category", "value", "weight", "evidence"
        )
    )
    columns = "revision_id, indicator_id, dimension, category, value, weight, evidence"
    methods = ["executemany"] + (["copy"] if connection.vendor == "postgresql" else [])
    out = {}
    for method in methods:
        with connection.cursor() as c:
            c.execute("DROP TABLE IF EXISTS bench_impact_raw")
            c.execute(RAW_TABLE)
            if connection.vendor == "postgresql":
                c.execute("ALTER TABLE bench_impact_raw ALTER COLUMN id ADD GENERATED BY DEFAULT "
                          "AS IDENTITY")  # fmt: skip
            c.execute("CREATE UNIQUE INDEX bench_impact_raw_u ON bench_impact_raw "
                      "(revision_id, indicator_id, dimension, category)")  # fmt: skip
            c.execute("CREATE INDEX bench_impact_raw_r ON bench_impact_raw (revision_id)")
            c.execute("CREATE INDEX bench_impact_raw_i ON bench_impact_raw (indicator_id)")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as c:
            if method == "copy":
                with c.cursor.copy(f"COPY bench_impact_raw ({columns}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * 7)
                sql = f"INSERT INTO bench_impact_raw ({columns}) VALUES ({marks})"  # noqa: S608
                c.executemany(sql, values)
        out[method] = time.perf_counter() - started
        with connection.cursor() as c:
            c.execute("DROP TABLE bench_impact_raw")
    return out


def duckdb_scan(center, samples: int) -> dict:
    """The same figures as the dashboard, computed by DuckDB from the raw observations."""
    import duckdb
    import pandas as pd
    from django.db import connection

    sql = """SELECT o.indicator_id, r.period_id, r.venture_id, v.country, o.dimension,
                    o.category, CAST(o.value AS DOUBLE PRECISION) AS value,
                    CAST(COALESCE(o.weight, 1) AS DOUBLE PRECISION) AS w
             FROM impact_observation o JOIN impact_report r ON r.verified_id = o.revision_id
             JOIN ventures_venture v ON v.id = r.venture_id
             WHERE r.center_id = %s"""
    with connection.cursor() as c:
        c.execute(sql, [center.pk])
        frame = pd.DataFrame(c.fetchall(), columns=["ind", "period", "venture", "country",
                                                    "dim", "cat", "value", "w"])  # fmt: skip
    db = duckdb.connect()
    db.register("frame", frame)
    db.execute("CREATE TABLE obs AS SELECT * FROM frame")
    # The dashboard's figures: per indicator and period, per indicator, per country.
    query = """SELECT ind, period, country, count(*), sum(value), sum(w), sum(value * w),
                      min(value), max(value) FROM obs WHERE dim = ''
               GROUP BY GROUPING SETS ((ind, period), (ind), (country, ind))"""
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
    # Every venture reports every month on every indicator (70 rows a report).
    n_ventures = max(VENTURES, -(-args.rows // (MONTHS * ROWS_PER_REPORT)))
    center, user, ventures, indicators, periods, program = setup(slug, n_ventures)
    data = csv_rows(args.rows, ventures, indicators, periods)
    scope = scope_for(user)

    log(f"importing {args.rows:,} observations ...")
    started = time.perf_counter()
    rows = importer.read_rows("bench.csv", data)
    count = importer.import_observations(scope=scope, center=center, rows=rows)
    import_seconds = time.perf_counter() - started
    del rows, data
    log(f"  {count:,} rows in {import_seconds:.1f} s; raw insert of the same rows ...")
    raw_seconds = raw_insert(center)

    log("verifying every report (roll-ups maintained in bulk) ...")
    started = time.perf_counter()
    services.verify_reports(scope=scope, center=center,
                            reports=list(Report.objects.filter(center=center)))  # fmt: skip
    verify_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":  # what autovacuum does soon after a bulk load:
        with connection.cursor() as c:  # visibility map and statistics (index-only reads)
            c.execute("VACUUM ANALYZE impact_rollupcell")

    log("timing the dashboards' roll-up reads and DuckDB's scan ...")
    boards = {}
    for name, kw in (("center", {"center_level": True}), ("program", {"group": f"p{program.pk}"})):
        times = []
        for _ in range(args.samples):
            started = time.perf_counter()
            boards[name] = dashboards.build(center_ids=[center.pk], **kw)
            times.append((time.perf_counter() - started) * 1000)
        boards[name + "_ms"] = percentiles(times)
    dash, prog = boards["center_ms"], boards["program_ms"]
    duck = duckdb_scan(center, args.samples)
    limit = min(raw_seconds.values())
    import_rate, raw_rate = count / import_seconds, count / limit
    emit({
        "bench": "impact",
        "database": connection.vendor,
        "observations": count,
        "issue_size": 10_000_000,
        "ventures": n_ventures, "indicators": INDICATORS, "periods": MONTHS,
        "import_rows_per_s": round(import_rate),
        "raw_insert_rows_per_s": round(raw_rate),
        "raw_insert_method": min(raw_seconds, key=raw_seconds.get),
        "raw_insert_rows_per_s_by_method": {k: round(count / v) for k, v in raw_seconds.items()},
        "import_share_of_raw": round(import_rate / raw_rate, 3),
        "import_target_share": 0.5,
        "import_ok": import_rate >= 0.5 * raw_rate,
        "verify_seconds": round(verify_seconds, 2),
        "verify_rows_per_s": round(count / verify_seconds),
        "dashboard_p50_ms": dash["p50_ms"], "dashboard_p95_ms": dash["p95_ms"],
        "program_dashboard_p50_ms": prog["p50_ms"], "program_dashboard_p95_ms": prog["p95_ms"],
        "duckdb_scan_p50_ms": duck["p50_ms"], "duckdb_scan_p95_ms": duck["p95_ms"],
        "duckdb_rows_scanned": duck["rows_scanned"],
        "dashboard_target_ms": TARGET_MS,
        "dashboard_ok": max(dash["p95_ms"], prog["p95_ms"]) <= TARGET_MS
        and max(dash["p95_ms"], prog["p95_ms"]) < duck["p95_ms"],
        "dashboard_indicators": len(boards["center"].rows),
        "program_dashboard_indicators": len(boards["program"].rows),
    })  # fmt: skip


if __name__ == "__main__":
    main()
