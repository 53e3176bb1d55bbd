"""Worker processes against one PostgreSQL database (skipped on SQLite)."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction

from markaz.jobs import engine
from markaz.jobs.models import JobAttempt, JobRun
from markaz.jobs.tests.sample_jobs import (
    create_probe_table,
    drop_probe_table,
    insert_probe,
    probe_rows,
)

pytestmark = pytest.mark.django_db(transaction=True)
DEADLINE = 30.0


@pytest.fixture
def postgres(transactional_db, database_queue):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need PostgreSQL (SELECT … FOR UPDATE SKIP LOCKED)")
    create_probe_table()
    yield
    drop_probe_table()


def _database_url() -> str:
    d = connection.settings_dict
    password = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return f"postgres://{d['USER']}{password}@{d['HOST']}:{d['PORT'] or 5432}/{d['NAME']}"


def start_worker(name: str, tmp_path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "MARKAZ_TASKS": "database"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "markaz.cli", "worker", "--worker-id", name, "--interval", "0.05"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, what: str):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def stop(*workers: subprocess.Popen) -> None:
    for w in workers:
        if w.poll() is None:
            w.send_signal(signal.SIGTERM)
    for w in workers:
        try:
            w.wait(timeout=10)
        except subprocess.TimeoutExpired:
            w.kill()
            w.wait()


def is_locked(run_id: int) -> bool:
    with transaction.atomic():
        free = JobRun.objects.select_for_update(skip_locked=True).filter(pk=run_id)
        return not free.exists()


def test_two_workers_never_take_the_same_job(postgres, tmp_path):
    from django_tasks_db.models import DBTaskResult

    workers = [start_worker("w1", tmp_path), start_worker("w2", tmp_path)]
    try:
        with transaction.atomic():
            for n in range(200):
                insert_probe.enqueue(f"row-{n:03}")
        done = JobRun.objects.filter(status__in=["succeeded", "failed"])
        wait_for(lambda: done.count() == 200, "200 jobs")
    finally:
        stop(*workers)
    rows = probe_rows()
    assert len(rows) == 200
    assert len({key for key, _ in rows}) == 200
    assert {attempt for _, attempt in rows} == {1}
    assert set(JobRun.objects.values_list("status", "attempts")) == {("succeeded", 1)}
    assert not JobRun.objects.exclude(last_error="").exists()  # no IntegrityError anywhere
    assert all(len(ids) == 1 for ids in DBTaskResult.objects.values_list("worker_ids", flat=True))
    assert set(JobRun.objects.values_list("worker", flat=True)) <= {"w1", "w2"}


def test_a_job_whose_worker_is_killed_is_reclaimed_and_runs_once(postgres, tmp_path):
    from markaz.jobs.tests.test_engine import run_worker_batch

    worker = start_worker("doomed", tmp_path)
    try:
        run = insert_probe.enqueue("hang", hang_on_first_attempt=True, key="probe:hang")
        wait_for(lambda: JobRun.objects.get(pk=run.pk).status == "running", "the job to start")
        wait_for(lambda: is_locked(run.pk), "the worker to hold the job")
        # Alive and holding its lock: never reclaimed, however old.
        assert engine.reclaim_stale(older_than=timedelta(0)) == 0
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        stop(worker)
    reclaimed = []
    wait_for(
        lambda: reclaimed.append(engine.reclaim_stale(older_than=timedelta(0))) or any(reclaimed),
        "reclaim",
    )
    run.refresh_from_db()
    assert run.status == JobRun.Status.RETRYING
    assert run.attempt_log.get(number=1).outcome == JobAttempt.Outcome.LOST
    run_worker_batch()
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobRun.Status.SUCCEEDED, 2)
    assert probe_rows() == [("hang", 2)]  # the killed attempt's insert was rolled back
    assert insert_probe.enqueue("hang", key="probe:hang").pk == run.pk  # and stays done
    assert engine.execute(run.pk) == "skipped"
    assert probe_rows() == [("hang", 2)]
