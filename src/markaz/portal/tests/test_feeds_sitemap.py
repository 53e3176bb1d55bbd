"""Atom feeds and the sitemap: valid XML, both languages, public content only."""

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return root


def _titles(root) -> list[str]:
    return [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["all", "network", "center"])
def test_feeds_parse_as_atom_and_hold_only_public_items(
    client, level, center_a, portal_network, portal_content
):
    slug = {"all": None, "network": portal_network.slug, "center": center_a.slug}[level]
    kwargs = {} if slug is None else {"slug": slug}
    expected = {
        "calls": ["Water Innovation Call"],
        "events": ["Open Demo Day"],
        "knowledge": ["Kiosk Case Study"],
    }
    for kind, titles in expected.items():
        root = _atom(client, reverse(f"portal-feed-{kind}-{level}", kwargs=kwargs))
        assert _titles(root) == titles, kind


@pytest.mark.django_db
def test_arabic_feed_is_in_arabic_and_links_to_arabic_pages(client, center_a, portal_content):
    with translation.override("ar"):
        url = reverse("portal-feed-calls-center", kwargs={"slug": center_a.slug})
    assert url.startswith("/ar/")
    root = _atom(client, url)
    assert _titles(root) == ["دعوة ابتكار المياه"]
    assert "مركز أمل" in root.findtext(f"{ATOM}title")
    link = root.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == "http://testserver/ar/calls/amal-hub/water-call/"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"


@pytest.mark.django_db
def test_center_feed_leaves_out_other_centers(client, center_b, portal_content):
    root = _atom(client, reverse("portal-feed-events-center", kwargs={"slug": center_b.slug}))
    assert _titles(root) == []


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_in_both_languages_with_hreflang(
    client, center_a, portal_network, portal_content
):
    response = client.get("/sitemap.xml", follow=True)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    base = "http://testserver"
    venture = portal_content["public_venture"]
    for path in (
        "portal/",
        "portal/n/arab-innovation-network/",
        "portal/centers/amal-hub/",
        "portal/centers/baobab-lab/",
        f"portal/centers/amal-hub/ventures/{venture.pk}/",
        "calls/amal-hub/water-call/",
        f"events/amal-hub/{portal_content['public_event'].pk}/",
        f"knowledge/{portal_content['public_entry'].pk}/",
        "open-data/amal-hub/",
    ):
        assert f"{base}/en/{path}" in locs, path
        assert f"{base}/ar/{path}" in locs, path
    center_url = next(
        u for u in root if u.findtext(f"{SITEMAP}loc").endswith("/ar/portal/centers/amal-hub/")
    )
    alternates = {
        link.get("hreflang"): link.get("href") for link in center_url.findall(f"{XHTML}link")
    }
    assert alternates == {
        "en": f"{base}/en/portal/centers/amal-hub/",
        "ar": f"{base}/ar/portal/centers/amal-hub/",
    }
    assert all(link.get("rel") == "alternate" for link in center_url.findall(f"{XHTML}link"))


@pytest.mark.django_db
def test_pages_announce_their_feeds_and_language_versions(client, center_a):
    from lxml import html

    response = client.get(reverse("portal-center", kwargs={"slug": center_a.slug}))
    tree = html.fromstring(response.content)
    feeds = tree.xpath("//link[@type='application/atom+xml']/@href")
    assert "/en/portal/centers/amal-hub/feeds/calls.atom" in feeds
    hreflang = {el.get("hreflang"): el.get("href") for el in tree.xpath("//link[@hreflang]")}
    assert hreflang["ar"] == "http://testserver/ar/portal/centers/amal-hub/"


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_feeds_and_sitemap_queries_do_not_grow_with_their_items(
    client, portal_network, portal_content, grow_portal
):
    urls = [reverse("sitemap")] + [
        reverse(f"portal-feed-{kind}-{level}", kwargs=kwargs)
        for kind in ("calls", "events", "knowledge")
        for level, kwargs in (("all", {}), ("network", {"slug": portal_network.slug}))
    ]
    grow_portal(1)
    few = {url: _queries(client, url) for url in urls}
    grow_portal(4)
    many = {url: _queries(client, url) for url in urls}
    assert many == few
    assert len(_titles(_atom(client, urls[1]))) == 6  # the items did grow
