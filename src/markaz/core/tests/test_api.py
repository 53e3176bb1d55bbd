"""API of core: /me, centers, memberships, tokens and SDG reference data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from markaz.core.models import ApiToken, AuditEntry, Membership
from markaz.core.tokens import create_token

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def bearer(user, center, **kw) -> dict:
    _token, secret = create_token(username=user.username, center_slug=center.slug, **kw)
    return {"Authorization": f"Bearer {secret}"}


def send(client, method, url, data=None, **kw):
    return getattr(client, method)(f"{API}{url}", data, content_type="application/json", **kw)


# -- /me --------------------------------------------------------------------------------------


def test_me_describes_the_session_user_their_roles_and_person(client, innovator_a, center_a):
    client.force_login(innovator_a)
    body = client.get(f"{API}/me").json()
    assert body["user"]["username"] == "innovator_a"
    assert body["person_id"] == innovator_a.person.pk
    assert body["memberships"] == [
        {"center": "amal-hub", "center_name": "Amal Hub", "role": "innovator"}
    ]
    assert body["token_center"] is None


def test_me_through_a_token_shows_only_the_tokens_center(client, staff_a, center_a, center_b):
    Membership.objects.create(user=staff_a, center=center_b, role="mentor")
    body = client.get(f"{API}/me", headers=bearer(staff_a, center_a)).json()
    assert body["token_center"] == "amal-hub"
    assert [m["center"] for m in body["memberships"]] == ["amal-hub"]


def test_me_refuses_anonymous_callers_with_a_problem(client, db):
    response = client.get(f"{API}/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_authenticated"


# -- centers ----------------------------------------------------------------------------------


def test_anyone_lists_centers_with_both_names_and_the_active_language_one(
    client, center_a, center_b
):
    body = client.get(f"{API}/centers").json()
    assert body["count"] == 2
    amal = body["items"][0]
    assert (amal["slug"], amal["name"], amal["name_ar"]) == ("amal-hub", "Amal Hub", "مركز أمل")
    assert amal["country"] == "JO"
    assert (amal["city"], amal["city_en"], amal["city_ar"]) == ("Amman", "Amman", "عمّان")
    arabic = client.get(f"{API}/centers/amal-hub", headers={"Accept-Language": "ar"}).json()
    assert (arabic["name"], arabic["city"]) == ("مركز أمل", "عمّان")


def test_a_center_without_an_arabic_city_shows_the_english_one_in_arabic(client, center_a):
    center_a.city_ar = ""
    center_a.save()
    arabic = client.get(f"{API}/centers/amal-hub", headers={"Accept-Language": "ar"}).json()
    assert (arabic["city"], arabic["city_en"], arabic["city_ar"]) == ("Amman", "Amman", "")


def test_centers_filter_by_region_country_and_words(client, center_a, center_b):
    def slugs(query):
        return [c["slug"] for c in client.get(f"{API}/centers?{query}").json()["items"]]

    assert slugs("region=ssa") == ["baobab-lab"]
    assert slugs("country=jo") == ["amal-hub"]
    assert slugs("q=baobab") == ["baobab-lab"]
    assert slugs("q=nairobi") == ["baobab-lab"]
    assert slugs("q=نيروبي") == ["baobab-lab"]
    assert slugs("q=nowhere") == []


def test_centers_reject_an_unknown_country_or_region_filter(client, center_a):
    response = client.get(f"{API}/centers?country=XX&region=atlantis")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"country", "region"}


def test_center_list_pages_link_to_each_other(client, db):
    from markaz.core.factories import CenterFactory

    CenterFactory.create_batch(5)
    first = client.get(f"{API}/centers?page_size=2&region=mena").json()
    assert (first["count"], first["page"], len(first["items"])) == (5, 1, 2)
    assert first["previous"] is None
    assert "page=2" in first["next"] and "region=mena" in first["next"]
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(last["items"]) == 1 and last["next"] is None and "page=2" in last["previous"]
    beyond = client.get(f"{API}/centers?page=9&page_size=2").json()
    assert beyond["items"] == [] and beyond["next"] is None


@pytest.mark.parametrize("size", ["0", "201", "10000", "many"])
def test_a_page_size_outside_1_to_200_is_a_422_not_a_500(client, db, size):
    response = client.get(f"{API}/centers?page_size={size}")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "page_size" in response.json()["errors"]


def test_an_unknown_center_is_a_404_problem(client, db):
    response = client.get(f"{API}/centers/nowhere")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_center_admin_updates_the_profile_and_focus_sdgs_with_an_audit_entry(
    client, admin_a, center_a
):
    client.force_login(admin_a)
    response = send(
        client,
        "patch",
        "/centers/amal-hub",
        {"city_en": "Irbid", "city_ar": "إربد", "focus_sdgs": [4, 6], "timezone": "Asia/Amman"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["city"], body["city_en"], body["city_ar"]) == ("Irbid", "Irbid", "إربد")
    assert body["focus_sdgs"] == [4, 6]
    entry = AuditEntry.objects.get(action="core.center.updated")
    assert entry.actor == admin_a
    assert entry.changes["city_en"] == ["Amman", "Irbid"]
    assert entry.changes["city_ar"] == ["عمّان", "إربد"]
    assert entry.changes["focus_sdgs"] == [[], [4, 6]]
    assert entry.request_id == response["X-Request-ID"]


def test_staff_may_see_the_center_but_not_change_it(client, staff_a, center_a):
    client.force_login(staff_a)
    response = send(client, "patch", "/centers/amal-hub", {"city": "Irbid"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    center_a.refresh_from_db()
    assert (center_a.city_en, center_a.city_ar) == ("Amman", "عمّان")


def test_a_patch_with_the_old_city_field_changes_the_english_city(client, admin_a, center_a):
    client.force_login(admin_a)
    response = send(client, "patch", "/centers/amal-hub", {"city": "Irbid"})
    assert response.status_code == 200, response.content
    assert (response.json()["city_en"], response.json()["city_ar"]) == ("Irbid", "عمّان")
    center_a.refresh_from_db()
    assert center_a.city_en == "Irbid"
    assert AuditEntry.objects.get(action="core.center.updated").changes == {
        "city_en": ["Amman", "Irbid"]
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name_en": "", "name_ar": ""}, "name_en"),
        ({"country": "ZZ"}, "country"),
        ({"country": None}, "country"),
        ({"focus_sdgs": [18]}, "focus_sdgs"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"website": "not a url"}, "website"),
        ({"region": None}, "region"),
        ({"city": "Irbid", "city_en": "Zarqa"}, "city"),
        ({"city_ar": "م" * 121}, "city_ar"),
    ],
)
def test_bad_center_updates_are_422_with_the_field_named(client, admin_a, center_a, payload, field):
    client.force_login(admin_a)
    response = send(client, "patch", "/centers/amal-hub", payload)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.json()["errors"]
    assert not AuditEntry.objects.filter(action="core.center.updated").exists()


# -- memberships -----------------------------------------------------------------------------


def test_staff_list_every_membership_and_others_only_their_own(
    client, admin_a, staff_a, reviewer_a
):
    client.force_login(staff_a)
    body = client.get(f"{API}/centers/amal-hub/memberships").json()
    assert {(m["user"]["username"], m["role"]) for m in body["items"]} == {
        ("admin_a", "admin"),
        ("staff_a", "staff"),
        ("reviewer_a", "reviewer"),
    }
    client.force_login(reviewer_a)
    body = client.get(f"{API}/centers/amal-hub/memberships").json()
    assert [m["user"]["username"] for m in body["items"]] == ["reviewer_a"]


def test_admin_adds_a_membership_by_email_and_it_is_audited(client, admin_a, stranger):
    client.force_login(admin_a)
    response = send(
        client,
        "post",
        "/centers/amal-hub/memberships",
        {"user": "STRANGER@example.org", "role": "mentor"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["user"]["username"] == "stranger"
    assert Membership.objects.filter(user=stranger, role="mentor").exists()
    assert AuditEntry.objects.filter(action="core.membership.created", actor=admin_a).exists()


def test_admin_adding_an_unknown_user_or_role_gets_field_errors(client, admin_a, stranger):
    client.force_login(admin_a)
    unknown_user = send(
        client, "post", "/centers/amal-hub/memberships", {"user": "ghost", "role": "mentor"}
    )
    assert unknown_user.status_code == 422
    assert "user" in unknown_user.json()["errors"]
    bad_role = send(
        client, "post", "/centers/amal-hub/memberships", {"user": "stranger", "role": "king"}
    )
    assert bad_role.status_code == 422
    assert "role" in bad_role.json()["errors"]


def test_staff_cannot_manage_memberships_nor_probe_which_users_exist(client, staff_a, stranger):
    client.force_login(staff_a)
    for user in ("stranger", "ghost"):
        response = send(
            client, "post", "/centers/amal-hub/memberships", {"user": user, "role": "admin"}
        )
        assert response.status_code == 403
    assert not Membership.objects.filter(user=stranger).exists()


def test_admin_removes_a_membership_but_never_the_last_admin(client, admin_a, staff_a):
    client.force_login(admin_a)
    staff = Membership.objects.get(user=staff_a)
    assert client.delete(f"{API}/centers/amal-hub/memberships/{staff.pk}").status_code == 204
    assert not Membership.objects.filter(pk=staff.pk).exists()
    assert AuditEntry.objects.filter(action="core.membership.deleted").exists()
    own = Membership.objects.get(user=admin_a)
    response = client.delete(f"{API}/centers/amal-hub/memberships/{own.pk}")
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"]
    assert Membership.objects.filter(pk=own.pk).exists()


def test_staff_cannot_remove_a_membership(client, admin_a, staff_a):
    client.force_login(staff_a)
    admin = Membership.objects.get(user=admin_a)
    assert client.delete(f"{API}/centers/amal-hub/memberships/{admin.pk}").status_code == 403
    assert Membership.objects.filter(pk=admin.pk).exists()


# -- tokens -----------------------------------------------------------------------------------


def test_a_user_lists_only_their_own_tokens_without_secrets(client, staff_a, admin_a, center_a):
    create_token(username="staff_a", center_slug="amal-hub", name="laptop")
    create_token(username="admin_a", center_slug="amal-hub", name="admin's")
    client.force_login(staff_a)
    body = client.get(f"{API}/tokens").json()
    assert [t["name"] for t in body["items"]] == ["laptop"]
    token = body["items"][0]
    assert token["center"] == "amal-hub" and token["active"] is True
    assert token["prefix"].startswith("mkz_") and "digest" not in token


def test_a_user_revokes_their_own_token_which_then_stops_working(client, staff_a, center_a):
    headers = bearer(staff_a, center_a, name="script")
    token = ApiToken.objects.get(user=staff_a)
    client.force_login(staff_a)
    response = client.post(f"{API}/tokens/{token.pk}/revoke")
    assert response.status_code == 200
    assert response.json()["active"] is False and response.json()["revoked_at"]
    assert AuditEntry.objects.filter(action="core.token.revoked").exists()
    client.logout()
    response = client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_nobody_revokes_someone_elses_token(client, staff_a, admin_a, center_a):
    token, _secret = create_token(username="admin_a", center_slug="amal-hub")
    client.force_login(staff_a)
    assert client.post(f"{API}/tokens/{token.pk}/revoke").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_refused(client, staff_a, center_a):
    headers = bearer(staff_a, center_a, days=1)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


@pytest.mark.parametrize("value", ["Bearer garbage", "Bearer mkz_not-a-real-token", "Bearer "])
def test_garbage_tokens_are_refused_even_with_a_valid_session(client, staff_a, value):
    client.force_login(staff_a)
    response = client.get(f"{API}/centers/amal-hub/ventures", headers={"Authorization": value})
    assert response.status_code == 401
    assert response.json()["code"] in {"invalid_token", "not_authenticated"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_works_without_a_session_and_records_its_use(client, staff_a, center_a):
    headers = bearer(staff_a, center_a)
    assert client.get(f"{API}/centers/amal-hub/ventures", headers=headers).status_code == 200
    assert ApiToken.objects.get(user=staff_a).last_used_at is not None


# -- SDG reference data and documentation -----------------------------------------------------


def test_sdg_goals_and_a_goals_targets_are_public(client, db):
    goals = client.get(f"{API}/sdg/goals").json()
    assert goals["count"] == 17
    assert goals["items"][5]["number"] == 6 and goals["items"][5]["short_ar"]
    targets = client.get(f"{API}/sdg/goals/6/targets").json()
    assert targets["items"][0]["code"] == "6.1"
    assert {t["goal"] for t in targets["items"]} == {6}
    assert client.get(f"{API}/sdg/goals/18/targets").status_code == 404


def test_the_openapi_schema_and_docs_are_served(client, db):
    schema = client.get(f"{API}/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/centers/{slug}/ventures" in schema.json()["paths"]
    assert client.get(f"{API}/docs").status_code == 200


def test_every_operation_has_an_id_a_summary_and_tags(db):
    from markaz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 25
    for operation in operations:
        assert operation["operationId"] and operation["summary"] and operation["tags"]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))


def test_through_a_token_a_user_lists_only_that_centers_tokens(client, staff_a, center_a, center_b):
    Membership.objects.create(user=staff_a, center=center_b, role="staff")
    create_token(username="staff_a", center_slug=center_b.slug, name="nairobi")
    _token, secret = create_token(username="staff_a", center_slug=center_a.slug, name="amman")
    body = client.get(f"{API}/tokens", headers={"Authorization": f"Bearer {secret}"}).json()
    assert [t["name"] for t in body["items"]] == ["amman"]
    client.force_login(staff_a)
    assert sorted(t["name"] for t in client.get(f"{API}/tokens").json()["items"]) == [
        "amman",
        "nairobi",
    ]
