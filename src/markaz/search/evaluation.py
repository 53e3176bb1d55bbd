"""Retrieval evaluation on the bundled Arabic/English knowledge set: nDCG@10 and recall@10.

Configurations compared: Markaz's analysis with each Arabic stemmer (and ablations), stock
SQLite FTS5 with the unicode61 tokenizer over the raw text, and, when a PostgreSQL connection
is given, PostgreSQL's own `arabic`/`english` configurations ranked with ts_rank_cd, plus
Markaz's analysis ranked by the PostgreSQL bm25 SQL (which must match SQLite).

Run `python -m markaz.search.evaluation [--pg CONNINFO]` for a JSON table of figures.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markaz.search.analysis import Analyzer, AnalyzerConfig, resolve_query
from markaz.search.fts import (
    VOCABULARY_LIMIT,
    Document,
    FtsIndex,
    analyze_document,
    pg_drop_sql,
    pg_row_params,
    pg_schema_sql,
    pg_search_sql,
    pg_upsert_sql,
    pg_vocab_insert_sql,
    pg_vocab_known_sql,
    pg_vocab_prefix_sql,
)
from markaz.search.ranking import DEFAULT_WEIGHTS, FieldWeights

DATA_DIR = Path(__file__).resolve().parent / "data" / "eval"
K = 10


@dataclass(frozen=True)
class EvalQuery:
    id: str
    query: str
    relevant: dict[str, int]
    lang: str = ""
    covers: tuple[str, ...] = ()


@dataclass
class Figures:
    name: str
    ndcg: float
    recall: float
    runs: dict[str, list[str]] = field(default_factory=dict, repr=False)
    per_query: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"ndcg@10": round(self.ndcg, 4), "recall@10": round(self.recall, 4)}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_entries(path: Path | None = None) -> list[Document]:
    return [Document.from_mapping(row) for row in _jsonl(path or DATA_DIR / "entries.jsonl")]


def load_queries(path: Path | None = None) -> list[EvalQuery]:
    return [
        EvalQuery(
            row["id"],
            row["query"],
            {k: int(v) for k, v in row["relevant"].items()},
            row.get("lang", ""),
            tuple(row.get("covers", ())),
        )
        for row in _jsonl(path or DATA_DIR / "queries.jsonl")
    ]


def ndcg_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int = K) -> float:
    """nDCG with linear gains (the grade) and log2 discounts, as trec_eval's ndcg_cut."""
    dcg = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int = K) -> float:
    wanted = {doc for doc, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def score_runs(name: str, runs: Mapping[str, list[str]], queries: Sequence[EvalQuery]) -> Figures:
    per_query = {
        q.id: (
            ndcg_at_k(runs.get(q.id, []), q.relevant),
            recall_at_k(runs.get(q.id, []), q.relevant),
        )
        for q in queries
    }
    count = max(len(per_query), 1)
    return Figures(
        name,
        sum(v[0] for v in per_query.values()) / count,
        sum(v[1] for v in per_query.values()) / count,
        dict(runs),
        per_query,
    )


def _data(
    entries: Sequence[Document] | None, queries: Sequence[EvalQuery] | None
) -> tuple[Sequence[Document], Sequence[EvalQuery]]:
    return (
        entries if entries is not None else load_entries(),
        queries if queries is not None else load_queries(),
    )


def markaz_index(
    config: AnalyzerConfig | None = None,
    weights: FieldWeights = DEFAULT_WEIGHTS,
    entries: Sequence[Document] | None = None,
) -> FtsIndex:
    """An in-memory FTS5 index of the evaluation entries."""
    analyzer = Analyzer(config or AnalyzerConfig())
    index = FtsIndex(sqlite3.connect(":memory:"), analyzer=analyzer, weights=weights)
    index.add(entries if entries is not None else load_entries())
    return index


def run_markaz(
    config: AnalyzerConfig | None = None,
    weights: FieldWeights = DEFAULT_WEIGHTS,
    *,
    name: str | None = None,
    entries: Sequence[Document] | None = None,
    queries: Sequence[EvalQuery] | None = None,
) -> Figures:
    entries, queries = _data(entries, queries)
    config = config or AnalyzerConfig()
    index = markaz_index(config, weights, entries)
    try:
        runs = {q.id: [h.id for h in index.search(q.query, limit=K)] for q in queries}
    finally:
        index.close()
    return score_runs(name or f"markaz-{config.arabic_stemmer}", runs, queries)


# -- baselines ---------------------------------------------------------------------------------


def _stock_match(text: str) -> str:
    """What a plain FTS5 integration sends: each word or "phrase" quoted, OR-ed, word* kept."""
    parts = []
    for m in re.finditer(r'"([^"]+)"|(\S+)', text.translate(str.maketrans("“”«»", '""""'))):
        word = m.group(1) or m.group(2).strip('"')
        star = "*" if word.endswith("*") else ""
        word = word.rstrip("*")
        if any(unicodedata.category(c)[0] in "LN" for c in word):
            parts.append('"' + word.replace('"', '""') + '"' + star)
    return " OR ".join(parts)


def run_stock_unicode61(
    weights: FieldWeights = DEFAULT_WEIGHTS,
    *,
    entries: Sequence[Document] | None = None,
    queries: Sequence[EvalQuery] | None = None,
) -> Figures:
    """Stock FTS5: raw text, default unicode61 tokenizer, same bm25 column weights."""
    entries, queries = _data(entries, queries)
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, summary, body)")
        conn.executemany(
            "INSERT INTO t (id, title, summary, body) VALUES (?, ?, ?, ?)",
            [(d.id, d.title, d.summary + " ، " + " ، ".join(d.tags), d.body) for d in entries],
        )
        runs = {}
        for q in queries:
            match = _stock_match(q.query)
            rows = conn.execute(
                "SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t, 0, ?, ?, ?), id LIMIT ?",
                (match, *weights.as_tuple(), K),
            )
            runs[q.id] = [doc_id for (doc_id,) in rows] if match else []
    finally:
        conn.close()
    return score_runs("stock-fts5-unicode61", runs, queries)


