"""Bulk import of observations from CSV or XLSX: every row checked, then all or nothing.

Columns (header row, any order): venture (id), indicator (code), period (start date
YYYY-MM-DD or a label such as 2026-Q1, 2026-03 or 2026), value; optional: dimension,
category, weight, unit, evidence. Rows of one venture and period make one report (a new
revision). A file with any bad row writes nothing and yields every error with its line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.impact import aggregation as agg
from markaz.impact import permissions as perms
from markaz.impact import services
from markaz.impact.models import CATEGORIES, Indicator, Report, ReportingPeriod

REQUIRED = ("venture", "indicator", "period", "value")
OPTIONAL = ("dimension", "category", "weight", "unit", "evidence")


class ImportFailed(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def read_rows(name: str, data: bytes) -> list[tuple[int, dict]]:
    """(line number, row) from CSV (UTF-8) or XLSX; the header is line 1. A file that cannot
    be read raises ImportFailed with one error on line 1 (never a crash)."""
    try:
        return list(_rows(name, data))
    except (ValueError, KeyError, OSError, csv.Error, zipfile.BadZipFile, InvalidFileException):
        # UnicodeDecodeError is a ValueError; a damaged XLSX raises any of the others.
        raise ImportFailed([(1, _("The file could not be read as CSV (UTF-8) or XLSX."))]) from None


def _rows(name: str, data: bytes) -> Iterator[tuple[int, dict]]:
    if name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
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


# -- set-based validation ---------------------------------------------------------------------
# The rows go into a temporary staging table (COPY on PostgreSQL, one executemany on SQLite);
# one SELECT joins them with the catalog and finds each row's first problem, a window finds
# duplicates, a GROUP BY checks disaggregations; then three INSERT … SELECT statements write
# reports, revisions and observations. All inside the caller's transaction.

STAGE = "impact_import_stage"
STAGE_COLUMNS = ("line", "venture_id", "period_id", "indicator", "dimension", "category",
                 "value", "weight", "unit", "evidence")  # fmt: skip
NUMBER = r"^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"


def _stage_rows(rows, periods: dict) -> Iterator[tuple]:
    for line, row in rows:
        get = row.get
        venture = str(get("venture", "")).strip()
        period = periods.get(str(get("period", "")).strip()[:10])
        yield (
            line, int(venture) if venture.isdecimal() and len(venture) < 19 else None,
            period.pk if period is not None else None,
            str(get("indicator") or "").strip(), str(get("dimension") or "").strip(),
            str(get("category") or "").strip(),
            str(get("value", "")).strip().replace(",", "") if get("value") is not None else "",
            "" if get("weight") is None else str(get("weight")).strip().replace(",", ""),
            str(get("unit") or "").strip(),
            str(get("evidence") or "")[:500],
        )  # fmt: skip


def _create_temp_tables(cursor, center) -> None:
    for table in (STAGE, "impact_import_checked", "impact_import_dims", "impact_import_cats"):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (line integer, venture_id bigint, period_id bigint, "
        "indicator text, dimension text, category text, value text, weight text, unit text, "
        "evidence text)"
    )
    cursor.execute("CREATE TEMPORARY TABLE impact_import_dims (indicator_id bigint, "
                   "dimension varchar(20))")  # fmt: skip
    cursor.execute("CREATE TEMPORARY TABLE impact_import_cats (dimension varchar(20), "
                   "category varchar(60))")  # fmt: skip
    dims = [(pk, d) for pk, ds in Indicator.objects.filter(center=center).values_list(
        "pk", "dimensions") for d in (ds or [])]  # fmt: skip
    if dims:
        cursor.executemany("INSERT INTO impact_import_dims VALUES (%s, %s)", dims)
    cursor.executemany(
        "INSERT INTO impact_import_cats VALUES (%s, %s)",
        [(dim, code) for dim, cats in CATEGORIES.items() for code, _label in cats],
    )


def _load(cursor, staged: Iterator[tuple]) -> None:
    columns = ", ".join(STAGE_COLUMNS)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
            for row in staged:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
        sql = f"INSERT INTO {STAGE} ({columns}) VALUES ({marks})"  # noqa: S608 (constants)
        cursor.executemany(sql, staged)


def _matches(column: str) -> str:
    op = "~" if connection.vendor == "postgresql" else "REGEXP"
    return f"{column} {op} %s"


CHECK = """
CREATE TEMPORARY TABLE impact_import_checked AS
SELECT s.line, s.venture_id, s.period_id, vi.indicator_id, s.dimension, s.category, s.num,
       s.wnum, s.evidence, ind.kind, ind.aggregation, ind.unit AS ind_unit,
  CASE
    WHEN vv.venture_id IS NULL THEN 'venture'
    WHEN s.period_id IS NULL THEN 'period'
    WHEN r.id IS NOT NULL THEN 'exists'
    WHEN vi.id IS NULL THEN 'indicator'
    WHEN s.num IS NULL THEN 'number'
    WHEN ind.kind = 'count' AND (s.num < 0 OR s.num <> ROUND(s.num)) THEN 'count'
    WHEN ind.kind = 'percentage' AND (s.num < 0 OR s.num > 100) THEN 'percentage'
    WHEN ind.kind = 'boolean' AND s.num <> 0 AND s.num <> 1 THEN 'boolean'
    WHEN ind.kind = 'scale' AND (s.num < ind.scale_min OR s.num > ind.scale_max) THEN 'scale'
    WHEN ind.kind = 'ratio' AND s.num < 0 THEN 'ratio'
    WHEN s.weight <> '' AND (s.wnum IS NULL OR s.wnum <= 0) THEN 'weight'
    WHEN s.dimension <> '' AND d.indicator_id IS NULL THEN 'dimension'
    WHEN (s.dimension = '' AND s.category <> '') OR (s.dimension <> '' AND s.category = '')
      THEN 'pair'
    WHEN s.dimension <> '' AND EXISTS (SELECT 1 FROM impact_import_cats f
                                       WHERE f.dimension = s.dimension)
         AND c.category IS NULL THEN 'category'
    WHEN LENGTH(s.category) > 60 THEN 'category'
    WHEN s.unit <> '' AND LOWER(s.unit) <> LOWER(ind.unit) THEN 'unit'
  END AS err
