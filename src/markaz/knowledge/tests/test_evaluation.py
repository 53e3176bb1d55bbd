"""The search through Django ranks the evaluation set exactly like the pure layer.

The pure runs come from its SQLite FTS5 index; the suite also runs on PostgreSQL, where this
shows the tsvector backend returns the same ranking for every evaluation query.
"""

import pytest

from markaz.core.access import AccessScope
from markaz.knowledge.importer import import_entries
from markaz.knowledge.search import search
from markaz.knowledge.selectors import public_search_rows
from markaz.search.evaluation import (
    DATA_DIR,
    K,
    load_queries,
    run_markaz,
    run_stock_unicode61,
    score_runs,
)


@pytest.fixture
def eval_library(center_a):
    with (DATA_DIR / "entries.jsonl").open(encoding="utf-8") as f:
        entries = import_entries(f.read().splitlines(), center=center_a)
    return {e.pk: e.external_id for e in entries}


def db_runs(external):
    scope = AccessScope(user=None)
    runs = {}
    for q in load_queries():
        found = search(scope, q.query, limit=K, visible=public_search_rows())
        runs[q.id] = [external[hit.doc.object_id] for hit in found.hits]
    return runs


@pytest.mark.django_db
def test_database_search_has_the_pure_layers_figures_and_beats_stock_fts5(eval_library):
    queries = load_queries()
    pure = run_markaz(name="pure", queries=queries)
    db = score_runs("db", db_runs(eval_library), queries)
    assert db.runs == pure.runs
    assert db.ndcg == pytest.approx(pure.ndcg)
    assert db.recall == pytest.approx(pure.recall)
    assert db.recall > run_stock_unicode61(queries=queries).recall
