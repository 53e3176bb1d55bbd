"""Full-text index over pre-analyzed tokens: SQLite FTS5 here, SQL builders for PostgreSQL.

Both backends store the analyzer's tokens space-joined (title, summary + tags, body) and
re-split them with a plain tokenizer (FTS5 `unicode61`, PostgreSQL `simple`), so Arabic
normalization and stemming happen once, in Python. Ranking is FTS5's bm25 on both; see
`ranking` for the formula and the tie-breakers.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markaz.search.analysis import DEFAULT_ANALYZER, Analyzer, Query, resolve_query
from markaz.search.ranking import (
    DEFAULT_WEIGHTS,
    FIELDS,
    IDF_FLOOR,
    K1,
    B,
    FieldWeights,
    Hit,
    Phrase,
    make_snippet,
    query_phrases,
)
from markaz.search.topk import Stats

VOCABULARY_LIMIT = 120
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


@dataclass(frozen=True)
class Document:
    id: str
    lang: str = "ar"
    title: str = ""
    summary: str = ""
    body: str = ""
    type: str = ""
    sdgs: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    visibility: str = "public"
    updated_at: datetime | None = None
    quality: float = 0.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Document:
        updated = data.get("updated_at")
        if isinstance(updated, str):
            updated = datetime.fromisoformat(updated)
        return cls(
            id=str(data["id"]),
            lang=data.get("lang", "ar"),
            title=data.get("title", ""),
            summary=data.get("summary", ""),
            body=data.get("body", ""),
            type=data.get("type", ""),
            sdgs=tuple(data.get("sdgs", ())),
            tags=tuple(data.get("tags", ())),
            visibility=data.get("visibility", "public"),
            updated_at=updated,
            quality=float(data.get("quality", 0.0)),
        )


@dataclass(frozen=True)
class AnalyzedDocument:
    doc: Document
    fields: dict[str, list[str]] = field(default_factory=dict)
    vocabulary: set[tuple[str, str]] = field(default_factory=set)

    @property
    def length(self) -> int:
        return sum(len(tokens) for tokens in self.fields.values())

    def joined(self, name: str) -> str:
        return " ".join(self.fields[name])


def analyze_document(doc: Document, analyzer: Analyzer = DEFAULT_ANALYZER) -> AnalyzedDocument:
    """Token lists per indexed column; tags are searched with the summary."""
    tokens = {
        "title": analyzer.tokens(doc.title),
        "summary": analyzer.tokens(doc.summary) + analyzer.tokens(" ، ".join(doc.tags)),
        "body": analyzer.tokens(doc.body),
    }
    return AnalyzedDocument(
        doc,
        {name: [t.text for t in toks] for name, toks in tokens.items()},
        {(t.surface, t.text) for toks in tokens.values() for t in toks if t.surface},
    )


def timestamp_text(value: datetime | None) -> str | None:
    """UTC, fixed width, so that text order is time order in SQLite; naive means UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_match(query: Query) -> str:
    """FTS5 MATCH expression; phrases appear in `ranking.query_phrases` order."""
    parts = []
    for clause in query.clauses:
        terms = clause.terms
        text = _quote(" ".join(t.token for t in terms)) + ("*" if terms[-1].prefix else "")
        if len(terms) == 1 and terms[0].expansions:
            text = "(" + " OR ".join([text, *map(_quote, terms[0].expansions)]) + ")"
        parts.append(text)
    return " OR ".join(parts)


def _checked(name: str) -> str:
    if not _NAME_RE.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


