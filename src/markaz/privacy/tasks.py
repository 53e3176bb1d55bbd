"""Privacy's background job: the daily retention purge (queue it from `jobs/schedule.py`)."""

from __future__ import annotations

from markaz.jobs.engine import markaz_job


@markaz_job(retries=2, backoff=300, queue="maintenance")
def purge_expired_applications() -> None:
    """Remove answers and files of not-selected applications past the retention period."""
    from markaz.privacy.services import purge_expired_applications as purge

    purge()