FROM (SELECT st.*,
             CASE WHEN {value_ok} THEN CAST(st.value AS NUMERIC) END AS num,
             CASE WHEN {weight_ok} THEN CAST(st.weight AS NUMERIC) END AS wnum
      FROM impact_import_stage st) s
LEFT JOIN (SELECT DISTINCT venture_id FROM impact_ventureindicator WHERE center_id = %s) vv
  ON vv.venture_id = s.venture_id
LEFT JOIN impact_report r ON r.venture_id = s.venture_id AND r.period_id = s.period_id
LEFT JOIN impact_indicator ind ON ind.center_id = %s AND ind.code = s.indicator
LEFT JOIN impact_ventureindicator vi
  ON vi.venture_id = s.venture_id AND vi.indicator_id = ind.id AND vi.center_id = %s
LEFT JOIN impact_import_dims d ON d.indicator_id = ind.id AND d.dimension = s.dimension
LEFT JOIN impact_import_cats c ON c.dimension = s.dimension AND c.category = s.category
"""

DUPLICATES = """
UPDATE impact_import_checked SET err = 'duplicate' WHERE err IS NULL AND line IN (
  SELECT line FROM (
    SELECT line, ROW_NUMBER() OVER (PARTITION BY venture_id, period_id, indicator_id,
                                    dimension, category ORDER BY line) AS k
    FROM impact_import_checked WHERE err IS NULL) t
  WHERE k > 1)
