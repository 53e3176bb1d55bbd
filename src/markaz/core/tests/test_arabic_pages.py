"""No English interface text is left on Arabic pages, and the catalog is complete."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html

import markaz

CATALOG = Path(markaz.__file__).parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def test_the_arabic_catalog_is_complete_and_compiled():
    po = polib.pofile(str(CATALOG))
    assert [e.msgid for e in po if not e.translated()] == []
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    mo = polib.mofile(str(CATALOG.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    stale = [
        e.msgid
        for e in po
        if compiled.get((e.msgctxt, e.msgid), (None, None))[0 if not e.msgid_plural else 1]
        != (e.msgstr if not e.msgid_plural else {int(k): v for k, v in e.msgstr_plural.items()})
    ]
    assert stale == [], "run `python3 tasks.py messages` to recompile the catalog"


def _english_interface_strings() -> set[str]:
    po = polib.pofile(str(CATALOG))
    return {
        e.msgid
        for e in po
        if not e.msgid_plural and "%" not in e.msgid and sum(c.isalpha() for c in e.msgid) >= 3
    }


def _visible_strings(page: bytes) -> set[str]:
    tree = html.fromstring(page)
    # Scripts, and text explicitly marked as English (the language switch, English content).
    for bad in tree.xpath("//script|//style|//*[@lang='en']"):
        bad.drop_tree()
    texts = {t.strip() for t in tree.xpath("//text()") if t.strip()}
    shown = ["//@placeholder", "//@title", "//@aria-label", "//input[@type='submit']/@value"]
    for path in shown:
        texts |= {v.strip() for v in tree.xpath(path) if v.strip()}
    return texts


@pytest.fixture
def arabic_pages(center_a, admin_a, venture_a, org_a, award_a):
    c = center_a.slug
    person = admin_a.person
    translation.activate("ar")  # reverse() gives /ar/ URLs
    return [
        "/ar/",
        f"/ar/c/{c}/",
        f"/ar/c/{c}/ventures/",
        f"/ar/c/{c}/ventures/new/",
        f"/ar/c/{c}/ventures/{venture_a.pk}/",
        f"/ar/c/{c}/ventures/{venture_a.pk}/edit/",
        f"/ar/c/{c}/ventures/{venture_a.pk}/team/?q=a",
        f"/ar/c/{c}/organizations/",
        f"/ar/c/{c}/organizations/new/",
        f"/ar/c/{c}/organizations/{org_a.pk}/",
        f"/ar/c/{c}/organizations/{org_a.pk}/partnerships/new/",
        f"/ar/c/{c}/people/",
        f"/ar/c/{c}/people/new/",
        f"/ar/c/{c}/people/{person.pk}/",
        f"/ar/c/{c}/people/{person.pk}/affiliations/new/",
        f"/ar/c/{c}/members/",
        f"/ar/c/{c}/audit/",
        f"/ar/c/{c}/settings/",
        "/ar/me/",
        reverse("funding-fund-list", kwargs={"center": c}),
        reverse("funding-fund-detail", kwargs={"center": c, "pk": award_a.fund.pk}),
        reverse("funding-award-list", kwargs={"center": c}),
        reverse("funding-award-detail", kwargs={"center": c, "pk": award_a.pk}),
        reverse("funding-award-create", kwargs={"center": c}),
        reverse(
            "funding-milestone-detail", kwargs={"center": c, "pk": award_a.milestones.first().pk}
        ),
        reverse("funding-ledger", kwargs={"center": c}),
        reverse("funding-open-data", kwargs={"slug": c}),
        reverse("knowledge-library", kwargs={"center": c}),
        reverse("knowledge-create", kwargs={"center": c}),
        reverse("knowledge-public"),
        reverse("knowledge-search") + "?q=%D9%85%D8%A7%D8%A1",
    ]


def test_arabic_pages_show_no_english_interface_text(client, admin_a, arabic_pages):
    english = _english_interface_strings()
    assert len(english) > 100
    client.force_login(admin_a)
    leftovers = {}
    for url in arabic_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = _visible_strings(response.content) & english
        if found:
            leftovers[url] = sorted(found)
    assert leftovers == {}


def test_signed_out_arabic_pages_are_arabic_too(client, center_a):
    english = _english_interface_strings()
    for url in ("/ar/", reverse("login"), "/ar/accounts/password_reset/"):
        url = url.replace("/en/", "/ar/")
        response = client.get(url)
        assert response.status_code == 200
        assert _visible_strings(response.content) & english == set(), url