class FtsIndex:
    """A search index in a SQLite database (a file path or an open connection).

    `add` and `delete` run in one transaction each and commit it on the connection. The
    analyzer's signature is stored with the index; opening it with another analyzer fails.
    """

    def __init__(
        self,
        path_or_conn: str | Path | sqlite3.Connection,
        *,
        analyzer: Analyzer = DEFAULT_ANALYZER,
        weights: FieldWeights = DEFAULT_WEIGHTS,
        name: str = "search",
    ) -> None:
        if isinstance(path_or_conn, sqlite3.Connection):
            self.conn = path_or_conn
        else:
            self.conn = sqlite3.connect(path_or_conn)
        self.analyzer = analyzer
        self.weights = weights
        self.name = _checked(name)
        self._create()

    def _create(self) -> None:
        n = self.name
        with self.conn:
            self.conn.executescript(
                f"""
                CREATE TABLE IF NOT EXISTS {n}_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS {n}_doc (
                    rowid INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    lang TEXT NOT NULL DEFAULT '',
                    type TEXT NOT NULL DEFAULT '',
                    visibility TEXT NOT NULL DEFAULT 'public',
                    title TEXT NOT NULL DEFAULT '',
                    summary TEXT NOT NULL DEFAULT '',
                    body TEXT NOT NULL DEFAULT '',
                    updated_at TEXT,
                    quality REAL NOT NULL DEFAULT 0,
                    doc_len INTEGER NOT NULL DEFAULT 0
                );
                CREATE VIRTUAL TABLE IF NOT EXISTS {n}_fts USING fts5(
                    title, summary, body, tokenize = 'unicode61 remove_diacritics 0'
                );
                CREATE TABLE IF NOT EXISTS {n}_vocab (
                    surface TEXT PRIMARY KEY, token TEXT NOT NULL
                ) WITHOUT ROWID;
                """
            )
            self.conn.execute(
                f"INSERT OR IGNORE INTO {n}_meta (key, value) VALUES ('analyzer', ?)",  # noqa: S608
                (self.analyzer.signature,),
            )
        (stored,) = self.conn.execute(
            f"SELECT value FROM {n}_meta WHERE key = 'analyzer'"  # noqa: S608
        ).fetchone()
        if stored != self.analyzer.signature:
            raise ValueError(
                f"index {n!r} was built with analyzer {stored}, not {self.analyzer.signature};"
                " rebuild it"
            )

    def __len__(self) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {self.name}_doc").fetchone()[0]  # noqa: S608

    def close(self) -> None:
        self.conn.close()

    def add(self, docs: Iterable[Document]) -> int:
        """Insert or replace documents by id; returns how many were written."""
        n = self.name
        count = 0
        with self.conn:
            for doc in docs:
                analyzed = analyze_document(doc, self.analyzer)
                self._delete_one(doc.id)
                cursor = self.conn.execute(
                    f"""INSERT INTO {n}_doc (id, lang, type, visibility, title, summary, body,
                        updated_at, quality, doc_len) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",  # noqa: S608
                    (
                        doc.id,
                        doc.lang,
                        doc.type,
                        doc.visibility,
                        doc.title,
                        doc.summary,
                        doc.body,
                        timestamp_text(doc.updated_at),
                        float(doc.quality),
                        analyzed.length,
                    ),
                )
                self.conn.execute(
                    f"INSERT INTO {n}_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)",  # noqa: S608
                    (cursor.lastrowid, *(analyzed.joined(f) for f in FIELDS)),
                )
                self.conn.executemany(
                    f"INSERT OR IGNORE INTO {n}_vocab (surface, token) VALUES (?, ?)",  # noqa: S608
                    sorted(analyzed.vocabulary),
                )
                count += 1
        return count

    def _delete_one(self, doc_id: str) -> bool:
        n = self.name
        row = self.conn.execute(f"SELECT rowid FROM {n}_doc WHERE id = ?", (doc_id,)).fetchone()  # noqa: S608
        if row is None:
            return False
        self.conn.execute(f"DELETE FROM {n}_fts WHERE rowid = ?", row)  # noqa: S608
        self.conn.execute(f"DELETE FROM {n}_doc WHERE rowid = ?", row)  # noqa: S608
        return True

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents; unknown ids are ignored. The prefix vocabulary is kept."""
        with self.conn:
            return sum(self._delete_one(doc_id) for doc_id in ids)

    def starting_with(self, prefix: str) -> list[str]:
        rows = self.conn.execute(
            f"""SELECT token FROM {self.name}_vocab WHERE surface >= ? AND surface < ?
                ORDER BY surface LIMIT ?""",  # noqa: S608
            (prefix, prefix + "\U0010ffff", VOCABULARY_LIMIT),
        )
        return [token for (token,) in rows]

    def known(self, surfaces: Sequence[str]) -> dict[str, str]:
        rows = self.conn.execute(
            f"""SELECT surface, token FROM {self.name}_vocab
                WHERE surface IN (SELECT value FROM json_each(?))""",  # noqa: S608
            (json.dumps(list(surfaces)),),
        )
        return dict(rows.fetchall())

    def prepare(self, query: str | Query, *, as_you_type: bool = False) -> Query:
        """Analyze a query string and resolve it against this index's vocabulary."""
        if isinstance(query, str):
            query = self.analyzer.analyze_query(query, as_you_type=as_you_type)
        return resolve_query(query, self, spelling_variants=self.analyzer.folds_hamza_seats)

    def search(
        self,
        query: str | Query,
        limit: int = 20,
        filter_ids: Iterable[str] | None = None,
        *,
        as_you_type: bool = False,
    ) -> list[Hit]:
        """Ranked hits; `filter_ids` restricts results to ids the caller may see."""
        prepared = self.prepare(query, as_you_type=as_you_type)
        allowed = None if filter_ids is None else list(filter_ids)
        if not prepared or allowed == [] or limit <= 0:
            return []
        n = self.name
        where = f"{n}_fts MATCH ?"
        params: list[Any] = [*self.weights.as_tuple(), fts5_match(prepared)]
        if allowed is not None:
            where += " AND d.id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(allowed))
        params.append(int(limit))
        rows = self.conn.execute(
            f"""SELECT d.id, bm25({n}_fts, ?, ?, ?) AS s, d.title, d.summary, d.body
                FROM {n}_fts JOIN {n}_doc d ON d.rowid = {n}_fts.rowid
                WHERE {where}
                ORDER BY s, d.quality DESC, d.updated_at DESC NULLS LAST, d.id
                LIMIT ?""",  # noqa: S608
            params,
        ).fetchall()
        return [
            Hit(
                doc_id,
                -score,
                make_snippet({"summary": summary, "body": body}, prepared, self.analyzer),
            )
            for doc_id, score, _title, summary, body in rows
        ]


# -- PostgreSQL --------------------------------------------------------------------------------
#
# The same index as a table with generated tsvector columns over the analyzer's tokens, and a
# query that computes FTS5's bm25 in SQL. Parameters use the %(name)s style that psycopg and
# Django's cursor both accept. Limits that differ from FTS5 only for very long documents:
# PostgreSQL keeps at most 256 positions per lexeme and positions up to 16,383.


def pg_schema_sql(table: str = "markaz_search_doc") -> list[str]:
    t = _checked(table)
    tsv = "to_tsvector('simple'::regconfig, {})"
    return [
        f"""CREATE TABLE IF NOT EXISTS {t} (
            id text COLLATE "C" PRIMARY KEY,
            lang text NOT NULL DEFAULT '',
            type text NOT NULL DEFAULT '',
            visibility text NOT NULL DEFAULT 'public',
            title text NOT NULL DEFAULT '',
            summary text NOT NULL DEFAULT '',
            body text NOT NULL DEFAULT '',
            title_tokens text NOT NULL DEFAULT '',
            summary_tokens text NOT NULL DEFAULT '',
            body_tokens text NOT NULL DEFAULT '',
            doc_len integer NOT NULL DEFAULT 0,
            updated_at timestamptz,
            quality double precision NOT NULL DEFAULT 0,
            title_tsv tsvector GENERATED ALWAYS AS ({tsv.format("title_tokens")}) STORED,
            summary_tsv tsvector GENERATED ALWAYS AS ({tsv.format("summary_tokens")}) STORED,
            body_tsv tsvector GENERATED ALWAYS AS ({tsv.format("body_tokens")}) STORED,
            tsv tsvector GENERATED ALWAYS AS (
                setweight({tsv.format("title_tokens")}, 'A')
                || setweight({tsv.format("summary_tokens")}, 'B')
                || setweight({tsv.format("body_tokens")}, 'C')
            ) STORED
        )""",
        f"CREATE INDEX IF NOT EXISTS {t}_tsv_idx ON {t} USING gin (tsv)",
        f"""CREATE TABLE IF NOT EXISTS {t}_vocab (
            surface text COLLATE "C" PRIMARY KEY, token text NOT NULL
        )""",
        *pg_postings_sql(t),
    ]


def _pg_impact_sql(alias: str, ref: str, weights: FieldWeights = DEFAULT_WEIGHTS) -> str:
    """`topk.term_weight` of a posting in SQL (same operations, same order), under `ref`."""
    w = [_f8(x) for x in weights.as_tuple()]
    freq = f"({w[0]} * {alias}c0 + {w[1]} * {alias}c1 + {w[2]} * {alias}c2)"
    k1, b = _f8(K1), _f8(B)
    return (
        f"(({freq} * ({k1} + {_f8(1.0)})) / ({freq} + {k1}"
        f" * ({_f8(1.0)} - {b} + {b} * {alias}dl::float8 / {ref})))"
    )


def _pg_sync_function_sql(t: str, *, impact: bool = True) -> str:
    """The trigger function that keeps `{t}_post` equal to the weighted tsvector. With
    `impact` (current), each posting also carries its bm25 term weight under the reference
    average length of `{t}_meta`, set by the first write to an empty index."""
    count = "cardinality(array_positions(u.weights, '{}'))"
    counts = f"{count.format('A')} AS c0, {count.format('B')} AS c1, {count.format('C')} AS c2"
    if not impact:
        insert = f"""INSERT INTO {t}_post (token, doc_id, dl, c0, c1, c2)
                SELECT u.lexeme, NEW.id, NEW.doc_len, {count.format("A")},
                       {count.format("B")}, {count.format("C")}
                FROM unnest(NEW.tsv) u;"""  # noqa: S608
        declare = ""
    else:
        declare = "DECLARE ref float8;"
        insert = f"""SELECT m.ref_avgdl INTO ref FROM {t}_meta m;
                IF ref IS NULL THEN
                    INSERT INTO {t}_meta (ref_avgdl)
                    SELECT greatest(avg(doc_len), 1)::float8 FROM {t}
                    ON CONFLICT DO NOTHING;
                    SELECT m.ref_avgdl INTO STRICT ref FROM {t}_meta m;
                END IF;
                INSERT INTO {t}_post (token, doc_id, impact, dl, c0, c1, c2)
                SELECT x.token, NEW.id, {_pg_impact_sql("x.", "ref")}, x.dl, x.c0, x.c1, x.c2
                FROM (SELECT u.lexeme AS token, NEW.doc_len AS dl, {counts}
                      FROM unnest(NEW.tsv) u) x;"""  # noqa: S608
    return f"""CREATE OR REPLACE FUNCTION {t}_post_sync() RETURNS trigger AS $$
        {declare}
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM {t}_post WHERE doc_id = OLD.id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                {insert}
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""  # noqa: S608


def pg_postings_sql(table: str = "markaz_search_doc") -> list[str]:
    """An inverted table beside the tsvectors: (token, document) → occurrences per field.

    Ranking reads a token's postings from one index range instead of unnesting every
    matching document's whole tsvector (seconds at 100,000 documents). A trigger keeps it
    equal to the weighted tsvector, so writers need not know it exists. Each posting also
    carries its impact (bm25 term weight under a reference average length kept in
    `{table}_meta`), indexed best first for the exact top-k of `markaz.search.topk`
    (`PgPostings`). Idempotent.
    """
    t = _checked(table)
    return [
        f"""CREATE TABLE IF NOT EXISTS {t}_post (
            token text COLLATE "C" NOT NULL,
            doc_id text COLLATE "C" NOT NULL,
            impact double precision NOT NULL,
            dl integer NOT NULL,
            c0 integer NOT NULL,
            c1 integer NOT NULL,
            c2 integer NOT NULL,
            PRIMARY KEY (token, doc_id) INCLUDE (dl, c0, c1, c2)
        )""",
        # Covering: a token's postings are read from one contiguous index range, never from
        # heap pages scattered by the order documents were written in.
        f"CREATE INDEX IF NOT EXISTS {t}_post_doc_idx ON {t}_post (doc_id)",
        # The collection statistics (count, total length) from an index-only scan.
        f"CREATE INDEX IF NOT EXISTS {t}_len_idx ON {t} (doc_len)",
        *pg_impact_sql(t),
        _pg_sync_function_sql(t),
        f"DROP TRIGGER IF EXISTS {t}_post_sync ON {t}",
        f"""CREATE TRIGGER {t}_post_sync AFTER INSERT OR UPDATE OR DELETE ON {t}
            FOR EACH ROW EXECUTE FUNCTION {t}_post_sync()""",
    ]


def pg_impact_sql(table: str = "markaz_search_doc") -> list[str]:
    """Bring a postings table without impacts up to date (idempotent, also part of
    `pg_postings_sql`): the meta table and its reference length, the impact column filled,
    and its best-first index. The trigger function is `pg_postings_sql`'s."""
    t = _checked(table)
    return [
        # One row: the average length that orders the postings, fixed by the first write.
        f"""CREATE TABLE IF NOT EXISTS {t}_meta (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            ref_avgdl double precision NOT NULL
        )""",
        f"""INSERT INTO {t}_meta (ref_avgdl)
            SELECT greatest(avg(doc_len), 1)::float8 FROM {t} HAVING count(*) > 0
            ON CONFLICT DO NOTHING""",  # noqa: S608
        f"ALTER TABLE {t}_post ADD COLUMN IF NOT EXISTS impact double precision",
        f"""UPDATE {t}_post p SET impact = {_pg_impact_sql("p.", "m.ref_avgdl")}
            FROM {t}_meta m WHERE p.impact IS NULL""",  # noqa: S608
        f"ALTER TABLE {t}_post ALTER COLUMN impact SET NOT NULL",
        f"""CREATE INDEX IF NOT EXISTS {t}_post_impact_idx
            ON {t}_post (token, impact DESC, doc_id) INCLUDE (dl, c0, c1, c2)""",
    ]


def pg_impact_drop_sql(table: str = "markaz_search_doc") -> list[str]:
    """Undo `pg_impact_sql`: the trigger back to postings without impacts."""
    t = _checked(table)
    return [
        _pg_sync_function_sql(t, impact=False),
        f"DROP INDEX IF EXISTS {t}_post_impact_idx",
        f"ALTER TABLE {t}_post DROP COLUMN IF EXISTS impact",
        f"DROP TABLE IF EXISTS {t}_meta",
    ]


def pg_reference_sql(table: str = "markaz_search_doc") -> str:
    """Fix the reference average length before a batch is written to an empty index: the
    batch's own mean %(batch_avgdl)s (the trigger would take the first document's)."""
    t = _checked(table)
    return f"""INSERT INTO {t}_meta (ref_avgdl)
        SELECT greatest(coalesce((SELECT avg(doc_len) FROM {t}), %(batch_avgdl)s), 1)::float8
        WHERE NOT EXISTS (SELECT 1 FROM {t}_meta)
        ON CONFLICT DO NOTHING"""  # noqa: S608


def pg_postings_backfill_sql(table: str = "markaz_search_doc") -> str:
    """Fill the postings of documents indexed before the postings table existed."""
    t = _checked(table)
    count = "cardinality(array_positions(u.weights, '{}'))"
    return f"""INSERT INTO {t}_post (token, doc_id, impact, dl, c0, c1, c2)
        SELECT x.token, x.doc_id, {_pg_impact_sql("x.", "m.ref_avgdl")}, x.dl, x.c0, x.c1, x.c2
        FROM (
            SELECT u.lexeme AS token, d.id AS doc_id, d.doc_len AS dl, {count.format("A")} AS c0,
                   {count.format("B")} AS c1, {count.format("C")} AS c2
            FROM {t} d CROSS JOIN LATERAL unnest(d.tsv) u
        ) x CROSS JOIN {t}_meta m
        ON CONFLICT DO NOTHING"""  # noqa: S608


def pg_drop_sql(table: str = "markaz_search_doc") -> list[str]:
    t = _checked(table)
    return [
        f"DROP TABLE IF EXISTS {t}_post",
        f"DROP TABLE IF EXISTS {t}_meta",
        f"DROP TABLE IF EXISTS {t}_vocab",
        f"DROP TABLE IF EXISTS {t}",
        f"DROP FUNCTION IF EXISTS {t}_post_sync()",
    ]


def pg_upsert_sql(table: str = "markaz_search_doc") -> str:
    t = _checked(table)
    cols = (
        "id, lang, type, visibility, title, summary, body, title_tokens, summary_tokens,"
        " body_tokens, doc_len, updated_at, quality"
    )
    names = [c.strip() for c in cols.split(",")]
    values = ", ".join(f"%({c})s" for c in names)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names[1:])
    return f"INSERT INTO {t} ({cols}) VALUES ({values}) ON CONFLICT (id) DO UPDATE SET {updates}"  # noqa: S608


