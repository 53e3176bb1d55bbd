"""Bulk import: every row checked, all or nothing, errors with line numbers; CLI and page."""

import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from markaz.cli import main
from markaz.core.access import scope_for
from markaz.impact import importer
from markaz.impact.models import Observation, Report, RollupCell

HEADER = "venture,indicator,period,dimension,category,value,weight,unit\n"


def _csv(impact_a, extra: str = "") -> bytes:
    v = impact_a["venture"].pk
    return (HEADER + f"{v},PEOPLE,2026-Q1,,,10,,persons\n"
            f"{v},PEOPLE,2026-Q1,gender,female,6,,\n"
            f"{v},PEOPLE,2026-Q1,gender,male,4,,\n"
            f"{v},SATISFIED,2026-01-01,,,80,25,%\n" + extra).encode()  # fmt: skip


def _rows(data: bytes, name="f.csv"):
    return importer.read_rows(name, data)


def test_a_clean_file_imports_every_row_as_submitted_reports(impact_a, staff_a, center_a):
    count = importer.import_observations(
        scope=scope_for(staff_a), center=center_a, rows=_rows(_csv(impact_a))
    )
    assert count == 4
    assert Report.objects.get().status == "submitted"
    assert not RollupCell.objects.exists()  # not verified yet


def test_importing_as_verified_fills_the_rollups(impact_a, staff_a, center_a):
    importer.import_observations(scope=scope_for(staff_a), center=center_a,
                                 rows=_rows(_csv(impact_a)), verify=True)  # fmt: skip
    assert Report.objects.get().status == "verified"
    assert RollupCell.objects.filter(n__gt=0).exists()


def test_a_malformed_file_writes_nothing_and_reports_every_bad_row(impact_a, staff_a, center_a):
    v = impact_a["venture"].pk
    extra = (f"999999,PEOPLE,2026-Q1,,,1,,\n"        # line 6: unknown venture
             f"{v},NOPE,2026-Q1,,,1,,\n"             # line 7: unknown indicator
             f"{v},PEOPLE,2031-Q4,,,1,,\n"           # line 8: no such period
             f"{v},SATISFIED,2026-Q1,,,140,,%\n"     # line 9: percentage > 100 (and dup)
             f"{v},PEOPLE,2026-Q1,,,1.5,,\n"         # line 10: a count is whole (and dup)
             f"{v},PEOPLE,2026-Q1,gender,other,x,,\n"  # line 11: not a number
             f"{v},PEOPLE,2026-Q1,,,3,,tonnes\n"    # line 12: wrong unit
             f"99999999999999999999999,PEOPLE,2026-Q1,,,1,,\n")  # line 13: huge id  # fmt: skip
    with pytest.raises(importer.ImportFailed) as exc:
        importer.import_observations(scope=scope_for(staff_a), center=center_a,
                                     rows=_rows(_csv(impact_a, extra)))  # fmt: skip
    errors = {}
    for line, message in exc.value.errors:
        errors.setdefault(line, []).append(message)
    assert set(errors) == {6, 7, 8, 9, 10, 11, 12, 13}
    expected = {6: "Unknown venture", 7: "Unknown indicator", 8: "No reporting period",
                9: "between 0 and 100", 10: "whole number", 11: "not a number",
                12: "Wrong unit", 13: "Unknown venture"}  # fmt: skip
    for line, words in expected.items():
        assert any(words in m for m in errors[line]), (line, errors[line])
    assert not Report.objects.exists() and not Observation.objects.exists()


def test_duplicates_and_disaggregations_that_do_not_add_up_are_refused(impact_a, staff_a, center_a):
    v = impact_a["venture"].pk
    lines = [
        f"{v},PEOPLE,2026-Q1,,,10,,",
        f"{v},PEOPLE,2026-Q1,,,10,,",
        f"{v},PEOPLE,2026-Q1,gender,female,3,,",
        f"{v},PEOPLE,2026-Q1,gender,male,3,,",
    ]
    data = (HEADER + "\n".join(lines) + "\n").encode()
    with pytest.raises(importer.ImportFailed) as exc:
        importer.import_observations(scope=scope_for(staff_a), center=center_a, rows=_rows(data))
    messages = dict(exc.value.errors)
    assert "Duplicate" in messages[3]
    assert "add up" in messages[5]
    assert not Observation.objects.exists()


def test_xlsx_files_import_too(impact_a, staff_a, center_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["venture", "indicator", "period", "value"])
    sheet.append([impact_a["venture"].pk, "PEOPLE", "2026-Q1", 12])
    out = io.BytesIO()
    book.save(out)
    rows = _rows(out.getvalue(), "f.xlsx")
    assert importer.import_observations(scope=scope_for(staff_a), center=center_a, rows=rows) == 1


