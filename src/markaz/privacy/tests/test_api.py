from markaz.core.access import scope_for
from markaz.core.tokens import create_token
from markaz.privacy import services
from markaz.privacy.models import Consent, ErasureStatus


def test_the_api_exports_the_callers_data_with_the_session_only(client, rich_innovator):
    user = rich_innovator["user"]
    client.force_login(user)
    got = client.get("/api/v1/me/data")
    assert got.status_code == 200
    assert got.json()["parts"]["profile"]["username"] == user.username
    client.logout()
    assert client.get("/api/v1/me/data").status_code == 401
    headers = {"Authorization": f"Bearer {rich_innovator['token_secret']}"}
    assert client.get("/api/v1/me/data", headers=headers).status_code == 404
    assert client.post("/api/v1/me/erasure-request", headers=headers).status_code == 404


def test_erasure_through_the_api_request_then_admin_confirms(client, innovator_a, admin_a):
    client.force_login(innovator_a)
    made = client.post("/api/v1/me/erasure-request")
    assert made.status_code == 201 and made.json()["status"] == "pending"
    assert client.post("/api/v1/me/erasure-request").status_code == 422
    assert client.get("/api/v1/me/erasure-request").json()["id"] == made.json()["id"]
    client.force_login(admin_a)
    url = f"/api/v1/centers/amal-hub/erasure-requests/{made.json()['id']}"
    listed = client.get("/api/v1/centers/amal-hub/erasure-requests").json()
    assert [r["id"] for r in listed["items"]] == [made.json()["id"]]
    done = client.post(url, {"decision": "confirm"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == ErasureStatus.COMPLETED
    assert done.json()["rows_changed"]["profile"] == 1


def test_staff_may_list_but_not_decide(client, innovator_a, staff_a):
    request = services.request_erasure(scope=scope_for(innovator_a))
    client.force_login(staff_a)
    url = f"/api/v1/centers/amal-hub/erasure-requests/{request.pk}"
    got = client.post(url, {"decision": "confirm"}, content_type="application/json")
    assert got.status_code == 403 and got.json()["code"] == "forbidden"


def test_admin_of_another_center_gets_404_even_with_the_id(client, innovator_a, outsider,
                                                           center_b):  # fmt: skip
    from markaz.core.models import Membership

    request = services.request_erasure(scope=scope_for(innovator_a))
    Membership.objects.create(user=outsider, center=center_b, role="admin")
    client.force_login(outsider)
    for slug in ("amal-hub", "baobab-lab"):
        url = f"/api/v1/centers/{slug}/erasure-requests/{request.pk}"
        got = client.post(url, {"decision": "confirm"}, content_type="application/json")
        assert got.status_code == 404
    assert client.get("/api/v1/centers/baobab-lab/erasure-requests").json()["count"] == 0
    innovator_a.refresh_from_db()
    assert innovator_a.is_active


def test_consents_list_and_withdraw_only_ones_own(client, innovator_a, venture_a, mentor_a,
                                                  center_a):  # fmt: skip
    from markaz.ventures import services as ventures

    ventures.update_venture(scope=scope_for(innovator_a), venture=venture_a,
                            data={"is_public": True})  # fmt: skip
    consent = Consent.objects.get(venture=venture_a)
    client.force_login(mentor_a)
    assert client.get("/api/v1/me/consents").json()["count"] == 0
    assert client.post(f"/api/v1/me/consents/{consent.pk}/withdraw").status_code == 404
    client.force_login(innovator_a)
    assert client.get("/api/v1/me/consents").json()["items"][0]["id"] == consent.pk
    got = client.post(f"/api/v1/me/consents/{consent.pk}/withdraw")
    assert got.status_code == 200 and got.json()["withdrawal"] == "withdrawn"
    _token, secret = create_token(username=innovator_a.username, center_slug=center_a.slug)
    listed = client.get("/api/v1/me/consents", headers={"Authorization": f"Bearer {secret}"})
    assert listed.json()["count"] == 1
