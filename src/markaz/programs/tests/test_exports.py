"""Exports of applications: streamed, the right columns, identity hidden when blind."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from markaz.programs.tests.fixtures import assign_reviewer, submit


@pytest.fixture
def submitted(application_a, innovator_a):
    submit(application_a, innovator_a)
    application_a.refresh_from_db()
    return application_a


def _url(name, application, **query):
    url = reverse(name, kwargs={"center": application.center.slug, "pk": application.call_id})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_staff_csv_is_streamed_with_identity_and_one_column_per_question(
    client, submitted, staff_a
):
    client.force_login(staff_a)
    rows = _csv_rows(client.get(_url("programs-call-export-csv", submitted)))
    header, row = rows
    assert header[:6] == [
        "Reference", "Venture", "Applicant", "Applicant email", "Status", "Submitted at (UTC)",
    ]  # fmt: skip
    assert header[6:] == [
        "Pitch", "Your story", "Budget", "Sector", "Needs", "Start date", "Website",
        "Contact email",
    ]  # fmt: skip
    assert row[0] == submitted.reference
    assert row[1] == "Clean Water Kiosks"
    assert row[3] == "innovator_a@example.org"
    assert row[6:10] == ["Solar water kiosks", "We filter water for villages with sunlight.",
                         "12000", "Water"]  # fmt: skip
    assert row[10] == "Mentoring, Funding"


def test_the_blind_export_names_nobody(client, submitted, staff_a):
    client.force_login(staff_a)
    rows = _csv_rows(client.get(_url("programs-call-export-csv", submitted, blind=1)))
    flat = " ".join(" ".join(r) for r in rows)
    assert "Venture" not in rows[0] and "Applicant" not in rows[0]
    assert "Clean Water Kiosks" not in flat and "innovator_a" not in flat
    assert rows[1][0] == submitted.reference


def test_xlsx_export_in_arabic_is_a_readable_workbook(client, submitted, staff_a):
    client.force_login(staff_a)
    from django.utils import translation

    translation.activate("ar")
    response = client.get(_url("programs-call-export-xlsx", submitted))
    assert isinstance(response, StreamingHttpResponse)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] != "Reference"  # translated header
    assert "الفكرة" in rows[0]
    assert rows[1][0] == submitted.reference


def test_reviewers_get_only_assigned_applications_and_no_identity_on_blind_calls(
    client, submitted, reviewer_a, staff_a, venture_a, django_assert_max_num_queries
):
    from markaz.review.tests.fixtures import make_application, make_reviewer

    call = submitted.call
    call.blind_review = True
    call.save()
    from markaz.ventures.factories import VentureFactory

    client.force_login(reviewer_a)
    assert client.get(_url("programs-call-export-csv", submitted)).status_code == 404
    assign_reviewer(submitted, reviewer_a, staff_a)
    # Submitted after the round was assigned: nobody reviews it yet.
    another_venture = VentureFactory(center=call.center)
    other = make_application(call, another_venture, make_reviewer(call.center, "someone_else"))
    with django_assert_max_num_queries(12):  # not one query per application
        rows = _csv_rows(client.get(_url("programs-call-export-csv", submitted)))
    assert "Venture" not in rows[0] and "Applicant email" not in rows[0]
    assert [row[0] for row in rows[1:]] == [submitted.reference]  # not `other`
    assert other.reference not in " ".join(" ".join(r) for r in rows)
    assert venture_a.name_en not in " ".join(rows[1])


def test_drafts_and_withdrawn_applications_are_not_exported(
    client, submitted, staff_a, innovator_a
):
    from markaz.core.access import scope_for
    from markaz.programs import services

    services.withdraw_application(scope=scope_for(innovator_a), application=submitted)
    client.force_login(staff_a)
    assert len(_csv_rows(client.get(_url("programs-call-export-csv", submitted)))) == 1


def test_formula_like_answers_are_neutralised(client, application_a, innovator_a, staff_a):
    submit(application_a, innovator_a, answers={
        "pitch": "=HYPERLINK(\"http://evil\")", "story": "short story",
    })  # fmt: skip
    client.force_login(staff_a)
    rows = _csv_rows(client.get(_url("programs-call-export-csv", application_a)))
    assert rows[1][6].startswith("'=")


def test_the_export_generator_streams_row_by_row(submitted):
    from markaz.programs import exports, selectors

    fields = list(submitted.call.fields.exclude(kind="file"))
    stream = exports.csv_stream(
        selectors.submitted_applications(submitted.call), fields, blind=False
    )
    assert next(stream) == "\ufeff"
    assert next(stream).startswith("Reference,")
    assert next(stream).startswith(submitted.reference)
    with pytest.raises(StopIteration):
        next(stream)
