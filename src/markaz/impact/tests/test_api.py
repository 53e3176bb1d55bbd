"""The API: the same rules as the pages (catalog, reports and review, dashboards, import)."""

import pytest

BASE = "/api/v1/centers/amal-hub"


@pytest.fixture
def api(client, staff_a):
    client.force_login(staff_a)
    return client


def _post(client, url, body):
    return client.post(f"{BASE}{url}", body, content_type="application/json")


def test_staff_define_an_indicator_and_percentages_cannot_be_summed(api, center_a):
    water = {"code": "W1", "name_en": "Water", "unit": "litres", "sdg_targets": ["6.1"]}
    ok = _post(api, "/impact/indicators", water)
    assert ok.status_code == 201 and ok.json()["sdg_targets"] == ["6.1"]
    share = {"code": "P1", "name_en": "Share", "unit": "%", "kind": "percentage",
             "aggregation": "sum"}  # fmt: skip
    bad = _post(api, "/impact/indicators", share)
    assert bad.status_code == 422 and "aggregation" in bad.json()["errors"]
    dup = _post(api, "/impact/indicators", {"code": "W1", "name_en": "Again", "unit": "l"})
    assert dup.status_code == 422


def test_a_report_goes_from_submitted_to_verified_and_shows_on_the_dashboard(
    client, innovator_a, staff_a, impact_a
):
    client.force_login(innovator_a)
    venture, q1 = impact_a["venture"], impact_a["q1"]
    sent = _post(client, f"/ventures/{venture.pk}/impact/reports", {
        "period": q1.pk, "values": [{"indicator": "PEOPLE", "value": "12"}],
        "beneficiaries": ["x-1", "x-2", "x-1"],
    })  # fmt: skip
    assert sent.status_code == 201 and sent.json()["status"] == "submitted"
    report_id = sent.json()["id"]
    assert _post(client, f"/impact/reports/{report_id}/review",
                 {"decision": "verify"}).status_code == 403  # fmt: skip
    client.force_login(staff_a)
    assert _post(client, f"/impact/reports/{report_id}/review",
                 {"decision": "verify"}).json()["status"] == "verified"  # fmt: skip
    board = client.get(f"{BASE}/impact/dashboard").json()
    assert board["rows"][0]["value"] == "12.00"
    assert board["unique_beneficiaries"] == 2
    detail = client.get(f"{BASE}/impact/reports/{report_id}").json()
    assert detail["revisions"][0]["observations"][0]["value"] == "12.000000"
    mine = client.get(f"{BASE}/ventures/{venture.pk}/impact").json()
    assert mine["dashboard"]["rows"][0]["series"][0]["period"] == "2026-Q1"


def test_an_import_through_the_api_is_all_or_nothing(api, impact_a):
    v = impact_a["venture"].pk
    rows = [{"venture": v, "indicator": "PEOPLE", "period": "2026-Q1", "value": "5"},
            {"venture": v, "indicator": "NOPE", "period": "2026-Q1", "value": "5"}]  # fmt: skip
    bad = _post(api, "/impact/import", {"rows": rows})
    assert bad.status_code == 422 and "row 2" in bad.json()["errors"]
    assert "row 1" not in bad.json()["errors"]
    assert bad.json()["errors"]["row 2"] == ["Unknown indicator NOPE for this venture."]
    assert api.get(f"{BASE}/impact/reports").json()["count"] == 0
    good = _post(api, "/impact/import", {"rows": rows[:1], "verify": True})
    assert good.status_code == 201 and good.json() == {"imported": 1}


def test_an_sroi_analysis_needs_every_adjustment_and_gives_a_sensitivity_table(api, impact_a):
    v = impact_a["venture"].pk
    outcome = {"name_en": "Jobs", "quantity": "10", "proxy": "100", "deadweight": "0.1",
               "attribution": "0.1", "displacement": "0", "drop_off": "0.2",
               "years": 2}  # fmt: skip
    missing = {k: v for k, v in outcome.items() if k != "drop_off"}
    bad = _post(api, f"/ventures/{v}/sroi", {"currency": "USD", "inputs": "500",
                                              "outcomes": [missing]})  # fmt: skip
    assert bad.status_code == 422
    ok = _post(api, f"/ventures/{v}/sroi", {"currency": "USD", "inputs": "500",
                                             "outcomes": [outcome]})  # fmt: skip
    assert ok.status_code == 201
    body = ok.json()
    assert body["ratio"] is not None and len(body["sensitivity"]) == 11
