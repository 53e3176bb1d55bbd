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
    AnalyzedDocument,
    Document,
    PgPostings,
    analyze_document,
    fts5_match,
    pg_delete_sql,
    pg_drop_sql,
    pg_ranked,
    pg_reference_sql,
    pg_row_params,
    pg_schema_sql,
    pg_tsquery,
    pg_upsert_sql,
    pg_vocab_insert_sql,
    pg_vocab_known_sql,
    pg_vocab_prefix_sql,
)
from markaz.search.ranking import DEFAULT_WEIGHTS, FIELDS, query_phrases
from markaz.search.topk import BudgetExceeded, Stats, term_weight, top_k

TABLE = "knowledge_fts"
ANALYZER = DEFAULT_ANALYZER

SQLITE_SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        title, summary, body, tokenize = 'unicode61 remove_diacritics 0')""",
    f"""CREATE TABLE IF NOT EXISTS {TABLE}_vocab (
        surface TEXT PRIMARY KEY, token TEXT NOT NULL) WITHOUT ROWID""",
]

# Impact-ordered postings for exact top-k ranking (`markaz.search.topk`), beside FTS5: one row
# per (token, document), the document lengths, and the collection statistics kept by triggers.
SQLITE_POSTINGS = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE}_post (
        token TEXT NOT NULL, doc INTEGER NOT NULL, impact REAL NOT NULL, dl INTEGER NOT NULL,
        c0 INTEGER NOT NULL, c1 INTEGER NOT NULL, c2 INTEGER NOT NULL,
        PRIMARY KEY (token, doc)) WITHOUT ROWID""",
    # Covering, so a token's best postings are one index range.
    f"""CREATE INDEX IF NOT EXISTS {TABLE}_post_impact
        ON {TABLE}_post (token, impact DESC, doc, dl, c0, c1, c2)""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_post_doc ON {TABLE}_post (doc)",
    f"""CREATE TABLE IF NOT EXISTS {TABLE}_len (
        doc INTEGER PRIMARY KEY, dl INTEGER NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {TABLE}_stats (
        name TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_len_ins AFTER INSERT ON {TABLE}_len BEGIN
        INSERT INTO {TABLE}_stats (name, value) VALUES ('docs', 1), ('tokens', NEW.dl)
        ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
    END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_len_del AFTER DELETE ON {TABLE}_len BEGIN
        UPDATE {TABLE}_stats SET value = value - 1 WHERE name = 'docs';
        UPDATE {TABLE}_stats SET value = value - OLD.dl WHERE name = 'tokens';
        DELETE FROM {TABLE}_post WHERE doc = OLD.doc;
    END""",  # noqa: S608
]
SQLITE_SCHEMA += SQLITE_POSTINGS


def schema_sql(vendor: str) -> list[str]:
    return pg_schema_sql(TABLE) if vendor == "postgresql" else SQLITE_SCHEMA


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return pg_drop_sql(TABLE)
    return [
        f"DROP TABLE IF EXISTS {TABLE}_{name}" for name in ("post", "len", "stats", "vocab")
    ] + [f"DROP TABLE IF EXISTS {TABLE}"]


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
                cur.execute(pg_reference_sql(TABLE), {"batch_avgdl": float(analyzed.length)})
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
                _sqlite_postings(cur, [(row.pk, analyzed)])
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
            if analyzed:  # the batch's mean orders the postings of an empty index
                mean = sum(a.length for a in analyzed) / len(analyzed)
                cur.execute(pg_reference_sql(TABLE), {"batch_avgdl": mean})
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
            _sqlite_postings(cur, [(row.pk, a) for row, a in zip(rows, analyzed, strict=True)])
    return len(rows)


def backfill_sqlite_postings(cur, batch: int = 1000) -> None:
    """Postings of the documents already in FTS5 (their analyzed tokens are its content)."""
    last = 0
    while True:
        cur.execute(
            f"""SELECT rowid, title, summary, body FROM {TABLE} WHERE rowid > %s
                ORDER BY rowid LIMIT %s""",  # noqa: S608
            [last, batch],
        )
        rows = cur.fetchall()
        if not rows:
            return
        docs = [
            (pk, AnalyzedDocument(Document(str(pk)), {
                name: text.split() for name, text in zip(FIELDS, texts, strict=True)
            }))
            for pk, *texts in rows
        ]  # fmt: skip
        _sqlite_postings(cur, docs)
        last = rows[-1][0]


def _sqlite_postings(cur, docs: Sequence[tuple[int, AnalyzedDocument]]) -> None:
    """Replace these documents' impact-ordered postings (SQLite; see `SQLITE_POSTINGS`).

    The reference average length that orders the postings is fixed by the first documents
    written to an empty index (`clear` resets it); `topk` allows for drift since then.
    """
    if not docs:
        return
    cur.execute(
        f"DELETE FROM {TABLE}_len WHERE doc IN (SELECT value FROM json_each(%s))",  # noqa: S608
        [json.dumps([pk for pk, _a in docs])],
    )
    cur.execute(f"SELECT name, value FROM {TABLE}_stats")  # noqa: S608
    stats = dict(cur.fetchall())
    ref = stats.get("ref_avgdl")
    if not ref:
        if stats.get("docs"):
            ref = stats["tokens"] / stats["docs"]
        else:
            ref = sum(a.length for _pk, a in docs) / len(docs)
        ref = max(ref, 1.0)
        cur.execute(
            f"INSERT OR REPLACE INTO {TABLE}_stats (name, value) VALUES ('ref_avgdl', %s)",  # noqa: S608
            [ref],
        )
    w = DEFAULT_WEIGHTS.as_tuple()
    cur.executemany(
        f"INSERT INTO {TABLE}_len (doc, dl) VALUES (%s, %s)",  # noqa: S608
        [(pk, a.length) for pk, a in docs],
    )
    rows = []
    for pk, a in docs:
        counts: dict[str, list[int]] = {}
        for i, name in enumerate(("title", "summary", "body")):
            for token in a.fields[name]:
                counts.setdefault(token, [0, 0, 0])[i] += 1
        dl = a.length
        rows.extend(
            (token, pk, term_weight(c[0], c[1], c[2], dl, ref, w), dl, *c)
            for token, c in counts.items()
        )
    cur.executemany(
        f"INSERT INTO {TABLE}_post (token, doc, impact, dl, c0, c1, c2)"  # noqa: S608
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        rows,
    )


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
            cur.execute(
                f"DELETE FROM {TABLE}_len WHERE doc IN (SELECT value FROM json_each(%s))",  # noqa: S608
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
        if _pg():  # the postings go with their documents, the reference length too
            cur.execute(f"TRUNCATE {TABLE}, {TABLE}_post, {TABLE}_vocab, {TABLE}_meta")
        else:
            cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608
            cur.execute(f"DELETE FROM {TABLE}_vocab")  # noqa: S608
            for name in ("post", "len", "stats"):
                cur.execute(f"DELETE FROM {TABLE}_{name}")  # noqa: S608
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
    try:
        # PostgreSQL's table is keyed by `key`; SQLite's window probes the primary key.
        sub_sql, sub_params = visible.values("key" if _pg() else "id").query.sql_with_params()
    except EmptyResultSet:  # e.g. `.none()`: nothing is visible
        return []
    with connection.cursor() as cur:
        phrases = query_phrases(query)
        tokens = [p.tokens[0] for p in phrases]
        single = all(len(p.tokens) == 1 and not p.prefix for p in phrases)
        if _pg():

            def execute(sql: str, params: dict) -> list[tuple]:
                cur.execute(sql, params)
                return cur.fetchall()

            if single:
                try:
                    return _top_k(PgPostings(execute, TABLE), tokens, visible, limit, "key")
                except BudgetExceeded:
                    pass  # rank every match, as on SQLite
            visible_sql = _named(sub_sql, sub_params)
            return pg_ranked(execute, query, limit=limit, table=TABLE, filter_sql=visible_sql)
        if single:
            try:
                return _top_k(_SqlitePostings(cur), tokens, visible, limit, "id")
            except BudgetExceeded:
                pass  # e.g. a user who sees few of many matches: rank them all
        return _sqlite_ranked(cur, fts5_match(query), visible, limit)


class _SqlitePostings:
    """`markaz.search.topk.PostingStore` over the SQLite postings tables."""

    def __init__(self, cur) -> None:
        self.cur = cur

    def stats(self, tokens: Sequence[str]) -> Stats:
        self.cur.execute(f"SELECT name, value FROM {TABLE}_stats")  # noqa: S608
        values = dict(self.cur.fetchall())
        df = {}
        for token in tokens:
            self.cur.execute(f"SELECT count(*) FROM {TABLE}_post WHERE token = %s", [token])  # noqa: S608
            df[token] = self.cur.fetchone()[0]
        return Stats(
            int(values.get("docs", 0)),
            int(values.get("tokens", 0)),
            float(values.get("ref_avgdl", 0.0)),
            df,
        )

    def best(self, token: str, after: tuple[float, int] | None, n: int) -> list[tuple]:
        columns = f"SELECT impact, doc, dl, c0, c1, c2 FROM {TABLE}_post"  # noqa: S608
        if after is None:
            self.cur.execute(
                f"{columns} WHERE token = %s ORDER BY impact DESC, doc LIMIT %s", [token, n]
            )
        else:
            self.cur.execute(
                f"""{columns} WHERE token = %s AND (impact < %s OR (impact = %s AND doc > %s))
                    ORDER BY impact DESC, doc LIMIT %s""",
                [token, after[0], after[0], after[1], n],
            )
        return self.cur.fetchall()

    def lookup(self, tokens: Sequence[str], docs: Sequence[int]):
        self.cur.execute(
            f"""SELECT token, doc, dl, c0, c1, c2 FROM {TABLE}_post
                WHERE token IN (SELECT value FROM json_each(%s))
                AND doc IN (SELECT value FROM json_each(%s))""",  # noqa: S608
            [json.dumps(list(tokens)), json.dumps(list(docs))],
        )
        return [(row[0], row[1:]) for row in self.cur.fetchall()]


def _top_k(store, tokens: list[str], visible: QuerySet[SearchDocument], limit: int, column: str):
    """Exact top `limit` through `topk` (the visibility filter applied to each new batch of
    candidates), then the tie-breakers of `_sqlite_ranked` and `pg_search_sql`. The store's
    documents are `column` of `SearchDocument`: the primary key on SQLite, the key on
    PostgreSQL."""
    meta: dict = {}

    def allowed(docs: list) -> set:
        if column == "id":
            in_batch = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(docs)])
        else:
            in_batch = docs
        rows = visible.filter(**{f"{column}__in": in_batch}).values_list(
            column, "key", "quality", "updated_at"
        )
        for row in rows:
            meta[row[0]] = row
        return {row[0] for row in rows}

    scores = top_k(store, tokens, limit, weights=DEFAULT_WEIGHTS, visible=allowed)
    rows = [meta[doc] for doc in scores]
    rows.sort(key=lambda r: r[1])
    rows.sort(key=lambda r: r[3].timestamp() if r[3] else -math.inf, reverse=True)
    rows.sort(key=lambda r: (-scores[r[0]], -r[2]))
    return [(key, scores[pk]) for pk, key, _q, _u in rows[:limit]]


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


def matching(query: Query, visible: QuerySet[SearchDocument], limit: int) -> list[str]:
    """Keys of up to `limit` visible documents matching the query, in index order (unranked):
    for totals and facets, read in pages so a user who sees few rows still gets them all."""
    if not query or limit <= 0:
        return []
    if _pg():
        tsquery = " | ".join(f"({pg_tsquery(p)})" for p in query_phrases(query))
        source = (
            f"SELECT id FROM {TABLE} WHERE tsv @@ %s::tsquery AND id > %s"  # noqa: S608
            " ORDER BY id LIMIT %s"
        )
        match, column, last = tsquery, "key", ""
    else:
        source = (
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid > %s"  # noqa: S608
            " ORDER BY rowid LIMIT %s"
        )
        match, column, last = fts5_match(query), "id", 0
    found: list[str] = []
    page = max(limit, 256)
    with connection.cursor() as cur:
        while len(found) < limit:
            cur.execute(source, [match, last, page])
            ids = [row[0] for row in cur.fetchall()]
            if not ids:
                break
            in_page = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
            if _pg():
                in_page = ids
            keys = visible.filter(**{f"{column}__in": in_page}).order_by(column)
            found.extend(keys.values_list("key", flat=True))
            last = ids[-1]
            if len(ids) < page:
                break
    return found[:limit]