def pg_row_params(analyzed: AnalyzedDocument) -> dict[str, Any]:
    doc = analyzed.doc
    updated = doc.updated_at
    if updated is not None and updated.tzinfo is None:
        updated = updated.replace(tzinfo=UTC)
    return {
        "id": doc.id,
        "lang": doc.lang,
        "type": doc.type,
        "visibility": doc.visibility,
        "title": doc.title,
        "summary": doc.summary,
        "body": doc.body,
        "title_tokens": analyzed.joined("title"),
        "summary_tokens": analyzed.joined("summary"),
        "body_tokens": analyzed.joined("body"),
        "doc_len": analyzed.length,
        "updated_at": updated,
        "quality": float(doc.quality),
    }


def pg_vocab_insert_sql(table: str = "markaz_search_doc") -> str:
    t = _checked(table)
    return (
        f"INSERT INTO {t}_vocab (surface, token) VALUES (%(surface)s, %(token)s)"  # noqa: S608
        " ON CONFLICT (surface) DO NOTHING"
    )


def pg_vocab_prefix_sql(table: str = "markaz_search_doc") -> str:
    """Tokens whose surface starts with %(prefix)s, in the same order as `FtsIndex`."""
    t = _checked(table)
    return (
        f"SELECT token FROM {t}_vocab WHERE surface >= %(prefix)s"  # noqa: S608
        " AND surface < %(prefix)s || chr(1114111) ORDER BY surface LIMIT %(limit)s"
    )


