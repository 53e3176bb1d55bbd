"""The database going away mid-request: a 503 with a clear message, then recovery."""

from unittest import mock

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

# No test-wide transaction: after an outage Django must be free to close the broken
# connection and open a new one, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


def _failing_queries():
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    )


@pytest.fixture
def browser(admin_a):
    # The test client re-raises view exceptions by default; a browser gets the response.
    client = Client(raise_request_exception=False)
    client.force_login(admin_a)
    return client


def test_a_page_answers_503_in_the_readers_language_when_the_database_is_gone(browser, center_a):
    url = reverse("dashboard", kwargs={"center": center_a.slug})
    for lang, words in (("en", "briefly unavailable"), ("ar", "غير متاح")):
        with _failing_queries():
            response = browser.get(url.replace("/en/", f"/{lang}/"))
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        body = response.content.decode()
        assert words in body
        assert response["X-Request-ID"] in body
    assert browser.get(url).status_code == 200


def test_the_api_answers_503_problem_json_when_the_database_is_gone(browser):
    with _failing_queries():
        response = browser.get("/api/v1/centers")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "database_unavailable"
    assert browser.get("/api/v1/centers").status_code == 200


def test_other_failures_stay_500_with_the_request_id(browser, center_a):
    url = reverse("dashboard", kwargs={"center": center_a.slug})
    with mock.patch("markaz.core.views.render", side_effect=RuntimeError("bug")):
        response = browser.get(url)
    assert response.status_code == 500
    assert response["X-Request-ID"] in response.content.decode()


def _terminate_own_backend_after(n_queries: int):
    """An execute wrapper that kills this connection's PostgreSQL backend from another
    session once `n_queries` queries of the request have run: the next one fails."""
    settings = connection.settings_dict
    seen = {"n": 0}

    def wrapper(execute, sql, params, many, context):
        seen["n"] += 1
        if seen["n"] == n_queries + 1:
            pid = context["connection"].connection.info.backend_pid
            with psycopg.connect(
                host=settings["HOST"],
                port=settings["PORT"] or 5432,
                user=settings["USER"],
                dbname=settings["NAME"],
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    return wrapper


def _serve(path: str, cookie: str) -> tuple[int, str]:
    """One request through Django's real WSGI handler, which (unlike the test client) closes
    unusable connections when a request starts and ends, as gunicorn's workers do."""
    from wsgiref.util import setup_testing_defaults

    from django.core.handlers.wsgi import WSGIHandler

    environ = {"PATH_INFO": path, "HTTP_COOKIE": cookie, "SERVER_NAME": "testserver"}
    setup_testing_defaults(environ)
    status = []
    body = b"".join(WSGIHandler()(environ, lambda s, headers, *exc: status.append(s)))
    return int(status[0].split()[0]), body.decode()


def test_a_postgresql_backend_killed_mid_request_gives_503_and_the_next_request_recovers(
    center_a, admin_a
):
    if connection.vendor != "postgresql":
        pytest.skip("terminates a real PostgreSQL backend")
    client = Client()
    client.force_login(admin_a)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    url = reverse("dashboard", kwargs={"center": center_a.slug})
    assert _serve(url, cookie)[0] == 200
    with connection.execute_wrapper(_terminate_own_backend_after(3)):
        status, body = _serve(url, cookie)
    assert status == 503
    assert "briefly unavailable" in body
    # Django closed the broken connection when the request ended; a new one serves these.
    assert _serve(url, cookie)[0] == 200
    assert _serve("/api/v1/centers", cookie)[0] == 200
