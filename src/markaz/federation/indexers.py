"""Search documents for mirrored items, so search can list them with local content.

`search_documents(mirror)` returns the documents (one per language with text) that the search
app indexes; each is labelled with where it came from. Visibility is the selectors' business:
search must still filter hits through `selectors.visible_mirrors(scope)` (a suspended peer's
items disappear at once).
"""

from __future__ import annotations

from django.urls import reverse


def search_documents(mirror) -> list[dict]:
    if mirror.deleted:
        return []
    docs = []
    for lang in ("en", "ar"):
        title = getattr(mirror, f"title_{lang}") or ""
        summary = getattr(mirror, f"summary_{lang}") or ""
        if not title and not summary:
            continue
        docs.append(
            {
                "kind": "federation.mirror",
                "object_id": mirror.pk,
                "language": lang,
                "title": title or mirror.title,
                "text": summary,
                "url": reverse("federation-mirror", kwargs={"pk": mirror.pk}),
                "origin": mirror.peer.name or mirror.peer.base_url,
                "origin_url": mirror.url or mirror.peer.base_url,
                "item_kind": mirror.kind,
                "network_only": mirror.network_only,
            }
        )
    return docs
