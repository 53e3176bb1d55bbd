"""The search index in the Django database: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

`SearchDocument` rows (an ordinary model) hold what is shown and filtered; a backend table
holds the analyzer's tokens and ranks them with the pure layer's bm25 (`markaz.search`). Both
are written in the caller's transaction, through Django's connection, so a rolled-back service
leaves no index row behind.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from markaz.knowledge.models import SearchDocument
from markaz.search.analysis import DEFAULT_ANALYZER, Query, resolve_query
from markaz.search.fts import (
    VOCABULARY_LIMIT,
    Document,
    analyze_document,
    fts5_match,
    pg_delete_sql,
    pg_drop_sql,
    pg_ranked,
    pg_row_params,
    pg_schema_sql,
    pg_upsert_sql,
    pg_vocab_insert_sql,
    pg_vocab_known_sql,
    pg_vocab_prefix_sql,
)
from markaz.search.ranking import DEFAULT_WEIGHTS

TABLE = "knowledge_fts"
ANALYZER = DEFAULT_ANALYZER

SQLITE_SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        title, summary, body, tokenize = 'unicode61 remove_diacritics 0')""",
    f"""CREATE TABLE IF NOT EXISTS {TABLE}_vocab (
        surface TEXT PRIMARY KEY, token TEXT NOT NULL) WITHOUT ROWID""",
]


def schema_sql(vendor: str) -> list[str]:
    return pg_schema_sql(TABLE) if vendor == "postgresql" else SQLITE_SCHEMA


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return pg_drop_sql(TABLE)
    return [f"DROP TABLE IF EXISTS {TABLE}_vocab", f"DROP TABLE IF EXISTS {TABLE}"]


def _pg() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Indexed:
    """What an indexer returns for one record: the row's fields and the text to rank."""

    fields: dict
    doc: Document


def write(items: Iterable[Indexed]) -> int:
    """Insert or replace records in the index; returns how many were written."""
    count = 0
    with connection.cursor() as cur:
        for item in items:
            analyzed = analyze_document(item.doc, ANALYZER)
            row, _created = SearchDocument.objects.update_or_create(
                key=item.doc.id, defaults=item.fields
            )
            vocab = sorted(analyzed.vocabulary)
            if _pg():
                cur.execute(pg_upsert_sql(TABLE), pg_row_params(analyzed))
                cur.executemany(
                    pg_vocab_insert_sql(TABLE), [{"surface": s, "token": t} for s, t in vocab]
                )
            else:
                cur.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [row.pk])  # noqa: S608
                cur.execute(
                    f"INSERT INTO {TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                    [row.pk, *(analyzed.joined(f) for f in ("title", "summary", "body"))],
                )
                cur.executemany(
                    f"INSERT OR IGNORE INTO {TABLE}_vocab (surface, token) VALUES (%s, %s)",  # noqa: S608
                    vocab,
                )
            count += 1
    return count


def bulk_load(items: Sequence[Indexed]) -> int:
    """Add records that are not in the index yet, in batches (reindex, benchmarks)."""
    rows = SearchDocument.objects.bulk_create(
        [SearchDocument(key=item.doc.id, **item.fields) for item in items], batch_size=1000
    )
    analyzed = [analyze_document(item.doc, ANALYZER) for item in items]
    vocab = sorted({pair for a in analyzed for pair in a.vocabulary})
    with connection.cursor() as cur:
        if _pg():
            cur.executemany(pg_upsert_sql(TABLE), [pg_row_params(a) for a in analyzed])
            cur.executemany(
                pg_vocab_insert_sql(TABLE), [{"surface": s, "token": t} for s, t in vocab]
            )
        else:
            cur.executemany(
                f"INSERT INTO {TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [
                    (row.pk, *(a.joined(f) for f in ("title", "summary", "body")))
                    for row, a in zip(rows, analyzed, strict=True)
                ],
            )
            cur.executemany(
                f"INSERT OR IGNORE INTO {TABLE}_vocab (surface, token) VALUES (%s, %s)",  # noqa: S608
                vocab,
            )
    return len(rows)


def remove(keys: Sequence[str]) -> None:
    keys = list(keys)
    rows = list(SearchDocument.objects.filter(key__in=keys).values_list("pk", flat=True))
    with connection.cursor() as cur:
        if _pg():
            cur.execute(pg_delete_sql(TABLE), {"ids": keys})
        elif rows:
            cur.execute(
                f"DELETE FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))",  # noqa: S608
                [json.dumps(rows)],
            )
    SearchDocument.objects.filter(key__in=keys).delete()


def refresh_statistics() -> None:
    """ANALYZE the search tables after bulk changes: without statistics SQLite probes the
    visibility index (every public row) instead of the primary key when joining a ranked
    window back to its rows, and ranking gets several times slower."""
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {SearchDocument._meta.db_table}")
        if _pg():
            cur.execute(f"ANALYZE {TABLE}")


def clear() -> None:
    with connection.cursor() as cur:
        if _pg():  # the postings go with their documents
            cur.execute(f"TRUNCATE {TABLE}, {TABLE}_post, {TABLE}_vocab")
        else:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608
            cur.execute(f"DELETE FROM {TABLE}_vocab")  # noqa: S608
    SearchDocument.objects.all().delete()


