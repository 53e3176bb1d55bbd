"""`markaz worker`: run queued jobs (production, `MARKAZ_TASKS=database`).
`markaz scheduler`: queue the periodic jobs (audit seal every minute, federation sync, …).

Run one scheduler and one or more workers, e.g. as systemd services; both stop gracefully on
SIGTERM (a worker finishes its current job first).

Runs left "running" by a dead worker are reclaimed by the scheduler's tick (every few seconds)
and once when a worker starts, not in the worker's poll loop: one reclaimer suffices (reclaim
waits MARKAZ_JOBS_RECLAIM_AFTER anyway), and N workers polling every second would each add a
locking query per poll. A deployment therefore always runs the scheduler (it also seals the
audit chain).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def cmd_worker(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    _logging(args.verbose)
    from django_tasks_db.management.commands.db_worker import Worker

    from markaz.jobs import engine

    if not engine._durable():
        sys.exit(
            "markaz worker: jobs run in-process (MARKAZ_TASKS=immediate); "
            "set MARKAZ_TASKS=database to run them in workers."
        )
    worker_id = args.worker_id or f"{socket.gethostname()[:48]}:{os.getpid()}"
    engine._worker_id.set(worker_id)
    engine.reclaim_stale()  # jobs of a worker that died before this one started
    worker = Worker(
        queue_names=args.queues.split(","),
        interval=args.interval,
        batch=args.batch,
        backend_name="default",
        startup_delay=not args.batch,
        max_tasks=args.max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()  # SIGTERM/SIGINT: finish the current job, then exit
    worker.run()


def cmd_scheduler(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    _logging(args.verbose)
    from django.db import close_old_connections

    from markaz.jobs.schedule import tick

    log = logging.getLogger("markaz.jobs")
    if args.once:
        tick()
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    log.info("scheduler started (tick every %ss)", args.tick)
    while not stopping:
        close_old_connections()
        try:
            keys = tick()
            log.debug("tick: %s", ", ".join(keys))
        except Exception:
            log.exception("scheduler tick failed")
        deadline = time.monotonic() + args.tick
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.2)
    log.info("scheduler stopped")


def register(sub) -> None:
    p = sub.add_parser("worker", help="run background jobs (MARKAZ_TASKS=database)")
    p.add_argument(
        "--queues",
        default="*",
        help="comma-separated queues (default, email, maintenance) or * for all (default)",
    )
    p.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
    p.add_argument("--batch", action="store_true", help="run what is due, then exit")
    p.add_argument("--max-tasks", type=int, default=None, help="exit after this many jobs")
    p.add_argument("--worker-id", default="", help="unique name (default: host:pid)")
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("scheduler", help="queue periodic jobs (audit seal, federation sync)")
    p.add_argument("--tick", type=float, default=5.0, help="seconds between ticks")
    p.add_argument("--once", action="store_true", help="one tick, then exit")
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(func=cmd_scheduler)
