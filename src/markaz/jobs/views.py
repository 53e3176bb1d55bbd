"""The operators' page of background jobs: recent runs, failures and retries."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from markaz.core.web import paginate, query_without_page
from markaz.jobs import selectors
from markaz.jobs.models import JobRun


def job_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    status = request.GET.get("status", "")
    if status not in JobRun.Status.values:
        status = ""
    name = request.GET.get("name", "")[:100]
    runs = selectors.runs_for(request.scope, status=status, name=name)
    return render(
        request,
        "jobs/job_list.html",
        {
            "page": paginate(request, runs),
            "query": query_without_page(request),
            "summary": selectors.summary_for(request.scope),
            "statuses": JobRun.Status.choices,
            "status": status,
            "name": name,
        },
    )


def job_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    run = selectors.get_run_for(request.scope, pk)
    return render(request, "jobs/job_detail.html", {"run": run})
