"""Pages of reports (history, review, evidence) and the bulk import."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.web import center_view, forbid_unless, paginate, query_without_page
from markaz.impact import exports, importer, selectors, services
from markaz.impact import permissions as perms
from markaz.impact.forms import EvidenceForm, ImportForm, ReviewForm
from markaz.impact.models import ReportStatus


@center_view()
def report_list(request):
    qs = selectors.reports_for(request.scope, request.center)
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    return render(request, "impact/report_list.html", {
        "page": paginate(request, qs), "query": query_without_page(request),
        "statuses": ReportStatus.choices, "status": status,
    })  # fmt: skip


@center_view()
def report_detail(request, pk: int):
    report = selectors.get_report_for(request.scope, request.center, pk)
    return render(request, "impact/report_detail.html", {
        "report": report,
        "revisions": selectors.revisions_of(report),
        "evidence": report.evidence.all(),
        "can_review": perms.can_review(request.scope, report),
        "can_submit": perms.can_submit(request.scope, report, report.venture),
        "review_form": ReviewForm(),
        "evidence_form": EvidenceForm(),
    })  # fmt: skip


@center_view()
@require_POST
def report_review(request, pk: int):
    report = selectors.get_report_for(request.scope, request.center, pk)
    forbid_unless(perms.can_review(request.scope, report))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_report(scope=request.scope, report=report, **form.cleaned_data)
            messages.success(request, _("Decision recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("impact-report-detail", center=request.center.slug, pk=report.pk)


@center_view()
@require_POST
def report_evidence(request, pk: int):
    report = selectors.get_report_for(request.scope, request.center, pk)
    forbid_unless(perms.can_submit(request.scope, report, report.venture))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                scope=request.scope, report=report, upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )  # fmt: skip
            messages.success(request, _("Evidence attached."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("impact-report-detail", center=request.center.slug, pk=report.pk)


@center_view()
def report_evidence_file(request, pk: int):
    report = selectors.get_report_for(request.scope, request.center, pk)
    raw = request.GET.get("id", "")
    item = report.evidence.filter(pk=int(raw)).first() if raw.isdigit() else None
    if item is None:
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True)


@center_view()
def import_page(request):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, report_link = [], ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importer.read_rows(upload.name, upload.read())
            written = importer.import_observations(
                scope=request.scope, center=request.center, rows=rows,
                verify=form.cleaned_data["verify"],
            )  # fmt: skip
        except importer.ImportFailed as exc:
            errors = exc.errors
            data = exports.errors_csv(errors).encode("utf-8-sig")
            report_link = "data:text/csv;base64," + base64.b64encode(data).decode()
        else:
            messages.success(request, _("Imported %(n)s values.") % {"n": written})
            return redirect("impact-report-list", center=request.center.slug)
    return render(request, "impact/import.html", {
        "form": form, "errors": errors, "report_link": report_link,
    })  # fmt: skip
