"""Browser journey in Debian's chromium (Playwright drives it; no downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("MARKAZ_TEST_ARTIFACTS", "test-artifacts"))
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

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself are synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        # ORM calls made while Playwright's loop runs get their own connection (asgiref's
        # Local is per event loop); close it here, or PostgreSQL cannot drop the test database.
        connections.close_all()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_staff_sign_in_switch_to_arabic_create_a_venture_and_find_it(
    page, live_server, center_a, staff_a
):
    from markaz.ventures.models import Venture

    page.goto(f"{live_server.url}/en/accounts/login/?next=/en/c/{center_a.slug}/")
    page.fill("input[name=username]", "staff_a")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    shot(page, "after-login")
    page.wait_for_url(f"{live_server.url}/en/c/{center_a.slug}/")
    assert page.locator("h1").inner_text() == "Amal Hub"
    shot(page, "dashboard-en")

    page.click("[data-testid=lang-switch]")
    page.wait_for_url(f"{live_server.url}/ar/c/{center_a.slug}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "مركز أمل"
    shot(page, "dashboard-ar")

    page.goto(f"{live_server.url}/ar/c/{center_a.slug}/ventures/new/")
    page.fill("input[name=name_ar]", "مطابخ الحي المجتمعية")
    page.fill("input[name=name_en]", "Neighbourhood Community Kitchens")
    page.fill("textarea[name=problem_ar]", "أسر كثيرة في الحي لا تجد وجبة ساخنة يوميًا.")
    page.select_option("select[name=stage]", "pilot")
    page.select_option("select[name=legal_form]", "cooperative")
    page.check("input[name=sdg_goals][value='2']")
    shot(page, "venture-form-ar")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/ventures/*/")
    assert page.locator("h1").inner_text() == "مطابخ الحي المجتمعية"
    assert Venture.objects.filter(name_en="Neighbourhood Community Kitchens").exists()

    page.goto(f"{live_server.url}/ar/c/{center_a.slug}/ventures/")
    page.fill("input[name=q]", "المجتمعية")
    page.wait_for_function("document.querySelectorAll('#results tbody tr a').length === 1")
    assert page.locator("#results tbody tr a").inner_text() == "مطابخ الحي المجتمعية"
    shot(page, "venture-list-ar")
