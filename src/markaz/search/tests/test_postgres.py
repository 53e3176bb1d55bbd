"""PostgreSQL builders, run against a throwaway database; skipped without a reachable server.

The server defaults to 127.0.0.1:5432 as user postgres; MARKAZ_SEARCH_PG overrides the
conninfo (of a maintenance database from which `markaz_search_eval_<worker>_<pid>` is
created and dropped).
"""

import os
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from markaz.search.analysis import resolve_query
from markaz.search.evaluation import (
    PostgresVocabulary,
    load_entries,
    load_postgres_index,
    load_queries,
    markaz_index,
    run_markaz,
    run_markaz_postgres,
    run_postgres_builtin,
)
from markaz.search.fts import (
    Document,
    FtsIndex,
    PgPostings,
    analyze_document,
    pg_delete_sql,
    pg_drop_sql,
    pg_impact_drop_sql,
    pg_postings_sql,
    pg_ranked,
    pg_row_params,
    pg_schema_sql,
    pg_search_sql,
    pg_upsert_sql,
)
from markaz.search.ranking import DEFAULT_WEIGHTS, query_phrases
from markaz.search.topk import top_k

psycopg = pytest.importorskip("psycopg")

# One scratch database per pytest-xdist worker (and per parallel run), so that workers
# never drop each other's.
DB_NAME = "markaz_search_eval_" + os.environ.get("PYTEST_XDIST_WORKER", "main") + f"_{os.getpid()}"
ADMIN = os.environ.get("MARKAZ_SEARCH_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")