def pg_vocab_known_sql(table: str = "markaz_search_doc") -> str:
    """(surface, token) rows for the surfaces in %(surfaces)s that the index has seen."""
    t = _checked(table)
    return f"SELECT surface, token FROM {t}_vocab WHERE surface = ANY(%(surfaces)s)"  # noqa: S608


def pg_delete_sql(table: str = "markaz_search_doc") -> str:
    return f"DELETE FROM {_checked(table)} WHERE id = ANY(%(ids)s)"  # noqa: S608


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_tsquery(phrase: Phrase) -> str:
    last = len(phrase.tokens) - 1
    return " <-> ".join(
        _lexeme(tok) + (":*" if phrase.prefix and i == last else "")
        for i, tok in enumerate(phrase.tokens)
    )


def _f8(value: float) -> str:
    return f"{float(value)!r}::float8"


def _lexeme_cond(alias: str, phrase: Phrase, i: int, j: int) -> str:
    param = f"%(t{i}_{j})s"
    if phrase.prefix and j == len(phrase.tokens) - 1:
        return f"starts_with({alias}.lexeme, {param})"
    return f"{alias}.lexeme = {param}"


def _phrase_count_sql(column: str, phrase: Phrase, i: int) -> str:
    """Instances of a multi-token phrase in one field's tsvector, as FTS5 counts them."""
    follow = " AND ".join(
        f"EXISTS (SELECT 1 FROM unnest(d.{column}) u{j}"  # noqa: S608
        f" WHERE {_lexeme_cond(f'u{j}', phrase, i, j)} AND p.pos + {j} = ANY(u{j}.positions))"
        for j in range(1, len(phrase.tokens))
    )
    return (
        f"(SELECT count(*) FROM unnest(d.{column}) u0, unnest(u0.positions) AS p(pos)"  # noqa: S608
        f" WHERE {_lexeme_cond('u0', phrase, i, 0)} AND {follow})"
    )


