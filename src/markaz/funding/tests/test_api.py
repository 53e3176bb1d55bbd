"""API of funding: the same rules as the pages, problem+json errors."""

import datetime as dt
from decimal import Decimal

import pytest

from markaz.core.access import scope_for
from markaz.funding import services
from markaz.funding.models import EntryKind, MilestoneStatus
from markaz.funding.tests.fixtures import milestone

API = "/api/v1/centers/amal-hub"


def send(client, method, url, data=None):
    return getattr(client, method)(url, data, content_type="application/json")


def test_staff_create_a_fund_and_an_award_that_commits_it(client, staff_a, funder_org_a, venture_a):
    client.force_login(staff_a)
    fund = send(client, "post", f"{API}/funds", {
        "name_en": "Green Fund", "funder": funder_org_a.pk, "amount": "5000.00",
        "currency": "USD", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "restriction": "sdgs", "sdg_goals": [6],
    })  # fmt: skip
    assert fund.status_code == 201, fund.json()
    venture_a.sdg_goals.set([6])
    award = send(client, "post", f"{API}/awards", {
        "fund": fund.json()["id"], "venture": venture_a.pk, "title_en": "Filters",
        "amount": "5000.00", "currency": "USD", "awarded_on": "2026-02-01",
    })  # fmt: skip
    assert award.status_code == 201, award.json()
    assert award.json()["balance"]["committed"] == "5000.0000"
    got = client.get(f"{API}/funds/{fund.json()['id']}").json()
    assert got["balance"]["remaining"] == "0.0000"


def test_over_commitment_is_a_validation_problem(client, staff_a, fund_a, venture_a):
    client.force_login(staff_a)
    award = send(client, "post", f"{API}/awards", {
        "fund": fund_a.pk, "venture": venture_a.pk, "title_en": "Too big",
        "amount": "50000.01", "currency": "USD", "awarded_on": "2026-02-01",
    })  # fmt: skip
    assert award.status_code == 422
    assert award["Content-Type"].startswith("application/problem+json")
    assert "amount" in award.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "funds", "awards", "entries"),
    [("staff_a", 1, 1, 1), ("funder_a", 1, 1, 1), ("innovator_a", 0, 1, 1), ("mentor_a", 0, 0, 0)],
)
def test_lists_follow_the_access_rules(request, client, award_a, persona, funds, awards, entries):
    client.force_login(request.getfixturevalue(persona))
    counts = [client.get(f"{API}/{p}").json()["count"] for p in ("funds", "awards", "ledger")]
    assert counts == [funds, awards, entries]


def test_other_centers_and_other_roles_get_404_or_403(
    client, outsider, funder_a, innovator_a, award_a
):
    client.force_login(outsider)
    assert client.get(f"{API}/awards/{award_a.pk}").status_code == 404
    client.force_login(funder_a)
    data = {"description_en": "x", "due_on": "2026-05-01", "tranche_amount": "1.00"}
    denied = send(client, "post", f"{API}/awards/{award_a.pk}/milestones", data)
    assert denied.status_code == 403
    client.force_login(innovator_a)
    m = milestone(award_a)
    review = send(client, "post", f"{API}/milestones/{m.pk}/review", {"accept": True})
    assert review.status_code == 403


def test_the_tranche_workflow_with_maker_checker(client, staff_a, staff2_a, innovator_a, award_a):
    m = milestone(award_a)
    client.force_login(innovator_a)
    evidence = send(client, "post", f"{API}/milestones/{m.pk}/evidence", {"text": "Built"})
    assert evidence.json()["status"] == MilestoneStatus.SUBMITTED
    client.force_login(staff_a)
    send(client, "post", f"{API}/milestones/{m.pk}/review", {"accept": True})
    send(client, "post", f"{API}/milestones/{m.pk}/payment",
         {"method": "bank_transfer", "reference": "B-1", "paid_on": "2026-04-01"})  # fmt: skip
    same = send(client, "post", f"{API}/milestones/{m.pk}/approval")
    assert same.status_code == 403
    assert not award_a.entries.filter(kind=EntryKind.DISBURSEMENT).exists()
    client.force_login(staff2_a)
    paid = send(client, "post", f"{API}/milestones/{m.pk}/approval")
    assert paid.status_code == 201
    assert (paid.json()["kind"], paid.json()["amount"]) == ("disbursement", "4000.0000")
    reversal = send(client, "post", f"{API}/ledger/{paid.json()['id']}/reversal", {"memo": "dup"})
    assert reversal.status_code == 201 and reversal.json()["direction"] == -1
    award = client.get(f"{API}/awards/{award_a.pk}").json()
    assert award["balance"]["disbursed"] == "0.0000"


def test_refunds_through_the_api(client, staff_a, staff2_a, award_a):
    import datetime as dt
    from decimal import Decimal

    from markaz.funding import ledger

    ledger.disburse(award=award_a, amount=Decimal("100.00"), entry_date=dt.date(2026, 4, 1),
                    method="cash", external_reference="C-1")  # fmt: skip
    client.force_login(staff_a)
    data = {"amount": "100.01", "reference": "R", "refunded_on": "2026-05-01"}
    too_much = send(client, "post", f"{API}/awards/{award_a.pk}/refunds", data)
    assert too_much.status_code == 422
    ok = send(client, "post", f"{API}/awards/{award_a.pk}/refunds",
              {"amount": "40.00", "reference": "R", "refunded_on": "2026-05-01"})  # fmt: skip
    assert ok.status_code == 201 and ok.json()["kind"] == EntryKind.REFUND


def test_open_data_needs_no_login_and_is_valid(client, award_a):
    from markaz.funding import opendata

    package = client.get("/api/v1/open-data/amal-hub/360giving")
    assert package.status_code == 200
    assert opendata.giving_errors(package.json()) == []
    iati = client.get("/api/v1/open-data/amal-hub/iati")
    assert iati.status_code == 200 and opendata.iati_errors(iati.content) == []
    assert client.get("/api/v1/open-data/nowhere/iati").status_code == 404


def test_unpublished_awards_stay_out_of_the_api_open_data(
    client, center_a, staff_a, fund_a, venture_a, award_a
):
    services.create_award(
        scope=scope_for(staff_a),
        center=center_a,
        data={"fund": fund_a, "venture": venture_a, "title_en": "Private prize",
              "amount": Decimal("10.00"), "currency": "USD", "awarded_on": dt.date(2026, 2, 3)},
    )  # fmt: skip
    grants = client.get("/api/v1/open-data/amal-hub/360giving").json()["grants"]
    assert [g["title"] for g in grants] == ["Kiosk pilot grant"]
