"""Who sees a venture's impact data: its team, its center's staff, its funders (aggregated)."""

import pytest
from django.urls import reverse

from markaz.core.access import scope_for
from markaz.core.tests import test_api_access as matrix
from markaz.impact import services

objects_b = matrix.objects_b
MINE = [op for op in matrix.OPERATIONS if "impact" in op[0] or "sroi" in op[0]]


def test_the_api_matrix_covers_impact():
    assert len(MINE) >= 15


@pytest.mark.parametrize("persona", ["admin_a", "innovator_a", "funder_a", "stranger"])
def test_no_persona_of_center_a_reaches_center_bs_impact_through_the_api(
    client,
    request,
    persona,
    objects_b,
    center_b,
):
    client.force_login(request.getfixturevalue(persona))
    before = matrix._state_of_b(center_b)
    for operation, method, path in MINE:
        response = getattr(client, method)(
            matrix._url(path, objects_b),
            matrix._body(operation, objects_b),
            content_type="application/json",
        )
        assert response.status_code == 404, f"{persona} {operation}: {response.status_code}"
    assert matrix._state_of_b(center_b) == before


@pytest.fixture
def verified_a(impact_a, innovator_a, staff_a):
    report = services.submit_report(
        scope=scope_for(innovator_a), venture=impact_a["venture"], period=impact_a["q1"],
        values=[{"indicator": "PEOPLE", "value": "25"}], beneficiaries=["A-1", "A-2"],
    )  # fmt: skip
    services.review_report(scope=scope_for(staff_a), report=report, decision="verify")
    return report


def test_a_private_ventures_impact_is_seen_by_its_team_and_staff_only(
    client, center_a, verified_a, innovator_a, staff_a, mentor_a, reviewer_a, partner_a, funder_a
):
    venture_url = reverse("impact-venture", kwargs={"center": center_a.slug,
                                                    "pk": verified_a.venture_id})  # fmt: skip
    report_url = reverse("impact-report-detail", kwargs={"center": center_a.slug,
                                                         "pk": verified_a.pk})  # fmt: skip
    for user, expected in [(innovator_a, 200), (staff_a, 200), (mentor_a, 404),
                           (reviewer_a, 404), (partner_a, 404), (funder_a, 404)]:  # fmt: skip
        client.force_login(user)
        assert client.get(venture_url).status_code == expected, user
        assert client.get(report_url).status_code == expected, user


def test_the_center_dashboard_is_for_staff(client, center_a, verified_a, innovator_a, staff_a):
    url = reverse("impact-dashboard", kwargs={"center": center_a.slug})
    client.force_login(innovator_a)
    assert client.get(url).status_code == 403
    client.force_login(staff_a)
    page = client.get(url)
    assert page.status_code == 200
    assert "People with safe water" in page.content.decode()


def test_a_funder_sees_aggregates_of_what_they_funded_only(
    client, center_a, verified_a, funder_a, partner_a, award_a
):
    from markaz.stakeholders.factories import AffiliationFactory

    url = reverse("impact-funder", kwargs={"center": center_a.slug})
    client.force_login(funder_a)
    if not funder_a.person.affiliations.filter(organization=award_a.fund.funder).exists():
        AffiliationFactory(person=funder_a.person, organization=award_a.fund.funder)
    if award_a.venture_id != verified_a.venture_id:
        pytest.skip("the shared award fixture funds another venture")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "25" in body
    assert "Clean Water Kiosks" not in body  # aggregated: no venture named
    api = client.get(f"/api/v1/centers/{center_a.slug}/impact/funder")
    assert api.status_code == 200
    assert api.json()["rows"][0]["value"] == "25.00"


def test_a_member_who_funds_nothing_has_no_funder_dashboard(client, center_a, partner_a):
    client.force_login(partner_a)
    assert client.get(reverse("impact-funder", kwargs={"center": center_a.slug})).status_code == 404