def pg_search_sql(
    query: Query,
    *,
    table: str = "markaz_search_doc",
    weights: FieldWeights = DEFAULT_WEIGHTS,
    limit: int = 20,
    filter_ids: Sequence[str] | None = None,
    filter_sql: tuple[str, dict[str, Any]] | None = None,
    window: int | None = None,
) -> tuple[str, dict[str, Any]]:
    """SQL and parameters ranking a prepared query (prefixes already resolved) like FTS5.

    Rows are (id, score), best first. Scores equal FTS5's -bm25() bit for bit when the
    field weights are small integers or halves (sums of them are then exact in floating
    point), so ties, and the tie-breakers after them, fall the same way on both databases.
    Single tokens are counted from the postings table (`pg_postings_sql`); phrases from the
    per-field vectors of the documents that contain them, so they never match across fields.

    `filter_ids` (a list) or `filter_sql` (a subquery of visible ids with its named
    parameters) restricts the rows. With `window`, only the best `window` scores are joined
    to their documents (for the filter and the tie-breakers) and each row also carries the
    window's lowest score and size: see `pg_ranked`, which grows the window until the
    cut-off is exact.
    """
    t = _checked(table)
    phrases = query_phrases(query)
    if not phrases:
        raise ValueError("empty query")
    params: dict[str, Any] = {"limit": int(limit)}
    for i, phrase in enumerate(phrases):
        params[f"q{i}"] = pg_tsquery(phrase)
        for j, tok in enumerate(phrase.tokens):
            params[f"t{i}_{j}"] = tok
    columns = [f"{name}_tsv" for name in FIELDS]

    def matches(i: int) -> str:
        q = f"%(q{i})s::tsquery"
        return f"d.tsv @@ {q} AND (" + " OR ".join(f"d.{c} @@ {q}" for c in columns) + ")"

    def token_range(i: int) -> str:
        if phrases[i].prefix:
            return f"p.token >= %(t{i}_0)s AND p.token < %(t{i}_0)s || chr(1114111)"
        return f"p.token = %(t{i}_0)s"

    idfs, hits = [], []
    for i, phrase in enumerate(phrases):
        if len(phrase.tokens) == 1:
            # One posting per (token, document): a plain count unless a prefix spans tokens.
            what = "count(DISTINCT p.doc_id)" if phrase.prefix else "count(*)"
            docs = f"SELECT {what} FROM {t}_post p WHERE {token_range(i)}"  # noqa: S608
            postings = f"FROM {t}_post p WHERE {token_range(i)}"
            if phrase.prefix:  # several tokens of one document add up
                sums = "sum(p.c0) AS c0, sum(p.c1) AS c1, sum(p.c2) AS c2"
                hits.append(
                    f"SELECT p.doc_id AS id, p.dl, {i} AS ph, {sums} {postings}"
                    " GROUP BY p.doc_id, p.dl"
                )
            else:
                hits.append(f"SELECT p.doc_id AS id, p.dl, {i} AS ph, p.c0, p.c1, p.c2 {postings}")
        else:
            docs = f"SELECT count(*) FROM {t} d WHERE {matches(i)}"  # noqa: S608
            counts = ", ".join(
                f"{_phrase_count_sql(col, phrase, i)} AS c{k}" for k, col in enumerate(columns)
            )
            hits.append(
                f"SELECT d.id, d.doc_len AS dl, {i} AS ph, {counts} FROM {t} d WHERE {matches(i)}"  # noqa: S608
            )
        idfs.append(
            f"""(SELECT CASE WHEN x <= 0 THEN {_f8(IDF_FLOOR)} ELSE x END FROM (
                SELECT ln((s.n - c.c + {_f8(0.5)}) / (c.c + {_f8(0.5)})) AS x
                FROM ({docs}) AS c(c)
            ) z) AS idf{i}"""  # noqa: S608
        )
    w = [_f8(x) for x in weights.as_tuple()]
    freqs = ", ".join(
        f"sum(CASE WHEN h.ph = {i} THEN {w[0]} * h.c0 + {w[1]} * h.c1 + {w[2]} * h.c2"
        f" ELSE {_f8(0.0)} END) AS f{i}"
        for i in range(len(phrases))
    )
    k1, b = _f8(K1), _f8(B)
    terms = [
        f"idf.idf{i} * ((f.f{i} * ({k1} + {_f8(1.0)})) / (f.f{i} + {k1}"
        f" * ({_f8(1.0)} - {b} + {b} * f.dl::float8 / s.avgdl)))"
        for i in range(len(phrases))
    ]
    allowed = ""
    if filter_ids is not None:
        allowed = "AND d.id = ANY(%(ids)s)"
        params["ids"] = list(filter_ids)
    if filter_sql is not None:
        allowed += f" AND d.id IN ({filter_sql[0]})"
        params.update(filter_sql[1])
    score = " + ".join([_f8(0.0), *terms])
    top, extra = "", ""
    if window is not None:
        top = "ORDER BY score DESC LIMIT %(window)s"
        params["window"] = int(window)
        extra = ", (SELECT min(score) FROM top) AS floor, (SELECT count(*) FROM top) AS n"
    union = "\n            UNION ALL\n            ".join(hits)
    sql = f"""
        WITH stats AS MATERIALIZED (
            SELECT count(*) AS n,
                   coalesce(sum(doc_len), 0)::float8 / greatest(count(*), 1)::float8 AS avgdl
            FROM {t}
        ),
        idf AS MATERIALIZED (SELECT {", ".join(idfs)} FROM stats s),
        hits AS (
            {union}
        ),
        freq AS MATERIALIZED (
            SELECT h.id, max(h.dl) AS dl, {freqs}
            FROM hits h GROUP BY h.id HAVING sum(h.c0 + h.c1 + h.c2) > 0
        ),
        top AS MATERIALIZED (
            SELECT f.id, {score} AS score
            FROM freq f CROSS JOIN stats s CROSS JOIN idf
            {top}
        )
        SELECT top.id, top.score{extra}
        FROM top JOIN {t} d ON d.id = top.id
        WHERE true {allowed}
        ORDER BY top.score DESC, d.quality DESC, d.updated_at DESC NULLS LAST, d.id COLLATE "C"
        LIMIT %(limit)s
    """  # noqa: S608
    return sql, params


