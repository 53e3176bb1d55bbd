"""`markaz migrate-data --from URL --to postgresql://…`: move a deployment to PostgreSQL.

1. Refuse unless the source is migrated to exactly this version of Markaz and the target holds
   no data (a new database, or one that only `markaz migrate` has touched).
2. `markaz migrate` the target (in a child process whose DATABASE_URL is the target, so data
   migrations write where they should), then empty what migrate filled (content types,
   permissions, SDGs …: they are copied with the source's ids).
3. In one target transaction, inside one read transaction on the source (one consistent state):
   copy every model table in foreign-key order, in batches of keyset-paged rows, with values
   converted by the model fields (SQLite's text dates, 0/1 booleans and JSON text become
   PostgreSQL types); set the sequences past the copied ids; compute the row count and the
   checksum of every table on both sides; roll everything back on any difference.
   Inserts only: the append-only triggers of the audit log and the ledger accept them, and the
   ledger's balance rules re-check every entry in its original order.
4. Rebuild the search index in the target (`markaz reindex`): its backend tables are not
   models, differ between the engines (FTS5 on SQLite, tsvector + postings on PostgreSQL) and
   PostgreSQL's postings table is kept by a trigger; verify that every document has its
   backend row and that the postings equal the documents' tsvectors.

The per-table checksum is computed the same way on both sides: each row's values, read through
the model fields and written in a canonical form (UTC ISO times, normalized decimals, JSON with
sorted keys, hex bytes), is hashed with SHA-256; the table's checksum is the sum of the row
hashes modulo 2²⁵⁶, so it does not depend on the order rows are read in (text primary keys sort
differently in the two engines).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

import dj_database_url
from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.translation import gettext as _

from markaz.ops.dbinfo import (
    OpsError,
    applied_migrations,
    list_tables,
    migration_gap,
    quote,
    raw_connection,
    refuse_unless_empty,
    sqlite_path,
    vendor,
)
from markaz.ops.progress import Meter

SOURCE = "ops_source"
TARGET = "ops_target"
SEARCH_BACKEND = "knowledge_fts"
# Model tables rebuilt in the target from the records rather than copied.
DERIVED = frozenset({"knowledge_searchdocument"})
MOD = 2**256


@dataclass
class TransferReport:
    tables: int = 0
    rows: int = 0
    search_documents: int = 0
    checksums: dict[str, tuple[int, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_url(url: str) -> dict:
    try:
        return dj_database_url.parse(url)
    except (ValueError, KeyError) as exc:
        raise OpsError(_("Not a database URL: %(url)s") % {"url": url}) from exc


def migrate_data(source_url: str, target_url: str, *, batch: int = 1000,
                 meter: Meter | None = None) -> TransferReport:  # fmt: skip
    meter = meter or Meter()
    source, target = parse_url(source_url), parse_url(target_url)
    if vendor(target) != "postgresql":
        raise OpsError(_("The target of migrate-data must be a PostgreSQL database."))
    if vendor(source) == "sqlite" and not sqlite_path(source).is_file():
        raise OpsError(_("No such SQLite database: %(path)s") % {"path": source["NAME"]})
    if _same_database(source, target):
        raise OpsError(_("The source and the target are the same database."))
    if batch < 1:
        raise OpsError(_("--batch must be 1 or more."))
    with raw_connection(source) as conn:
        applied = applied_migrations(conn)
    unknown, missing = migration_gap(applied)
    if not applied or unknown or missing:
        raise OpsError(
            _("The source database must be migrated to this version of Markaz first "
              "(run `markaz migrate` with DATABASE_URL set to it); differences: %(names)s.")
            % {"names": ", ".join([*unknown, *missing][:5]) or _("no Markaz tables")}
        )  # fmt: skip
    with raw_connection(target) as conn:
        refuse_unless_empty(conn)

    task = meter.task(_("Creating the schema"), total=None)
    _run_markaz(["migrate", "--quiet"], target_url)
    meter.done(task)

    report = TransferReport()
    with _aliases(source, target):
        order = copy_order()
        counts = _source_counts(order)
        with transaction.atomic(using=SOURCE), transaction.atomic(using=TARGET):
            _empty_target()
            task = meter.task(_("Copying rows"), total=sum(counts.values()))
            for model in order:
                report.rows += _copy_table(model, batch, meter, task)
            meter.done(task)
            _reset_sequences(order)
            task = meter.task(_("Verifying"), total=len(order))
            mismatches = []
            for model in order:
                theirs = table_checksum(model, SOURCE, batch)
                ours = table_checksum(model, TARGET, batch)
                if theirs != ours:
                    mismatches.append(model._meta.db_table)
                report.checksums[model._meta.db_table] = ours
                meter.advance(task)
            meter.done(task)
            if mismatches:
                raise OpsError(
                    _("The copy does not match the source in %(tables)s; nothing was kept.")
                    % {"tables": ", ".join(mismatches[:5])}
                )
            source_documents = _count(SOURCE, "knowledge_searchdocument")
        report.tables = len(order)

    task = meter.task(_("Rebuilding the search index"), total=None)
    _run_markaz(["reindex"], target_url)
    meter.done(task)
    report.search_documents = verify_search_index(target)
    if report.search_documents != source_documents:
        report.notes.append(
            _("The source's search index held %(old)d documents; the rebuilt one holds "
              "%(new)d (the source's index was out of date).")
            % {"old": source_documents, "new": report.search_documents}
        )  # fmt: skip
    return report


def _same_database(a: dict, b: dict) -> bool:
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(a.get(k) or "") == str(b.get(k) or "") for k in keys)


def _run_markaz(args: list[str], database_url: str) -> str:
    """Run `markaz ARGS` with DATABASE_URL set to `database_url`."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603 - our own CLI, our arguments
        [sys.executable, "-m", "markaz.cli", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise OpsError(
            _("`markaz %(command)s` on the target failed: %(error)s")
            % {"command": " ".join(args), "error": " ".join(tail)}
        )
    return result.stdout


@contextmanager
def _aliases(source: dict, target: dict):
    """Two extra Django connections for this thread, closed afterwards. They are not added
    to settings.DATABASES: nothing else (routers, checks, the test runner) should see them."""
    from django.db.utils import load_backend

    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: {}, SOURCE: dict(source), TARGET: dict(target)}
    )
    if vendor(source) == "postgresql":  # one snapshot for the copy and its verification
        import psycopg

        configured[SOURCE]["OPTIONS"]["isolation_level"] = psycopg.IsolationLevel.REPEATABLE_READ
    for alias in (SOURCE, TARGET):
        backend = load_backend(configured[alias]["ENGINE"])
        connections[alias] = backend.DatabaseWrapper(configured[alias], alias)
    try:
        yield
    finally:
        for alias in (SOURCE, TARGET):
            connections[alias].close()
            del connections[alias]


