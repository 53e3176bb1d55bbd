"""Exact top-k bm25 without scoring every match: Fagin's threshold algorithm over postings
kept in impact order.

FTS5 (and the bm25 SQL for PostgreSQL) score every document that matches any query term; on
100,000 entries a two-word query matches tens of thousands of them. Here each term's postings
are read best first, in the order of their bm25 term weight computed with a reference average
length `ref_avgdl` fixed when the index was filled. A document first seen in one list gets
its other terms' counts by direct lookup, so its score is exact (the same formula, in the same
phrase order, as `ranking.bm25_reference` and FTS5). Reading stops once the k-th best visible
score is strictly above what any document not yet seen could reach: the sum, over terms, of
the weight of the next posting in each list. The result is the exact top k (ties included),
so both backends, which run this same code over the same postings, return the same ranking.

The stored order uses `ref_avgdl`, the true one drifts as documents are written: a term
weight under the current average length is at most `max(1, avgdl / ref_avgdl)` times the
stored one (the length normalisation `k1 * (1 - b + b * dl / avgdl)` changes by at most that
factor), and the bound is widened by it, so the cut stays safe.

Only queries of single whole tokens go this way; phrases and prefixes use the full ranking.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from markaz.search.ranking import IDF_FLOOR, K1, B, FieldWeights

# A posting: document, dl (whole-document length in tokens), hit counts per field.
Posting = tuple[int, int, int, int, int]
# Relative slack on the stopping bound, for floating-point sums taken in another order.
_SLACK = 1e-9


def term_weight(c0: int, c1: int, c2: int, dl: int, avgdl: float, w: Sequence[float]) -> float:
    """bm25's saturated, length-normalised frequency of one term in one document (no idf)."""
    freq = w[0] * c0 + w[1] * c1 + w[2] * c2
    return (freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * dl / avgdl))


def idf(n_docs: int, df: int) -> float:
    value = math.log((n_docs - df + 0.5) / (df + 0.5))
    return IDF_FLOOR if value <= 0 else value


@dataclass(frozen=True)
class Stats:
    n_docs: int
    total_len: int
    ref_avgdl: float
    df: dict[str, int]

    @property
    def avgdl(self) -> float:
        return self.total_len / self.n_docs if self.n_docs else 1.0


class PostingStore(Protocol):
    def stats(self, tokens: Sequence[str]) -> Stats: ...

    def best(
        self, token: str, after: tuple[float, int] | None, n: int
    ) -> list[tuple[float, int, int, int, int, int]]:
        """Up to n postings (impact, doc, dl, c0, c1, c2) of `token` after `after` (an
        (impact, doc) pair), by impact descending then doc ascending."""
        ...

    def lookup(self, tokens: Sequence[str], docs: Sequence[int]) -> Iterable[tuple[str, Posting]]:
        """The postings of these documents for these tokens."""
        ...


class BudgetExceeded(Exception):
    """More postings than allowed were read (e.g. the user sees few of the matches)."""


def top_k(
    store: PostingStore,
    tokens: Sequence[str],
    k: int,
    *,
    weights: FieldWeights,
    visible: Callable[[list[int]], set[int]],
    chunk: int = 128,
    budget: int = 40_000,
) -> dict[int, float]:
    """Scores (bm25, higher is better) of every visible document scoring at least the k-th
    best visible score: k documents or more (ties), fewer only if fewer match.

    `tokens` are the query's phrases in order (a token may repeat: it then counts twice, as
    in FTS5). `visible(docs)` returns the documents of the list the user may see. Raises
    `BudgetExceeded` after reading more than `budget` postings.
    """
    w = weights.as_tuple()
    stats = store.stats(sorted(set(tokens)))
    if not stats.n_docs or k <= 0:
        return {}
    avgdl = stats.avgdl
    widen = max(1.0, avgdl / stats.ref_avgdl) if stats.ref_avgdl > 0 else math.inf
    idfs = [idf(stats.n_docs, stats.df.get(t, 0)) for t in tokens]
    distinct = [t for t in dict.fromkeys(tokens) if stats.df.get(t, 0)]
    # Per distinct token, the summed idf of its occurrences in the query.
    token_idf = {t: sum(i for u, i in zip(tokens, idfs, strict=True) if u == t) for t in distinct}

    def score(postings: dict[str, Posting]) -> float:
        total = 0.0
        for token, weight in zip(tokens, idfs, strict=True):
            p = postings.get(token)
            if p is not None:
                total += weight * term_weight(p[2], p[3], p[4], p[1], avgdl, w)
        return total

    cursor: dict[str, tuple[float, int] | None] = dict.fromkeys(distinct)
    done: dict[str, bool] = dict.fromkeys(distinct, False)
    next_impact: dict[str, float] = {}
    scored: dict[int, float] = {}  # visible documents, exact scores
    seen: set[int] = set()
    read = 0
    while True:
        fresh: list[int] = []
        for token in distinct:
            if done[token]:
                continue
            rows = store.best(token, cursor[token], chunk + 1)
            read += len(rows)
            page, more = rows[:chunk], rows[chunk:]
            if page:
                cursor[token] = (page[-1][0], page[-1][1])
            for row in page:
                if row[1] not in seen:
                    seen.add(row[1])
                    fresh.append(row[1])
            if more:
                next_impact[token] = more[0][0]
            else:
                done[token] = True
                next_impact[token] = 0.0
        if fresh:
            allowed = visible(fresh)
            wanted = [d for d in fresh if d in allowed]
            found: dict[int, dict[str, Posting]] = {d: {} for d in wanted}
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                for token, posting in store.lookup(distinct, part):
                    found[posting[0]][token] = posting
            for doc, postings in found.items():
                scored[doc] = score(postings)
        # Nothing unseen can score above this (next postings' weights, best case).
        bound = sum(token_idf[t] * next_impact[t] * widen for t in distinct if not done[t]) * (
            1 + _SLACK
        )
        if all(done.values()):
            break
        if len(scored) >= k:
            kth = sorted(scored.values(), reverse=True)[k - 1]
            if kth > bound:
                break
        if read > budget:
            raise BudgetExceeded
    if len(scored) <= k:
        return scored
    kth = sorted(scored.values(), reverse=True)[k - 1]
    return {doc: s for doc, s in scored.items() if s >= kth}
