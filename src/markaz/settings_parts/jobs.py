"""Settings of the jobs capability (see markaz.settings_parts).

`MARKAZ_TASKS=immediate` (the default: demo, development, tests) runs every job in-process
right after the transaction that queued it commits. `MARKAZ_TASKS=database` (production)
stores jobs in the database and `markaz worker` processes run them.
"""

from markaz.envconf import env_int, env_str

QUEUES = ["default", "email", "maintenance"]

BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}


def apply(s: dict) -> None:
    """Change the settings namespace `s` in place."""
    engine = env_str("MARKAZ_TASKS", "immediate")
    if engine not in BACKENDS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("MARKAZ_TASKS must be immediate, database or dummy.")
    apps = s["INSTALLED_APPS"]
    for app in ("django_tasks", "django_tasks_db"):
        if app not in apps:
            apps.insert(apps.index("markaz.jobs") if "markaz.jobs" in apps else len(apps), app)
    s["TASKS"] = {"default": {"BACKEND": BACKENDS[engine], "QUEUES": QUEUES}}
    # A job still marked running this long after it started, and no longer locked by a live
    # worker, is reclaimed and retried (its worker died).
    s["MARKAZ_JOBS_RECLAIM_AFTER"] = env_int("MARKAZ_JOBS_RECLAIM_AFTER", 15 * 60)
    # Finished job records (and their idempotency keys) are kept this many days.
    s["MARKAZ_JOBS_KEEP_DAYS"] = env_int("MARKAZ_JOBS_KEEP_DAYS", 30)