class _Vocabulary:
    """`markaz.search.analysis.Vocabulary` over the index's surface -> token table."""

    def starting_with(self, prefix: str) -> list[str]:
        with connection.cursor() as cur:
            if _pg():
                cur.execute(
                    pg_vocab_prefix_sql(TABLE), {"prefix": prefix, "limit": VOCABULARY_LIMIT}
                )
            else:
                cur.execute(
                    f"""SELECT token FROM {TABLE}_vocab WHERE surface >= %s AND surface < %s
                        ORDER BY surface LIMIT %s""",  # noqa: S608
                    [prefix, prefix + "\U0010ffff", VOCABULARY_LIMIT],
                )
            return [token for (token,) in cur.fetchall()]

    def known(self, surfaces: Sequence[str]) -> dict[str, str]:
        with connection.cursor() as cur:
            if _pg():
                cur.execute(pg_vocab_known_sql(TABLE), {"surfaces": list(surfaces)})
            else:
                cur.execute(
                    f"""SELECT surface, token FROM {TABLE}_vocab
                        WHERE surface IN (SELECT value FROM json_each(%s))""",  # noqa: S608
                    [json.dumps(list(surfaces))],
                )
            return dict(cur.fetchall())


def prepare(text: str, *, as_you_type: bool = False) -> Query:
    query = ANALYZER.analyze_query(text, as_you_type=as_you_type)
    return resolve_query(query, _Vocabulary(), spelling_variants=ANALYZER.folds_hamza_seats)


_PLACEHOLDER = re.compile(r"(?<!%)%s")


def _named(sql: str, params: Sequence) -> tuple[str, dict]:
    """Django's positional `%s` SQL as psycopg's `%(name)s` style, to join a named query."""
    names: dict = {}

    def repl(_m: re.Match) -> str:
        name = f"v{len(names)}"
        names[name] = params[len(names)]
        return f"%({name})s"

    return _PLACEHOLDER.sub(repl, sql), names


def ranked(query: Query, visible: QuerySet[SearchDocument], limit: int) -> list[tuple[str, float]]:
    """(key, score) of the visible documents matching a prepared query, best first.

    Scores are bm25 over the whole index, so what a user may not see never changes the
    order of what they may; the filter is a subquery, never a list of ids.
    """
    if not query or limit <= 0:
        return []
    # PostgreSQL's table is keyed by `key`; on SQLite probing the primary key is much faster.
    column = "key" if _pg() else "id"
    try:
        sub_sql, sub_params = visible.values(column).query.sql_with_params()
    except EmptyResultSet:  # e.g. `.none()`: nothing is visible
        return []
    with connection.cursor() as cur:
        if _pg():
            sub, named = _named(sub_sql, sub_params)

            def execute(sql: str, params: dict) -> list[tuple]:
                sql = sql.replace("d.id = ANY(%(ids)s)", f"d.id IN ({sub})")
                params.pop("ids")
                cur.execute(sql, {**params, **named})
                return cur.fetchall()

            return pg_ranked(execute, query, limit=limit, table=TABLE, filter_ids=[])
        return _sqlite_ranked(cur, fts5_match(query), visible, limit)


def _sqlite_ranked(cur, match: str, visible: QuerySet[SearchDocument], limit: int):
    """FTS5 ranks alone first (bm25 in C over the index), then only the best rows are joined
    and filtered; the window grows until the cut-off is safe.

    Joining every match to its row and the visibility filter before ranking cost five times
    the ranking itself. A window of the best `fetch` matches is enough once the last kept
    hit scores strictly better than the worst fetched one: nothing outside the window can
    then tie or beat it, so the order (ties broken by quality, recency, key) is exact.
    """
    fetch = limit + max(limit // 4, 64)
    while True:
        cur.execute(
            f"""SELECT rowid, bm25({TABLE}, %s, %s, %s) AS s FROM {TABLE}
                WHERE {TABLE} MATCH %s ORDER BY s LIMIT %s""",  # noqa: S608
            [*DEFAULT_WEIGHTS.as_tuple(), match, fetch],
        )
        window = cur.fetchall()
        if not window:
            return []
        scores = dict(window)
        # The visibility conditions stay inline (as a subquery SQLite materialized it whole).
        in_window = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(scores))])
        sql, params = (
            visible.filter(pk__in=in_window)
            .values_list("id", "key", "quality", "updated_at")
            .query.sql_with_params()
        )
        cur.execute(sql, params)
        rows = cur.fetchall()
        # Same order as the SQL it replaced: score, quality desc, newest first (nulls last),
        # key; stable sorts, least significant first.
        rows.sort(key=lambda r: r[1])
        rows.sort(key=lambda r: r[3].timestamp() if r[3] else -math.inf, reverse=True)
        rows.sort(key=lambda r: (scores[r[0]], -r[2]))
        kept = rows[:limit]
        exhausted = len(window) < fetch
        if exhausted or (len(kept) == limit and scores[kept[-1][0]] < window[-1][1]):
            return [(key, -scores[pk]) for pk, key, _q, _u in kept]
        fetch *= 4
