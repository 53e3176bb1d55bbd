"""The applicant's journey in Arabic, in Debian's chromium: the public call page, signing in,
starting an application, saving a draft, submitting and seeing the status."""

import shutil
from pathlib import Path

import pytest
from django.db import connections

from markaz.programs.tests.fixtures import PDF

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENS = Path("var/test/screens")
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
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="ar-JO", timezone_id="Asia/Amman"
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        yield page
        context.close()
        browser.close()
        connections.close_all()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENS / f"programs-{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_an_innovator_applies_in_arabic_from_the_public_call_page(
    page, live_server, call_a, innovator_a, venture_a, tmp_path
):
    from markaz.programs.models import Application

    page.goto(f"{live_server.url}/ar/calls/amal-hub/{call_a.slug}/")
    # The script remembers the browser's zone and the page is drawn again in it.
    page.wait_for_function("document.querySelector('#deadline').innerText.includes('Asia/Amman')")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "دعوة ابتكارات المياه"
    assert "UTC+03:00" in page.locator("#deadline").inner_text()
    shot(page, "public-call-ar")

    page.click("main .page-head a.button")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", "innovator_a")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url("**/apply/")
    page.select_option("select[name=venture]", str(venture_a.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/applications/*/")

    page.fill("input[name=pitch]", "أكشاك مياه تعمل بالطاقة الشمسية")
    page.fill("textarea[name=story]", "نرشّح المياه للقرى بضوء الشمس.")
    page.fill("input[name=budget]", "12000")
    page.check("input[name=sector][value=water]")
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert page.locator("#application-status").inner_text() == "مسودة"
    assert page.locator("input[name=pitch]").input_value() == "أكشاك مياه تعمل بالطاقة الشمسية"
    shot(page, "draft-ar")

    deck = tmp_path / "deck.pdf"
    deck.write_bytes(PDF)
    page.set_input_files("input[name=deck]", str(deck))
    page.click("button[name=submit]")
    page.wait_for_load_state()
    assert page.locator("#application-status").inner_text() == "مقدَّم"
    assert "الإجابات كما قُدّمت" in page.locator("main").inner_text()
    shot(page, "submitted-ar")
    assert Application.objects.get(venture=venture_a).status == "submitted"
