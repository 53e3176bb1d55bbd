"""The ledger as CSV or XLSX, for whoever may read those entries."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook


def _header() -> list[str]:
    return [
        _("Entry"), _("Posted at"), _("Date"), _("Kind"), _("Account"), _("Direction"),
        _("Amount"), _("Currency"), _("Amount in the fund's currency"), _("Fund"), _("Award"),
        _("Milestone"), _("Reverses"), _("Method"), _("External reference"), _("Memo"),
    ]  # fmt: skip


def _rows(entries):
    for e in entries.iterator(chunk_size=2000):
        yield [
            e.pk, e.posted_at.isoformat(), e.entry_date.isoformat(), e.get_kind_display(),
            e.get_account_display(), e.direction, e.amount, e.currency, e.fund_amount,
            e.fund.name, e.award.title, e.milestone_id or "", e.reverses_id or "",
            e.get_method_display(), e.external_reference, e.memo,
        ]  # fmt: skip


def _safe(value):
    """Cells starting with = + - @ are formulas to a spreadsheet: neutralise text ones."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def ledger_csv(entries) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    for row in _rows(entries):
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()


def ledger_xlsx(entries) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Ledger"))
    sheet.append(_header())
    for row in _rows(entries):
        sheet.append([_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
