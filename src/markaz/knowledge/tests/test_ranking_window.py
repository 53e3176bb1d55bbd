"""The ranked window (rank in FTS first, join the best rows after) loses nothing: it equals
ranking every visible match at once, ties and restrictive visibility filters included."""

import datetime as dt
import random

import pytest
from django.db import connection

from markaz.knowledge import index
from markaz.knowledge.models import SearchDocument
from markaz.search.fts import Document

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="the window is SQLite's ranking path"
)

WORDS = ["water", "solar", "pump", "farm", "school", "clinic", "loan", "women", "refugee"]


def _load(center_a, n=400, seed=5):
    rng = random.Random(seed)
    items = []
    for i in range(n):
        text = " ".join(rng.choices(WORDS, k=rng.randint(2, 12)))
        # Every fifth document repeats another's text: equal scores that only the
        # tie-breakers (quality, recency, key) can order.
        if i % 5 == 4:
            text = items[-1].doc.body
        updated = None if i % 7 == 0 else dt.datetime(2026, 1, 1 + i % 28, tzinfo=dt.UTC)
        doc = Document(id=f"k{i:04d}", lang="en", body=text, updated_at=updated)
        fields = {
            "kind": "entry", "object_id": i, "center": center_a,
            "visibility": "public" if i % 3 else "center",
            "quality": float(i % 4), "updated_at": updated, "body": text,
        }  # fmt: skip
        items.append(index.Indexed(fields=fields, doc=doc))
    index.bulk_load(items)


def _full_ranking(query, visible, limit):
    sub_sql, sub_params = visible.values("id").query.sql_with_params()
    t = index.TABLE
    with connection.cursor() as cur:
        cur.execute(
            f"""SELECT d.key, bm25({t}, %s, %s, %s) AS s
                FROM {t} JOIN {SearchDocument._meta.db_table} d ON d.id = {t}.rowid
                WHERE {t} MATCH %s AND d.id IN ({sub_sql})
                ORDER BY s, d.quality DESC, d.updated_at DESC NULLS LAST, d.key
                LIMIT %s""",  # noqa: S608
            [*index.DEFAULT_WEIGHTS.as_tuple(), index.fts5_match(query), *sub_params, limit],
        )
        return [(key, -score) for key, score in cur.fetchall()]


def test_the_ranked_window_equals_ranking_every_visible_match(center_a):
    _load(center_a)
    everything = SearchDocument.objects.all()
    # A third of the rows: the window has to grow to fill the page.
    center_only = SearchDocument.objects.filter(visibility="center")
    for visible in (everything, center_only):
        for text in ("water", "solar pump", "refugee women loan", "clinic"):
            query = index.prepare(text)
            for limit in (1, 7, 50, 1000):
                expected = _full_ranking(query, visible, limit)
                assert expected, "the query must match something"
                assert index.ranked(query, visible, limit) == expected, (text, limit)
