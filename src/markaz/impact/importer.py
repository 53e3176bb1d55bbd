"""Bulk import of observations from CSV or XLSX: every row checked, then all or nothing.

Columns (header row, any order): venture (id), indicator (code), period (start date
YYYY-MM-DD or a label such as 2026-Q1, 2026-03 or 2026), value; optional: dimension,
category, weight, unit, evidence. Rows of one venture and period make one report (a new
revision). A file with any bad row writes nothing and yields every error with its line.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.db import connection, transaction
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.impact import permissions as perms
from markaz.impact import services
from markaz.impact.models import (
    Indicator,
    Report,
    ReportingPeriod,
    ReportStatus,
    Revision,
    VentureIndicator,
)

REQUIRED = ("venture", "indicator", "period", "value")
OPTIONAL = ("dimension", "category", "weight", "unit", "evidence")


class ImportFailed(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def read_rows(name: str, data: bytes) -> Iterator[tuple[int, dict]]:
    """(line number, row) from CSV (UTF-8) or XLSX; the header is line 1."""
    if name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h or "").strip().casefold() for h in next(lines, ())]
        for number, values in enumerate(lines, start=2):
            if any(v not in (None, "") for v in values):
                yield (
                    number,
                    dict(zip(header, ["" if v is None else v for v in values], strict=False)),
                )
        return
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().casefold() for h in next(reader, [])]
    for values in reader:
        if any(v.strip() for v in values):
            yield reader.line_num, dict(zip(header, values, strict=False))


def _period_index(center) -> dict[str, ReportingPeriod]:
    index = {}
    for p in ReportingPeriod.objects.filter(center=center):
        index[p.starts_on.isoformat()] = p
        index.setdefault(p.label, p)
    return index


def _check_header(rows: list[tuple[int, dict]]) -> list[tuple[int, str]]:
    if not rows:
        return [(1, _("The file has no rows."))]
    missing = [c for c in REQUIRED if c not in rows[0][1]]
    if missing:
        return [(1, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})]
    return []


def validate(center, rows: list[tuple[int, dict]], progress: Callable | None = None):
    """Every row checked: (groups by (venture id, period), errors by line)."""
    errors = _check_header(rows)
    if errors:
        return {}, errors
    periods = _period_index(center)
    by_id = {i.pk: i for i in Indicator.objects.filter(center=center)}
    indicators: dict[int, dict] = defaultdict(dict)
    pairs = VentureIndicator.objects.filter(center=center).values_list("venture_id", "indicator_id")
    for venture_id, indicator_id in pairs.iterator(chunk_size=5000):
        indicator = by_id[indicator_id]
        indicators[venture_id][indicator.code] = indicator
    existing = set(Report.objects.filter(center=center).values_list("venture_id", "period_id"))
    groups: dict[tuple, list] = defaultdict(list)
    for line, row in rows:
        if progress:
            progress()
        raw_venture = str(row.get("venture", "")).strip()
        venture_id = int(raw_venture) if raw_venture.isdigit() else None
        if venture_id not in indicators:
            errors.append((line, _("Unknown venture %(v)s in this center.") % {"v": raw_venture}))
            continue
        period = periods.get(str(row.get("period", "")).strip()[:10])
        if period is None:
            errors.append((line, _("No reporting period %(p)s in this center (or its program).")
                           % {"p": row.get("period", "")}))  # fmt: skip
            continue
        if (venture_id, period.pk) in existing:
            errors.append((line, _("This venture already has a report for %(p)s; correct it on "
                                   "its page.") % {"p": period.label}))  # fmt: skip
            continue
        groups[(venture_id, period)].append(
            (line, {k: row.get(k, "") for k in REQUIRED + OPTIONAL})
        )
    clean_groups = {}
    for (venture_id, period), items in groups.items():
        clean, item_errors = services.check_values(indicators[venture_id], [i for _l, i in items])
        errors += [(items[index][0], message) for index, message in item_errors]
        clean_groups[(venture_id, period)] = clean
    return clean_groups, sorted(errors)


@transaction.atomic
def import_observations(
    *, scope: AccessScope, center, rows: list[tuple[int, dict]], verify: bool = False,
    progress: Callable | None = None,
) -> int:  # fmt: skip
    """Validate every row, then write all of them or none; returns the rows written."""
    services._require(perms.can_manage_impact(scope, center))
    groups, errors = validate(center, rows, progress)
    if errors:
        raise ImportFailed(errors)
    user = scope.user if scope.is_authenticated else None
    reports = Report.objects.bulk_create(
        [
            Report(center=center, venture_id=v, period=p, status=ReportStatus.SUBMITTED)
            for v, p in groups
        ]
    )
    revisions = Revision.objects.bulk_create(
        [Revision(report=r, number=1, reason="import", created_by=user) for r in reports]
    )
    # The observations go in with one executemany (the ORM's per-object work would dominate).
    observations = [
        (revision.pk, c["indicator"].pk, c["dimension"], c["category"], c["value"], c["weight"],
         c["evidence"])
        for revision, clean in zip(revisions, groups.values(), strict=True)
        for c in clean
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO impact_observation (revision_id, indicator_id, dimension, category, "
            "value, weight, evidence) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            observations,
        )
        cursor.executemany(
            "UPDATE impact_report SET current_id = %s WHERE id = %s",
            [(revision.pk, report.pk) for report, revision in zip(reports, revisions, strict=True)],
        )
    audit.record(
        action="impact.observations.imported", actor=scope.user, center=center,
        object_type="impact.report",
        changes={"rows": [None, len(observations)], "reports": [None, len(reports)]},
    )  # fmt: skip
    if verify:
        services.verify_reports(scope=scope, center=center, reports=reports)
    return len(observations)
