"""The API follows the pages' rules."""

import pytest

from markaz.core.access import scope_for
from markaz.network import services
from markaz.network.models import Partnership

JSON = "application/json"


def test_admin_proposes_and_partner_admin_accepts_through_the_api(
    client, network_ab, admin_a, admin_b, center_b
):
    client.force_login(admin_a)
    url = "/api/v1/centers/amal-hub/centers-network/partnerships"
    body = {"partner": "baobab-lab", "kind": "knowledge", "title_en": "Toolkits",
            "starts_on": "2026-04-01"}  # fmt: skip
    created = client.post(url, body, content_type=JSON)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "proposed"
    accept = f"/api/v1/centers/baobab-lab/centers-network/partnerships/{pk}/accept"
    assert client.post(accept, content_type=JSON).status_code == 404  # not admin_a's center
    client.force_login(admin_b)
    assert client.post(accept, content_type=JSON).json()["status"] == "active"


def test_partnership_with_a_center_outside_every_shared_network_is_refused(
    client, admin_a, center_c
):
    client.force_login(admin_a)
    body = {"partner": center_c.slug, "kind": "exchange", "title_en": "X",
            "starts_on": "2026-04-01"}  # fmt: skip
    got = client.post(
        "/api/v1/centers/amal-hub/centers-network/partnerships", body, content_type=JSON
    )
    assert got.status_code == 422 and "partner" in got.json()["errors"]
    assert not Partnership.objects.exists()


@pytest.fixture
def asked(network_ab, staff_a, center_a, venture_a, program_b):
    r = services.draft_referral(
        scope=scope_for(staff_a),
        center=center_a,
        data={"venture": venture_a, "program": program_b, "note": "Worth a look."},
    )
    return services.ask_consent(scope=scope_for(staff_a), referral=r)


def test_api_hides_the_venture_from_the_receiving_center_until_consent(
    client, asked, outsider, innovator_a
):
    url = f"/api/v1/centers/baobab-lab/centers-network/referrals/{asked.pk}"
    client.force_login(outsider)
    got = client.get(url).json()
    assert got["note"] == "Worth a look." and got["venture"] is None
    client.force_login(innovator_a)
    consent = f"/api/v1/centers/amal-hub/centers-network/referrals/{asked.pk}/consent"
    assert client.post(consent, content_type=JSON).json()["state"] == "sent"
    client.force_login(outsider)
    assert client.get(url).json()["venture"]["name_en"] == "Clean Water Kiosks"
    decline = f"/api/v1/centers/baobab-lab/centers-network/referrals/{asked.pk}/decline"
    got = client.post(decline, {"comment": "Cohort full"}, content_type=JSON).json()
    assert got["state"] == "declined"
    assert [h["state"] for h in got["history"]][-1] == "declined"


def test_network_api_is_404_outside_the_network_and_membership_is_for_coordinators(
    client, network_ab, staff_c, admin_a, coordinator, center_c
):
    base = f"/api/v1/centers-network/{network_ab.slug}"
    client.force_login(staff_c)
    for path in ("/centers", "/knowledge", "/open-calls", "/communities", "/impact"):
        assert client.get(base + path).status_code == 404
    client.force_login(admin_a)
    assert client.get(base + "/centers").json()["count"] == 2
    refused = client.post(base + "/centers", {"center": center_c.slug}, content_type=JSON)
    assert refused.status_code == 403
    client.force_login(coordinator)
    added = client.post(base + "/centers", {"center": center_c.slug}, content_type=JSON)
    assert added.status_code == 204
    assert client.delete(f"{base}/centers/{center_c.slug}").status_code == 204
    assert not network_ab.centers.filter(pk=center_c.pk).exists()


def test_communities_through_the_api(client, network_ab, staff_a, outsider):
    base = f"/api/v1/centers-network/{network_ab.slug}/communities"
    client.force_login(staff_a)
    created = client.post(base, {"name_en": "Impact measurement"}, content_type=JSON)
    assert created.status_code == 201
    pk = created.json()["id"]
    thread = client.post(
        f"{base}/{pk}/threads", {"title": "Indicators", "body": "Which?"}, content_type=JSON
    )
    assert thread.status_code == 201
    client.force_login(outsider)
    replies = f"{base}/{pk}/threads/{thread.json()['id']}/replies"
    assert client.post(replies, {"body": "Mine"}, content_type=JSON).status_code == 403
    assert client.post(f"{base}/{pk}/join", content_type=JSON).status_code == 204
    assert client.post(replies, {"body": "Mine"}, content_type=JSON).status_code == 201
    assert client.get(replies).json()["count"] == 1


def _referrals_of(staff, center, venture, program, n: int) -> list:
    scope = scope_for(staff)
    out = []
    for i in range(n):
        r = services.draft_referral(
            scope=scope,
            center=center,
            data={"venture": venture, "program": program, "note": f"Referral {i}"},
        )
        out.append(services.ask_consent(scope=scope, referral=r))
    return out


def test_listing_referrals_asks_the_database_a_fixed_number_of_times(
    client, network_ab, staff_a, center_a, venture_a, program_b, innovator_a, outsider
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listing(user, slug):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            got = client.get(f"/api/v1/centers/{slug}/centers-network/referrals").json()
        return got, len(ctx.captured_queries)

    _referrals_of(staff_a, center_a, venture_a, program_b, 2)
    few = [listing(innovator_a, "amal-hub")[1], listing(outsider, "baobab-lab")[1]]
    _referrals_of(staff_a, center_a, venture_a, program_b, 6)
    # The team sees its venture on every row, the receiving center on none (no consent yet),
    # and neither costs a query per row.
    got, team_queries = listing(innovator_a, "amal-hub")
    assert got["count"] == 8
    assert all(r["venture"]["name_en"] == venture_a.name_en for r in got["items"])
    got, receiver_queries = listing(outsider, "baobab-lab")
    assert got["count"] == 8
    assert all(r["venture"] is None for r in got["items"])
    assert [team_queries, receiver_queries] == few
