"""Scores of a round per application × reviewer × criterion, as CSV (streamed) or XLSX
(openpyxl write_only). Blind-aware: under blind review the applicant's identity is replaced by
the application's reference for everyone, staff included, so a file can be passed on."""

from __future__ import annotations

import csv
import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook

from markaz.review.models import Assignment, AssignmentStatus, Round
from markaz.review.presentation import reviewer_label


def header() -> list[str]:
    return [
        _("Round"), _("Application"), _("Venture"), _("Reviewer"), _("Status"),
        _("Criterion"), _("Weight"), _("Score"), _("Weighted total of the review"),
        _("Submitted at"), _("Comment"), _("Comment shared with the applicant"),
    ]  # fmt: skip


def rows(round_: Round):
    blind = round_.call.blind_review
    criteria = list(round_.rubric.criteria.order_by("position", "id"))
    weight = sum(float(c.weight) for c in criteria) or 1.0
    assignments = (
        Assignment.objects.filter(round=round_)
        .exclude(status=AssignmentStatus.RECUSED)
        .select_related("application", "application__venture", "reviewer", "reviewer__person")
        .prefetch_related("scores")
        .order_by("application_id", "reviewer__username", "id")
    )
    for a in assignments.iterator(chunk_size=500):
        values = {s.criterion_id: s.value for s in a.scores.all()}
        total = (
            round(sum(float(c.weight) * values[c.pk] for c in criteria) / weight, 4)
            if criteria and all(c.pk in values for c in criteria)
            else ""
        )
        venture = "" if blind else a.application.venture.name
        for c in criteria:
            yield [
                round_.name, a.application.reference, venture, reviewer_label(a.reviewer),
                a.get_status_display(), c.name, float(c.weight), values.get(c.pk, ""), total,
                a.submitted_at.isoformat() if a.submitted_at else "", a.comment,
                _("yes") if a.comment_shared else _("no"),
            ]  # fmt: skip


def _safe(value):
    """Cells starting with = + - @ are formulas to a spreadsheet: neutralise text ones."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(round_: Round):
    """One CSV line at a time, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheet programs read the BOM as UTF-8 (Arabic names)
    yield writer.writerow(header())
    for row in rows(round_):
        yield writer.writerow([_safe(v) for v in row])


def xlsx_file(round_: Round):
    """The workbook written row by row (write_only) into a temporary file, rewound."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Scores"))
    sheet.append(header())
    for row in rows(round_):
        sheet.append([_safe(v) for v in row])
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the FileResponse)
    book.save(out)
    out.seek(0)
    return out