def pg_ranked(execute, query: Query, *, limit: int, **options) -> list[tuple[str, float]]:
    """(id, score) like `pg_search_sql`, joining only a window of the best scores.

    `execute(sql, params)` returns the rows. The window (first a little over `limit`) is
    exact once the last row kept scores strictly above the window's lowest score: nothing
    outside it can tie or beat that row. Otherwise it grows, up to every match.
    """
    window = limit + max(limit // 4, 64)
    while True:
        sql, params = pg_search_sql(query, limit=limit, window=window, **options)
        rows = execute(sql, params)
        if not rows:  # nothing in the window passed the filter: rank every match instead
            sql, params = pg_search_sql(query, limit=limit, **options)
            return [(doc_id, float(score)) for doc_id, score in execute(sql, params)]
        floor, size = rows[0][2], rows[0][3]
        if size < window or (len(rows) == limit and rows[-1][1] > floor):
            return [(doc_id, float(score)) for doc_id, score, _f, _n in rows]
        window *= 4


class PgPostings:
    """`markaz.search.topk.PostingStore` over the PostgreSQL postings (`pg_postings_sql`).

    `execute(sql, params)` returns the rows. Documents are the table's text ids. The
    collection statistics are those `pg_search_sql` uses (every row of the table), so the
    top k is the same whichever way a query is ranked.
    """

    def __init__(self, execute, table: str = "markaz_search_doc") -> None:
        self.execute, self.t = execute, _checked(table)

    def stats(self, tokens: Sequence[str]) -> Stats:
        t = self.t
        (n, total, ref), *_ = self.execute(
            f"""SELECT count(*), coalesce(sum(doc_len), 0),
                       coalesce((SELECT ref_avgdl FROM {t}_meta), 0)
                FROM {t}""",  # noqa: S608
            {},
        )
        df = dict(
            self.execute(
                f"""SELECT tok, (SELECT count(*) FROM {t}_post p WHERE p.token = tok)
                    FROM unnest(%(tokens)s::text[]) AS tok""",  # noqa: S608
                {"tokens": list(tokens)},
            )
        )
        return Stats(int(n), int(total), float(ref), df)

    def best(self, token: str, after: tuple[float, int] | None, n: int) -> list[tuple]:
        cond, params = "", {"token": token, "n": int(n)}
        if after is not None:
            # `impact <= x` bounds the index range; the rest skips the ties already read.
            cond = "AND impact <= %(i)s AND (impact < %(i)s OR doc_id > %(d)s)"
            params.update(i=float(after[0]), d=after[1])
        return self.execute(
            f"""SELECT impact, doc_id, dl, c0, c1, c2 FROM {self.t}_post
                WHERE token = %(token)s {cond}
                ORDER BY impact DESC, doc_id LIMIT %(n)s""",  # noqa: S608
            params,
        )

    def lookup(self, tokens: Sequence[str], docs: Sequence) -> list[tuple]:
        rows = self.execute(
            f"""SELECT token, doc_id, dl, c0, c1, c2 FROM {self.t}_post
                WHERE token = ANY(%(tokens)s::text[]) AND doc_id = ANY(%(docs)s::text[])""",  # noqa: S608
            {"tokens": list(tokens), "docs": list(docs)},
        )
        return [(row[0], tuple(row[1:])) for row in rows]


__all__ = [
    "AnalyzedDocument",
    "Document",
    "FtsIndex",
    "Hit",
    "PgPostings",
    "analyze_document",
    "fts5_match",
    "pg_delete_sql",
    "pg_drop_sql",
    "pg_impact_drop_sql",
    "pg_impact_sql",
    "pg_postings_backfill_sql",
    "pg_postings_sql",
    "pg_ranked",
    "pg_reference_sql",
    "pg_row_params",
    "pg_schema_sql",
    "pg_search_sql",
    "pg_tsquery",
    "pg_upsert_sql",
    "pg_vocab_insert_sql",
    "pg_vocab_known_sql",
    "pg_vocab_prefix_sql",
    "timestamp_text",
]
