"""The funding ledger at scale: balance queries over 1,000,000 entries, and a disbursement race.

`markaz bench ledger [--quick]` prints one JSON line:
- p95 of the balance of one award, one fund and one funder, with 1,000,000 bulk-inserted
  entries (5,000 awards × 200 entries; 50 funds; 10 funders), against the limit of 20 ms.
  Awards are a SUM over a covering index; funds and funders add the entries after the latest
  checkpoint (`ledger.take_checkpoint`, taken once after the load, as a nightly job would) to
  the checkpoint's figures; 1% more entries are then posted through the service before timing;
- 200 disbursement attempts of 150 queued at once against one award that committed 10,000,
  run by 50 threads (connections; `--workers`): accepted, refused and over-disbursement
  (must be 0; 66 can be accepted).
The database is PostgreSQL when DATABASE_URL says so, otherwise a file-based SQLite database
under var/bench/ledger (reported as `database`). Data is generated once and reused.
`--quick` uses 20,000 entries and 50 attempts (600 each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from _common import emit, log, percentiles, use_data_dir

LIMIT_MS = 20.0
AWARDS, FUNDS, FUNDERS = 5_000, 50, 10


def build(n_entries: int, slug: str) -> None:
    """Bulk-insert a consistent ledger: each award commits 1,000,000 then pays out 100s."""
    from django.db import connection, transaction

    from markaz.core.models import Center
    from markaz.funding.models import Award, Fund
    from markaz.stakeholders.models import Organization
    from markaz.ventures.models import Venture

    per_award = n_entries // AWARDS
    today = dt.date(2026, 1, 1)
    with transaction.atomic():
        center = Center.objects.create(
            slug=slug, name_en="Ledger Bench", country="JO", region="mena", kind="non_profit"
        )
        funders = Organization.objects.bulk_create(
            Organization(center=center, name_en=f"Funder {i}", sector="philanthropy")
            for i in range(FUNDERS)
        )
        funds = Fund.objects.bulk_create(
            Fund(center=center, funder=funders[i % FUNDERS], name_en=f"Fund {i}",
                 amount=Decimal("1e12"), currency="USD", starts_on=today,
                 ends_on=today.replace(year=2030))
            for i in range(FUNDS)
        )  # fmt: skip
        ventures = Venture.objects.bulk_create(
            Venture(center=center, name_en=f"Venture {i}") for i in range(AWARDS // 10)
        )
        awards = Award.objects.bulk_create(
            Award(center=center, fund=funds[i % FUNDS], venture=ventures[i % len(ventures)],
                  title_en=f"Award {i}", amount=Decimal("1000000"), currency="USD",
                  awarded_on=today)
            for i in range(AWARDS)
        )  # fmt: skip
    ops = connection.ops
    now = ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    day = ops.adapt_datefield_value(today)
    big, small = (ops.adapt_decimalfield_value(Decimal(v), 18, 4) for v in ("1000000", "100"))
    funder_of = {f.pk: f.funder_id for f in funds}
    sql = (
        "INSERT INTO funding_ledgerentry (center_id, fund_id, award_id, funder_id, kind, account,"
        " direction, amount, currency, fund_amount, entry_date, method, external_reference,"
        " memo, posted_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'USD', %s, %s, %s, %s, '', %s)"
    )
    batch, written = [], 0

    def flush():
        nonlocal batch, written
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        written += len(batch)
        batch = []
        log(f"  {written:,} entries")

    for a in awards:
        common = (center.pk, a.fund_id, a.pk, funder_of[a.fund_id])
        batch.append((*common, "commitment", "committed", 1, big, big, day, "", "", now))
        for k in range(per_award - 1):
            batch.append((*common, "disbursement", "disbursed", 1, small, small, day,
                          "bank_transfer", f"B-{a.pk}-{k}", now))  # fmt: skip
        if len(batch) >= 50_000:
            flush()
    if batch:
        flush()
    if connection.vendor == "postgresql":  # fresh statistics after a bulk load, as autovacuum would
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE funding_ledgerentry")


def post_tail(slug: str, n: int) -> None:
    """Disbursements posted after the checkpoint, through the service, on random awards."""
    from markaz.funding import ledger
    from markaz.funding.models import Award

    rng = random.Random(11)
    awards = list(Award.objects.filter(center__slug=slug).select_related("fund")[:AWARDS])
    for i in range(n):
        ledger.disburse(award=rng.choice(awards), amount=Decimal("1.00"),
                        entry_date=dt.date(2026, 1, 2), method="cash",
                        external_reference=f"TAIL-{i}")  # fmt: skip


def time_balances(slug: str, n: int) -> dict:
    from django.db import reset_queries

    from markaz.funding import ledger
    from markaz.funding.models import Award, Fund

    rng = random.Random(7)
    award_ids = list(Award.objects.filter(center__slug=slug).values_list("pk", flat=True))
    funds = list(Fund.objects.filter(center__slug=slug))
    funder_ids = sorted({f.funder_id for f in funds})
    cases = {
        "award": lambda: ledger.award_balance(rng.choice(award_ids)),
        "fund": lambda: ledger.fund_balance(rng.choice(funds)),
        "funder": lambda: ledger.funder_balances(rng.choice(funder_ids)),
    }
    out = {}
    for name, run in cases.items():
        run()  # warm the connection and caches
        samples = []
        for _ in range(n):
            started = time.perf_counter()
            run()
            samples.append((time.perf_counter() - started) * 1000)
            reset_queries()
        out[name] = percentiles(samples)
    return out


def race(slug: str, attempts: int, workers: int) -> dict:
    """`attempts` concurrent disbursements against one award that committed 10,000, asking
    three times as much in total (200 attempts: 150 each)."""
    from django.core.exceptions import ValidationError
    from django.db import connection

    from markaz.core.models import Center
    from markaz.funding import ledger
    from markaz.funding.models import Award, Fund
    from markaz.stakeholders.models import Organization
    from markaz.ventures.models import Venture

    center = Center.objects.get(slug=slug)
    amount = (Decimal(30_000) / attempts).quantize(Decimal("0.01"))
    today = dt.date(2026, 1, 1)
    funder = Organization.objects.filter(center=center).first()
    fund = Fund.objects.create(center=center, funder=funder, name_en="Race fund",
                               amount=Decimal("10000"), currency="USD", starts_on=today,
                               ends_on=today)  # fmt: skip
    award = Award.objects.create(center=center, fund=fund, venture=Venture.objects.filter(
        center=center).first(), title_en="Race", amount=Decimal("10000"), currency="USD",
        awarded_on=today)  # fmt: skip
    ledger.commit(award=award, entry_date=today)
    connection.close()
    accepted, refused, errors = [], [], []
    go = threading.Event()

    def attempt(i: int) -> None:
        go.wait()
        try:
            entry = ledger.disburse(
                award=award, amount=amount, entry_date=today, method="bank_transfer",
                external_reference=f"R-{i}",
            )  # fmt: skip
            accepted.append(entry.pk)
        except ValidationError:
            refused.append(i)
        except Exception as exc:  # report, never hide, what the database said
            errors.append(repr(exc)[:200])
        finally:
            connection.close()

    # Every attempt is queued at once; at most `workers` hold a connection at a time (a
    # PostgreSQL server allows ~100 clients), all contending for the same award row.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for i in range(attempts):
            pool.submit(attempt, i)
        started = time.perf_counter()
        go.set()
    seconds = time.perf_counter() - started
    balance = ledger.award_balance(award)
    entries = award.entries.filter(kind="disbursement").count()
    return {
        "attempts": attempts,
        "workers": workers,
        "amount_each": str(amount),
        "accepted": len(accepted),
        "refused": len(refused),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "disbursed": str(balance.disbursed),
        "committed": str(balance.committed),
        "over_disbursement": float(max(balance.disbursed - balance.committed, Decimal(0))),
        "entries_match_accepted": entries == len(accepted),
        "seconds": round(seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="markaz bench ledger", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 entries, 50 attempts")
    parser.add_argument(
        "--workers", type=int, default=50, help="threads (database connections) for the race"
    )
    args = parser.parse_args()
    n_entries, threads, samples = (20_000, 50, 200) if args.quick else (1_000_000, 200, 1000)

    use_data_dir("ledger")
    from markaz.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from markaz.core.models import Center
    from markaz.funding import ledger
    from markaz.funding.models import LedgerEntry

    call_command("migrate", "--no-input", "-v", "0")
    slug = f"bench-ledger-{n_entries}"
    if not Center.objects.filter(slug=slug).exists():
        log(f"bulk-inserting {n_entries:,} ledger entries ...")
        started = time.perf_counter()
        build(n_entries, slug)
        log(f"  done in {time.perf_counter() - started:.1f} s")
    total = LedgerEntry.objects.filter(center__slug=slug).count()
    log("checkpoint of fund balances ...")
    started = time.perf_counter()
    ledger.take_checkpoint()
    checkpoint_seconds = time.perf_counter() - started
    tail = max(n_entries // 100, 100)
    log(f"posting {tail:,} disbursements after the checkpoint ...")
    post_tail(slug, tail)
    log("timing balance queries ...")
    balances = time_balances(slug, samples)
    log(f"racing {threads} disbursements ...")
    contest = race(slug, threads, min(threads, args.workers))
    worst = max(b["p95_ms"] for b in balances.values())
    emit({
        "bench": "ledger",
        "database": connection.vendor,
        "database_note": None if connection.vendor == "postgresql"
        else "SQLite file (DATABASE_URL not set): writers serialized by IMMEDIATE transactions",
        "entries": total,
        "checkpoint_seconds": round(checkpoint_seconds, 2),
        "entries_after_checkpoint": tail,
        "balance_p95_ms": {k: v["p95_ms"] for k, v in balances.items()},
        "balance_p50_ms": {k: v["p50_ms"] for k, v in balances.items()},
        "limit_p95_ms": LIMIT_MS,
        "balance_within_limit": worst <= LIMIT_MS,
        "race": contest,
        "race_ok": contest["over_disbursement"] == 0 and contest["errors"] == 0
        and contest["entries_match_accepted"],
    })  # fmt: skip
    if contest["over_disbursement"] != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