def run_postgres_builtin(
    conn: Any,
    *,
    entries: Sequence[Document] | None = None,
    queries: Sequence[EvalQuery] | None = None,
    table: str = "eval_pg_builtin",
) -> Figures:
    """PostgreSQL's `arabic`/`english` configurations by entry language, ts_rank_cd ranking.

    The query is parsed with websearch_to_tsquery in both configurations, its AND turned
    into OR (like the other runs), and the two OR-ed.
    """
    entries, queries = _data(entries, queries)
    tsv = (
        "setweight(to_tsvector(%(cfg)s::regconfig, %(title)s), 'A')"
        " || setweight(to_tsvector(%(cfg)s::regconfig, %(summary)s), 'B')"
        " || setweight(to_tsvector(%(cfg)s::regconfig, %(body)s), 'C')"
    )
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f'CREATE TABLE {table} (id text COLLATE "C" PRIMARY KEY, tsv tsvector)')
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {table} (id, tsv) VALUES (%(id)s, {tsv})",  # noqa: S608
            [
                {
                    "id": d.id,
                    "cfg": "arabic" if d.lang == "ar" else "english",
                    "title": d.title,
                    "summary": d.summary + " ، " + " ، ".join(d.tags),
                    "body": d.body,
                }
                for d in entries
            ],
        )
    either = (
        "replace(websearch_to_tsquery('arabic', %(q)s)::text, ' & ', ' | ')::tsquery"
        " || replace(websearch_to_tsquery('english', %(q)s)::text, ' & ', ' | ')::tsquery"
    )
    runs = {}
    for q in queries:
        rows = conn.execute(
            f"""SELECT id FROM {table}, ({"SELECT " + either}) AS x(q)
                WHERE tsv @@ x.q ORDER BY ts_rank_cd(tsv, x.q) DESC, id LIMIT %(k)s""",  # noqa: S608
            {"q": q.query, "k": K},
        ).fetchall()
        runs[q.id] = [doc_id for (doc_id,) in rows]
    conn.execute(f"DROP TABLE {table}")
    return score_runs("postgres-builtin-ts_rank_cd", runs, queries)


