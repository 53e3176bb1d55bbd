"""Booking under contention, and the networking graph analytics.

`markaz bench booking [--attempts N] [--workers W]` prints one JSON line:
- 500 booking attempts queued at once (50 threads, one database connection each) over
  overlapping one-hour and 90-minute slots of 20 rooms of capacity one, through
  `resources.services.create_booking`: accepted, refused, errors, the double bookings found by
  a self-join of the bookings table afterwards (the limit is 0) and the seconds taken;
- the seconds of `markaz.networking.graph.network_analytics()` on the network of
  `markaz generate --scale 20`, when that module exists (null otherwise).
It runs on PostgreSQL at 127.0.0.1:5432 in a throwaway database (`markaz_bench_booking` unless
MARKAZ_BENCH_BOOKING_DB says otherwise), created before and dropped after the run.
`--sqlite` runs the same race on a fresh file-based SQLite database instead (writers
serialized by IMMEDIATE transactions, overlaps refused by the trigger of migration 0002).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from _common import emit, log, use_data_dir

SERVER = "postgres://postgres@127.0.0.1:5432"
ROOMS = 20
DOUBLE_BOOKING_SQL = """
SELECT COUNT(*) FROM resources_booking a JOIN resources_booking b
  ON a.resource_id = b.resource_id AND a.id < b.id
 AND a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed')
 AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
 JOIN resources_resource r ON r.id = a.resource_id AND r.capacity = 1
"""


def _admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def setup(slug: str):
    from django.contrib.auth import get_user_model

    from markaz.core.access import scope_for
    from markaz.core.models import Center, Membership
    from markaz.resources.models import Resource
    from markaz.ventures.models import Venture

    center = Center.objects.create(
        slug=slug, name_en="Booking Bench", country="JO", region="mena", kind="non_profit"
    )
    user = get_user_model().objects.create_user(username="bench-staff", password=None)
    Membership.objects.create(user=user, center=center, role="staff")
    rooms = Resource.objects.bulk_create(
        Resource(center=center, kind="room", name_en=f"Room {i}", is_bookable=True, capacity=1,
                 slot_minutes=30, timezone="Asia/Amman",
                 opening_hours={str(d): [["08:00", "20:00"]] for d in range(7)})
        for i in range(ROOMS)
    )  # fmt: skip
    ventures = Venture.objects.bulk_create(
        Venture(center=center, name_en=f"Venture {i}") for i in range(50)
    )
    return scope_for(user), rooms, ventures


def race(scope, rooms, ventures, attempts: int, workers: int) -> dict:
    from django.core.exceptions import ValidationError
    from django.db import connection

    from markaz.resources import services

    rng = random.Random(20)
    base = dt.datetime(2030, 6, 3, 6, 0, tzinfo=dt.UTC)  # 09:00 in Amman
    plans = [
        (rooms[rng.randrange(ROOMS)], ventures[rng.randrange(len(ventures))],
         base + dt.timedelta(minutes=30 * rng.randrange(12)), 30 * rng.choice((2, 3)))
        for _ in range(attempts)
    ]  # fmt: skip
    connection.close()
    accepted, refused, errors = [], [], []
    go = threading.Event()

    def attempt(plan) -> None:
        room, venture, start, minutes = plan
        go.wait()
        try:
            booking = services.create_booking(
                scope=scope, resource=room, venture=venture, starts_at=start,
                ends_at=start + dt.timedelta(minutes=minutes),
            )  # fmt: skip
            accepted.append(booking.pk)
        except ValidationError:
            refused.append(plan)
        except Exception as exc:  # report, never hide, what the database said
            errors.append(repr(exc)[:200])
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for plan in plans:
            pool.submit(attempt, plan)
        started = time.perf_counter()
        go.set()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(DOUBLE_BOOKING_SQL)
        doubles = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM resources_booking WHERE status = 'confirmed'")
        rows = cursor.fetchone()[0]
    return {
        "attempts": attempts,
        "rooms": ROOMS,
        "workers": workers,
        "accepted": len(accepted),
        "refused": len(refused),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "double_bookings": doubles,
        "rows_match_accepted": rows == len(accepted),
        "seconds": round(seconds, 3),
    }


def graph_analytics(scale: int) -> dict:
    if scale <= 0:
        return {"graph_analytics_seconds": None, "graph_note": "skipped (--scale 0)"}
    try:
        graph = importlib.import_module("markaz.networking.graph")
        analytics = graph.network_analytics
    except (ImportError, AttributeError):
        note = "markaz.networking.graph.network_analytics is not available"
        return {"graph_analytics_seconds": None, "graph_note": note}
    from markaz.demo.generate import generate_network

    log(f"generating the network at scale {scale} ...")
    started = time.perf_counter()
    generate_network(scale=scale, seed=1)
    generated = time.perf_counter() - started
    log("running the graph analytics ...")
    started = time.perf_counter()
    analytics()
    return {
        "graph_analytics_seconds": round(time.perf_counter() - started, 3),
        "graph_scale": scale,
        "graph_generate_seconds": round(generated, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="markaz bench booking", description=__doc__)
    parser.add_argument("--attempts", type=int, default=500)
    parser.add_argument("--workers", type=int, default=50, help="threads (connections)")
    parser.add_argument(
        "--scale", type=int, default=20, help="network scale for the graph (0 skips it)"
    )
    parser.add_argument("--sqlite", action="store_true", help="a file-based SQLite database")
    args = parser.parse_args()

    data_dir = use_data_dir("booking")
    name = os.environ.get("MARKAZ_BENCH_BOOKING_DB", "markaz_bench_booking")
    if args.sqlite:
        os.environ.pop("DATABASE_URL", None)
        for path in data_dir.glob("markaz.sqlite3*"):
            path.unlink()
    else:
        os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
        os.environ["MARKAZ_DB_CONN_MAX_AGE"] = "0"
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
        _admin_sql(f'CREATE DATABASE "{name}"')
    try:
        from markaz.cli import setup_django

        setup_django()
        from django.core.management import call_command
        from django.db import connection, connections

        log(f"migrating the {connection.vendor} database ...")
        call_command("migrate", "--no-input", "-v", "0")
        scope, rooms, ventures = setup("bench-booking")
        log(f"racing {args.attempts} bookings over {ROOMS} rooms with {args.workers} threads ...")
        contest = race(scope, rooms, ventures, args.attempts, args.workers)
        graph = graph_analytics(args.scale)
        emit({
            "bench": "booking",
            "database": connection.vendor,
            **contest,
            "limit_double_bookings": 0,
            "ok": contest["double_bookings"] == 0 and contest["errors"] == 0
            and contest["rows_match_accepted"],
            **graph,
        })  # fmt: skip
        connections.close_all()
    finally:
        if not args.sqlite:
            _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if contest["double_bookings"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
