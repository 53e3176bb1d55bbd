import pytest
from django.urls import reverse

from markaz.jobs.models import JobRun


@pytest.fixture
def runs(db):
    JobRun.objects.create(key="a", name="markaz.jobs.tasks.send_message", status="succeeded")
    return JobRun.objects.create(
        key="b",
        name="markaz.jobs.tasks.sync_federation",
        status="failed",
        attempts=4,
        max_attempts=4,
        last_error="Traceback: ConnectionRefusedError",
    )


def test_an_operator_sees_recent_jobs_failures_and_retries(client, operator, runs):
    client.force_login(operator)
    response = client.get(reverse("jobs-list"))
    assert response.status_code == 200
    assert b"send_message" in response.content and b"sync_federation" in response.content
    failed = client.get(reverse("jobs-list"), {"status": "failed"})
    assert b"send_message" not in failed.content
    detail = client.get(reverse("jobs-detail", kwargs={"pk": runs.pk}))
    assert b"ConnectionRefusedError" in detail.content


def test_center_staff_and_strangers_get_404_and_anonymous_users_sign_in(
    client, admin_a, stranger, runs
):
    for user in (admin_a, stranger):
        client.force_login(user)
        assert client.get(reverse("jobs-list")).status_code == 404
        assert client.get(reverse("jobs-detail", kwargs={"pk": runs.pk})).status_code == 404
    client.logout()
    response = client.get(reverse("jobs-list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_missing_job_is_404_for_operators(client, operator, db):
    client.force_login(operator)
    assert client.get(reverse("jobs-detail", kwargs={"pk": 999})).status_code == 404


def test_the_api_lists_jobs_for_operators_only(client, operator, admin_a, runs):
    client.force_login(operator)
    body = client.get("/api/v1/jobs", {"status": "failed"}).json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == "markaz.jobs.tasks.sync_federation"
    assert body["items"][0]["attempts"] == 4
    assert client.get(f"/api/v1/jobs/{runs.pk}").json()["last_error"].endswith("Refused" + "Error")
    client.force_login(admin_a)
    assert client.get("/api/v1/jobs").status_code == 404
    assert client.get(f"/api/v1/jobs/{runs.pk}").status_code == 404
    client.logout()
    assert client.get("/api/v1/jobs").status_code == 401


def test_the_pages_have_no_english_left_in_arabic(client, operator, runs):
    from django.utils import translation

    from markaz.core.tests.arabic import english_left_on

    client.force_login(operator)
    with translation.override("ar"):
        urls = [reverse("jobs-list"), reverse("jobs-detail", kwargs={"pk": runs.pk})]
    assert all(url.startswith("/ar/") for url in urls)
    assert english_left_on(client, urls) == {}
