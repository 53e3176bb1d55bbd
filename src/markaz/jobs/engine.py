"""Retries, idempotency and reclaim on top of the task engine (django-tasks).

    @markaz_job(retries=3, backoff=30, queue="email")
    def send_message(payload): ...

    send_message.enqueue(payload, key="email:…")   # inside the caller's transaction

`enqueue` writes a `JobRun` (unique idempotency key) in the caller's transaction and hands the
engine one message, "run JobRun #n": with the database backend the message row is written in
the same transaction (a rollback removes both); with the in-process backend it is sent once the
transaction commits. Delivery is at-least-once (a worker may die after the effect and before
recording it); `execute` makes effects exactly-once where it can: the job body runs inside one
transaction that also marks the run succeeded while holding the run's row lock, so a second
delivery waits, sees "succeeded" and does nothing, and a crash rolls the effect back.
"""

from __future__ import annotations

import contextvars
import logging
import socket
import traceback
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task, task_backends

from markaz.jobs.models import JobAttempt, JobRun

logger = logging.getLogger("markaz.jobs")

MAX_BACKOFF = 6 * 3600.0
_current: contextvars.ContextVar[JobRun | None] = contextvars.ContextVar("markaz_job", default=None)
_worker_id: contextvars.ContextVar[str] = contextvars.ContextVar("markaz_worker", default="")


class WorkerLost(Exception):
    """The worker running the job stopped (killed, crashed) before recording an outcome."""


def current_run() -> JobRun | None:
    """The JobRun being executed (inside a job body), e.g. to read `attempts`."""
    return _current.get()


def worker_name() -> str:
    return _worker_id.get() or f"{socket.gethostname()[:40]}:inproc"


