from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from markaz.jobs import engine
from markaz.jobs.models import JobAttempt, JobRun
from markaz.jobs.tests.sample_jobs import always_fails, insert_probe, probe_rows


class Boom(Exception):
    pass


def run_worker_batch():
    """Run the engine's worker loop in this process until nothing is due."""
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The loop closes idle connections between jobs; the test's own must stay open.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()


def make_retries_due():
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def test_a_job_queued_in_a_transaction_that_rolls_back_never_runs(
    probe_table, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        insert_probe.enqueue("rolled-back")
        raise Boom
    assert probe_rows() == []
    assert not JobRun.objects.exists()


def test_a_rolled_back_transaction_leaves_nothing_in_the_database_queue(
    probe_table, database_queue
):
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(Boom), transaction.atomic():
        insert_probe.enqueue("rolled-back")
        assert DBTaskResult.objects.count() == 1  # queued in the same transaction
        raise Boom
    assert not DBTaskResult.objects.exists()
    run_worker_batch()
    assert probe_rows() == []


def test_a_committed_job_runs_once_on_commit_in_process(
    probe_table, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = insert_probe.enqueue("one", key="probe:one")
    run.refresh_from_db()
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.attempts == 1
    assert probe_rows() == [("one", 1)]


def test_an_idempotency_key_makes_a_second_run_a_no_op(
    probe_table, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = insert_probe.enqueue("once", key="probe:once")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = insert_probe.enqueue("once", key="probe:once")
    assert second.pk == first.pk
    assert callbacks == []  # nothing dispatched
    assert engine.execute(first.pk) == "skipped"  # a duplicate delivery does nothing
    assert probe_rows() == [("once", 1)]
    assert JobRun.objects.get().attempts == 1


def test_a_worker_delivering_the_same_run_twice_has_one_effect(probe_table, database_queue):
    run = insert_probe.enqueue("twice", key="probe:twice")
    engine._dispatch(run)  # the engine delivers the message a second time
    run_worker_batch()
    assert probe_rows() == [("twice", 1)]
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobRun.Status.SUCCEEDED, 1)


def test_a_failing_job_is_retried_with_exponential_backoff_and_stops_after_n(
    database_queue, caplog
):
    from django_tasks_db.models import DBTaskResult

    run = always_fails.enqueue("smtp down")  # retries=2, backoff=10 s
    delays = []
    for attempt in (1, 2, 3):
        before = timezone.now()
        run_worker_batch()
        run.refresh_from_db()
        assert run.attempts == attempt
        if attempt < 3:
            assert run.status == JobRun.Status.RETRYING
            delays.append(round((run.run_after - before).total_seconds()))
            pending = DBTaskResult.objects.get(status="READY")
            assert pending.run_after == run.run_after  # the engine waits as long
            run_worker_batch()  # not due yet: nothing runs
            run.refresh_from_db()
            assert run.attempts == attempt
            make_retries_due()
    assert delays == [10, 20]
    assert run.status == JobRun.Status.FAILED
    assert "smtp down" in run.last_error
    assert not DBTaskResult.objects.filter(status="READY").exists()
    outcomes = list(run.attempt_log.values_list("number", "outcome"))
    assert outcomes == [(1, "failed"), (2, "failed"), (3, "failed")]
    assert any("failed after 3 attempts" in r.getMessage() for r in caplog.records)


def test_in_process_retries_happen_at_once_and_never_reach_the_caller(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = always_fails.enqueue("bad input")
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobRun.Status.FAILED, 3)


def test_a_failed_key_queued_again_gets_fresh_attempts(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = always_fails.enqueue("x", key="fails")
    with django_capture_on_commit_callbacks(execute=True):
        again = always_fails.enqueue("x", key="fails")
    again.refresh_from_db()
    assert again.pk == run.pk
    assert (again.status, again.attempts, again.max_attempts) == ("failed", 6, 6)


def test_backoff_doubles_per_attempt_and_is_capped():
    assert [engine.backoff_delay(30, n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert engine.backoff_delay(30, 40) == engine.MAX_BACKOFF


def test_a_run_left_running_by_a_dead_worker_is_reclaimed_and_retried(probe_table, database_queue):
    run = insert_probe.enqueue("orphan")
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.RUNNING, attempts=1, started_at=timezone.now() - timedelta(hours=1)
    )
    JobAttempt.objects.create(run=run, number=1, started_at=timezone.now())
    assert engine.reclaim_stale(older_than=timedelta(minutes=15)) == 1
    run.refresh_from_db()
    assert run.status == JobRun.Status.RETRYING
    assert "WorkerLost" in run.last_error
    assert run.attempt_log.get(number=1).outcome == JobAttempt.Outcome.LOST
    run_worker_batch()
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobRun.Status.SUCCEEDED, 2)
    assert probe_rows() == [("orphan", 2)]


def test_a_recently_started_run_is_not_reclaimed(probe_table, database_queue):
    run = insert_probe.enqueue("busy")
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.RUNNING, attempts=1, started_at=timezone.now()
    )
    assert engine.reclaim_stale(older_than=timedelta(minutes=15)) == 0


def test_pruning_forgets_old_finished_runs_only(db):
    old = timezone.now() - timedelta(days=40)
    JobRun.objects.create(key="old", name="x", status="succeeded", finished_at=old)
    JobRun.objects.create(key="new", name="x", status="succeeded", finished_at=timezone.now())
    JobRun.objects.create(key="waiting", name="x", status="retrying", finished_at=old)
    assert engine.prune(keep_days=30) == 1
    assert set(JobRun.objects.values_list("key", flat=True)) == {"new", "waiting"}


def test_an_in_process_run_whose_message_was_lost_is_sent_again(
    probe_table, django_capture_on_commit_callbacks
):
    run = insert_probe.enqueue("stranded")  # the commit callback never ran
    JobRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert engine.redispatch_stranded(older_than=timedelta(minutes=15)) == 1
    run.refresh_from_db()
    assert run.status == JobRun.Status.SUCCEEDED
    assert probe_rows() == [("stranded", 1)]
    assert engine.redispatch_stranded(older_than=timedelta(0)) == 0
