"""The threshold algorithm returns exactly the bm25 top k, whatever the drift of the average
length since the postings were ordered, and whatever the user may see."""

import random

import pytest

from markaz.search.analysis import Clause, Query, Term
from markaz.search.ranking import DEFAULT_WEIGHTS, FIELDS, bm25_reference
from markaz.search.topk import BudgetExceeded, Stats, term_weight, top_k

WORDS = [f"w{i}" for i in range(40)]


class MemoryStore:
    def __init__(self, docs, ref_avgdl):
        self.docs, self.ref = docs, ref_avgdl
        self.post = {}
        w = DEFAULT_WEIGHTS.as_tuple()
        for doc, fields in docs.items():
            dl = sum(len(fields[f]) for f in FIELDS)
            counts = {}
            for i, name in enumerate(FIELDS):
                for tok in fields[name]:
                    counts.setdefault(tok, [0, 0, 0])[i] += 1
            for tok, c in counts.items():
                impact = term_weight(*c, dl, ref_avgdl, w)
                self.post.setdefault(tok, []).append((impact, doc, dl, *c))
        for rows in self.post.values():
            rows.sort(key=lambda r: (-r[0], r[1]))

    def stats(self, tokens):
        total = sum(len(f[n]) for f in self.docs.values() for n in FIELDS)
        df = {t: len(self.post.get(t, [])) for t in tokens}
        return Stats(len(self.docs), total, self.ref, df)

    def best(self, token, after, n):
        rows = self.post.get(token, [])
        if after is not None:
            rows = [r for r in rows if (-r[0], r[1]) > (-after[0], after[1])]
        return rows[:n]

    def lookup(self, tokens, docs):
        wanted = set(docs)
        for tok in tokens:
            for r in self.post.get(tok, []):
                if r[1] in wanted:
                    yield tok, r[1:]


def corpus(seed, n=300):
    rng = random.Random(seed)
    return {
        i: {
            "title": rng.choices(WORDS, k=rng.randint(1, 6)),
            "summary": rng.choices(WORDS, k=rng.randint(0, 15)),
            "body": rng.choices(WORDS, k=rng.randint(5, 80)),
        }
        for i in range(n)
    }


def expected(docs, tokens, k, visible):
    query = Query(tuple(Clause((Term(t),)) for t in tokens))
    scores = {d: s for d, s in bm25_reference(query, docs).items() if d in visible}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:k]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("drift", [0.5, 1.0, 2.0])
def test_top_k_equals_scoring_every_match(seed, drift):
    docs = corpus(seed)
    avgdl = sum(len(f[n]) for f in docs.values() for n in FIELDS) / len(docs)
    store = MemoryStore(docs, avgdl * drift)
    rng = random.Random(seed)
    visible = {d for d in docs if rng.random() < 0.7}
    tokens = [*rng.sample(WORDS, 3), "absent"]
    found = top_k(
        store, tokens, 10, weights=DEFAULT_WEIGHTS, visible=lambda ds: set(ds) & visible, chunk=8
    )
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    want = expected(docs, tokens, 10, visible)
    assert [d for d, _ in ranked] == [d for d, _ in want]
    assert [s for _, s in ranked] == pytest.approx([s for _, s in want], rel=1e-12)
    assert all(d in visible for d in found)


def test_a_repeated_token_counts_twice_as_in_fts5():
    docs = corpus(1)
    store = MemoryStore(docs, 50.0)
    everyone = set(docs)
    found = top_k(store, ["w1", "w1", "w2"], 5, weights=DEFAULT_WEIGHTS, visible=lambda ds: set())
    assert found == {}  # nothing visible
    found = top_k(
        store, ["w1", "w1", "w2"], 5, weights=DEFAULT_WEIGHTS, visible=lambda ds: set(ds) & everyone
    )
    want = expected(docs, ["w1", "w1", "w2"], 5, everyone)
    assert sorted(found, key=lambda d: (-found[d], d))[:5] == [d for d, _ in want]


def test_reading_too_deep_gives_up_so_the_caller_can_rank_everything():
    docs = corpus(2, n=400)
    store = MemoryStore(docs, 60.0)
    with pytest.raises(BudgetExceeded):
        top_k(
            store,
            ["w3", "w4"],
            10,
            weights=DEFAULT_WEIGHTS,
            visible=lambda ds: set(),
            chunk=4,
            budget=50,
        )