def load_postgres_index(
    conn: Any,
    config: AnalyzerConfig | None = None,
    *,
    entries: Iterable[Document] | None = None,
    table: str = "eval_markaz",
) -> Analyzer:
    """Create and fill Markaz's PostgreSQL search table with the evaluation entries."""
    analyzer = Analyzer(config or AnalyzerConfig())
    for statement in pg_drop_sql(table):
        conn.execute(statement)
    for statement in pg_schema_sql(table):
        conn.execute(statement)
    analyzed = [analyze_document(d, analyzer) for d in (entries or load_entries())]
    with conn.cursor() as cur:
        cur.executemany(pg_upsert_sql(table), [pg_row_params(a) for a in analyzed])
        vocab = sorted({pair for a in analyzed for pair in a.vocabulary})
        cur.executemany(pg_vocab_insert_sql(table), [{"surface": s, "token": t} for s, t in vocab])
    return analyzer


class PostgresVocabulary:
    """`fts.Vocabulary` over the PostgreSQL vocabulary table."""

    def __init__(self, conn: Any, table: str) -> None:
        self.conn, self.table = conn, table

    def starting_with(self, prefix: str) -> list[str]:
        params = {"prefix": prefix, "limit": VOCABULARY_LIMIT}
        return [token for (token,) in self.conn.execute(pg_vocab_prefix_sql(self.table), params)]

    def known(self, surfaces: Sequence[str]) -> dict[str, str]:
        rows = self.conn.execute(pg_vocab_known_sql(self.table), {"surfaces": list(surfaces)})
        return dict(rows.fetchall())


def run_markaz_postgres(
    conn: Any,
    config: AnalyzerConfig | None = None,
    weights: FieldWeights = DEFAULT_WEIGHTS,
    *,
    entries: Sequence[Document] | None = None,
    queries: Sequence[EvalQuery] | None = None,
    table: str = "eval_markaz",
) -> Figures:
    entries, queries = _data(entries, queries)
    config = config or AnalyzerConfig()
    analyzer = load_postgres_index(conn, config, entries=entries, table=table)
    vocabulary = PostgresVocabulary(conn, table)
    runs = {}
    for q in queries:
        prepared = resolve_query(
            analyzer.analyze_query(q.query),
            vocabulary,
            spelling_variants=analyzer.folds_hamza_seats,
        )
        if not prepared:
            runs[q.id] = []
            continue
        sql, params = pg_search_sql(prepared, table=table, weights=weights, limit=K)
        runs[q.id] = [doc_id for doc_id, _score in conn.execute(sql, params)]
    return score_runs(f"markaz-{config.arabic_stemmer}-postgres", runs, queries)


CONFIGURATIONS: dict[str, AnalyzerConfig] = {
    "markaz-light10": AnalyzerConfig(arabic_stemmer="light10"),
    "markaz-snowball": AnalyzerConfig(arabic_stemmer="snowball"),
    "markaz-snowball-hamza-seats-to-letters": AnalyzerConfig(
        arabic_stemmer="snowball", hamza_seats="letter"
    ),
    "markaz-nostem": AnalyzerConfig(arabic_stemmer="none"),
    "markaz-light10-hamza-seats-to-letters": AnalyzerConfig(hamza_seats="letter"),
    "markaz-light10-hamza-seats-kept": AnalyzerConfig(hamza_seats="keep"),
    "markaz-light10-no-stopwords": AnalyzerConfig(stopwords=False),
}


def evaluate_all(pg_conn: Any = None) -> dict[str, Figures]:
    entries, queries = load_entries(), load_queries()
    results = {"stock-fts5-unicode61": run_stock_unicode61(entries=entries, queries=queries)}
    for name, config in CONFIGURATIONS.items():
        results[name] = run_markaz(config, name=name, entries=entries, queries=queries)
    if pg_conn is not None:
        results["postgres-builtin-ts_rank_cd"] = run_postgres_builtin(
            pg_conn, entries=entries, queries=queries
        )
        results["markaz-light10-postgres"] = run_markaz_postgres(
            pg_conn, entries=entries, queries=queries
        )
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="psycopg conninfo of a scratch database (tables are made)")
    args = parser.parse_args(argv)
    conn = None
    if args.pg:
        import psycopg

        conn = psycopg.connect(args.pg, autocommit=True)
    try:
        results = evaluate_all(conn)
    finally:
        if conn is not None:
            conn.close()
    json.dump({k: v.as_dict() for k, v in results.items()}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
