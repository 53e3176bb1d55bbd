"""API of background jobs: the same list operators see on /ops/jobs/ (operators only)."""

from __future__ import annotations

from ninja import Query, Router

from markaz.core.api_auth import scope_of
from markaz.core.schemas import paginate, problems
from markaz.jobs import selectors
from markaz.jobs.schemas import JobRunFilters, JobRunOut, JobRunPage

router = Router()


@router.get(
    "/jobs",
    response={200: JobRunPage, **problems(401, 404, 422)},
    operation_id="list_jobs",
    summary="Recent background jobs, newest first, with failures and retries (operators)",
)
def list_jobs(request, filters: Query[JobRunFilters]):
    scope = scope_of(request)
    qs = selectors.runs_for(scope, status=filters.status, name=filters.name)
    return paginate(request, qs, filters)


@router.get(
    "/jobs/{job_id}",
    response={200: JobRunOut, **problems(401, 404)},
    operation_id="get_job",
    summary="One background job run (operators)",
)
def get_job(request, job_id: int):
    return selectors.get_run_for(scope_of(request), job_id)
