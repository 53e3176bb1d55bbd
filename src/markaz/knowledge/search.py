"""One search over knowledge entries, ventures, organizations, people, calls, events and
challenges.

Ranking is the pure layer's bm25 (`markaz.search`) run by the database (`knowledge.index`);
the candidate set is filtered in SQL by `selectors.searchable_for`, so results, totals and
facet counts only ever come from rows the user may see. Only the requested page is ranked;
totals and facets count every visible match up to `MAX_RESULTS`, beyond which they count
that many and say so (`Results.total_exact`). With facet filters, the best `MAX_RESULTS`
matches are ranked and filtered.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.urls import reverse

from markaz.core.access import AccessScope
from markaz.knowledge import index
from markaz.knowledge.models import Kind, SearchDocument
from markaz.knowledge.selectors import searchable_for
from markaz.search.ranking import make_snippet

MAX_RESULTS = 1000
FACETS = ("kind", "type", "sdg", "region", "sector", "lang")
_META = ("key", "kind", "object_id", "center_id", "type", "langs", "sdgs", "regions", "sectors")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    type: str = ""
    sdg: int | None = None
    region: str = ""
    sector: str = ""
    lang: str = ""

    def keep(self, row: dict) -> bool:
        return (
            (not self.kind or row["kind"] == self.kind)
            and (not self.type or row["type"] == self.type)
            and (not self.sdg or self.sdg in row["sdgs"])
            and (not self.region or self.region in row["regions"])
            and (not self.sector or self.sector in row["sectors"])
            and (not self.lang or self.lang in row["langs"])
        )


@dataclass
class Result:
    key: str
    score: float
    doc: SearchDocument
    snippet: str
    call_slug: str = ""  # public calls' pages are addressed by slug (filled by `search`)

    @property
    def kind(self) -> str:
        return self.doc.kind

    @property
    def url(self) -> str:
        doc = self.doc
        if doc.kind == Kind.ENTRY:
            return reverse("knowledge-entry", kwargs={"pk": doc.object_id})
        public = doc.visibility == "public"
        if doc.kind == Kind.CALL and public and self.call_slug:
            kwargs = {"center_slug": doc.center.slug, "call_slug": self.call_slug}
            return reverse("programs-public-call", kwargs=kwargs)
        if doc.kind == Kind.EVENT and public:
            return reverse(
                "events-public-detail", kwargs={"slug": doc.center.slug, "pk": doc.object_id}
            )
        if doc.kind == Kind.CHALLENGE and public:
            return reverse("challenges-public-detail", kwargs={"pk": doc.object_id})
        name = {
            Kind.VENTURE: "venture-detail",
            Kind.ORGANIZATION: "organization-detail",
            Kind.PERSON: "person-detail",
            Kind.CALL: "programs-call-detail",
            Kind.EVENT: "events-detail",
            Kind.CHALLENGE: "challenges-detail",
        }[doc.kind]
        return reverse(name, kwargs={"center": doc.center.slug, "pk": doc.object_id})


@dataclass
class Results:
    query: str
    total: int = 0
    hits: list[Result] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # False when there are more than `total` matches: total and facets then count the first
    # MAX_RESULTS visible matches (index order), as search engines cap counting.
    total_exact: bool = True


@lru_cache(maxsize=4096)
def _list(text: str | list) -> tuple:
    """JSON lists decoded once: facet lists repeat a lot across rows."""
    return tuple(json.loads(text)) if isinstance(text, str) else tuple(text)


def _metadata(keys: list[str]) -> dict[str, dict]:
    """Facet fields of the ranked rows, read raw (JSON decoding per row dominated the time)."""
    if not keys:
        return {}
    found = {}
    table = SearchDocument._meta.db_table
    with connection.cursor() as cur:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(
                f"SELECT {', '.join(_META)} FROM {table} WHERE key IN ({marks})",  # noqa: S608
                chunk,
            )
            for row in cur.fetchall():
                item = dict(zip(_META, row, strict=True))
                for name in ("langs", "sdgs", "regions", "sectors"):
                    item[name] = _list(item[name])
                found[item["key"]] = item
    return found


def _signature(row: dict) -> tuple[tuple, ...]:
    """The row's values for each of `FACETS`, in that order."""
    return (
        (row["kind"],),
        (row["type"],) if row["kind"] == "entry" and row["type"] else (),
        row["sdgs"],
        row["regions"],
        row["sectors"],
        row["langs"],
    )


def search(
    scope: AccessScope,
    text: str,
    *,
    filters: Filters | None = None,
    offset: int = 0,
    limit: int = 20,
    as_you_type: bool = False,
    visible=None,
) -> Results:
    """Ranked, filtered, faceted hits for `text`; `visible` narrows the rows further."""
    filters = filters or Filters()
    results = Results(text)
    query = index.prepare(text, as_you_type=as_you_type)
    if not query:
        return results
    rows = searchable_for(scope) if visible is None else visible
    if filters == Filters():
        # Rank only the page; count and facet a sample of the visible matches (all of them
        # when there are at most MAX_RESULTS).
        page_keys = index.ranked(query, rows, min(offset + limit, MAX_RESULTS))
        sample = index.matching(query, rows, MAX_RESULTS + 1)
        results.total_exact = len(sample) <= MAX_RESULTS
        meta = _metadata(sample[:MAX_RESULTS])
        kept = [(key, 0.0) for key in sample[:MAX_RESULTS] if key in meta]
        ranked_page = page_keys[offset : offset + limit]
    else:
        ranked = index.ranked(query, rows, MAX_RESULTS)
        meta = _metadata([key for key, _score in ranked])
        kept = [(key, score) for key, score in ranked if key in meta and filters.keep(meta[key])]
        results.total_exact = len(ranked) < MAX_RESULTS
        ranked_page = kept[offset : offset + limit]
    # Rows share few distinct facet combinations: count those, then expand each once.
    combos = Counter(_signature(meta[key]) for key, _score in kept)
    counters = {name: Counter() for name in FACETS}
    for combo, times in combos.items():
        for name, values in zip(FACETS, combo, strict=True):
            for value in values:
                counters[name][str(value)] += times
    results.facets = {name: counters[name].most_common() for name in FACETS}
    results.total = len(kept)
    page = ranked_page
    docs = SearchDocument.objects.select_related("center").in_bulk(
        [k for k, _ in page], field_name="key"
    )
    slugs = _public_call_slugs([docs[k] for k, _ in page])
    results.hits = [
        Result(
            key,
            score,
            docs[key],
            make_snippet(
                {"summary": docs[key].summary, "body": docs[key].body}, query, index.ANALYZER
            ),
            slugs.get(docs[key].object_id, "") if docs[key].kind == Kind.CALL else "",
        )
        for key, score in page
    ]
    return results


def _public_call_slugs(docs: list[SearchDocument]) -> dict[int, str]:
    """Slugs of the published calls among a page of hits, in one query."""
    ids = [d.object_id for d in docs if d.kind == Kind.CALL and d.visibility == "public"]
    if not ids:
        return {}
    from markaz.programs.models import Call
    from markaz.programs.selectors import PUBLIC_PHASES

    published = Call.objects.filter(pk__in=ids, phase__in=PUBLIC_PHASES)
    return dict(published.values_list("pk", "slug"))


def suggest(scope: AccessScope, text: str, *, limit: int = 8) -> list[SearchDocument]:
    """As-you-type: the best few titles for a partly typed query."""
    if len(text.strip()) < 2:
        return []
    found = search(scope, text, limit=limit, as_you_type=True)
    return [hit.doc for hit in found.hits]
