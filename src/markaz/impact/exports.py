"""Dashboard data and import error reports as CSV or XLSX."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook


def dashboard_header() -> list[str]:
    return [_("Code"), _("Indicator"), _("Unit"), _("Period"), _("Value"), _("Target"),
            _("Progress")]  # fmt: skip


def _safe(value):
    """Cells starting with = + - @ are formulas to a spreadsheet: neutralise text ones."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def to_csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()


def to_xlsx(header: list[str], rows, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def errors_csv(errors) -> str:
    return to_csv([_("Line"), _("Error")], [[line, message] for line, message in errors])
