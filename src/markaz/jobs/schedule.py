"""Periodic jobs: `markaz scheduler` calls `tick()` every few seconds.

Each entry is queued at most once per period: its idempotency key is the entry's name and the
period's start (`periodic:audit-seal:20260101T1200`), so two schedulers running side by side,
or one restarted mid-minute, queue it once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.module_loading import import_string

from markaz.jobs import engine

logger = logging.getLogger("markaz.jobs")


@dataclass(frozen=True)
class Periodic:
    name: str
    every: int  # seconds
    job: str  # dotted path of a markaz_job


SCHEDULE: tuple[Periodic, ...] = (
    Periodic("audit-seal", 60, "markaz.jobs.tasks.seal_audit_chain"),
    Periodic("federation-sync", 5 * 60, "markaz.jobs.tasks.sync_federation"),
    Periodic("impact-rollups", 24 * 3600, "markaz.jobs.tasks.rebuild_impact_rollups"),
    Periodic("prune-jobs", 3600, "markaz.jobs.tasks.prune_jobs"),
    Periodic("privacy-purge", 24 * 3600, "markaz.privacy.tasks.purge_expired_applications"),
)


def period_start(now: datetime, every: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % every, tz=UTC)


def period_key(entry: Periodic, now: datetime) -> str:
    return f"periodic:{entry.name}:{period_start(now, entry.every):%Y%m%dT%H%M%S}"


def tick(now: datetime | None = None, schedule=SCHEDULE) -> list[str]:
    """Queue every entry whose current period has no run yet; reclaim stale runs.

    Returns the keys queued (or found already queued) in this tick."""
    now = now or timezone.now()
    keys = []
    for entry in schedule:
        key = period_key(entry, now)
        try:
            engine.enqueue(import_string(entry.job), key=key)
        except Exception:
            logger.exception("could not queue periodic job %s", entry.name)
            continue
        keys.append(key)
    engine.reclaim_stale()
    engine.redispatch_stranded()
    return keys
