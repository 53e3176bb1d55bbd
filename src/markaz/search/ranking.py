"""Ranking model and snippets shared by the SQLite and PostgreSQL backends.

The score is SQLite FTS5's `bm25()` exactly (k1 = 1.2, b = 0.75, IDF floored at 1e-6, column
weights multiplying hit counts, document length over all columns). PostgreSQL has no BM25, so
`fts.pg_search_sql` computes the same formula in SQL and `bm25_reference` computes it in
Python; the three agree to floating-point precision, which is what lets both databases return
the same ranking. Ties (scores equal to 9 decimals) go to higher quality, then the most
recently updated entry, then the id.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markaz.search.analysis import Analyzer, Query, Token

K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6
SCORE_DECIMALS = 9
FIELDS = ("title", "summary", "body")


@dataclass(frozen=True)
class FieldWeights:
    title: float = 3.0
    summary: float = 2.0
    body: float = 1.0

    def __post_init__(self) -> None:
        for value in (self.title, self.summary, self.body):
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError("field weights must be finite numbers >= 0")

    def as_tuple(self) -> tuple[float, float, float]:
        return (float(self.title), float(self.summary), float(self.body))


DEFAULT_WEIGHTS = FieldWeights()


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    snippet: str


@dataclass(frozen=True)
class Phrase:
    """What FTS5 calls a phrase: adjacent tokens, the last one possibly a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_phrases(query: Query) -> list[Phrase]:
    """The phrases of a query in the order both backends number them for scoring."""
    phrases: list[Phrase] = []
    for clause in query.clauses:
        terms = clause.terms
        phrases.append(Phrase(tuple(t.token for t in terms), terms[-1].prefix))
        if len(terms) == 1:
            phrases.extend(Phrase((token,)) for token in terms[0].expansions)
    return phrases


def _phrase_hits(phrase: Phrase, positions: Mapping[str, list[int]]) -> int:
    """Instances of a phrase in one field, given each token's positions in it."""

    def at(j: int) -> set[int]:
        wanted = phrase.tokens[j]
        if phrase.prefix and j == len(phrase.tokens) - 1:
            return {p for tok, ps in positions.items() if tok.startswith(wanted) for p in ps}
        return set(positions.get(wanted, ()))

    starts = at(0)
    for j in range(1, len(phrase.tokens)):
        if not starts:
            break
        starts &= {p - j for p in at(j)}
    return len(starts)


def _positions(tokens: Sequence[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, tok in enumerate(tokens):
        found.setdefault(tok, []).append(i)
    return found


def bm25_reference(
    query: Query,
    docs: Mapping[str, Mapping[str, Sequence[str]]],
    weights: FieldWeights = DEFAULT_WEIGHTS,
) -> dict[str, float]:
    """FTS5's bm25 in plain Python over analyzed fields; positive, higher is better.

    `docs` maps id -> {"title": tokens, "summary": tokens, "body": tokens}. Only documents
    matching at least one phrase are returned.
    """
    phrases = query_phrases(query)
    n_docs = len(docs)
    if not phrases or not n_docs:
        return {}
    hits = {}
    for doc_id, fields in docs.items():
        positions = [_positions(fields.get(f, ())) for f in FIELDS]
        hits[doc_id] = [[_phrase_hits(p, pos) for pos in positions] for p in phrases]
    avgdl = sum(len(f.get(name, ())) for f in docs.values() for name in FIELDS) / n_docs
    idf = []
    for i in range(len(phrases)):
        matched = sum(1 for h in hits.values() if sum(h[i]) > 0)
        value = math.log((n_docs - matched + 0.5) / (matched + 0.5))
        idf.append(IDF_FLOOR if value <= 0 else value)
    w = weights.as_tuple()
    scores = {}
    for doc_id, per_phrase in hits.items():
        if not any(sum(h) for h in per_phrase):
            continue
        length = sum(len(docs[doc_id].get(name, ())) for name in FIELDS)
        score = 0.0
        for i, counts in enumerate(per_phrase):
            freq = w[0] * counts[0] + w[1] * counts[1] + w[2] * counts[2]
            score += idf[i] * ((freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * length / avgdl)))
        scores[doc_id] = score
    return scores


def make_snippet(
    fields: Mapping[str, str], query: Query, analyzer: Analyzer, *, size: int = 220
) -> str:
    """HTML snippet from the original summary or body, matches wrapped in `<mark>`.

    Takes the field with the most distinct matching tokens (the summary on a tie), and a
    window of about `size` characters starting a little before the first match.
    """
    best: tuple[int, str, list[Token]] | None = None
    for name in ("summary", "body"):
        text = fields.get(name) or ""
        matched = [t for t in analyzer.tokens(text) if query.matches(t.text)]
        distinct = len({t.text for t in matched})
        if distinct and (best is None or distinct > best[0]):
            best = (distinct, text, matched)
    if best is None:
        text = fields.get("summary") or fields.get("body") or ""
        return _window(text, 0, size, [])
    _, text, matched = best
    return _window(text, matched[0].start, size, matched)


def _window(text: str, anchor: int, size: int, marks: list[Token]) -> str:
    start = max(0, anchor - size // 4)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and anchor - space < size // 2 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", anchor, end)
        end = space if space > anchor else end
    out = ["…"] if start > 0 else []
    cursor = start
    for tok in marks:
        if tok.start < cursor or tok.end > end:
            continue
        out.append(html.escape(text[cursor : tok.start]))
        out.append(f"<mark>{html.escape(text[tok.start : tok.end])}</mark>")
        cursor = tok.end
    out.append(html.escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return "".join(out).strip()