@pytest.fixture(scope="module")
def pg():
    try:
        admin = psycopg.connect(ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin.execute(f"CREATE DATABASE {DB_NAME}")
    conninfo = psycopg.conninfo.make_conninfo(ADMIN, dbname=DB_NAME)
    conn = psycopg.connect(conninfo, autocommit=True)
    try:
        yield conn
    finally:
        conn.close()
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        admin.close()


@pytest.fixture(scope="module")
def eval_tables(pg):
    analyzer = load_postgres_index(pg, table="eval_markaz")
    sqlite_index = markaz_index()
    yield analyzer, sqlite_index
    sqlite_index.close()


def search_pg(pg, query, table, limit=10, filter_ids=None):
    sql, params = pg_search_sql(query, table=table, limit=limit, filter_ids=filter_ids)
    return pg.execute(sql, params).fetchall()


def test_simple_parser_resplits_analyzed_tokens_exactly(pg, eval_tables):
    analyzer, _ = eval_tables
    for entry in load_entries():
        for name, tokens in analyze_document(entry, analyzer).fields.items():
            rows = pg.execute(
                "SELECT lexemes[1] FROM ts_debug('simple', %s) WHERE alias <> 'blank'",
                (" ".join(tokens),),
            ).fetchall()
            assert [r[0] for r in rows] == tokens, (entry.id, name)


def test_postgres_and_sqlite_rank_every_eval_query_identically(pg, eval_tables):
    analyzer, sqlite_index = eval_tables
    vocabulary = PostgresVocabulary(pg, "eval_markaz")
    compared = 0
    for q in load_queries():
        for typing in (False, True):
            prepared = sqlite_index.prepare(q.query, as_you_type=typing)
            parsed = analyzer.analyze_query(q.query, as_you_type=typing)
            assert resolve_query(parsed, vocabulary, spelling_variants=True) == prepared, q.id
            lite = [(h.id, h.score) for h in sqlite_index.search(prepared, limit=50)]
            assert search_pg(pg, prepared, "eval_markaz", limit=50) == lite, (q.id, typing)
            compared += len(lite)
    assert compared > 2000


def test_eval_figures_are_the_same_on_both_databases(pg):
    on_sqlite = run_markaz()
    on_postgres = run_markaz_postgres(pg, table="eval_markaz_figures")
    assert on_postgres.runs == on_sqlite.runs
    assert on_postgres.ndcg == on_sqlite.ndcg


def test_markaz_beats_postgres_arabic_and_english_configurations(pg):
    builtin = run_postgres_builtin(pg)
    assert 0 < builtin.ndcg < run_markaz().ndcg


@pytest.fixture
def small(pg):
    table = "small_search"
    for statement in pg_drop_sql(table):
        pg.execute(statement)
    for statement in pg_schema_sql(table):
        pg.execute(statement)
    sqlite_index = FtsIndex(sqlite3.connect(":memory:"))

    def add(docs):
        sqlite_index.add(docs)
        with pg.cursor() as cur:
            cur.executemany(
                pg_upsert_sql(table), [pg_row_params(analyze_document(d)) for d in docs]
            )

    yield table, sqlite_index, add
    sqlite_index.close()


def test_phrases_never_match_across_fields_on_postgres(pg, small):
    table, sqlite_index, add = small
    add([Document("edge", title="تقرير البنك", summary="الطعام للجميع")])
    query = sqlite_index.prepare('"بنك الطعام"')
    assert search_pg(pg, query, table) == [] == sqlite_index.search(query)


def test_tie_breakers_and_filters_agree_with_sqlite(pg, small):
    table, sqlite_index, add = small
    now = datetime(2025, 3, 1, tzinfo=UTC)
    same = {"title": "الطاقة الشمسية", "summary": "ألواح", "body": "تركيب"}
    add(
        [
            Document("c", **same, quality=0.5, updated_at=now),
            Document("a", **same, quality=0.5, updated_at=now),
            Document("B", **same, quality=0.5, updated_at=now),
            Document("old", **same, quality=0.5, updated_at=now - timedelta(days=3)),
            Document("none", **same, quality=0.5),
            Document("best", **same, quality=0.9, updated_at=now - timedelta(days=900)),
        ]
    )
    query = sqlite_index.prepare("الشمسية")
    expected = ["best", "B", "a", "c", "old", "none"]
    assert [h.id for h in sqlite_index.search(query)] == expected
    assert [r[0] for r in search_pg(pg, query, table)] == expected
    allowed = ["old", "a"]
    assert [r[0] for r in search_pg(pg, query, table, filter_ids=allowed)] == ["a", "old"]
    assert [r[0] for r in search_pg(pg, query, table, filter_ids=[])] == []


def test_upsert_replaces_and_delete_removes_rows(pg, small):
    table, sqlite_index, add = small
    add([Document("x", title="بنك الطعام")])
    add([Document("x", title="مطبخ مجتمعي")])
    assert search_pg(pg, sqlite_index.prepare("بنك"), table) == []
    assert [r[0] for r in search_pg(pg, sqlite_index.prepare("مطبخ"), table)] == ["x"]
    pg.execute(pg_delete_sql(table), {"ids": ["x", "missing"]})
    assert search_pg(pg, sqlite_index.prepare("مطبخ"), table) == []


def test_empty_query_is_rejected_by_the_sql_builder(small):
    _, sqlite_index, _ = small
    with pytest.raises(ValueError, match="empty"):
        pg_search_sql(sqlite_index.prepare("في من"))


def test_the_ranked_window_equals_ranking_every_match_on_postgres(pg, eval_tables):
    _, sqlite_index = eval_tables
    ids = [e.id for e in load_entries()]
    subsets = [None, ids[::2], ids[::17], []]  # everything, half, a few, nothing visible

    def execute(sql, params):
        return pg.execute(sql, params).fetchall()

    compared = 0
    for q in load_queries()[:30]:
        prepared = sqlite_index.prepare(q.query)
        for subset in subsets:
            for limit in (1, 5, 40):
                full = search_pg(pg, prepared, "eval_markaz", limit=limit, filter_ids=subset)
                windowed = pg_ranked(
                    execute, prepared, limit=limit, table="eval_markaz", filter_ids=subset
                )
                assert windowed == full, (q.id, limit, subset and len(subset))
                compared += len(full)
    assert compared > 500


def test_postings_follow_every_write_of_the_documents(pg, small):
    table, sqlite_index, add = small
    add([Document("p", title="مياه", body="مياه مياه")])
    count = f"SELECT count(*) FROM {table}_post WHERE doc_id = 'p'"  # noqa: S608
    assert pg.execute(count).fetchone()[0] > 0
    add([Document("p", title="طاقة")])  # the update replaces the old postings
    rows = pg.execute(f"SELECT token FROM {table}_post WHERE doc_id = 'p'")  # noqa: S608
    assert {r[0] for r in rows} == {sqlite_index.prepare("طاقة").clauses[0].terms[0].token}
    pg.execute(pg_delete_sql(table), {"ids": ["p"]})
    assert pg.execute(count).fetchone()[0] == 0


def _single_token_queries(sqlite_index):
    for q in load_queries():
        prepared = sqlite_index.prepare(q.query)
        phrases = query_phrases(prepared)
        if phrases and all(len(p.tokens) == 1 and not p.prefix for p in phrases):
            yield q.id, prepared, [p.tokens[0] for p in phrases]


def _top_k_pg(pg, table, tokens, k, subset):
    def execute(sql, params):
        return pg.execute(sql, params).fetchall()

    allowed = set(subset) if subset is not None else None
    return top_k(
        PgPostings(execute, table),
        tokens,
        k,
        weights=DEFAULT_WEIGHTS,
        visible=lambda docs: set(docs) if allowed is None else set(docs) & allowed,
        chunk=16,  # small pages, so that the threshold is crossed mid-list
    )


def _best_of_full_ranking(pg, query, table, k, subset):
    full = search_pg(pg, query, table, limit=100_000, filter_ids=subset)
    if len(full) <= k:
        return dict(full)
    kth = full[k - 1][1]
    return {doc: score for doc, score in full if score >= kth}


def test_top_k_over_postgres_postings_equals_ranking_every_match(pg, eval_tables):
    _, sqlite_index = eval_tables
    ids = [e.id for e in load_entries()]
    compared = 0
    for qid, prepared, tokens in _single_token_queries(sqlite_index):
        for subset in (None, ids[::3], ids[::17], []):
            for k in (1, 5, 40):
                want = _best_of_full_ranking(pg, prepared, "eval_markaz", k, subset)
                found = _top_k_pg(pg, "eval_markaz", tokens, k, subset)
                # Same documents, same scores to the bit: the ranking is identical.
                assert found == want, (qid, k, subset and len(subset))
                compared += len(found)
    assert compared > 500


def test_impacts_follow_writes_and_the_upgrade_of_an_older_index(pg, small):
    table, sqlite_index, add = small
    words = ["مياه", "طاقة", "مدرسة", "water", "solar", "school"]
    docs = [
        Document(
            f"d{i}",
            title=words[i % 6],
            summary=" ".join(words[: i % 5]),
            body=" ".join(words[j % 6] for j in range(i % 23 + 1)),
        )
        for i in range(60)
    ]
    # An index from before impacts: postings without them, then the migration's upgrade.
    for statement in pg_impact_drop_sql(table):
        pg.execute(statement)
    add(docs[:30])
    for statement in pg_postings_sql(table):
        pg.execute(statement)
    impacts = f"SELECT token, doc_id, impact FROM {table}_post ORDER BY 1, 2"  # noqa: S608
    upgraded = pg.execute(impacts).fetchall()
    assert upgraded and all(impact > 0 for _t, _d, impact in upgraded)
    # The trigger computes the same impacts as the upgrade, under the same reference length.
    pg.execute(f"DELETE FROM {table}")  # noqa: S608
    assert pg.execute(f"SELECT count(*) FROM {table}_post").fetchone()[0] == 0  # noqa: S608
    add(docs[:30])
    assert pg.execute(impacts).fetchall() == upgraded
    # Longer documents and updates later (the average length drifts): still the exact top k.
    add([Document(d.id, body=(d.body + " ") * 6) for d in docs[30:]])
    add([Document("d3", title="solar solar", body="water")])
    for text in ("solar", "مياه school", "water water solar"):
        query = sqlite_index.prepare(text)
        tokens = [p.tokens[0] for p in query_phrases(query)]
        for k in (1, 3, 10):
            want = _best_of_full_ranking(pg, query, table, k, None)
            assert _top_k_pg(pg, table, tokens, k, None) == want, (text, k)


def test_postgres_top_k_of_an_empty_index_or_unknown_words_is_empty(pg, small):
    table, _sqlite_index, add = small
    assert _top_k_pg(pg, table, ["water"], 5, None) == {}
    add([Document("only", title="water")])
    assert _top_k_pg(pg, table, ["nowhere"], 5, None) == {}
    assert _top_k_pg(pg, table, ["water"], 5, []) == {}  # nothing visible
    assert list(_top_k_pg(pg, table, ["water"], 5, None)) == ["only"]
