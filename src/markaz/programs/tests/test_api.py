"""The API: same rules as the pages (staff build, innovators apply, others see nothing)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from markaz.programs.models import Application, Call, Status
from markaz.programs.tests.fixtures import GOOD_ANSWERS, PDF

BASE = "/api/v1/centers/amal-hub"


def test_staff_build_a_call_through_the_api_and_open_it(client, staff_a, program_a):
    client.force_login(staff_a)
    created = client.post(
        f"{BASE}/calls",
        {
            "program": program_a.pk,
            "slug": "api-call",
            "title_en": "API call",
            "title_ar": "دعوة",
            "deadline": "2030-03-31T23:59:59+03:00",
            "eligible_countries": ["JO"],
            "eligible_sdgs": [6],
            "required_documents": [{"key": "budget", "label_en": "Budget"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    call = created.json()
    assert call["phase"] == "draft"
    deadline = dt.datetime.fromisoformat(call["deadline"].replace("Z", "+00:00"))
    assert deadline == dt.datetime(2030, 3, 31, 20, 59, 59, tzinfo=dt.UTC)
    assert call["eligible_sdgs"] == [6]
    field = client.post(
        f"{BASE}/calls/{call['id']}/fields",
        {"key": "pitch", "kind": "short_text", "label_en": "Pitch", "required": True},
        content_type="application/json",
    )
    assert field.status_code == 201
    bad = client.post(
        f"{BASE}/calls/{call['id']}/fields",
        {"key": "oops", "kind": "poem", "label_en": "Oops"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "kind" in bad.json()["errors"]
    wrong = client.post(
        f"{BASE}/calls/{call['id']}/phase", {"phase": "decided"}, content_type="application/json"
    )
    assert wrong.status_code == 422
    assert "cannot go from" in wrong.json()["errors"]["phase"][0]
    opened = client.post(
        f"{BASE}/calls/{call['id']}/phase", {"phase": "open"}, content_type="application/json"
    )
    assert opened.json()["phase"] == "open"
    public = client.get("/api/v1/calls", {"center": "amal-hub"}).json()
    assert [c["slug"] for c in public["items"]] == ["api-call"]


def test_non_staff_cannot_create_calls(client, innovator_a, program_a):
    client.force_login(innovator_a)
    response = client.post(
        f"{BASE}/calls",
        {"program": program_a.pk, "slug": "x", "title_en": "X", "deadline": "2030-01-01T00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Call.objects.filter(slug="x").exists()


def test_an_innovator_applies_through_the_api(
    client, call_a, innovator_a, venture_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(innovator_a)
    started = client.post(
        f"{BASE}/calls/{call_a.pk}/applications",
        {"venture": venture_a.pk},
        content_type="application/json",
    )
    assert started.status_code == 201
    app = started.json()
    url = f"{BASE}/applications/{app['id']}"
    bad = client.patch(url, {"answers": {"budget": "5"}}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"answers.budget": ["Enter a number of at least 100."]}
    saved = client.patch(url, {"answers": GOOD_ANSWERS}, content_type="application/json")
    assert saved.json()["answers"]["site"] == "https://kiosks.example.org"
    assert [r["code"] for r in saved.json()["eligibility"]] == []
    early = client.post(f"{url}/submission")
    assert early.status_code == 422 and "answers.deck" in early.json()["errors"]
    fake = client.post(
        f"{url}/attachments",
        {"key": "deck", "file": SimpleUploadedFile("deck.pdf", b"GIF89a", "application/pdf")},
    )
    assert fake.status_code == 422
    spare = client.post(
        f"{url}/attachments",
        {"key": "deck", "file": SimpleUploadedFile("old.pdf", PDF, "application/pdf")},
    ).json()["id"]
    assert client.delete(f"{BASE}/attachments/{spare}").status_code == 204
    assert client.get(f"{BASE}/attachments/{spare}").status_code == 404
    upload = client.post(
        f"{url}/attachments",
        {"key": "deck", "file": SimpleUploadedFile("deck.pdf", PDF, "application/pdf")},
    )
    assert upload.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{url}/submission")
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "submitted" and body["frozen_answers"][0]["key"] == "pitch"
    assert len(mailoutbox) == 1
    download = client.get(f"{BASE}/attachments/{upload.json()['id']}")
    assert b"".join(download.streaming_content) == PDF
    frozen = client.delete(f"{BASE}/attachments/{upload.json()['id']}")
    assert frozen.status_code == 422, "a submitted application's files stay"
    withdrawn = client.post(f"{url}/withdrawal")
    assert withdrawn.json()["status"] == "withdrawn"


def test_eligibility_reasons_come_in_the_callers_language(
    client, center_a, staff_a, program_a, innovator_a, venture_a
):
    from markaz.programs.tests.fixtures import build_call

    venture_a.country = "EG"
    venture_a.save()
    call = build_call(staff_a, center_a, program_a, eligible_countries=["JO"], slug="jo")
    client.force_login(innovator_a)
    url = f"{BASE}/calls/{call.pk}/eligibility?venture={venture_a.pk}"
    english = client.get(url).json()
    assert english["eligible"] is False and english["reasons"][0]["code"] == "country"
    arabic = client.get(url, headers={"Accept-Language": "ar"}).json()
    assert "الأردن" in arabic["reasons"][0]["message"]


def test_others_see_no_applications_and_staff_see_all(client, application_a, mentor_a, staff_a):
    client.force_login(mentor_a)
    assert client.get(f"{BASE}/applications").json()["count"] == 0
    assert client.get(f"{BASE}/applications/{application_a.pk}").status_code == 404
    client.force_login(staff_a)
    assert client.get(f"{BASE}/applications").json()["count"] == 1


def test_staff_decide_and_the_cohort_appears(
    client, application_a, innovator_a, staff_a, mailoutbox
):
    from markaz.core.access import scope_for
    from markaz.programs import services
    from markaz.programs.tests.fixtures import submit

    submit(application_a, innovator_a)
    for phase in ("closed", "in_review"):
        services.change_call_phase(scope=scope_for(staff_a), call=application_a.call, phase=phase)
    client.force_login(staff_a)
    decided = client.post(
        f"{BASE}/applications/{application_a.pk}/decision",
        {"outcome": "accept"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["outcome"] == "accept"
    assert Application.objects.get(pk=application_a.pk).status == Status.ACCEPTED
    cohorts = client.get(f"{BASE}/cohorts").json()
    assert cohorts["count"] == 1
    cohort = client.get(f"{BASE}/cohorts/{cohorts['items'][0]['id']}").json()
    assert [m["venture_name"] for m in cohort["members"]] == ["Clean Water Kiosks"]


def test_the_public_call_api_needs_no_sign_in(client, call_a):
    got = client.get(f"/api/v1/calls/amal-hub/{call_a.slug}")
    assert got.status_code == 200
    assert [f["key"] for f in got.json()["fields"]][:2] == ["pitch", "story"]
    assert client.get("/api/v1/calls/amal-hub/nope").status_code == 404


def test_the_export_api_streams_csv(client, application_a, innovator_a, staff_a):
    from markaz.programs.tests.fixtures import submit

    submit(application_a, innovator_a)
    client.force_login(staff_a)
    got = client.get(f"{BASE}/calls/{application_a.call_id}/applications.csv?blind=true")
    text = b"".join(got.streaming_content).decode("utf-8-sig")
    assert text.startswith("Reference,Status,") and "Clean Water" not in text


def test_deadline_refusal_reads_clearly_through_the_api(
    client, application_a, innovator_a, monkeypatch
):
    from django.utils import timezone

    moment = application_a.call.deadline + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    client.force_login(innovator_a)
    got = client.post(f"{BASE}/applications/{application_a.pk}/submission")
    assert got.status_code == 422
    assert "deadline has passed" in got.json()["detail"]
