"""No English interface text is left on Arabic pages, and the catalog is complete."""

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from markaz.core.tests.arabic import (
    PACKAGE,
    catalogs,
    english_interface_strings,
    english_left_on,
    visible_strings,
)


@pytest.mark.parametrize("catalog", catalogs(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_arabic_catalog_is_complete_and_compiled(catalog):
    po = polib.pofile(str(catalog))
    assert [e.msgid for e in po if not e.translated()] == []
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    mo = polib.mofile(str(catalog.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    stale = [
        e.msgid
        for e in po
        if compiled.get((e.msgctxt, e.msgid), (None, None))[0 if not e.msgid_plural else 1]
        != (e.msgstr if not e.msgid_plural else {int(k): v for k, v in e.msgstr_plural.items()})
    ]
    assert stale == [], "run `python3 tasks.py messages` to recompile the catalog"


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
    assert len(english_interface_strings()) > 100
    client.force_login(admin_a)
    assert english_left_on(client, arabic_pages) == {}


def test_signed_out_arabic_pages_are_arabic_too(client, center_a):
    english = english_interface_strings()
    for url in ("/ar/", reverse("login"), "/ar/accounts/password_reset/"):
        url = url.replace("/en/", "/ar/")
        response = client.get(url)
        assert response.status_code == 200
        assert visible_strings(response.content) & english == set(), url
