"""The audit log's hash chain: seal committed entries in order, verify the chain later.

Entries are written inside every service's transaction; chaining them at that moment would
need one lock held by every write until it commits. Instead a sealer (`markaz audit seal`,
run on a schedule and before `verify`) links entries once they are older than a settling
delay, in id order: a transaction still open that long is not expected, and an entry that
commits later still is reported as `late` rather than silently skipped.

`verify` recomputes every link: an edited entry changes its digest, a deleted one leaves
its seal pointing nowhere (the database's PROTECT and triggers make both hard already; the
chain proves it to an auditor holding an earlier `head`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from markaz.core.models import AuditEntry, AuditSeal

GENESIS = "0" * 64
SETTLE = timedelta(seconds=60)
BATCH = 2000
_LOCK_KEY = 0x6D6B7A61  # PostgreSQL advisory lock shared by sealers ("mkza")


def entry_digest(entry: AuditEntry) -> str:
    content = {
        "id": entry.pk,
        "created_at": entry.created_at.isoformat(),
        "actor": entry.actor_id,
        "center": entry.center_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "request_id": entry.request_id,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def link(previous: str, digest: str) -> str:
    return hashlib.sha256(f"{previous}:{digest}".encode()).hexdigest()


def _take_lock() -> bool:
    if connection.vendor != "postgresql":
        return True  # SQLite serializes writers
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [_LOCK_KEY])
        return bool(cur.fetchone()[0])


def seal(*, settle: timedelta = SETTLE, progress=None) -> int:
    """Seal every unsealed entry older than `settle`, in id order; returns how many."""
    sealed = 0
    while True:
        with transaction.atomic():
            if not _take_lock():
                return sealed  # another sealer is at work
            last = AuditSeal.objects.order_by("-id").first()
            after = last.entry_id if last else 0
            previous = last.chain_hash if last else GENESIS
            cutoff = timezone.now() - settle
            batch = list(
                AuditEntry.objects.filter(pk__gt=after, created_at__lte=cutoff).order_by("pk")[
                    :BATCH
                ]
            )
            seals = []
            for entry in batch:
                digest = entry_digest(entry)
                previous = link(previous, digest)
                seals.append(AuditSeal(entry=entry, entry_hash=digest, chain_hash=previous))
            AuditSeal.objects.bulk_create(seals)
        sealed += len(seals)
        if progress is not None and seals:
            progress(len(seals))
        if len(batch) < BATCH:
            return sealed


@dataclass
class Verification:
    checked: int = 0
    head: str = GENESIS
    edited: list[int] = field(default_factory=list)  # entry ids whose content changed
    deleted: list[int] = field(default_factory=list)  # seal ids whose entry is gone
    broken: list[int] = field(default_factory=list)  # seal ids whose link does not follow
    late: list[int] = field(default_factory=list)  # entry ids committed behind the sealer

    @property
    def ok(self) -> bool:
        return not (self.edited or self.deleted or self.broken or self.late)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "head": self.head,
            **{k: getattr(self, k)[:100] for k in ("edited", "deleted", "broken", "late")},
        }


def verify(*, expected_head: str | None = None, progress=None) -> Verification:
    """Recompute the chain from the first seal; `expected_head` is a chain hash an auditor
    noted earlier, which must still be in the chain (truncation of the tail shows here)."""
    report = Verification()
    previous = GENESIS
    seen_head = expected_head is None
    last_entry = 0
    entries = AuditEntry.objects.in_bulk  # by id, a batch at a time
    seals = AuditSeal.objects.order_by("id").values_list(
        "id", "entry_id", "entry_hash", "chain_hash"
    )
    batch: list[tuple] = []

    def check(rows: list[tuple]) -> None:
        nonlocal previous, seen_head, last_entry
        found = entries([r[1] for r in rows])
        for seal_id, entry_id, digest, chain in rows:
            entry = found.get(entry_id)
            if entry is None:
                report.deleted.append(seal_id)
            elif entry_digest(entry) != digest:
                report.edited.append(entry_id)
            if link(previous, digest) != chain:
                report.broken.append(seal_id)
            previous = chain
            seen_head = seen_head or chain == expected_head
            last_entry = max(last_entry, entry_id)
            report.checked += 1
        if progress is not None:
            progress(len(rows))

    for row in seals.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            check(batch)
            batch = []
    if batch:
        check(batch)
    report.head = previous
    report.late = list(
        AuditEntry.objects.filter(pk__lt=last_entry, seal__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:100]
    )
    if not seen_head:
        report.broken.append(-1)  # the noted head is no longer in the chain
    return report
