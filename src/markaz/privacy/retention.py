"""Retention of applications that were not selected.

Rejected and withdrawn applications keep their row, status and decision outcome (so the
program's counts and funnel stay true) but lose their answers and uploaded files once they
are older than `MARKAZ_RETENTION_REJECTED_DAYS` (default 730) — counted from the decision, or
the withdrawal, or the last change when neither is recorded.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from markaz.envconf import env_int

DEFAULT_DAYS = 730


def retention_days() -> int:
    """The setting if the project defines it, else the environment variable."""
    days = getattr(settings, "MARKAZ_RETENTION_REJECTED_DAYS", None)
    if days is None:
        days = env_int("MARKAZ_RETENTION_REJECTED_DAYS", DEFAULT_DAYS)
    return max(int(days), 0)


def not_selected():
    from markaz.programs.models import Application, Status

    return Application.objects.filter(status__in=[Status.REJECTED, Status.WITHDRAWN])


def expired(*, now: datetime | None = None, days: int | None = None):
    """Not-selected applications past the retention period and not purged yet."""
    from markaz.privacy.models import PurgedApplication
    from markaz.programs.models import Status

    cutoff = (now or timezone.now()) - timedelta(days=retention_days() if days is None else days)
    return (
        not_selected()
        .exclude(pk__in=PurgedApplication.objects.values("application_id"))
        .filter(
            Q(status=Status.REJECTED, decided_at__lt=cutoff)
            | Q(status=Status.REJECTED, decided_at__isnull=True, updated_at__lt=cutoff)
            | Q(status=Status.WITHDRAWN, withdrawn_at__lt=cutoff)
            | Q(status=Status.WITHDRAWN, withdrawn_at__isnull=True, updated_at__lt=cutoff)
        )
    )


def purge(queryset) -> dict:
    """Remove answers and files of these applications (inside the caller's transaction).

    Files leave storage only after the commit, so a rolled-back purge loses nothing.
    Returns counts: applications, attachments, and applications per center id.
    """
    from markaz.privacy.models import PurgedApplication
    from markaz.programs.models import Attachment, Decision

    apps = list(
        queryset.exclude(pk__in=PurgedApplication.objects.values("application_id"))
        .select_for_update()
        .order_by("pk")
        .values_list("pk", "center_id")
    )
    ids = [pk for pk, _center in apps]
    if not ids:
        return {"applications": 0, "attachments": 0, "by_center": {}, "ids": []}
    files = list(Attachment.objects.filter(application_id__in=ids).values_list(
        "application_id", "file"))  # fmt: skip
    per_app = Counter(app_id for app_id, _name in files)
    Attachment.objects.filter(application_id__in=ids).delete()
    queryset.model.objects.filter(pk__in=ids).update(answers={}, frozen_answers=[])
    Decision.objects.filter(application_id__in=ids).update(note="", message_en="", message_ar="")
    PurgedApplication.objects.bulk_create(
        PurgedApplication(application_id=pk, attachments_deleted=per_app.get(pk, 0)) for pk in ids
    )
    storage = Attachment._meta.get_field("file").storage
    names = [name for _app, name in files if name]
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return {
        "applications": len(ids),
        "attachments": len(files),
        "by_center": dict(Counter(center for _pk, center in apps)),
        "ids": ids,
    }
