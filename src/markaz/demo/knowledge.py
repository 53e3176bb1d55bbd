"""The demo library: the search evaluation entries, shared out among the demo centers."""

from __future__ import annotations

from pathlib import Path

import markaz.search

ENTRIES = Path(markaz.search.__file__).parent / "data" / "eval" / "entries.jsonl"


def seed_knowledge(center_slugs: list[str]) -> int:
    """Import the entries once (idempotent: skipped when any of them exists); returns how many."""
    from markaz.core.models import Center
    from markaz.knowledge.importer import import_entries
    from markaz.knowledge.models import Entry

    lines = [line for line in ENTRIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    centers = list(Center.objects.filter(slug__in=center_slugs).order_by("slug"))
    if (
        not centers
        or Entry.objects.filter(external_id__isnull=False).exclude(external_id="").exists()
    ):
        return 0
    created = 0
    for index, center in enumerate(centers):
        created += len(import_entries(lines[index :: len(centers)], center=center))
    return created
