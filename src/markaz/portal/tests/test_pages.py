"""The public portal: who the centers and networks are, and only public content, anywhere."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html

from markaz.core.tests.arabic import english_left_on

HIDDEN = ("Secret Draft Call", "Members Only Retreat", "Internal Lessons Entry",
          "Hidden Stealth Venture")  # fmt: skip
SHOWN = ("Water Innovation Call", "Open Demo Day", "Kiosk Case Study", "Solar Schools")


def _jsonld(response) -> list[dict]:
    tree = html.fromstring(response.content)
    scripts = tree.xpath("//script[@type='application/ld+json']/text()")
    assert len(scripts) == 1
    doc = json.loads(scripts[0])
    assert doc["@context"] == "https://schema.org"
    return doc["@graph"]


def _portal_urls(center_a, portal_network, venture) -> list[str]:
    return [
        reverse("portal-home"),
        reverse("portal-network", kwargs={"slug": portal_network.slug}),
        reverse("portal-center", kwargs={"slug": center_a.slug}),
        reverse("portal-venture", kwargs={"slug": center_a.slug, "pk": venture.pk}),
    ]


def _feed_urls(center_a, portal_network) -> list[str]:
    urls = []
    for kind in ("calls", "events", "knowledge"):
        urls += [
            reverse(f"portal-feed-{kind}-all"),
            reverse(f"portal-feed-{kind}-network", kwargs={"slug": portal_network.slug}),
            reverse(f"portal-feed-{kind}-center", kwargs={"slug": center_a.slug}),
        ]
    return urls


@pytest.mark.django_db
def test_home_lists_networks_and_centers_with_who_they_are(client, portal_network, center_b):
    response = client.get(reverse("portal-home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Arab Innovation Network" in text
    assert "Amal Hub" in text and "Baobab Lab" in text
    assert "Nairobi" in text and "Kenya" in text
    graph = _jsonld(response)
    orgs = [n for n in graph if n["@type"] == "Organization"]
    assert {n["name"] for n in orgs} >= {"Arab Innovation Network", "Amal Hub", "Baobab Lab"}
    assert all(n["url"].startswith("http://testserver/en/portal/") for n in orgs)


@pytest.mark.django_db
def test_every_portal_page_feed_and_the_sitemap_show_only_public_content(
    client, center_a, portal_network, portal_content
):
    urls = _portal_urls(center_a, portal_network, portal_content["public_venture"])
    urls += [*_feed_urls(center_a, portal_network), reverse("portal-sitemap")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in HIDDEN:
            assert secret not in body, (url, secret)
    center_page = client.get(reverse("portal-center", kwargs={"slug": center_a.slug}))
    for shown in SHOWN:
        assert shown in center_page.content.decode()
    sitemap = client.get(reverse("portal-sitemap")).content.decode()
    c = portal_content
    for path in (
        reverse(
            "programs-public-call", kwargs={"center_slug": "amal-hub", "call_slug": "secret-call"}
        ),
        reverse("events-public-detail", kwargs={"slug": "amal-hub", "pk": c["members_event"].pk}),
        reverse("knowledge-entry", kwargs={"pk": c["center_entry"].pk}),
        reverse("portal-venture", kwargs={"slug": "amal-hub", "pk": c["private_venture"].pk}),
    ):
        assert path not in sitemap, path
    assert reverse("knowledge-entry", kwargs={"pk": c["public_entry"].pk}) in sitemap


@pytest.mark.django_db
def test_a_private_venture_page_is_not_found_for_anyone(client, center_a, portal_content):
    private = portal_content["private_venture"]
    url = reverse("portal-venture", kwargs={"slug": center_a.slug, "pk": private.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_venture_of_another_center_is_not_found_under_this_center(
    client, center_b, portal_content
):
    public = portal_content["public_venture"]
    url = reverse("portal-venture", kwargs={"slug": center_b.slug, "pk": public.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_unknown_center_network_and_feed_are_not_found(client):
    assert client.get(reverse("portal-center", kwargs={"slug": "nowhere"})).status_code == 404
    assert client.get(reverse("portal-network", kwargs={"slug": "nowhere"})).status_code == 404
    url = reverse("portal-feed-calls-center", kwargs={"slug": "nowhere"})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_portal_pages_refuse_writes(client, center_a):
    response = client.post(reverse("portal-center", kwargs={"slug": center_a.slug}))
    assert response.status_code == 405


@pytest.mark.django_db
def test_center_page_json_ld_has_organization_event_project_and_article(
    client, center_a, portal_content
):
    graph = _jsonld(client.get(reverse("portal-center", kwargs={"slug": center_a.slug})))
    by_type: dict[str, list[dict]] = {}
    for node in graph:
        by_type.setdefault(node["@type"], []).append(node)
    (org,) = by_type["Organization"]
    assert org["name"] == "Amal Hub"
    assert org["address"] == {
        "@type": "PostalAddress", "addressLocality": "Amman", "addressCountry": "JO"
    }  # fmt: skip
    assert org["memberOf"][0]["name"] == "Arab Innovation Network"
    (event,) = by_type["Event"]
    assert event["name"] == "Open Demo Day"
    assert {"startDate", "endDate", "location", "eventAttendanceMode", "url"} <= event.keys()
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert "online_url" not in json.dumps(event)
    projects = {p["name"]: p for p in by_type["Project"]}
    assert set(projects) == {"Water Innovation Call", "Solar Schools"}
    assert projects["Solar Schools"]["url"].endswith(
        f"/en/portal/centers/amal-hub/ventures/{portal_content['public_venture'].pk}/"
    )
    (article,) = by_type["Article"]
    assert article["headline"] == "Kiosk Case Study"
    assert {"datePublished", "url", "publisher"} <= article.keys()


@pytest.mark.django_db
def test_network_page_names_its_members_and_json_ld_lists_them(
    client, portal_network, portal_content
):
    response = client.get(reverse("portal-network", kwargs={"slug": portal_network.slug}))
    graph = _jsonld(response)
    network = next(n for n in graph if n.get("@id", "").endswith("arab-innovation-network/#org"))
    assert {m["name"] for m in network["member"]} == {"Amal Hub", "Baobab Lab"}
    body = response.content.decode()
    assert "Water Innovation Call" in body
    assert reverse("funding-open-data", kwargs={"slug": "baobab-lab"}) in body


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script(client, center_a):
    center_a.description_en = "</script><script>alert(1)</script>"
    center_a.save()
    response = client.get(reverse("portal-center", kwargs={"slug": center_a.slug}))
    assert b"</script><script>alert" not in response.content
    (org,) = [n for n in _jsonld(response) if n["@type"] == "Organization"]
    assert org["description"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_center_page_shows_impact_numbers_from_publishable_awards_only(
    client, center_a, portal_content
):
    from decimal import Decimal

    from markaz.funding.factories import AwardFactory

    venture = portal_content["public_venture"]
    AwardFactory(center=center_a, venture=venture, amount=Decimal("2500"), is_publishable=True)
    AwardFactory(center=center_a, venture=venture, amount=Decimal("999"), is_publishable=False)
    response = client.get(reverse("portal-center", kwargs={"slug": center_a.slug}))
    numbers = response.context["numbers"]
    assert numbers["ventures"] == 1
    assert numbers["awards"] == 1
    assert numbers["award_totals"] == [("USD", Decimal("2500.00"))]
    assert numbers["calls"] == 1 and numbers["events"] == 1 and numbers["entries"] == 1
    assert [s.title_en for s in response.context["stories"]] == ["Kiosk Case Study"]


@pytest.mark.django_db
def test_center_page_links_to_the_other_apps_public_pages(client, center_a, portal_content):
    body = client.get(reverse("portal-center", kwargs={"slug": center_a.slug})).content.decode()
    for url in (
        reverse(
            "programs-public-call", kwargs={"center_slug": "amal-hub", "call_slug": "water-call"}
        ),
        reverse(
            "events-public-detail",
            kwargs={"slug": "amal-hub", "pk": portal_content["public_event"].pk},
        ),
        reverse("knowledge-entry", kwargs={"pk": portal_content["public_entry"].pk}),
        reverse("funding-open-data", kwargs={"slug": "amal-hub"}),
        reverse("funding-open-data-360giving", kwargs={"slug": "amal-hub"}),
        reverse("funding-open-data-iati", kwargs={"slug": "amal-hub"}),
        reverse("portal-feed-calls-center", kwargs={"slug": "amal-hub"}),
    ):
        assert url in body, url


@pytest.mark.django_db
def test_portal_center_page_keeps_query_count_flat(
    client, center_a, portal_content, django_assert_max_num_queries
):
    url = reverse("portal-center", kwargs={"slug": center_a.slug})
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_arabic_portal_pages_show_no_english_interface_text(
    client, center_a, portal_network, portal_content
):
    with translation.override("ar"):
        urls = _portal_urls(center_a, portal_network, portal_content["public_venture"])
    assert all(url.startswith("/ar/") for url in urls)
    assert english_left_on(client, urls) == {}
    page = client.get(urls[2]).content.decode()
    assert 'dir="rtl"' in page
    assert "مركز أمل" in page and "المدارس الشمسية" in page and "يوم العرض المفتوح" in page
    # English fallback content is announced as English to screen readers.
    assert '<p lang="en">How kiosks scaled.</p>' in page
    assert 'lang="ar">المدارس الشمسية</a>' in page


@pytest.mark.django_db
def test_network_page_queries_do_not_grow_with_its_members(
    client, portal_network, portal_content, grow_portal
):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("portal-network", kwargs={"slug": portal_network.slug})
    grow_portal(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow_portal(4)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["members"]) == 7
    assert response.context["numbers"]["awards"] == 5
    assert response.context["numbers"]["award_totals"] == [("USD", Decimal("500.00"))]
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
