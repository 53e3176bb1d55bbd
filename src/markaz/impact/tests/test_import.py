"""Bulk import: every row checked, all or nothing, errors with line numbers; CLI and page."""

import io

import pytest
from django.urls import reverse
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
    return list(importer.read_rows(name, data))


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
             f"{v},PEOPLE,2026-Q1,,,3,,tonnes\n")  # line 12: wrong unit  # fmt: skip
    with pytest.raises(importer.ImportFailed) as exc:
        importer.import_observations(scope=scope_for(staff_a), center=center_a,
                                     rows=_rows(_csv(impact_a, extra)))  # fmt: skip
    lines = {line for line, _m in exc.value.errors}
    assert {6, 7, 8, 9, 10, 11, 12} <= lines
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
