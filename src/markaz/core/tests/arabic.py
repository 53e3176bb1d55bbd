"""Helpers for Arabic-page tests, shared by every app: which strings are interface text
(every msgid of every catalog) and which of them a page still shows in English."""

from __future__ import annotations

from pathlib import Path

import polib
from lxml import html

import markaz

PACKAGE = Path(markaz.__file__).parent


def catalogs() -> list[Path]:
    """The project catalog and every app's own (`markaz/<app>/locale`)."""
    return sorted(PACKAGE.glob("locale/ar/LC_MESSAGES/django.po")) + sorted(
        PACKAGE.glob("*/locale/ar/LC_MESSAGES/django.po")
    )


def english_interface_strings() -> set[str]:
    found = set()
    for path in catalogs():
        found |= {
            e.msgid
            for e in polib.pofile(str(path))
            if not e.msgid_plural and "%" not in e.msgid and sum(c.isalpha() for c in e.msgid) >= 3
        }
    return found


def visible_strings(page: bytes) -> set[str]:
    tree = html.fromstring(page)
    # Scripts, and text explicitly marked as English (the language switch, English content).
    for bad in tree.xpath("//script|//style|//*[@lang='en']"):
        bad.drop_tree()
    texts = {t.strip() for t in tree.xpath("//text()") if t.strip()}
    shown = ["//@placeholder", "//@title", "//@aria-label", "//input[@type='submit']/@value"]
    for path in shown:
        texts |= {v.strip() for v in tree.xpath(path) if v.strip()}
    return texts


def english_left_on(client, urls: list[str]) -> dict[str, list[str]]:
    """{url: English interface strings it shows}; each URL must answer 200."""
    english = english_interface_strings()
    leftovers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found = visible_strings(response.content) & english
        if found:
            leftovers[url] = sorted(found)
    return leftovers
