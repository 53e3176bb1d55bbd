"""Reads of job records: deployment-level, for operators only (no center owns a job)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from markaz.core.access import AccessScope
from markaz.jobs.models import JobRun


def require_operator(scope: AccessScope) -> None:
    """Jobs are the deployment's business: anyone but an operator gets 404."""
    if not scope.is_operator:
        raise Http404


def runs_for(scope: AccessScope, *, status: str = "", name: str = ""):
    require_operator(scope)
    qs = JobRun.objects.order_by("-created_at", "-pk")
    if status:
        qs = qs.filter(status=status)
    if name:
        qs = qs.filter(name__icontains=name)
    return qs.defer("payload")


def get_run_for(scope: AccessScope, pk: int) -> JobRun:
    require_operator(scope)
    run = JobRun.objects.filter(pk=pk).prefetch_related("attempt_log").first()
    if run is None:
        raise Http404
    return run


def summary_for(scope: AccessScope, *, hours: int = 24) -> dict[str, int]:
    """Runs per status queued in the last `hours` (plus every run still waiting or failed)."""
    require_operator(scope)
    since = timezone.now() - timedelta(hours=hours)
    counts = dict.fromkeys(JobRun.Status.values, 0)
    rows = JobRun.objects.filter(created_at__gte=since).values("status").annotate(n=Count("pk"))
    for row in rows:
        counts[row["status"]] = row["n"]
    counts["retried"] = JobRun.objects.filter(created_at__gte=since, attempts__gt=1).count()
    return counts
