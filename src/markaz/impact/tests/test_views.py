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
    water = {"level": "outcome", "text_en": "Safe water at home"}
    outcome = services.add_step(scope=scope_for(staff_a), venture=venture, data=water)
    from markaz.programs.factories import ProgramFactory
    from markaz.programs.models import Cohort, CohortMember

    program = ProgramFactory(center=venture.center, title_en="Water Accelerator")
    cohort = Cohort.objects.create(center=venture.center, program=program, name_en="Spring 2026")
    CohortMember.objects.create(cohort=cohort, venture=venture)  # after the verification
    return {**impact_a, "report": report, "sroi": analysis, "program": program, "cohort": cohort,
            "step": outcome}  # fmt: skip


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
        reverse(
            "impact-venture-step-edit",
            kwargs={"center": c, "pk": v, "impact_step": data["step"].pk},
        ),
        reverse(
            "impact-venture-indicator-edit",
            kwargs={
                "center": c,
                "pk": v,
                "impact_vi": data["people"].uses.get(venture=data["venture"]).pk,
            },
        ),
        reverse("impact-program-sroi", kwargs={"center": c, "pk": data["program"].pk}),
        reverse("impact-program", kwargs={"center": c, "pk": data["program"].pk}),
        reverse("impact-program", kwargs={"center": c, "pk": data["program"].pk})
        + f"?cohort={data['cohort'].pk}",
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


