import math
import re

import pytest

from markaz.search.analysis import AnalyzerConfig, analyze
from markaz.search.evaluation import (
    load_entries,
    load_queries,
    ndcg_at_k,
    recall_at_k,
    run_markaz,
    run_stock_unicode61,
)

ENTRY_TYPES = {"case-study", "toolkit", "method-guide", "lessons-learned", "policy-brief"}


@pytest.fixture(scope="module")
def entries():
    return load_entries()


@pytest.fixture(scope="module")
def queries():
    return load_queries()


@pytest.fixture(scope="module")
def figures(entries, queries):
    return {
        "stock": run_stock_unicode61(entries=entries, queries=queries),
        "light10": run_markaz(AnalyzerConfig(), entries=entries, queries=queries),
        "snowball": run_markaz(
            AnalyzerConfig(arabic_stemmer="snowball"), entries=entries, queries=queries
        ),
    }


def test_ndcg_is_one_for_the_ideal_ranking_and_zero_without_relevant_hits():
    relevant = {"a": 3, "b": 1}
    assert ndcg_at_k(["a", "b", "x"], relevant) == 1.0
    assert ndcg_at_k(["x", "y"], relevant) == 0.0
    assert ndcg_at_k([], {}) == 0.0


def test_ndcg_uses_linear_gains_and_log2_discounts():
    value = ndcg_at_k(["b", "a"], {"a": 3, "b": 1})
    assert value == pytest.approx((1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)))


def test_ndcg_and_recall_ignore_results_after_the_cutoff():
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg_at_k(ranked, {"a": 2}) == 0.0
    assert recall_at_k(ranked, {"a": 2}) == 0.0
    assert recall_at_k(["a", "x"], {"a": 1, "b": 2}) == 0.5


def test_eval_set_has_enough_entries_in_both_languages(entries):
    assert len(entries) >= 200
    assert len({e.id for e in entries}) == len(entries)
    arabic = sum(e.lang == "ar" for e in entries) / len(entries)
    assert 0.55 <= arabic <= 0.65
    assert {e.type for e in entries} == ENTRY_TYPES


def test_every_entry_is_complete_with_a_body_of_60_to_200_words(entries):
    for e in entries:
        assert e.title and e.summary and e.tags and e.sdgs, e.id
        assert 60 <= len(e.body.split()) <= 200, e.id
        assert all(1 <= g <= 17 for g in e.sdgs), e.id
        assert e.visibility == "public"
        has_arabic = bool(re.search("[\u0600-\u06ff]", e.title + e.body))
        assert has_arabic == (e.lang == "ar"), e.id


def test_queries_cover_the_hard_cases_and_judge_several_entries(entries, queries):
    known = {e.id for e in entries}
    assert len(queries) >= 60
    for q in queries:
        assert q.relevant and set(q.relevant) <= known, q.id
        assert set(q.relevant.values()) <= {1, 2, 3}, q.id
    covered = {c.split("-")[0] for q in queries for c in q.covers}
    assert {"plural", "prefix", "suffix", "diacritics", "spelling", "cross", "mixed"} <= covered
    assert sum(len(q.relevant) for q in queries) / len(queries) >= 3


def test_cross_field_queries_name_terms_found_only_in_the_body(entries, queries):
    by_id = {e.id: e for e in entries}
    for q in (q for q in queries if "cross-field" in q.covers):
        (target,) = [i for i, g in q.relevant.items() if g == 3]
        entry = by_id[target]
        wanted = set(analyze(q.query)) - set(analyze(entry.title + " " + entry.summary))
        assert wanted & set(analyze(entry.body)), q.id


def test_markaz_recall_beats_stock_unicode61(figures):
    assert figures["light10"].recall > figures["stock"].recall


def test_markaz_ndcg_is_at_least_15_percent_above_stock_unicode61(figures):
    assert figures["light10"].ndcg >= 1.15 * figures["stock"].ndcg


def test_light10_default_is_the_better_stemmer_on_ndcg(figures):
    assert figures["light10"].ndcg > figures["snowball"].ndcg


def test_markaz_finds_vocalised_queries_that_stock_fts_misses(figures, queries):
    vocalised = [q.id for q in queries if "diacritics" in q.covers]
    assert len(vocalised) >= 5
    for qid in vocalised:
        assert figures["stock"].per_query[qid][1] < figures["light10"].per_query[qid][1], qid
