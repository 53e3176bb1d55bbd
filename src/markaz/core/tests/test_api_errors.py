"""Errors are application/problem+json with a stable code, and never a traceback."""

import logging

import pytest
from django.db import IntegrityError
from django.test import Client

from markaz.core.tokens import create_token

VENTURES = "/api/v1/centers/amal-hub/ventures"
PROBLEM_KEYS = {"type", "title", "status", "code", "detail", "errors", "request_id"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert (body["status"], body["code"]) == (status, code)
    assert body["request_id"] == response["X-Request-ID"]
    return body


def test_malformed_json_is_a_400_problem(client, staff_a):
    client.force_login(staff_a)
    response = client.post(VENTURES, '{"name_en": "Kiosks",', content_type="application/json")
    assert_problem(response, 400, "bad_request")


@pytest.mark.parametrize("body", ["[1, 2]", '"a string"', "{}"])
def test_a_body_of_the_wrong_shape_is_a_422_problem(client, staff_a, body):
    client.force_login(staff_a)
    response = client.post(VENTURES, body, content_type="application/json")
    assert_problem(response, 422, "validation_error")


def test_request_schema_errors_name_each_field_by_its_path(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        VENTURES,
        {"name_en": "Kiosks", "sdg_goals": [6, "six"], "stage": "giant", "founded_on": "soon"},
        content_type="application/json",
    )
    errors = assert_problem(response, 422, "validation_error")["errors"]
    assert set(errors) == {"sdg_goals.1", "stage", "founded_on"}


def test_an_unexpected_error_is_a_logged_500_without_a_traceback(
    client, staff_a, monkeypatch, caplog
):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("markaz.ventures.api.search_ventures", explode)
    client.force_login(staff_a)
    with caplog.at_level(logging.ERROR, logger="markaz.api"):
        response = client.get(VENTURES)
    body = assert_problem(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert any("secret internals" in r.exc_text for r in caplog.records if r.exc_text)
    assert body["detail"]


def test_a_database_conflict_is_a_409_problem(client, staff_a, monkeypatch):
    def conflict(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("markaz.stakeholders.services.create_organization", conflict)
    client.force_login(staff_a)
    response = client.post(
        "/api/v1/centers/amal-hub/organizations",
        {"name_en": "Twice", "sector": "private"},
        content_type="application/json",
    )
    assert_problem(response, 409, "conflict")


def test_session_writes_need_the_csrf_token(staff_a, center_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    payload = {"name_en": "Kiosks"}
    refused = client.post(VENTURES, payload, content_type="application/json")
    assert_problem(refused, 403, "csrf_failed")
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    accepted = client.post(
        VENTURES, payload, content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert accepted.status_code == 201, accepted.content
    assert client.get(VENTURES).status_code == 200  # safe methods need no token


def test_token_writes_need_no_csrf_token(staff_a, center_a):
    _token, secret = create_token(username="staff_a", center_slug="amal-hub")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        VENTURES,
        {"name_en": "Kiosks"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201, response.content


def test_an_anonymous_write_is_told_to_authenticate_not_that_csrf_failed(center_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(VENTURES, {"name_en": "Kiosks"}, content_type="application/json")
    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_problem_titles_follow_the_requested_language(client, center_a):
    response = client.get("/api/v1/centers/nowhere", headers={"Accept-Language": "ar"})
    assert_problem(response, 404, "not_found")
    assert response["Content-Language"] == "ar"


def test_unknown_api_paths_answer_problem_json_404(client):
    response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"


def test_a_number_too_large_for_the_database_is_refused_not_a_server_error(client, admin_a):
    client.force_login(admin_a)
    huge = 2**80
    response = client.get(f"/api/v1/centers/amal-hub/ledger?fund={huge}&award={huge}")
    assert response.status_code in (200, 422), response.content[:300]
    if response.status_code == 422:  # SQLite stores 64-bit integers at most
        assert response.json()["code"] == "out_of_range"
    else:  # PostgreSQL compares the number and finds nothing
        assert response.json()["count"] == 0