def copy_order() -> list[type[models.Model]]:
    """Every managed model table once, each after the tables its foreign keys point to
    (cycles, if any, are left to PostgreSQL's deferred foreign-key checks)."""
    by_table: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in DERIVED:
            by_table.setdefault(meta.db_table, model)
    order: list[type[models.Model]] = []
    state: dict[str, str] = {}

    def visit(model: type[models.Model]) -> None:
        table = model._meta.db_table
        if state.get(table):
            return
        state[table] = "visiting"
        for f in model._meta.local_concrete_fields:
            related = f.related_model if f.is_relation else None
            if related is not None and related._meta.db_table in by_table:
                visit(by_table[related._meta.db_table])
        state[table] = "done"
        order.append(model)

    for table in sorted(by_table):
        visit(by_table[table])
    return order


def _source_counts(order) -> dict[str, int]:
    return {m._meta.db_table: m._base_manager.using(SOURCE).count() for m in order}


def _count(alias: str, table: str) -> int:
    with connections[alias].cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 - quoted identifier
        return cur.fetchone()[0]


def _empty_target() -> None:
    """What `markaz migrate` put there (content types, permissions, SDGs …) makes way for the
    source's rows with their ids. TRUNCATE fires no row triggers (the append-only ones)."""
    conn = connections[TARGET]
    with conn.cursor() as cur:
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'django_migrations'"
        )
        tables = [quote(name) for (name,) in cur.fetchall()]
        if tables:
            cur.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def _copy_table(model, batch: int, meter: Meter, task) -> int:
    fields = list(model._meta.local_concrete_fields)
    target = connections[TARGET]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    copied = 0
    for rows in _pages(model, SOURCE, batch, fields):
        values = [
            [f.get_db_prep_save(v, connection=target) for f, v in zip(fields, row, strict=True)]
            for row in rows
        ]
        with target.cursor() as cur:
            cur.executemany(sql, values)
        copied += len(rows)
        meter.advance(task, len(rows))
    return copied