"""

DISAGGREGATIONS = """
SELECT c.dimension, MIN(c.line), MAX(c.line), SUM(c.num), MAX(t.num), COUNT(t.line),
       MAX(c.kind), MAX(c.aggregation)
FROM impact_import_checked c
LEFT JOIN impact_import_checked t
  ON t.err IS NULL AND t.dimension = '' AND t.venture_id = c.venture_id
     AND t.period_id = c.period_id AND t.indicator_id = c.indicator_id
WHERE c.err IS NULL AND c.dimension <> ''
GROUP BY c.venture_id, c.period_id, c.indicator_id, c.dimension
"""


def _number(x) -> str:
    d = Decimal(str(x))
    return str(d.to_integral_value()) if d == d.to_integral_value() else str(d.normalize())


def _message(code: str, row: dict, period, ind_unit: str) -> str:
    """The words for a row's problem: the same as a report form's (`services.check_values`)."""
    if code == "venture":
        return _("Unknown venture %(v)s in this center.") % {
            "v": str(row.get("venture", "")).strip()}  # fmt: skip
    if code == "period":
        return _("No reporting period %(p)s in this center (or its program).") % {
            "p": row.get("period", "")}  # fmt: skip
    if code == "exists":
        return _("This venture already has a report for %(p)s; correct it on its page.") % {
            "p": period.label}  # fmt: skip
    if code == "indicator":
        code_ = str(row.get("indicator") or "").strip()
        return _("Unknown indicator %(code)s for this venture.") % {"code": code_}
    simple = {
        "number": _("The value is not a number."),
        "count": _("A count is a whole number, zero or more."),
        "percentage": _("A percentage lies between 0 and 100."),
        "boolean": _("A yes/no answer is 1 (yes) or 0 (no)."),
        "scale": _("The value lies outside the scale."),
        "ratio": _("A ratio cannot be negative."),
        "weight": _("The weight must be a positive number."),
        "pair": _("Give both the dimension and the category, or neither."),
        "duplicate": _("Duplicate value (same indicator and category)."),
    }
    if code in simple:
        return str(simple[code])
    if code == "dimension":
        return _("This indicator is not disaggregated by %(dim)s.") % {
            "dim": str(row.get("dimension") or "").strip()}  # fmt: skip
    if code == "category":
        return _("Unknown category %(cat)s.") % {"cat": str(row.get("category") or "").strip()}
    return _("Wrong unit: this indicator is in %(unit)s.") % {"unit": ind_unit}


def _errors(cursor, rows, periods_by_pk) -> list[tuple[int, str]]:
    cursor.execute(
        "SELECT line, err, period_id, ind_unit FROM impact_import_checked WHERE err IS NOT NULL"
    )
    found = cursor.fetchall()
    errors = []
    by_line = dict(rows) if found else {}
    for line, code, period_id, ind_unit in found:
        period = periods_by_pk.get(period_id)
        errors.append((line, _message(code, by_line[line], period, ind_unit)))
    cursor.execute(DISAGGREGATIONS)
    for dim, first, last, added, total, totals, kind, rule in cursor.fetchall():
        if not totals:
            errors.append((first, _("Report the total before its categories.")))
            continue
        if kind not in agg.ADDITIVE_KINDS or rule not in (agg.SUM, agg.LATEST):
            continue
        added, total = Decimal(str(added)), Decimal(str(total))
        if (dim in CATEGORIES and added != total) or (dim not in CATEGORIES and added > total):
            errors.append((last, _(
                "The categories of %(dim)s add up to %(sum)s, not to the total %(total)s."
            ) % {"dim": dim, "sum": _number(added), "total": _number(total)}))  # fmt: skip
    return sorted(errors)


def validate(cursor, center, rows: list[tuple[int, dict]]) -> list[tuple[int, str]]:
    """Stage and check every row with set-based SQL; the errors by line (none: all good).
    Leaves the checked rows in the temporary table `impact_import_checked`."""
    periods = _period_index(center)
    _create_temp_tables(cursor, center)
    _load(cursor, _stage_rows(rows, periods))
    sql = CHECK.format(value_ok=_matches("st.value"), weight_ok=_matches("st.weight"))
    if connection.vendor == "postgresql":  # temporary tables have no statistics until asked;
        cursor.execute(f"ANALYZE {STAGE}")  # compiling these one-off joins (JIT) costs more
        cursor.execute("SET LOCAL jit = off")  # than it saves (this transaction only)
    cursor.execute(sql, [NUMBER, NUMBER, center.pk, center.pk, center.pk])
    if connection.vendor == "postgresql":
        cursor.execute("ANALYZE impact_import_checked")
    cursor.execute(DUPLICATES)
    return _errors(cursor, rows, {p.pk: p for p in periods.values()})


WRITE_REPORTS = """
INSERT INTO impact_report (center_id, venture_id, period_id, status, review_note, created_at)
SELECT DISTINCT %s, venture_id, period_id, 'submitted', '', %s FROM impact_import_checked
"""
NEW_REPORTS = """
SELECT r.id FROM impact_report r
JOIN (SELECT DISTINCT venture_id, period_id FROM impact_import_checked) n
  ON n.venture_id = r.venture_id AND n.period_id = r.period_id
