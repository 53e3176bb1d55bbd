"""Rebuild the whole search index from the records (`markaz reindex`)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from markaz.knowledge import index
from markaz.knowledge.indexers import registry

BATCH = 500


@transaction.atomic
def rebuild(progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Empty the index and write every record of every kind; returns counts per kind."""
    index.clear()
    counts = {}
    for kind, indexer in registry().items():
        total = indexer.count()
        written = 0
        batch = []
        for obj in indexer.rows():
            batch.append(indexer.build(obj))
            if progress is not None:
                progress(str(kind), total)
            if len(batch) >= BATCH:
                written += index.bulk_load(batch)
                batch = []
        counts[str(kind)] = written + index.bulk_load(batch)
    index.refresh_statistics()
    return counts
