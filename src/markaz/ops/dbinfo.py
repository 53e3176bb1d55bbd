"""Looking at a database outside Django's connections: its tables, row counts, applied
migrations and whether it is empty. Used by backup, restore and migrate-data, which work on
databases that are not (or not yet) the configured one.

A database is described the way Django's DATABASES describes one (`ENGINE`, `NAME`, `HOST`,
`PORT`, `USER`, `PASSWORD`, `OPTIONS`), e.g. from `dj_database_url.parse(url)`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

# Tables that `markaz migrate` fills by itself (contenttypes and permissions after every
# migrate; the SDGs and default mentoring areas by data migrations): a database holding only
# these still counts as empty. `test_freshly_migrated_database_is_empty` keeps this list true.
REFERENCE_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "sdg_goal",
        "sdg_target",
        "sdg_indicator",
        "mentoring_expertisearea",
    }
)


class OpsError(Exception):
    """A refusal or failure to report to the operator (exit status 1, no traceback)."""


def vendor(db: dict) -> str:
    engine = db.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise OpsError(_("Unsupported database engine: %(engine)s.") % {"engine": engine})


def pg_params(db: dict) -> dict[str, Any]:
    """psycopg keyword arguments for a DATABASES entry."""
    params = {
        "dbname": db.get("NAME") or "postgres",
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        params["sslmode"] = options["sslmode"]
    return {k: v for k, v in params.items() if v is not None}


def pg_env(db: dict) -> dict[str, str]:
    """Environment for pg_dump/pg_restore: libpq reads the password from PGPASSWORD, so it
    never shows in `ps`."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD",
             "host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: str(v) for k, v in pg_params(db).items()})
    return env


def sqlite_path(db: dict) -> Path:
    name = str(db.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        raise OpsError(_("An SQLite database in memory has no file to work on."))
    return Path(name)


@contextmanager
def raw_connection(db: dict) -> Iterator[Any]:
    """A DB-API connection (autocommit off) that is closed afterwards."""
    if vendor(db) == "sqlite":
        conn = sqlite3.connect(sqlite_path(db))
    else:
        import psycopg

        conn = psycopg.connect(**pg_params(db))
    try:
        yield conn
    finally:
        conn.close()


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def list_tables(conn) -> list[str]:
    cur = conn.cursor()
    if isinstance(conn, sqlite3.Connection):
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    else:
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [name for (name,) in cur.fetchall()]


def row_counts(conn, tables: list[str] | None = None) -> dict[str, int]:
    cur = conn.cursor()
    counts = {}
    for table in list_tables(conn) if tables is None else tables:
        cur.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 - quoted identifier
        counts[table] = cur.fetchone()[0]
    return counts


def applied_migrations(conn) -> dict[str, list[str]]:
    """{app: [migration names]} from django_migrations ({} when there is no such table)."""
    if "django_migrations" not in list_tables(conn):
        return {}
    cur = conn.cursor()
    cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cur.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def user_data(conn) -> dict[str, int]:
    """Tables outside REFERENCE_TABLES that hold rows: {} means the database is empty
    (no tables at all, or only what `markaz migrate` puts there)."""
    from django.apps import apps

    model_tables = {
        m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed
    }
    present = [t for t in list_tables(conn) if t in model_tables and t not in REFERENCE_TABLES]
    return {table: n for table, n in row_counts(conn, present).items() if n}


def refuse_unless_empty(conn) -> None:
    held = user_data(conn)
    if held:
        sample = ", ".join(f"{t} ({n})" for t, n in sorted(held.items())[:5])
        raise OpsError(
            _(
                "The target database is not empty: %(tables)s. Use a new, empty database "
                "(nothing was changed)."
            )
            % {"tables": sample}
        )


def migration_gap(applied: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(migrations in `applied` that this code lacks, migrations of this code not applied)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    on_disk = set(loader.disk_migrations)
    done = {(app, name) for app, names in applied.items() for name in names}
    unknown = sorted(f"{a}.{n}" for a, n in done - on_disk if a in loader.migrated_apps)
    missing = sorted(f"{a}.{n}" for a, n in on_disk - done)
    return unknown, missing