def test_the_network_dashboard_costs_the_same_queries_for_one_network_or_many(
    client, staff_a, center_a, center_b, reported
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from markaz.core.factories import NetworkFactory

    reported["people"].sdg_targets.set(["6.1"])
    client.force_login(staff_a)
    url = reverse("impact-network", kwargs={"center": center_a.slug})

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        assert page.status_code == 200
        return len(ctx.captured_queries)

    NetworkFactory().centers.add(center_a, center_b)
    one = queries()
    for _n in range(3):
        NetworkFactory().centers.add(center_a, center_b)
    assert queries() == one
    assert "SDG 6" in client.get(url).content.decode()


def test_the_program_dashboard_shows_its_cohorts_ventures_for_staff_only(
    client, staff_a, innovator_a, center_a, reported
):
    from markaz.programs.models import Cohort

    program, cohort = reported["program"], reported["cohort"]
    url = reverse("impact-program", kwargs={"center": center_a.slug, "pk": program.pk})
    client.force_login(staff_a)
    page = client.get(url).content.decode()
    assert "Water Accelerator" in page and "People with safe water" in page
    assert "Spring 2026" in page
    kwargs = {"center": center_a.slug, "pk": program.pk}
    csv = client.get(reverse("impact-program-csv", kwargs=kwargs)).content.decode()
    assert "People with safe water" in csv and "30.00" in csv
    empty = Cohort.objects.create(center=center_a, program=program, name_en="Autumn")
    assert "People with safe water" not in client.get(f"{url}?cohort={empty.pk}").content.decode()
    assert client.get(f"{url}?cohort=999999").status_code == 404
    assert client.get(f"{url}?cohort={cohort.pk}").status_code == 200
    client.force_login(innovator_a)
    assert client.get(url).status_code == 403


def test_the_program_api_reads_the_program_or_a_cohort(client, staff_a, reported):
    client.force_login(staff_a)
    base = f"/api/v1/centers/amal-hub/impact/programs/{reported['program'].pk}"
    whole = client.get(base).json()
    people = next(r for r in whole["rows"] if r["indicator"] == "PEOPLE")
    assert people["value"] == "30.00" and people["series"][0]["value"] == "30.00"
    cohort = client.get(f"{base}?cohort={reported['cohort'].pk}").json()
    assert cohort["rows"] == whole["rows"]
    assert client.get(f"{base}?cohort=999999").status_code == 404


def test_the_team_edits_the_logic_model_in_both_languages(client, innovator_a, center_a,
                                                         reported):  # fmt: skip
    from markaz.impact.models import LogicStep, VentureIndicator

    client.force_login(innovator_a)
    venture, step = reported["venture"], reported["step"]
    url = reverse("impact-venture-step-edit", kwargs={"center": center_a.slug, "pk": venture.pk,
                                                      "impact_step": step.pk})  # fmt: skip
    data = {"level": "outcome", "position": 2, "text_en": "Safe water at home",
            "text_ar": "مياه آمنة في البيت"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    step.refresh_from_db()
    assert step.text_ar == "مياه آمنة في البيت" and step.position == 2
    vi = VentureIndicator.objects.get(venture=venture, indicator=reported["people"])
    vi_url = reverse("impact-venture-indicator-edit", kwargs={
        "center": center_a.slug, "pk": venture.pk, "impact_vi": vi.pk})  # fmt: skip
    assert client.post(vi_url, {"step": step.pk, "baseline": "12"}).status_code == 302
    vi.refresh_from_db()
    assert vi.baseline == 12 and vi.step == step
    # Measured by an indicator, the outcome cannot become an activity.
    page = client.post(url, {**data, "level": "activity"})
    assert page.status_code == 200 and "stays an output or an outcome" in page.content.decode()
    share = VentureIndicator.objects.get(venture=venture, indicator=reported["share"])
    bad = client.post(reverse("impact-venture-indicator-edit", kwargs={
        "center": center_a.slug, "pk": venture.pk, "impact_vi": share.pk}),
        {"baseline": "140"})  # fmt: skip
    assert bad.status_code == 200 and "between 0 and 100" in bad.content.decode()
    delete = reverse("impact-venture-step-delete", kwargs={
        "center": center_a.slug, "pk": venture.pk, "impact_step": step.pk})  # fmt: skip
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not LogicStep.objects.filter(pk=step.pk).exists()
    vi.refresh_from_db()
    assert vi.step is None and vi.baseline == 12


def test_a_step_leads_only_to_a_later_level_and_keeps_its_predecessors_earlier(staff_a, reported):
    from django.core.exceptions import ValidationError

    scope, venture, outcome = scope_for(staff_a), reported["venture"], reported["step"]
    activity = services.add_step(scope=scope, venture=venture, data={
        "level": "activity", "text_en": "Install filters", "leads_to": outcome})  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.update_step(scope=scope, step=outcome, data={"level": "activity"})
    assert "earlier" in str(exc.value)  # the activity leading here would no longer be earlier
    services.update_step(scope=scope, step=activity, data={"leads_to": None})
    with pytest.raises(ValidationError):
        services.update_step(scope=scope, step=outcome, data={"leads_to": activity})
    with pytest.raises(ValidationError):
        services.update_step(scope=scope, step=outcome, data={"leads_to": outcome})


def test_the_api_edits_steps_and_baselines(client, staff_a, innovator_a, reported):
    from markaz.impact.models import VentureIndicator

    client.force_login(innovator_a)
    venture, step = reported["venture"], reported["step"]
    base = f"/api/v1/centers/amal-hub/ventures/{venture.pk}/impact"
    ok = client.patch(f"{base}/steps/{step.pk}", {"text_ar": "مياه آمنة"},
                      content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["text_ar"] == "مياه آمنة"
    vi = VentureIndicator.objects.get(venture=venture, indicator=reported["share"])
    bad = client.patch(f"{base}/indicators/{vi.pk}", {"baseline": "140"},
                       content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and "baseline" in bad.json()["errors"]
    good = client.patch(f"{base}/indicators/{vi.pk}", {"baseline": "55", "step": step.pk},
                        content_type="application/json")  # fmt: skip
    assert good.status_code == 200 and good.json()["baseline"] == "55.000000"
    assert good.json()["step"] == step.pk
    assert client.delete(f"{base}/steps/{step.pk}").status_code == 204
    assert client.delete(f"{base}/steps/{step.pk}").status_code == 404


def test_staff_measure_a_programs_sroi_that_its_teams_do_not_see(
    client, staff_a, innovator_a, center_a, reported
):
    from markaz.impact.models import SroiAnalysis

    program = reported["program"]
    url = reverse("impact-program-sroi", kwargs={"center": center_a.slug, "pk": program.pk})
    outcome = {"name_en": "Fewer clinic visits", "quantity": "100", "proxy": "50",
               "deadweight": "0.2", "attribution": "0.25", "displacement": "0",
               "drop_off": "0.5", "years": "2"}  # fmt: skip
    post = {"sroi-title_en": "Accelerator SROI", "sroi-currency": "USD", "sroi-inputs": "2000",
            "sroi-discount_rate": "0.035", "out-TOTAL_FORMS": "1", "out-INITIAL_FORMS": "0",
            "out-MIN_NUM_FORMS": "1", "out-MAX_NUM_FORMS": "1000",
            **{f"out-0-{k}": v for k, v in outcome.items()}}  # fmt: skip
    client.force_login(staff_a)
    missing = {k: v for k, v in post.items() if k != "out-0-displacement"}
    assert client.post(url, missing).status_code == 200  # every adjustment is required
    assert not SroiAnalysis.objects.filter(program=program).exists()
    created = client.post(url, post)
    analysis = SroiAnalysis.objects.get(program=program)
    assert created.status_code == 302 and analysis.venture is None
    detail = reverse("impact-sroi-detail", kwargs={"center": center_a.slug, "pk": analysis.pk})
    # 100 × 50 × 0.8 × 0.75 = 3000 in year 1, 1500 in year 2, discounted at 3.5 %.
    assert "2.15 : 1" in client.get(detail).content.decode()
    board = reverse("impact-program", kwargs={"center": center_a.slug, "pk": program.pk})
    assert "Accelerator SROI" in client.get(board).content.decode()
    client.force_login(innovator_a)
    assert client.get(detail).status_code == 404
    assert client.get(url).status_code == 403
    api = f"/api/v1/centers/amal-hub/impact/sroi/{analysis.pk}"
    assert client.get(api).status_code == 404


def test_the_api_creates_a_program_sroi_with_its_sensitivity_table(client, staff_a, reported):
    client.force_login(staff_a)
    body = {"title_en": "Program SROI", "currency": "USD", "inputs": "1000", "discount_rate": "0",
            "outcomes": [{"name_en": "Jobs", "quantity": "10", "proxy": "200",
                          "deadweight": "0", "attribution": "0", "displacement": "0",
                          "drop_off": "0"}]}  # fmt: skip
    url = f"/api/v1/centers/amal-hub/impact/programs/{reported['program'].pk}/sroi"
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201
    out = made.json()
    assert out["program"] == reported["program"].pk and out["venture"] is None
    assert out["ratio"] == "2.00" and {r["case"] for r in out["sensitivity"]} >= {"base"}
    no_adjustment = {**body, "outcomes": [{**body["outcomes"][0], "drop_off": None}]}
    assert client.post(url, no_adjustment, content_type="application/json").status_code == 422