def backoff_delay(backoff: float, attempt: int) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): backoff·2^(n-1)."""
    return min(MAX_BACKOFF, backoff * (2 ** max(attempt - 1, 0)))


@dataclass(frozen=True)
class MarkazJob:
    func: Any
    name: str
    retries: int
    backoff: float
    queue: str

    def __call__(self, *args, **kwargs):
        """Run the body directly (no queue, no record)."""
        return self.func(*args, **kwargs)

    def enqueue(self, *args, key: str | None = None, **kwargs) -> JobRun:
        return enqueue(self, args=list(args), kwargs=kwargs, key=key)


def markaz_job(
    func=None, *, retries: int = 3, backoff: float = 30.0, queue: str = "default", name=None
):
    """Declare a job: on failure it is retried `retries` times, waiting backoff·2^(n-1) s.

    Decorate a module-level function; its arguments must be JSON-serializable.
    """

    def wrap(f) -> MarkazJob:
        return MarkazJob(
            func=f,
            name=name or f"{f.__module__}.{f.__qualname__}",
            retries=retries,
            backoff=backoff,
            queue=queue,
        )

    return wrap(func) if func is not None else wrap


def _engine():
    return task_backends["default"]


def _durable() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(_engine(), DatabaseBackend)


def enqueue(job: MarkazJob, *, args=(), kwargs=None, key: str | None = None) -> JobRun:
    """Record a run for `job` under `key` (a fresh one if None) and dispatch it.

    A key already queued, running or succeeded is returned as is (no second run); a failed
    one is queued again (an operator's retry).
    """
    key = key or f"{job.name}:{uuid.uuid4().hex}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = JobRun.objects.create(
                    key=key,
                    name=job.name,
                    queue=job.queue,
                    payload={"args": list(args), "kwargs": dict(kwargs or {})},
                    max_attempts=job.retries + 1,
                    backoff=job.backoff,
                )
        except IntegrityError:
            run = JobRun.objects.select_for_update().get(key=key)
            if run.status != JobRun.Status.FAILED:
                return run
            run.status = JobRun.Status.QUEUED
            run.max_attempts = run.attempts + job.retries + 1
            run.last_error = ""
            run.save(update_fields=["status", "max_attempts", "last_error"])
        _dispatch(run)
    return run


def _dispatch(run: JobRun, run_after: datetime | None = None) -> None:
    """Hand "run JobRun #n" to the engine: in this transaction, due at `run_after`, if the
    queue is the database; after the commit, at once, otherwise (in-process retries do not
    wait)."""
    if _durable():
        t = execute_run.using(queue_name=run.queue, run_after=run_after)
        result = t.enqueue(run.pk)
        run.task_id = str(result.id)
        JobRun.objects.filter(pk=run.pk).update(task_id=run.task_id)
    else:
        t = execute_run.using(queue_name=run.queue)
        transaction.on_commit(lambda: t.enqueue(run.pk))


@task(queue_name="default")
def execute_run(run_id: int) -> str:
    """The one engine task: run JobRun #run_id under the retry and idempotency rules."""
    return execute(run_id)


def execute(run_id: int) -> str:
    worker = worker_name()
    now = timezone.now()
    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return "missing"
        if run.status in (JobRun.Status.SUCCEEDED, JobRun.Status.FAILED):
            return "skipped"  # already done: a duplicate delivery is a no-op
        run.status = JobRun.Status.RUNNING
        run.attempts += 1
        run.started_at = now
        run.finished_at = None
        run.worker = worker[:64]
        run.save(update_fields=["status", "attempts", "started_at", "finished_at", "worker"])
        JobAttempt.objects.create(run=run, number=run.attempts, worker=run.worker, started_at=now)
    number = run.attempts
    try:
        with transaction.atomic():
            # Held until the body commits: a second delivery waits here, and the reclaimer
            # (SKIP LOCKED) never takes a job whose worker is alive.
            locked = JobRun.objects.select_for_update().get(pk=run_id)
            if locked.status != JobRun.Status.RUNNING or locked.attempts != number:
                return "skipped"
            job = import_string(run.name)
            token = _current.set(locked)
            try:
                job.func(*run.payload.get("args", []), **run.payload.get("kwargs", {}))
            finally:
                _current.reset(token)
            done = timezone.now()
            JobRun.objects.filter(pk=run_id).update(
                status=JobRun.Status.SUCCEEDED, finished_at=done, last_error=""
            )
            JobAttempt.objects.filter(run_id=run_id, number=number).update(
                outcome=JobAttempt.Outcome.SUCCEEDED, finished_at=done
            )
    except Exception as exc:  # every failure is recorded, then retried or marked failed
        _record_failure(run_id, number, "".join(traceback.format_exception(exc)))
        return "failed"
    return "succeeded"


def _record_failure(run_id: int, number: int, error: str, *, lost: bool = False) -> None:
    now = timezone.now()
    with transaction.atomic():
        run = JobRun.objects.select_for_update().get(pk=run_id)
        JobAttempt.objects.filter(run_id=run_id, number=number).update(
            outcome=JobAttempt.Outcome.LOST if lost else JobAttempt.Outcome.FAILED,
            finished_at=now,
            error=error[-20000:],
        )
        run.last_error = error[-20000:]
        run.finished_at = now
        if run.attempts < run.max_attempts:
            run.status = JobRun.Status.RETRYING
            run.run_after = now + timedelta(seconds=backoff_delay(run.backoff, run.attempts))
            run.save(update_fields=["status", "run_after", "last_error", "finished_at"])
            logger.warning(
                "job %s (%s) attempt %s/%s failed; retrying after %s",
                run.pk, run.name, run.attempts, run.max_attempts, run.run_after,
            )  # fmt: skip
            _dispatch(run, run.run_after)
        else:
            run.status = JobRun.Status.FAILED
            run.save(update_fields=["status", "last_error", "finished_at"])
            logger.error(
                "job %s (%s) failed after %s attempts:\n%s",
                run.pk, run.name, run.attempts, error,
            )  # fmt: skip


def reclaim_stale(*, older_than: timedelta | None = None) -> int:
    """Retry runs left "running" by a dead worker: started more than `older_than` ago and not
    locked by a live worker (SKIP LOCKED). Returns how many were reclaimed."""
    if older_than is None:
        older_than = timedelta(seconds=settings.MARKAZ_JOBS_RECLAIM_AFTER)
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        stale = list(
            JobRun.objects.select_for_update(skip_locked=True).filter(
                status=JobRun.Status.RUNNING, started_at__lte=cutoff
            )[:500]
        )
        for run in stale:
            _mark_engine_row_lost(run.task_id)
            _record_failure(
                run.pk,
                run.attempts,
                f"WorkerLost: worker {run.worker!r} stopped while running attempt {run.attempts}",
                lost=True,
            )
    return len(stale)


def redispatch_stranded(*, older_than: timedelta | None = None) -> int:
    """In-process engine only: runs still waiting long after they were due lost their
    message (the process stopped between the commit and the run); send it again. Safe,
    since running a run twice is a no-op. The database queue cannot lose messages."""
    if _durable():
        return 0
    if older_than is None:
        older_than = timedelta(seconds=settings.MARKAZ_JOBS_RECLAIM_AFTER)
    cutoff = timezone.now() - older_than
    stranded = JobRun.objects.filter(
        Q(status=JobRun.Status.QUEUED, created_at__lte=cutoff)
        | Q(status=JobRun.Status.RETRYING, run_after__lte=cutoff)
    ).order_by("pk")[:100]
    for run in stranded:
        _dispatch(run)
    return len(stranded)


def _mark_engine_row_lost(task_id: str) -> None:
    if not task_id or not _durable():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="markaz.jobs.engine.WorkerLost",
        traceback="The worker stopped before recording an outcome; reclaimed.",
    )


def prune(*, keep_days: int | None = None) -> int:
    """Delete finished runs (and their keys) older than `keep_days`, and old engine rows."""
    keep = settings.MARKAZ_JOBS_KEEP_DAYS if keep_days is None else keep_days
    cutoff = timezone.now() - timedelta(days=keep)
    deleted, _ = JobRun.objects.filter(
        status__in=[JobRun.Status.SUCCEEDED, JobRun.Status.FAILED], finished_at__lt=cutoff
    ).delete()
    if _durable():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(
            status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff
        ).delete()
    return deleted
