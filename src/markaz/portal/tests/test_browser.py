"""Accessibility of the public pages in Debian's chromium: axe-core finds no serious or
critical violation, in Arabic and English, and the keyboard reaches the navigation and main."""

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
SERIOUS = {"serious", "critical"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def _axe_source() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture
def page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        # An init script runs in every page before its own scripts and is not subject to CSP.
        context.add_init_script(path=str(_axe_source()))
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        connections.close_all()


def _serious_violations(page) -> list[str]:
    result = page.evaluate("async () => await axe.run(document)")
    assert result["passes"], "axe-core did not run"
    found = []
    for violation in result["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def _public_paths(center_a, portal_network, content) -> list[str]:
    event, entry = content["public_event"], content["public_entry"]
    return [
        "portal/",
        f"portal/n/{portal_network.slug}/",
        f"portal/centers/{center_a.slug}/",
        f"portal/centers/{center_a.slug}/ventures/{content['public_venture'].pk}/",
        "calls/",
        f"calls/{center_a.slug}/water-call/",
        f"events/{center_a.slug}/",
        f"events/{center_a.slug}/{event.pk}/",
        "knowledge/",
        f"knowledge/{entry.pk}/",
    ]


@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violations_in_both_languages(
    page, live_server, center_a, portal_network, portal_content
):
    problems = {}
    for lang in ("en", "ar"):
        for path in _public_paths(center_a, portal_network, portal_content):
            url = f"{live_server.url}/{lang}/{path}"
            response = page.goto(url)
            assert response.status == 200, url
            assert page.locator("html").get_attribute("lang") == lang
            found = _serious_violations(page)
            if found:
                problems[f"/{lang}/{path}"] = found
    page.goto(f"{live_server.url}/ar/portal/centers/{center_a.slug}/")
    page.screenshot(path=str(ARTIFACTS / "portal-center-ar.png"), full_page=True)
    assert problems == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_keyboard_reaches_the_navigation_and_the_skip_link_moves_focus_to_main(
    page, live_server, lang, center_a, portal_network
):
    page.goto(f"{live_server.url}/{lang}/portal/centers/{center_a.slug}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert page.locator(".skip-link").is_visible()

    reached = set()
    for _ in range(15):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('href') || ''"))
    assert f"/{lang}/" in reached  # the brand link of the main navigation
    assert f"/{lang}/knowledge/" in reached
    assert f"/{lang}/portal/" in reached  # the portal's breadcrumb

    page.goto(f"{live_server.url}/{lang}/portal/centers/{center_a.slug}/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert inside_main
