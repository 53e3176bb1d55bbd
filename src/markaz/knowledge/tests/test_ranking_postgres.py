"""PostgreSQL ranks queries of whole words through the exact top k over impact-ordered
postings (`markaz.search.topk`): it equals ranking every visible match with the full bm25 SQL,
ties and restrictive visibility filters included, and what a user may not see never shows."""

import datetime as dt
import math
import random

import pytest
from django.db import connection

from markaz.knowledge import index
from markaz.knowledge.models import SearchDocument
from markaz.search import topk
from markaz.search.fts import Document, pg_search_sql

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's ranking path"
)


WORDS = ["water", "solar", "pump", "farm", "school", "clinic", "loan", "women", "refugee"]


def _load(center_a, n=400, seed=5):
    """`test_ranking_window`'s documents (every fifth repeats the text before it, so only the
    tie-breakers order them), with the index rows' tie-breakers equal to the `SearchDocument`
    rows', as the indexers write them."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        text = " ".join(rng.choices(WORDS, k=rng.randint(2, 12)))
        if i % 5 == 4:
            text = items[-1].doc.body
        updated = None if i % 7 == 0 else dt.datetime(2026, 1, 1 + i % 28, tzinfo=dt.UTC)
        quality = float(i % 4)
        doc = Document(id=f"k{i:04d}", lang="en", body=text, updated_at=updated, quality=quality)
        fields = {
            "kind": "entry", "object_id": i, "center": center_a,
            "visibility": "public" if i % 3 else "center",
            "quality": quality, "updated_at": updated, "body": text,
        }  # fmt: skip
        items.append(index.Indexed(fields=fields, doc=doc))
    index.bulk_load(items)


QUERIES = ("water", "solar pump", "refugee women loan", "clinic", "women women farm")


def _full_ranking(query, visible, limit):
    """Every visible match scored by the bm25 SQL, in the order of the SQLite backend: score,
    then the tie-breakers of the `SearchDocument` rows (quality, newest first, key)."""
    sub_sql, sub_params = visible.values("key").query.sql_with_params()
    sql, params = pg_search_sql(
        query, table=index.TABLE, limit=100_000, filter_sql=index._named(sub_sql, sub_params)
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        scores = {key: float(score) for key, score in cur.fetchall()}
    rows = SearchDocument.objects.filter(key__in=scores).values_list("key", "quality", "updated_at")

    def order(row):
        key, quality, updated = row
        newest = -updated.timestamp() if updated else math.inf
        return (-scores[key], -quality, newest, key)

    return [(key, scores[key]) for key, _q, _u in sorted(rows, key=order)][:limit]


@pytest.fixture
def top_k_calls(monkeypatch):
    calls = []

    def spy(*args, **kwargs):
        calls.append(args[1])
        return topk.top_k(*args, **kwargs)

    monkeypatch.setattr(index, "top_k", spy)
    return calls


def test_the_top_k_equals_ranking_every_visible_match(center_a, top_k_calls):
    _load(center_a)
    everything = SearchDocument.objects.all()
    center_only = SearchDocument.objects.filter(visibility="center")
    public = SearchDocument.objects.filter(visibility="public")
    for visible in (everything, center_only, public, SearchDocument.objects.none()):
        for text in QUERIES:
            query = index.prepare(text)
            for limit in (1, 7, 50, 1000):
                expected = _full_ranking(query, visible, limit) if visible.exists() else []
                assert index.ranked(query, visible, limit) == expected, (text, limit)
    assert len(top_k_calls) >= 3 * len(QUERIES) * 4  # the top k ranked them, not the SQL


def test_center_only_documents_never_reach_a_public_search(center_a, top_k_calls):
    _load(center_a)
    public = SearchDocument.objects.filter(visibility="public")
    hidden = set(SearchDocument.objects.filter(visibility="center").values_list("key", flat=True))
    assert hidden
    for text in QUERIES:
        keys = [key for key, _score in index.ranked(index.prepare(text), public, 1000)]
        assert keys and not hidden & set(keys), text


def test_reading_too_deep_falls_back_to_the_full_ranking(center_a, monkeypatch):
    _load(center_a)

    def give_up(*args, **kwargs):
        raise topk.BudgetExceeded

    monkeypatch.setattr(index, "top_k", give_up)
    visible = SearchDocument.objects.filter(visibility="center")
    query = index.prepare("water")
    assert index.ranked(query, visible, 20) == _full_ranking(query, visible, 20)


def test_phrases_and_prefixes_keep_the_full_ranking(center_a, top_k_calls):
    _load(center_a)
    visible = SearchDocument.objects.all()
    for text in ('"solar pump"', "wat"):
        query = index.prepare(text, as_you_type=True)
        assert index.ranked(query, visible, 20) == _full_ranking(query, visible, 20)
    assert top_k_calls == []


def test_the_reference_length_is_reset_with_the_index(center_a):
    _load(center_a, n=50)
    with connection.cursor() as cur:
        cur.execute(f"SELECT ref_avgdl FROM {index.TABLE}_meta")  # noqa: S608
        first = cur.fetchall()
        index.clear()
        cur.execute(f"SELECT count(*) FROM {index.TABLE}_meta")  # noqa: S608
        assert cur.fetchone()[0] == 0
        long_body = " ".join(["water"] * 40)
        fields = {"kind": "entry", "object_id": 1, "center": center_a, "body": long_body}
        index.write([index.Indexed(fields=fields, doc=Document(id="long", body=long_body))])
        cur.execute(f"SELECT ref_avgdl FROM {index.TABLE}_meta")  # noqa: S608
        assert cur.fetchall() == [(40.0,)] != first
    visible = SearchDocument.objects.all()
    assert [k for k, _s in index.ranked(index.prepare("water"), visible, 5)] == ["long"]