def test_the_upload_page_offers_a_row_by_row_error_report(client, staff_a, center_a, impact_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_a)
    url = reverse("impact-import", kwargs={"center": center_a.slug})
    bad = SimpleUploadedFile("bad.csv", _csv(impact_a, "1,NOPE,2026-Q1,,,1,,\n"))
    page = client.post(url, {"file": bad})
    assert page.status_code == 200
    body = page.content.decode()
    assert "data:text/csv;base64," in body and "impact-import-errors.csv" in body
    assert not Report.objects.exists()
    good = SimpleUploadedFile("good.csv", _csv(impact_a))
    assert client.post(url, {"file": good}).status_code == 302
    assert Observation.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_command_imports_or_reports_errors_by_line(tmp_path, capsys, impact_a, admin_a):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(impact_a, "1,NOPE,2026-Q1,,,1,,\n"))
    with pytest.raises(SystemExit):
        main(["import", "impact", str(bad), "--center", "amal-hub", "--quiet",
              "--errors", str(tmp_path / "errors.csv")])  # fmt: skip
    assert "bad.csv:6:" in capsys.readouterr().err
    assert "6," in (tmp_path / "errors.csv").read_text()
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(impact_a))
    main(["impact", "import", str(good), "--center", "amal-hub", "--quiet"])
    assert Observation.objects.count() == 4


@pytest.mark.parametrize(
    ("name", "data"),
    [("f.csv", "venture,value\n1,\u00e9\n".encode("latin-1")), ("f.xlsx", b"PK\x03\x04 not a zip"),
     ("f.xlsx", b"plain text")],
)  # fmt: skip
def test_an_unreadable_file_is_one_clear_error_on_line_1(name, data):
    with pytest.raises(importer.ImportFailed) as exc:
        importer.read_rows(name, data)
    assert exc.value.errors == [(1, "The file could not be read as CSV (UTF-8) or XLSX.")]


def test_the_upload_page_explains_an_unreadable_file(client, staff_a, center_a, impact_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_a)
    url = reverse("impact-import", kwargs={"center": center_a.slug})
    page = client.post(url, {"file": SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 broken")})
    assert page.status_code == 200
    assert "could not be read" in page.content.decode()
    assert not Report.objects.exists()


# -- the set-based checks find exactly what the row-by-row rules of a report form find ---------


def _row_by_row_errors(center, rows):
    """The reference: each row checked in Python with the report form's rules."""
    from collections import defaultdict

    from markaz.impact import services
    from markaz.impact.models import Indicator, VentureIndicator

    errors = importer._check_header(rows)
    if errors:
        return errors
    periods = importer._period_index(center)
    by_id = {i.pk: i for i in Indicator.objects.filter(center=center)}
    indicators = defaultdict(dict)
    for v, i in VentureIndicator.objects.filter(center=center).values_list(
        "venture_id", "indicator_id"
    ):
        indicators[v][by_id[i].code] = by_id[i]
    existing = set(Report.objects.filter(center=center).values_list("venture_id", "period_id"))
    groups = defaultdict(list)
    for line, row in rows:
        raw = str(row.get("venture", "")).strip()
        venture = int(raw) if raw.isdigit() else None
        if venture not in indicators:
            errors.append((line, f"Unknown venture {raw} in this center."))
            continue
        period = periods.get(str(row.get("period", "")).strip()[:10])
        if period is None:
            errors.append((line, f"No reporting period {row.get('period', '')} in this center "
                                 "(or its program)."))  # fmt: skip
            continue
        if (venture, period.pk) in existing:
            errors.append((line, f"This venture already has a report for {period.label}; "
                                 "correct it on its page."))  # fmt: skip
            continue
        groups[(venture, period)].append((line, row))
    for (venture, _p), items in groups.items():
        _clean, item_errors = services.check_values(indicators[venture], [r for _l, r in items])
        errors += [(items[i][0], m) for i, m in item_errors]
    return sorted(errors)


cells = st.sampled_from
row_strategy = st.fixed_dictionaries({
    "venture": cells(["V", "V", "V", "999", "x"]),
    "indicator": cells(["PEOPLE", "PEOPLE", "SATISFIED", "PLACES", "NOPE"]),
    "period": cells(["2026-Q1", "2026-Q1", "2026-01-01", "2031-Q4"]),
    "dimension": cells(["", "", "gender", "age_band", "location"]),
    "category": cells(["", "female", "male", "other", "zz", "Amman"]),
    "value": cells(["10", "6", "4", "0", "1.5", "-1", "140", "x", "", "1,000", "80", "1e2"]),
    "weight": cells(["", "", "25", "0", "y"]),
    "unit": cells(["", "", "persons", "%", "tonnes", "PERSONS"]),
})  # fmt: skip


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(row_strategy, min_size=1, max_size=8), st.booleans())
def test_set_based_checks_equal_the_row_by_row_rules(impact_a, center_a, rows, reported):
    from django.db import connection, transaction

    from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory

    v = str(impact_a["venture"].pk)
    rows = [(n, {**r, "venture": v if r["venture"] == "V" else r["venture"]})
            for n, r in enumerate(rows, start=2)]  # fmt: skip

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            place = IndicatorFactory(center=center_a, code="PLACES", unit="sites",
                                     dimensions=["location", "gender"])  # fmt: skip
            VentureIndicatorFactory(venture=impact_a["venture"], indicator=place)
            if reported:  # the venture already reported for 2026-Q1
                Report.objects.create(center=center_a, venture=impact_a["venture"],
                                      period=impact_a["q1"])  # fmt: skip
            expected = _row_by_row_errors(center_a, rows)
            with connection.cursor() as cursor:
                assert importer.validate(cursor, center_a, rows) == expected
            raise Rollback
    except Rollback:
        pass
