from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from markaz.core.schemas import PageParams, page_of


class JobRunOut(Schema):
    id: int
    key: str = Field(description="Idempotency key: a key that succeeded never runs again.")
    name: str = Field(description="Dotted path of the job.")
    queue: str
    status: str = Field(description="queued, running, retrying, succeeded or failed.")
    attempts: int
    max_attempts: int
    run_after: datetime | None = Field(None, description="Earliest next attempt (retrying).")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    worker: str
    last_error: str


JobRunPage = page_of(JobRunOut, "JobRunPage")


class JobRunFilters(PageParams):
    status: str = Field("", description="Only runs in this status.")
    name: str = Field("", max_length=100, description="Only jobs whose name contains this.")