WHERE r.center_id = %s
"""
WRITE_REVISIONS = f"""
INSERT INTO impact_revision (report_id, number, reason, created_by_id, created_at,
                             new_beneficiaries)
SELECT r.id, 1, 'import', %s, %s, 0 FROM ({NEW_REPORTS}) r
"""  # noqa: S608 (constants only)
WRITE_OBSERVATIONS = """
INSERT INTO impact_observation (revision_id, indicator_id, dimension, category, value, weight,
                                evidence)
SELECT v.id, c.indicator_id, c.dimension, c.category, c.num, c.wnum, c.evidence
FROM impact_import_checked c
JOIN impact_report r ON r.venture_id = c.venture_id AND r.period_id = c.period_id
JOIN impact_revision v ON v.report_id = r.id AND v.number = 1
"""
SET_CURRENT = f"""
UPDATE impact_report SET current_id = (
  SELECT v.id FROM impact_revision v WHERE v.report_id = impact_report.id AND v.number = 1)
WHERE id IN ({NEW_REPORTS})
"""  # noqa: S608 (constants only)


@transaction.atomic
def import_observations(
    *, scope: AccessScope, center, rows: list[tuple[int, dict]], verify: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> int:  # fmt: skip
    """Validate every row, then write all of them or none; returns the rows written."""
    services._require(perms.can_manage_impact(scope, center))
    errors = _check_header(rows)
    if errors:
        raise ImportFailed(errors)
    user = scope.user if scope.is_authenticated else None
    with connection.cursor() as cursor:
        errors = validate(cursor, center, rows)
        if progress:
            progress("checked", len(rows))
        if errors:
            raise ImportFailed(errors)
        now = timezone.now()
        cursor.execute(WRITE_REPORTS, [center.pk, now])
        cursor.execute(WRITE_REVISIONS, [user.pk if user else None, now, center.pk])
        cursor.execute(WRITE_OBSERVATIONS)
        written = cursor.rowcount
        cursor.execute(SET_CURRENT, [center.pk])
        cursor.execute(NEW_REPORTS, [center.pk])
        report_ids = [pk for (pk,) in cursor.fetchall()]
        for table in (STAGE, "impact_import_checked", "impact_import_dims", "impact_import_cats"):
            cursor.execute(f"DROP TABLE {table}")
    audit.record(
        action="impact.observations.imported", actor=scope.user, center=center,
        object_type="impact.report",
        changes={"rows": [None, written], "reports": [None, len(report_ids)]},
    )  # fmt: skip
    if verify:
        reports = list(Report.objects.filter(pk__in=report_ids))
        services.verify_reports(scope=scope, center=center, reports=reports)
    return written
