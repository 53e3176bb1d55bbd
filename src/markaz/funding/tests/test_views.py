"""Funding pages: who sees what, within a center and across centers, and the write flows."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from markaz.core.access import scope_for
from markaz.funding import services
from markaz.funding.factories import MilestoneFactory
from markaz.funding.models import Award, EntryKind, Fund, MilestoneStatus
from markaz.funding.tests.fixtures import milestone, pay


def url(name, center, **kwargs):
    return reverse(name, kwargs={"center": center.slug, **kwargs})


@pytest.fixture
def other_funder_award(center_a, staff_a, venture_a):
    """An award from a funder funder_a has no affiliation with."""
    from markaz.funding.factories import FundFactory

    fund = FundFactory(center=center_a, name_en="Other Funder's Fund")
    award = services.create_award(
        scope=scope_for(staff_a),
        center=center_a,
        data={"fund": fund, "venture": venture_a, "title_en": "Other funder grant",
              "amount": Decimal("100.00"), "currency": "USD", "awarded_on": dt.date(2026, 2, 1)},
    )  # fmt: skip
    MilestoneFactory(award=award, tranche_amount=Decimal("100.00"))
    return award


def _pages(center, award):
    m = award.milestones.first()
    return {
        "fund": url("funding-fund-detail", center, pk=award.fund_id),
        "award": url("funding-award-detail", center, pk=award.pk),
        "milestone": url("funding-milestone-detail", center, pk=m.pk),
    }


@pytest.mark.parametrize(
    ("persona", "fund", "award", "milestone_page"),
    [
        ("staff_a", 200, 200, 200),
        ("admin_a", 200, 200, 200),
        ("funder_a", 200, 200, 200),
        ("innovator_a", 404, 200, 200),
        ("mentor_a", 404, 404, 404),
        ("reviewer_a", 404, 404, 404),
        ("partner_a", 404, 404, 404),
        ("outsider", 404, 404, 404),
    ],
)
def test_access_matrix_of_funding_pages(
    request, client, center_a, award_a, persona, fund, award, milestone_page
):
    client.force_login(request.getfixturevalue(persona))
    pages = _pages(center_a, award_a)
    got = [client.get(pages[k]).status_code for k in ("fund", "award", "milestone")]
    assert got == [fund, award, milestone_page]


def test_a_funder_sees_nothing_of_other_funders(client, center_a, funder_a, award_a,
                                                other_funder_award):  # fmt: skip
    client.force_login(funder_a)
    pages = _pages(center_a, other_funder_award)
    assert client.get(pages["fund"]).status_code == 404
    assert client.get(pages["award"]).status_code == 404
    assert client.get(pages["milestone"]).status_code == 404
    listing = client.get(url("funding-award-list", center_a)).content.decode()
    assert "Kiosk pilot grant" in listing and "Other funder grant" not in listing
    ledger = client.get(url("funding-ledger-csv", center_a)).content.decode()
    assert ledger.count("\n") == 2  # header and the one commitment of their fund
    page = client.get(url("funding-ledger", center_a)).content.decode()
    assert "Levant Foundation" in page
    assert other_funder_award.fund.funder.name_en not in page


def test_the_team_sees_its_award_but_not_the_funds_list(client, center_a, innovator_a, award_a):
    client.force_login(innovator_a)
    assert "Water Fund" not in client.get(url("funding-fund-list", center_a)).content.decode()
    assert "Kiosk pilot grant" in client.get(url("funding-award-list", center_a)).content.decode()


def test_only_staff_create_funds_and_awards(client, center_a, funder_a, innovator_a, staff_a):
    for user in (funder_a, innovator_a):
        client.force_login(user)
        assert client.get(url("funding-fund-create", center_a)).status_code == 403
        assert client.get(url("funding-award-create", center_a)).status_code == 403
    client.force_login(staff_a)
    assert client.get(url("funding-fund-create", center_a)).status_code == 200


def test_staff_create_a_fund_and_an_award_through_the_pages(
    client, center_a, staff_a, funder_org_a, venture_a
):
    client.force_login(staff_a)
    response = client.post(url("funding-fund-create", center_a), {
        "name_en": "Youth Fund", "name_ar": "صندوق الشباب", "funder": funder_org_a.pk,
        "amount": "20000.00", "currency": "EUR", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "restriction": "unrestricted",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    fund = Fund.objects.get(name_en="Youth Fund")
    response = client.post(url("funding-award-create", center_a), {
        "fund": fund.pk, "venture": venture_a.pk, "kind": "prize", "title_en": "Prize",
        "amount": "1000.000", "currency": "JOD", "fx_rate": "1.3", "fx_date": "2026-02-01",
        "fx_source": "Central Bank of Jordan", "awarded_on": "2026-02-01",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    entry = Award.objects.get(title_en="Prize").entries.get()
    assert (entry.amount, entry.fund_amount) == (Decimal("1000.000"), Decimal("1300.00"))


def test_the_milestone_workflow_through_the_pages(
    client, center_a, innovator_a, staff_a, staff2_a, award_a
):
    m = milestone(award_a)
    client.force_login(innovator_a)
    client.post(url("funding-milestone-evidence", center_a, pk=m.pk), {"evidence_text": "Built"})
    client.force_login(staff_a)
    client.post(url("funding-milestone-review", center_a, pk=m.pk), {"decision": "accept"})
    payment = {"method": "mobile_money", "reference": "MM-7", "paid_on": "2026-04-02"}
    client.post(url("funding-milestone-prepare", center_a, pk=m.pk), payment)
    client.post(url("funding-milestone-approve", center_a, pk=m.pk))
    m.refresh_from_db()
    assert m.status == MilestoneStatus.PAYMENT_PREPARED  # the maker cannot approve
    client.force_login(staff2_a)
    client.post(url("funding-milestone-approve", center_a, pk=m.pk))
    m.refresh_from_db()
    assert m.status == MilestoneStatus.PAID
    assert award_a.entries.filter(kind=EntryKind.DISBURSEMENT, external_reference="MM-7").exists()


def test_a_funder_cannot_act_on_milestones(client, center_a, funder_a, innovator_a, award_a):
    m = milestone(award_a)
    services.submit_evidence(scope=scope_for(innovator_a), milestone=m, text="Built")
    client.force_login(funder_a)
    assert client.post(url("funding-milestone-review", center_a, pk=m.pk),
                       {"decision": "accept"}).status_code == 403  # fmt: skip
    m.refresh_from_db()
    assert m.status == MilestoneStatus.SUBMITTED


def test_ledger_exports_as_csv_and_xlsx(client, center_a, staff_a, staff2_a, award_a):
    pay(milestone(award_a), staff_a, staff2_a, reference="=cmd|' /C calc'!A0")
    client.force_login(staff_a)
    csv_text = client.get(url("funding-ledger-csv", center_a)).content.decode()
    assert "'=cmd" in csv_text and csv_text.count("\n") == 3
    book = load_workbook(io.BytesIO(client.get(url("funding-ledger-xlsx", center_a)).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[2][3] == "Disbursement"


def test_pages_render_in_arabic(client, center_a, staff_a, award_a):
    client.force_login(staff_a)
    page = client.get(f"/ar/c/{center_a.slug}/funding/awards/{award_a.pk}/")
    assert page.status_code == 200
    assert 'lang="ar"' in page.content.decode()


def test_reversal_from_the_award_page(client, center_a, staff_a, staff2_a, award_a):
    entry = pay(milestone(award_a), staff_a, staff2_a)
    client.force_login(staff_a)
    client.post(url("funding-entry-reverse", center_a, pk=entry.pk), {"memo": "duplicate"})
    assert award_a.entries.filter(kind=EntryKind.REVERSAL, reverses=entry).exists()


def test_open_data_is_public_and_lists_publishable_awards(client, center_a, award_a):
    page = client.get(reverse("funding-open-data", kwargs={"slug": center_a.slug}))
    assert page.status_code == 200 and "Kiosk pilot grant" in page.content.decode()
    package = client.get(reverse("funding-open-data-360giving", kwargs={"slug": center_a.slug}))
    assert package.json()["grants"][0]["title"] == "Kiosk pilot grant"
    xml = client.get(reverse("funding-open-data-iati", kwargs={"slug": center_a.slug}))
    assert xml["Content-Type"] == "application/xml" and b"iati-activity" in xml.content
    assert client.get("/en/open-data/no-such-center/").status_code == 404


def test_list_pages_use_a_bounded_number_of_queries(
    client, center_a, staff_a, staff2_a, award_a, other_funder_award,
    django_assert_max_num_queries,
):  # fmt: skip
    pay(milestone(award_a), staff_a, staff2_a)
    client.force_login(staff_a)
    for name in ("funding-award-list", "funding-fund-list", "funding-ledger"):
        with django_assert_max_num_queries(15):
            assert client.get(url(name, center_a)).status_code == 200


def test_the_admin_shows_the_ledger_but_never_changes_it(client, award_a):
    from markaz.core.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for model in ("fund", "award", "ledgerentry"):
        assert client.get(f"/ops/admin/funding/{model}/").status_code == 200
    entry = award_a.entries.get()
    assert client.get(f"/ops/admin/funding/award/{award_a.pk}/change/").status_code == 200
    assert client.post(f"/ops/admin/funding/ledgerentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/ops/admin/funding/ledgerentry/add/").status_code == 403


def test_open_data_files_use_a_bounded_number_of_queries(
    client, center_a, staff_a, staff2_a, award_a, django_assert_max_num_queries
):
    pay(milestone(award_a), staff_a, staff2_a)
    for name in ("funding-open-data-360giving", "funding-open-data-iati"):
        with django_assert_max_num_queries(8):
            client.get(reverse(name, kwargs={"slug": center_a.slug}))
