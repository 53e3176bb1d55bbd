"""Applications and their answers as CSV or XLSX, streamed so that 100k rows stay small.

CSV is produced row by row by a generator. XLSX uses openpyxl's write-only workbook (rows go
to a temporary file as they are appended), then the finished file is streamed in chunks.
Blind exports (for reviewers of a blind call) leave out everything that names the applicant.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook

from markaz.core.i18n import pick
from markaz.programs.formspec import display_value

CHUNK = 64 * 1024


class _Field:
    """A question as frozen in the answers, shaped like a FormField for `display_value`."""

    def __init__(self, spec: dict):
        self.key = spec.get("key")
        self.kind = spec.get("kind")
        self.choices = spec.get("choices") or []


def header(fields, *, blind: bool) -> list[str]:
    identity = [] if blind else [_("Venture"), _("Applicant"), _("Applicant email")]
    return [
        _("Reference"),
        *identity,
        _("Status"),
        _("Submitted at (UTC)"),
        *[f.label for f in fields],
    ]


def rows(applications, fields, *, blind: bool) -> Iterator[list]:
    """One row per application; answers from the frozen copy (the draft if not submitted)."""
    lang = None
    for a in applications.iterator(chunk_size=2000):
        frozen = {entry["key"]: entry for entry in a.frozen_answers or []}
        answers = []
        for f in fields:
            if f.key in frozen:
                spec = frozen[f.key]
                answers.append(display_value(_Field(spec), spec.get("value"), lang))
            else:
                answers.append(display_value(f, a.answers.get(f.key), lang))
        identity = (
            []
            if blind
            else [
                a.venture.name,
                a.applicant.get_full_name() or a.applicant.username,
                a.applicant.email,
            ]
        )
        submitted = a.submitted_at.strftime("%Y-%m-%d %H:%M:%S") if a.submitted_at else ""
        yield [a.reference, *identity, a.get_status_display(), submitted, *answers]


def _safe(value):
    """Cells starting with = + - @ are formulas to a spreadsheet: neutralise text ones."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(applications, fields, *, blind: bool) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the Arabic as UTF-8
    yield writer.writerow(header(fields, blind=blind))
    for row in rows(applications, fields, blind=blind):
        yield writer.writerow([_safe(v) for v in row])


def xlsx_stream(applications, fields, *, blind: bool) -> Iterator[bytes]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Applications"))
    sheet.append(header(fields, blind=blind))
    for row in rows(applications, fields, blind=blind):
        sheet.append([_safe(v) for v in row])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk


def label_of(spec: dict) -> str:
    return pick({"en": spec.get("label_en", ""), "ar": spec.get("label_ar", "")})


def in_language(iterator, language: str):
    """Run a lazy export generator with `language` active, whatever the thread does later."""
    from django.utils import translation

    iterator = iter(iterator)
    while True:
        with translation.override(language):
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item