def _pages(model, alias: str, batch: int, fields):
    """Rows as tuples of field values (converted by the fields), keyset-paged by primary key."""
    attnames = [f.attname for f in fields]
    pk = attnames.index(model._meta.pk.attname)
    query = model._base_manager.using(alias).order_by("pk").values_list(*attnames)
    last = None
    while True:
        page = query if last is None else query.filter(pk__gt=last)
        rows = list(page[:batch])
        if not rows:
            return
        yield rows
        last = rows[-1][pk]


def _reset_sequences(order) -> None:
    conn = connections[TARGET]
    with conn.cursor() as cur:
        for sql in conn.ops.sequence_reset_sql(no_style(), order):
            cur.execute(sql)


def canonical(value):
    """A JSON-ready form of a field value that is the same whichever engine it came from."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value // timedelta(microseconds=1)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    return str(value)


def table_checksum(model, alias: str, batch: int = 1000) -> tuple[int, str]:
    """(row count, checksum) of a model's table as read through `alias`."""
    fields = list(model._meta.local_concrete_fields)
    total = 0
    count = 0
    for rows in _pages(model, alias, batch, fields):
        for row in rows:
            data = json.dumps([canonical(v) for v in row], ensure_ascii=False,
                              sort_keys=True, separators=(",", ":"))  # fmt: skip
            total = (total + int.from_bytes(hashlib.sha256(data.encode()).digest())) % MOD
            count += 1
    return count, f"{total:064x}"


def verify_search_index(target: dict) -> int:
    """The rebuilt index: one backend row per document, postings equal to the tsvectors.
    Returns the number of documents."""
    t = SEARCH_BACKEND
    occurrences = "cardinality(array_positions(u.weights, '{}'))"
    expected = (
        f"SELECT u.lexeme, d.id, d.doc_len, {occurrences.format('A')}, "  # noqa: S608
        f"{occurrences.format('B')}, {occurrences.format('C')} "
        f"FROM {t} d CROSS JOIN LATERAL unnest(d.tsv) u"
    )
    actual = f"SELECT token, doc_id, dl, c0, c1, c2 FROM {t}_post"  # noqa: S608
    with raw_connection(target) as conn:
        if t not in list_tables(conn):
            raise OpsError(_("The target has no search index table."))
        cur = conn.cursor()
        documents = cur.execute("SELECT count(*) FROM knowledge_searchdocument").fetchone()[0]
        backend = cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
        drift = cur.execute(
            f"SELECT count(*) FROM (({expected} EXCEPT ALL {actual}) "  # noqa: S608
            f"UNION ALL ({actual} EXCEPT ALL {expected})) x"
        ).fetchone()[0]
    if backend != documents or drift:
        raise OpsError(
            _("The target's search index is inconsistent (%(documents)d documents, %(rows)d "
              "index rows, %(drift)d postings differ); run `markaz reindex` on it.")
            % {"documents": documents, "rows": backend, "drift": drift}
        )  # fmt: skip
    return documents
