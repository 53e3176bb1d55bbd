import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import connection

from markaz.ops.dbinfo import OpsError, list_tables, pg_params, row_counts
from markaz.ops.tests.helpers import (
    copy_sqlite,
    postgres_database,
    postgres_url,
    seed_with_uploads,
)
from markaz.ops.transfer import DERIVED, canonical, copy_order, migrate_data

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/markaz_h_ops_never_created"


@pytest.mark.django_db(transaction=True)
def test_a_seeded_sqlite_database_moves_to_postgresql_verified(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the source is the SQLite test database")
    import psycopg

    seed_with_uploads()
    source = copy_sqlite(connection, tmp_path / "demo.sqlite3")

    with postgres_database("markaz_h_ops_migrate") as target:
        # Through the command, in its own process: the test runner's connection guards
        # would stand between an in-process copy and its two extra connections.
        moved = _markaz("migrate-data", "--from", f"sqlite:///{source}",
                        "--to", postgres_url(target), "--batch", "97")  # fmt: skip
        assert moved.returncode == 0, moved.stdout + moved.stderr
        assert "row counts and checksums match" in moved.stdout

        lite = sqlite3.connect(source)
        expected = row_counts(lite)
        lite.close()
        with psycopg.connect(**pg_params(target)) as pg:
            copied = row_counts(pg)
            model_tables = {m._meta.db_table for m in copy_order()}
            for table in model_tables:
                assert copied[table] == expected[table], table
            assert f"Copied {len(model_tables)} tables and " in moved.stdout
            assert f" {sum(expected[t] for t in model_tables)} rows" in moved.stdout
            assert copied["core_auditentry"] == expected["core_auditentry"] > 0
            assert copied["funding_ledgerentry"] == expected["funding_ledgerentry"] > 0
            # Sequences continue after the copied ids.
            for table in ("core_user", "core_auditentry", "funding_ledgerentry"):
                sequence = pg.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                next_id = pg.execute("SELECT nextval(%s)", [sequence.fetchone()[0]]).fetchone()
                assert next_id[0] > pg.execute(f"SELECT max(id) FROM {table}").fetchone()[0]  # noqa: S608
            # The search index was rebuilt on PostgreSQL, postings included.
            documents = copied["knowledge_searchdocument"]
            assert f"Search index rebuilt: {documents} documents" in moved.stdout
            assert documents > 0
            postings = pg.execute("SELECT count(*) FROM knowledge_fts_post").fetchone()[0]
            assert postings > documents

        # The audit hash chain survived the move (the entries' hashes are unchanged).
        verify = _markaz("audit", "verify", database_url=postgres_url(target))
        assert verify.returncode == 0, verify.stdout + verify.stderr

        # Once there is data in it, the target is refused.
        again = _markaz("migrate-data", "--from", f"sqlite:///{source}", "--to",
                        postgres_url(target))  # fmt: skip
        assert again.returncode != 0
        assert "not empty" in again.stdout + again.stderr


def _markaz(*args: str, database_url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANGUAGE": "en"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "markaz.cli", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_source_that_is_not_a_migrated_markaz_database_is_refused(tmp_path, db):
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    with pytest.raises(OpsError, match="must be migrated"):
        migrate_data(f"sqlite:///{empty}", POSTGRES_URL)


def test_a_missing_source_file_is_refused_and_not_created(tmp_path, db):
    missing = tmp_path / "nowhere.sqlite3"
    with pytest.raises(OpsError, match="No such SQLite database"):
        migrate_data(f"sqlite:///{missing}", POSTGRES_URL)
    assert not missing.exists()


def test_only_postgresql_is_a_target(tmp_path, db):
    with pytest.raises(OpsError, match="must be a PostgreSQL"):
        migrate_data(f"sqlite:///{tmp_path}/a.sqlite3", f"sqlite:///{tmp_path}/b.sqlite3")
    with pytest.raises(OpsError, match="Not a database URL"):
        migrate_data("nonsense", POSTGRES_URL)


def test_tables_come_after_the_tables_they_refer_to():
    order = [m._meta.db_table for m in copy_order()]
    assert len(order) == len(set(order))
    assert order.index("core_center") < order.index("ventures_venture")
    assert order.index("funding_fund") < order.index("funding_ledgerentry")
    assert order.index("core_user") < order.index("core_membership")
    assert not DERIVED & set(order)


def test_canonical_values_do_not_depend_on_the_engine():
    amman = timezone(timedelta(hours=3))
    assert canonical(Decimal("1.50")) == canonical(Decimal("1.5")) == "1.5"
    assert canonical(Decimal("100")) == canonical(Decimal("1E+2")) == "100"
    assert canonical(datetime(2025, 1, 1, 12, tzinfo=amman)) == canonical(
        datetime(2025, 1, 1, 9, tzinfo=UTC)
    )
    assert canonical(memoryview(b"\x00\xff")) == canonical(b"\x00\xff") == "00ff"
    assert canonical({"b": [Decimal("2.0")], "a": True}) == {"b": ["2"], "a": True}
    assert canonical(timedelta(seconds=1)) == 1_000_000
    assert canonical(True) is True


def test_list_tables_sees_an_sqlite_file(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    conn.execute("CREATE TABLE t (id integer)")
    assert list_tables(conn) == ["t"]
    conn.close()
