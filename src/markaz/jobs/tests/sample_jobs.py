"""Jobs used by the tests (importable by worker subprocesses too)."""

from __future__ import annotations

import time

from django.db import connection

from markaz.jobs.engine import current_run, markaz_job

PROBE_TABLE = "jobs_test_probe"


def create_probe_table() -> None:
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} (key varchar(100) NOT NULL UNIQUE, "
            "attempt integer NOT NULL)"
        )


def drop_probe_table() -> None:
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {PROBE_TABLE}")


def probe_rows() -> list[tuple[str, int]]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT key, attempt FROM {PROBE_TABLE} ORDER BY key")  # noqa: S608
        return list(cur.fetchall())


@markaz_job(retries=2, backoff=0)
def insert_probe(key: str, hang_on_first_attempt: bool = False) -> None:
    """Insert one row with a unique key (a duplicate run would raise IntegrityError)."""
    attempt = current_run().attempts
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {PROBE_TABLE} (key, attempt) VALUES (%s, %s)",  # noqa: S608
            [key, attempt],
        )
    if hang_on_first_attempt and attempt == 1:
        time.sleep(60)  # the test kills the worker meanwhile


@markaz_job(retries=2, backoff=10)
def always_fails(reason: str) -> None:
    raise RuntimeError(reason)
