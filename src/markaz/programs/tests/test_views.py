"""Pages: public call pages (no sign-in, reader's time zone, Arabic), the applicant's journey,
the staff form builder, exports (streamed, columns, blind) and file downloads."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from markaz.core.access import scope_for
from markaz.core.tests.arabic import english_left_on
from markaz.programs import services
from markaz.programs.models import Status
from markaz.programs.tests.fixtures import (
    GOOD_ANSWERS,
    PDF,
    assign_reviewer,
    build_call,
    submit,
)

DEADLINE = dt.datetime(2030, 3, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Amman"))


@pytest.fixture
def amman_call(center_a, staff_a, program_a):
    center_a.timezone = "Asia/Amman"
    center_a.save()
    return build_call(staff_a, center_a, program_a, deadline=DEADLINE, slug="amman")


def public_url(call, lang="en"):
    with translation.override(lang):
        return reverse(
            "programs-public-call",
            kwargs={"center_slug": call.center.slug, "call_slug": call.slug},
        )


# -- public pages ------------------------------------------------------------------------------


def test_the_public_call_page_needs_no_sign_in_and_shows_the_centers_zone(client, amman_call):
    page = client.get(public_url(amman_call))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Water Innovation Call" in text
    assert "11:59 p.m." in text and "(Asia/Amman, UTC+03:00)" in text
    assert 'datetime="2030-03-31T20:59:59+00:00"' in text


def test_the_reader_can_choose_a_time_zone_and_it_is_remembered(client, amman_call):
    page = client.get(public_url(amman_call), {"tz": "America/New_York"})
    text = page.content.decode()
    assert "(America/New_York, UTC-04:00)" in text and "4:59 p.m." in text
    assert page.cookies["markaz_tz"].value == "America/New_York"
    again = client.get(public_url(amman_call)).content.decode()
    assert "(America/New_York, UTC-04:00)" in again


def test_the_browser_zone_from_the_cookie_is_used_and_nonsense_is_ignored(client, amman_call):
    client.cookies["markaz_tz"] = "Asia/Kolkata"
    assert "(Asia/Kolkata, UTC+05:30)" in client.get(public_url(amman_call)).content.decode()
    page = client.get(public_url(amman_call), {"tz": "Mars/Olympus"}).content.decode()
    assert "(Asia/Kolkata, UTC+05:30)" in page


def test_the_arabic_call_page_shows_the_deadline_in_arabic(client, amman_call):
    translation.activate("ar")
    text = client.get(public_url(amman_call, "ar")).content.decode()
    assert "دعوة ابتكارات المياه" in text
    assert "مارس" in text or "آذار" in text
    assert "UTC+03:00" in text


def test_draft_calls_are_not_public(client, center_a, staff_a, program_a):
    call = build_call(staff_a, center_a, program_a, phase="draft", slug="secret")
    assert client.get(public_url(call)).status_code == 404


def test_open_calls_are_listed_publicly_and_per_center(client, call_a, center_a, staff_a):
    listing = client.get(reverse("programs-open-calls")).content.decode()
    assert "Water Innovation Call" in listing
    per_center = client.get(
        reverse("programs-center-calls", kwargs={"center_slug": center_a.slug})
    ).content.decode()
    assert "Water Innovation Call" in per_center
    services.change_call_phase(scope=scope_for(staff_a), call=call_a, phase="closed")
    assert (
        "Water Innovation Call" not in client.get(reverse("programs-open-calls")).content.decode()
    )


def _ours(leftovers: dict) -> dict:
    """Only strings of this app's catalog (other apps' navigation is theirs to translate)."""
    import polib

    from markaz.core.tests.arabic import PACKAGE

    catalog = PACKAGE / "programs/locale/ar/LC_MESSAGES/django.po"
    ours = {e.msgid for e in polib.pofile(str(catalog))}
    found = {url: [s for s in strings if s in ours] for url, strings in leftovers.items()}
    return {url: strings for url, strings in found.items() if strings}


def test_arabic_pages_leave_no_english_interface_text(
    client, call_a, application_a, innovator_a, staff_a, center_a
):
    submit(application_a, innovator_a)
    c = center_a.slug
    translation.activate("ar")
    public = [
        reverse("programs-open-calls"),
        reverse("programs-center-calls", kwargs={"center_slug": c}),
        public_url(call_a, "ar"),
    ]
    assert _ours(english_left_on(client, public)) == {}
    client.force_login(staff_a)
    staff_pages = [
        reverse("programs-program-list", kwargs={"center": c}),
        reverse("programs-program-detail", kwargs={"center": c, "pk": call_a.program_id}),
        reverse("programs-call-detail", kwargs={"center": c, "pk": call_a.pk}),
        reverse("programs-applications", kwargs={"center": c}),
        reverse("programs-application-detail", kwargs={"center": c, "pk": application_a.pk}),
    ]
    assert _ours(english_left_on(client, staff_pages)) == {}


# -- the applicant's journey -------------------------------------------------------------------


def test_an_innovator_applies_saves_a_draft_submits_and_sees_the_status(
    client, call_a, innovator_a, venture_a, center_a, mailoutbox, django_capture_on_commit_callbacks
):
    c = center_a.slug
    client.force_login(innovator_a)
    started = client.post(
        reverse("programs-call-apply", kwargs={"center": c, "pk": call_a.pk}),
        {"venture": venture_a.pk},
    )
    assert started.status_code == 302
    url = started["Location"]
    draft = {**GOOD_ANSWERS, "needs": ["funding"], "save": "1"}
    assert client.post(url, draft).status_code == 302
    page = client.get(url).content.decode()
    assert "Solar water kiosks" in page and "Draft" in page

    bad = client.post(url, {**draft, "budget": "5", "submit": "1"})
    assert bad.status_code == 200
    assert "Enter a number of at least 100." in bad.content.decode()

    from django.core.files.uploadedfile import SimpleUploadedFile

    deck = SimpleUploadedFile("deck.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**draft, "submit": "1", "deck": deck})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Submitted" in page and "Answers as submitted" in page
    assert len(mailoutbox) == 1
    listing = client.get(reverse("programs-applications", kwargs={"center": c}))
    assert "Submitted" in listing.content.decode()


def test_the_apply_page_explains_why_a_venture_is_not_eligible(
    client, center_a, staff_a, program_a, innovator_a, venture_a
):
    venture_a.country = "EG"
    venture_a.save()
    call = build_call(staff_a, center_a, program_a, eligible_countries=["JO"], slug="jo")
    client.force_login(innovator_a)
    page = client.get(
        reverse("programs-call-apply", kwargs={"center": center_a.slug, "pk": call.pk})
    )
    assert "open to ventures based in Jordan; yours is in Egypt" in page.content.decode()


def test_withdrawing_from_the_page(client, application_a, innovator_a, center_a):
    client.force_login(innovator_a)
    url = reverse(
        "programs-application-withdraw", kwargs={"center": center_a.slug, "pk": application_a.pk}
    )
    assert client.post(url).status_code == 302
    application_a.refresh_from_db()
    assert application_a.status == Status.WITHDRAWN


def test_other_members_cannot_see_an_application(
    client, application_a, mentor_a, reviewer_a, partner_a, center_a
):
    url = reverse(
        "programs-application-detail", kwargs={"center": center_a.slug, "pk": application_a.pk}
    )
    for user in (mentor_a, reviewer_a, partner_a):
        client.force_login(user)
        assert client.get(url).status_code == 404


# -- attachments -------------------------------------------------------------------------------


def test_files_download_for_the_team_and_staff_and_404_for_others(
    client, application_a, innovator_a, staff_a, mentor_a, reviewer_a, center_a
):
    submit(application_a, innovator_a)
    attachment = application_a.attachments.get()
    url = reverse(
        "programs-attachment-download", kwargs={"center": center_a.slug, "pk": attachment.pk}
    )
    for user in (innovator_a, staff_a):
        client.force_login(user)
        got = client.get(url)
        assert got.status_code == 200
        assert b"".join(got.streaming_content) == PDF
    for user in (mentor_a, reviewer_a):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_assigned_reviewers_may_download_until_they_recuse(
    client, application_a, innovator_a, reviewer_a, staff_a, center_a
):
    from markaz.review import services as review

    submit(application_a, innovator_a)
    attachment = application_a.attachments.get()
    url = reverse(
        "programs-attachment-download", kwargs={"center": center_a.slug, "pk": attachment.pk}
    )
    client.force_login(reviewer_a)
    assert client.get(url).status_code == 404
    assignment = assign_reviewer(application_a, reviewer_a, staff_a)
    got = client.get(url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    review.recuse(scope=scope_for(reviewer_a), assignment=assignment, reason="I know them")
    assert client.get(url).status_code == 404


def test_a_fake_pdf_is_refused_on_the_page(client, application_a, innovator_a, center_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(innovator_a)
    url = reverse(
        "programs-application-detail", kwargs={"center": center_a.slug, "pk": application_a.pk}
    )
    fake = SimpleUploadedFile("deck.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    page = client.post(url, {"pitch": "x", "deck": fake, "save": "1"}, follow=True)
    assert "This type of file is not accepted here." in page.content.decode()
    assert not application_a.attachments.exists()
