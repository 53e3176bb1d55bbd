"""A reviewer scores an application in Arabic, in Debian's chromium (Playwright drives it)."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENS = Path(os.environ.get("MARKAZ_TEST_SCREENS", "var/test/screens"))
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        connections.close_all()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_scores_a_blind_application_in_arabic(
    page, live_server, center_a, staff_a, reviewer_a, venture_a, innovator_a
):
    from markaz.core.access import scope_for
    from markaz.review import services
    from markaz.review.models import Assignment, AssignmentStatus
    from markaz.review.tests.fixtures import (
        make_application,
        make_call,
        make_reviewer,
        make_round,
        make_rubric,
    )

    venture_a.name_ar = "أكشاك المياه النظيفة"
    venture_a.save()
    call = make_call(center_a, blind=True)
    make_application(
        call,
        venture_a,
        innovator_a,
        answers=[
            {"key": "pitch", "kind": "long_text", "label_en": "Pitch", "label_ar": "فكرة المشروع",
             "value": "أكشاك المياه النظيفة توفر مياه شرب آمنة لأحياء عمّان الشرقية."},
        ],
        files=["Clean Water Kiosks - pitch.pdf"],
    )  # fmt: skip
    rubric = make_rubric(staff_a, call, criteria=3)
    round_ = make_round(staff_a, call, rubric, per_application=2)
    for user in (reviewer_a, make_reviewer(center_a, "rana")):
        services.add_reviewer(scope=scope_for(staff_a), round=round_, reviewer=user)
    services.assign_reviewers(scope=scope_for(staff_a), round=round_)
    mine = Assignment.objects.get(round=round_, reviewer=reviewer_a)

    page.goto(f"{live_server.url}/ar/accounts/login/?next=/ar/c/{center_a.slug}/review/")
    page.fill("input[name=username]", "reviewer_a")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ar/c/{center_a.slug}/review/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "المراجعة"
    shot(page, "review-home-ar")

    page.click(f"a[href$='/review/assignments/{mine.pk}/']")
    page.wait_for_url(f"**/review/assignments/{mine.pk}/")
    body = page.locator("main").inner_text()
    assert "أكشاك" not in body and "Kiosks" not in body and "Innovator" not in body
    assert mine.application.reference in body
    for criterion, value in zip(rubric.criteria.order_by("position"), (5, 4, 3), strict=True):
        page.check(f"input[name=criterion_{criterion.pk}][value='{value}']")
    page.fill("textarea[name=comment]", "فكرة قوية، والميزانية تحتاج إلى تفصيل أكثر.")
    page.check("input[name=comment_shared]")
    shot(page, "review-scoring-ar")
    page.click("main form.score-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ar/c/{center_a.slug}/review/")
    shot(page, "review-submitted-ar")

    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.SUBMITTED and mine.comment_shared
    assert sorted(mine.scores.values_list("value", flat=True)) == [3, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_staff_follow_progress_and_ranking_in_arabic(
    page, live_server, center_a, staff_a, review_assigned_a, reviewer_a
):
    from markaz.core.access import scope_for
    from markaz.review import services
    from markaz.review.models import Assignment

    criteria = list(review_assigned_a.rubric.criteria.order_by("position"))
    for i, a in enumerate(Assignment.objects.exclude(reviewer=reviewer_a).order_by("pk")):
        services.submit_review(
            scope=scope_for(a.reviewer), assignment=a,
            scores={c.pk: 1 + (i * (c.position + 1)) % 5 for c in criteria},
        )  # fmt: skip
    page.goto(f"{live_server.url}/ar/accounts/login/?next=/ar/c/{center_a.slug}/review/")
    page.fill("input[name=username]", "staff_a")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ar/c/{center_a.slug}/review/")
    page.goto(f"{live_server.url}/ar/c/{center_a.slug}/review/rounds/{review_assigned_a.pk}/")
    assert page.locator("h1").inner_text() == "Screening" or page.locator("h1").inner_text()
    shot(page, "review-board-ar")
    page.goto(
        f"{live_server.url}/ar/c/{center_a.slug}/review/rounds/{review_assigned_a.pk}/ranking/"
    )
    assert page.locator("table.table tbody tr").count() == 4
    shot(page, "review-ranking-ar")
