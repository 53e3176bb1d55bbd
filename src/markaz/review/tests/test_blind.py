"""Blind review: the applicant's identity never reaches a reviewer (pages, API, exports)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from markaz.core.access import scope_for
from markaz.review import services
from markaz.review.models import Assignment
from markaz.review.tests.fixtures import make_application, make_call, make_round, make_rubric

pytestmark = pytest.mark.django_db

SECRETS = [
    "Clean Water Kiosks", "Kiosks", "Jordan River", "Innovator_A", "innovator_a@example.org",
    "+962 79 555 0101", "نبع",
]  # fmt: skip


@pytest.fixture
def blind_round(center_a, staff_a, reviewer_a, venture_a, innovator_a, org_a):
    venture_a.organization = org_a
    venture_a.name_ar = "أكشاك نبع"
    venture_a.save()
    call = make_call(center_a, blind=True, title="Blind Call")
    make_application(
        call,
        venture_a,
        innovator_a,
        answers=[
            {
                "key": "pitch",
                "kind": "long_text",
                "label_en": "Pitch",
                "label_ar": "العرض",
                "value": "Clean Water Kiosks, a spin-off of Jordan River, led by Innovator_A "
                "(innovator_a@example.org, +962 79 555 0101), sells water.",
            },
            {
                "key": "deck",
                "kind": "file",
                "label_en": "Deck",
                "label_ar": "العرض",
                "value": "Clean Water Kiosks deck.pdf",
            },
        ],
        files=["Clean Water Kiosks deck.pdf", "budget.xlsx"],
    )
    rubric = make_rubric(staff_a, call)
    round_ = make_round(staff_a, call, rubric, per_application=1)
    services.add_reviewer(scope=scope_for(staff_a), round=round_, reviewer=reviewer_a)
    services.assign_reviewers(scope=scope_for(staff_a), round=round_)
    return round_


def _assert_no_secret(text: str):
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def test_blind_review_hides_the_applicant_on_every_reviewer_page(client, blind_round, reviewer_a):
    a = Assignment.objects.get(round=blind_round)
    client.force_login(reviewer_a)
    center = blind_round.center
    home = client.get(reverse("review-home", kwargs={"center": center.slug})).content.decode()
    _assert_no_secret(home)
    assert a.application.reference in home
    detail = client.get(
        reverse("review-assignment-detail", kwargs={"center": center.slug, "pk": a.pk})
    ).content.decode()
    _assert_no_secret(detail)
    assert "a spin-off of" in detail and "sells" in detail  # the rest is still there
    assert "attachment-1.pdf" in detail and "budget.xlsx" in detail
    for lang in ("ar",):
        page = client.get(
            f"/{lang}/c/{center.slug}/review/assignments/{a.pk}/", HTTP_ACCEPT_LANGUAGE=lang
        )
        _assert_no_secret(page.content.decode())


def test_blind_review_hides_the_applicant_in_the_api(client, blind_round, reviewer_a):
    a = Assignment.objects.get(round=blind_round)
    client.force_login(reviewer_a)
    base = f"/api/v1/centers/{blind_round.center.slug}/review"
    listing = client.get(f"{base}/assignments")
    assert listing.status_code == 200
    _assert_no_secret(listing.content.decode())
    detail = client.get(f"{base}/assignments/{a.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["application_detail"]["blind"] is True
    assert body["application_detail"]["venture_name"] is None
    assert body["title"] == a.application.reference
    _assert_no_secret(detail.content.decode())


def test_review_exports_of_a_blind_call_carry_references_only(client, blind_round, staff_a):
    client.force_login(staff_a)
    center = blind_round.center
    got = client.get(
        reverse("review-round-export-csv", kwargs={"center": center.slug, "pk": blind_round.pk})
    )
    text = b"".join(got.streaming_content).decode("utf-8-sig")
    _assert_no_secret(text)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1].startswith("A-")
    xlsx = client.get(f"/api/v1/centers/{center.slug}/review/rounds/{blind_round.pk}/scores.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
    _assert_no_secret(cells)


def test_staff_still_see_who_applied_and_open_calls_are_not_blind(
    client, blind_round, staff_a, review_assigned_a, reviewer_a
):
    a = Assignment.objects.get(round=blind_round)
    client.force_login(staff_a)
    page = client.get(
        reverse("review-assignment-detail", kwargs={"center": a.center.slug, "pk": a.pk})
    ).content.decode()
    assert "Clean Water Kiosks" in page
    client.force_login(reviewer_a)
    visible = Assignment.objects.filter(round=review_assigned_a, reviewer=reviewer_a).first()
    got = client.get(f"/api/v1/centers/{a.center.slug}/review/assignments/{visible.pk}").json()
    assert got["application_detail"]["blind"] is False
    assert got["application_detail"]["venture_name"]


def test_download_names_of_a_blind_call_hide_names_from_reviewers(blind_round, reviewer_a, staff_a):
    from markaz.review.presentation import download_name

    a = Assignment.objects.get(round=blind_round)
    deck, budget = a.application.attachments.order_by("pk")
    assert download_name(reviewer_a, deck) == "attachment-1.pdf"
    assert download_name(reviewer_a, budget) == "budget.xlsx"
    assert download_name(staff_a, deck) == "Clean Water Kiosks deck.pdf"


def test_assigned_reviewers_may_download_the_files_and_others_may_not(
    blind_round, reviewer_a, mentor_a, center_a
):
    from markaz.programs.permissions import can_download_attachment
    from markaz.review.tests.fixtures import make_reviewer

    deck = Assignment.objects.get(round=blind_round).application.attachments.first()
    assert can_download_attachment(reviewer_a, deck)
    assert not can_download_attachment(make_reviewer(center_a, "unassigned"), deck)
    assert not can_download_attachment(mentor_a, deck)
    services.recuse(
        scope=scope_for(reviewer_a), assignment=Assignment.objects.get(round=blind_round)
    )
    assert not can_download_attachment(reviewer_a, deck)


def test_a_blind_calls_files_download_without_names_from_the_page_and_the_api(
    client, blind_round, reviewer_a, staff_a, center_a
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    deck = Assignment.objects.get(round=blind_round).application.attachments.order_by("pk")[0]
    default_storage.save(deck.file.name, ContentFile(b"%PDF-1.4 deck"))
    page = reverse("programs-attachment-download", kwargs={"center": center_a.slug, "pk": deck.pk})
    api = f"/api/v1/centers/{center_a.slug}/attachments/{deck.pk}"
    client.force_login(reviewer_a)
    for url in (page, api):
        got = client.get(url)
        assert got.status_code == 200, url
        assert "attachment-1.pdf" in got["Content-Disposition"]
        assert "Kiosks" not in got["Content-Disposition"]
    client.force_login(staff_a)
    assert "Kiosks" in client.get(page)["Content-Disposition"]
    default_storage.delete(deck.file.name)  # a row whose file is gone: missing, not a crash
    assert client.get(page).status_code == 404
