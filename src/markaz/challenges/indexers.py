"""What the one search would index for a challenge (the lead wires it into `knowledge`).

`search_documents(challenge)` returns plain data, no search imports, so the search app can
map it onto its `SearchDocument` row and `Document` without this app knowing their shape.
Workspace comments and documents are never indexed: they belong to the owners.
"""

from __future__ import annotations

from datetime import UTC, datetime

KIND = "challenge"


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _day(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def search_documents(challenge) -> dict:
    """Index fields of one challenge: per-language title/summary/body plus facets.

    - `title_ar`/`title_en`, `summary_ar`/`summary_en` (affected population and place),
      `body_ar`/`body_en` (problem and evidence, Markdown as written);
    - `title`, `summary`, `body`: both languages joined, Arabic first (as knowledge does);
    - `langs`: languages that have any text; `sdgs`: goal numbers; `sdg_targets`: codes;
    - `sectors`: sectors of the owner organizations; `owners`: their names in both languages;
    - `visibility`: "public" or "center" (who may find it), `type`: the status.
    """
    texts = {}
    langs = []
    for lang in ("ar", "en"):
        title = getattr(challenge, f"title_{lang}")
        summary = _join(
            getattr(challenge, f"affected_population_{lang}"), getattr(challenge, f"place_{lang}")
        )
        body = _join(getattr(challenge, f"problem_{lang}"), getattr(challenge, f"evidence_{lang}"))
        texts |= {f"title_{lang}": title, f"summary_{lang}": summary, f"body_{lang}": body}
        if title or summary or body:
            langs.append(lang)
    targets = sorted(challenge.sdg_targets.all(), key=lambda t: (t.goal_id, t.position))
    organizations = [o.organization for o in challenge.owners.select_related("organization")]
    sectors = sorted({org.sector for org in organizations})
    return {
        "key": f"{KIND}:{challenge.pk}",
        "kind": KIND,
        "object_id": challenge.pk,
        "center_id": challenge.center_id,
        "visibility": challenge.visibility,
        "type": challenge.status,
        **texts,
        "title": _join(texts["title_ar"], texts["title_en"]),
        "summary": _join(texts["summary_ar"], texts["summary_en"]),
        "body": _join(texts["body_ar"], texts["body_en"]),
        "langs": langs,
        "lang": langs[0] if langs else "",
        "sdgs": sorted({t.goal_id for t in targets}),
        "sdg_targets": [t.code for t in targets],
        "sectors": sectors,
        "owners": [_join(org.name_ar, org.name_en) for org in organizations],
        "country": challenge.country.code or "",
        "owner_id": challenge.created_by_id,
        "updated_at": _day(challenge.updated_at),
        "url_name": "challenges-detail",
        "public_url_name": "challenges-public-detail" if challenge.visibility == "public" else "",
    }
