"""Pages: every impact page renders for staff, in English and Arabic, with charts and exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from markaz.core.access import scope_for
from markaz.core.tests.arabic import english_left_on
from markaz.impact import services
from markaz.impact.models import Report, ReportStatus


@pytest.fixture
def reported(impact_a, innovator_a, staff_a):
    venture, q1 = impact_a["venture"], impact_a["q1"]
    report = services.submit_report(
        scope=scope_for(innovator_a), venture=venture, period=q1,
        values=[{"indicator": "PEOPLE", "value": "30"},
                {"indicator": "PEOPLE", "dimension": "gender", "category": "female", "value": "20"},
                {"indicator": "PEOPLE", "dimension": "gender", "category": "male", "value": "10"},
                {"indicator": "SATISFIED", "value": "75", "weight": "12"}],
    )  # fmt: skip
    services.review_report(scope=scope_for(staff_a), report=report, decision="verify")
    analysis = services.create_sroi(
        scope=scope_for(staff_a), venture=venture,
        data={"title_en": "Kiosk SROI", "currency": "USD", "inputs": "1000"},
        outcomes=[{"name_en": "Fewer clinic visits", "quantity": 10, "proxy": 200,
                   "deadweight": "0.1",
                   "attribution": "0.2", "displacement": "0", "drop_off": "0.5", "years": 2}],
    )  # fmt: skip
    return {**impact_a, "report": report, "sroi": analysis}


def _pages(center, data):
    c = center.slug
    v, r, s, i = data["venture"].pk, data["report"].pk, data["sroi"].pk, data["people"].pk
    return [
        reverse("impact-home", kwargs={"center": c}),
        reverse("impact-indicator-list", kwargs={"center": c}),
        reverse("impact-indicator-create", kwargs={"center": c}),
        reverse("impact-indicator-detail", kwargs={"center": c, "pk": i}),
        reverse("impact-indicator-edit", kwargs={"center": c, "pk": i}),
        reverse("impact-period-list", kwargs={"center": c}),
        reverse("impact-venture", kwargs={"center": c, "pk": v}),
        reverse("impact-venture-report", kwargs={"center": c, "pk": v}),
        reverse("impact-venture-sroi", kwargs={"center": c, "pk": v}),
        reverse("impact-report-list", kwargs={"center": c}),
        reverse("impact-report-detail", kwargs={"center": c, "pk": r}),
        reverse("impact-sroi-detail", kwargs={"center": c, "pk": s}),
        reverse("impact-import", kwargs={"center": c}),
        reverse("impact-dashboard", kwargs={"center": c}),
        reverse("impact-network", kwargs={"center": c}),
    ]


def test_every_impact_page_renders_for_staff(client, staff_a, center_a, reported):
    client.force_login(staff_a)
    for url in _pages(center_a, reported):
        assert client.get(url).status_code == 200, url


def test_dashboards_ship_plotly_figures_and_the_vendored_script(client, staff_a, center_a,
                                                                reported):  # fmt: skip
    client.force_login(staff_a)
    body = client.get(reverse("impact-dashboard", kwargs={"center": center_a.slug})).content
    assert b"vendor/plotly.min.js" in body
    assert b'"type": "scatter"' in body or b'"type":"scatter"' in body


def test_arabic_impact_pages_show_no_english_interface_text(client, admin_a, center_a, reported):
    client.force_login(admin_a)
    urls = [u.replace("/en/", "/ar/") for u in _pages(center_a, reported)]
    assert english_left_on(client, urls) == {}


def test_dashboard_data_exports_as_csv_and_xlsx(client, staff_a, center_a, reported):
    client.force_login(staff_a)
    csv = client.get(reverse("impact-dashboard-csv", kwargs={"center": center_a.slug}))
    assert csv.status_code == 200
    assert "People with safe water" in csv.content.decode()
    xlsx = client.get(reverse("impact-dashboard-xlsx", kwargs={"center": center_a.slug}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.max_row > 1


def test_the_report_form_is_generated_from_the_venture_indicators(
    client, innovator_a, center_a, impact_a
):
    client.force_login(innovator_a)
    url = reverse("impact-venture-report", kwargs={"center": center_a.slug,
                                                   "pk": impact_a["venture"].pk})  # fmt: skip
    people, share = impact_a["people"].pk, impact_a["share"].pk
    page = client.get(url).content.decode()
    assert f'name="v{people}__gender__female"' in page
    assert f'name="v{share}_w"' in page
    bad = client.post(
        url,
        {
            "period": impact_a["q1"].pk,
            f"v{people}": "10",
            f"v{people}__gender__female": "3",
            f"v{people}__gender__male": "3",
        },
    )
    assert bad.status_code == 200 and "add up" in bad.content.decode()
    assert not Report.objects.exists()
    good = client.post(
        url,
        {
            "period": impact_a["q1"].pk,
            f"v{people}": "10",
            f"v{people}__gender__female": "7",
            f"v{people}__gender__male": "3",
        },
    )
    assert good.status_code == 302
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_staff_verify_a_report_from_its_page(client, staff_a, innovator_a, center_a, impact_a):
    report = services.submit_report(
        scope=scope_for(innovator_a), venture=impact_a["venture"], period=impact_a["q1"],
        values=[{"indicator": "PEOPLE", "value": "4"}],
    )  # fmt: skip
    url = reverse("impact-report-review", kwargs={"center": center_a.slug, "pk": report.pk})
    client.force_login(innovator_a)
    assert client.post(url, {"decision": "verify"}).status_code == 403
    client.force_login(staff_a)
    assert client.post(url, {"decision": "query"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # a query needs a note
    client.post(url, {"decision": "verify"})
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED


def test_the_dashboard_reads_rollups_in_few_queries(
    client, staff_a, center_a, reported, django_assert_max_num_queries
):
    client.force_login(staff_a)
    with django_assert_max_num_queries(25):
        client.get(reverse("impact-dashboard", kwargs={"center": center_a.slug}))


def test_a_team_can_look_at_values_waiting_for_verification(client, innovator_a, center_a,
                                                            impact_a):  # fmt: skip
    services.submit_report(
        scope=scope_for(innovator_a), venture=impact_a["venture"], period=impact_a["q1"],
        values=[{"indicator": "PEOPLE", "value": "321"}],
    )  # fmt: skip
    client.force_login(innovator_a)
    url = reverse("impact-venture", kwargs={"center": center_a.slug, "pk": impact_a["venture"].pk})
    assert "321" not in client.get(url).content.decode()
    assert "321" in client.get(url + "?include=unverified").content.decode()


def test_an_evidence_file_link_with_a_bad_id_is_not_found(client, staff_a, center_a, reported):
    client.force_login(staff_a)
    url = reverse("impact-report-evidence-file",
                  kwargs={"center": center_a.slug, "pk": reported["report"].pk})  # fmt: skip
    assert client.get(url + "?id=abc").status_code == 404
    assert client.get(url + "?id=999").status_code == 404
