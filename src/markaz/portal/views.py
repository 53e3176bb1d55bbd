"""Public portal pages (no sign-in): home, a network, a center, a consented venture, and the
sitemap. Everything shown comes from the public selectors of the apps that own it."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from lxml import etree

from markaz.portal import jsonld, selectors

SECTION_LIMIT = 12
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
LANGS = ("en", "ar")


def _absolute(request):
    return request.build_absolute_uri


def _sections(center_ids: list[int], center_list) -> dict:
    return {
        "calls": list(selectors.open_calls(center_ids)[:SECTION_LIMIT]),
        "events": list(selectors.public_events(center_ids)[:SECTION_LIMIT]),
        "ventures": list(selectors.public_ventures(center_ids)[:SECTION_LIMIT]),
        "entries": list(selectors.public_entries(center_ids)[:SECTION_LIMIT]),
        "stories": list(selectors.stories(center_ids)[:3]),
        "numbers": selectors.impact_numbers(center_list),
    }


def _item_nodes(ctx: dict, absolute) -> list[dict]:
    return (
        [jsonld.call_project(c, absolute) for c in ctx["calls"]]
        + [jsonld.event(e, absolute) for e in ctx["events"]]
        + [jsonld.venture_project(v, absolute) for v in ctx["ventures"]]
        + [jsonld.article(e, absolute) for e in ctx["entries"]]
    )


def _alternates(name: str, kwargs: dict | None = None) -> list[tuple[str, str]]:
    out = []
    for lang in LANGS:
        with translation.override(lang):
            out.append((lang, reverse(name, kwargs=kwargs)))
    return out


@require_safe
def home(request):
    networks = list(selectors.networks())
    centers = list(selectors.centers())
    absolute = _absolute(request)
    nodes = [jsonld.network_node(n, absolute) for n in networks] + [
        jsonld.organization(c, absolute, brief=True) for c in centers
    ]
    return render(
        request,
        "portal/home.html",
        {
            "networks": networks,
            "centers": centers,
            "jsonld": jsonld.graph(nodes),
            "alternates": _alternates("portal-home"),
            "feed_kw": {},
            "feed_level": "all",
        },
    )


@require_safe
def network(request, slug: str):
    net = selectors.get_network(slug)
    members = list(selectors.centers_of(net))
    ctx = _sections([c.pk for c in members], members)
    absolute = _absolute(request)
    nodes = [jsonld.network_node(net, absolute, centers=members), *_item_nodes(ctx, absolute)]
    return render(
        request,
        "portal/network.html",
        ctx
        | {
            "network": net,
            "members": members,
            "jsonld": jsonld.graph(nodes),
            "alternates": _alternates("portal-network", {"slug": slug}),
            "feed_kw": {"slug": slug},
            "feed_level": "network",
        },
    )


@require_safe
def center(request, slug: str):
    obj = selectors.get_center(slug)
    ctx = _sections([obj.pk], [obj])
    absolute = _absolute(request)
    nodes = [jsonld.organization(obj, absolute), *_item_nodes(ctx, absolute)]
    return render(
        request,
        "portal/center.html",
        ctx
        | {
            "center": obj,
            "center_networks": list(obj.networks.all()),
            "jsonld": jsonld.graph(nodes),
            "alternates": _alternates("portal-center", {"slug": slug}),
            "feed_kw": {"slug": slug},
            "feed_level": "center",
        },
    )


@require_safe
def venture(request, slug: str, pk: int):
    obj = selectors.get_center(slug)
    item = selectors.get_public_venture(obj, pk)
    absolute = _absolute(request)
    return render(
        request,
        "portal/venture.html",
        {
            "center": obj,
            "venture": item,
            "goals": list(item.sdg_goals.all()),
            "jsonld": jsonld.graph([jsonld.venture_project(item, absolute)]),
            "alternates": _alternates("portal-venture", {"slug": slug, "pk": pk}),
        },
    )


# -- sitemap ---------------------------------------------------------------------------------


def _sitemap_pages():
    """(url name, kwargs, last modified) of every public page, once per page (not language)."""
    yield "portal-home", {}, None
    yield "programs-open-calls", {}, None
    yield "knowledge-public", {}, None
    for net in selectors.networks():
        yield "portal-network", {"slug": net.slug}, None
    for c in selectors.centers():
        yield "portal-center", {"slug": c.slug}, c.updated_at
        yield "programs-center-calls", {"center_slug": c.slug}, None
        yield "events-public-list", {"slug": c.slug}, None
        yield "funding-open-data", {"slug": c.slug}, None
    for v in selectors.public_ventures():
        yield "portal-venture", {"slug": v.center.slug, "pk": v.pk}, v.updated_at
    for call in selectors.open_calls():
        kwargs = {"center_slug": call.center.slug, "call_slug": call.slug}
        yield "programs-public-call", kwargs, call.updated_at
    for ev in selectors.public_events():
        yield "events-public-detail", {"slug": ev.center.slug, "pk": ev.pk}, ev.updated_at
    for entry in selectors.public_entries():
        yield "knowledge-entry", {"pk": entry.pk}, entry.updated_at


@require_safe
def sitemap(request):
    """One <url> per page and language, each naming all language versions (hreflang)."""
    nsmap = {None: SITEMAP_NS, "xhtml": XHTML_NS}
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap=nsmap)
    for name, kwargs, modified in _sitemap_pages():
        versions = [(lang, request.build_absolute_uri(p)) for lang, p in _alternates(name, kwargs)]
        for _lang, loc in versions:
            url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
            if modified is not None:
                etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = modified.date().isoformat()
            for other_lang, href in versions:
                etree.SubElement(
                    url,
                    f"{{{XHTML_NS}}}link",
                    rel="alternate",
                    hreflang=other_lang,
                    href=href,
                )
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
