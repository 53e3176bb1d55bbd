"""schema.org JSON-LD for the public pages: Organization, Event, Project and Article nodes.

Every builder takes `absolute` (path → absolute URL) so the nodes carry full URLs. Online
events never expose their meeting link: the virtual location is the public event page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.utils.safestring import SafeString, mark_safe

from markaz.portal import links

Absolute = Callable[[str], str]
SCHEMA = "https://schema.org"


def _clean(node: dict) -> dict:
    return {k: v for k, v in node.items() if v not in ("", None, [], {})}


def organization(center, absolute: Absolute, *, brief: bool = False) -> dict:
    node = {
        "@type": "Organization",
        "@id": absolute(links.center_url(center)) + "#org",
        "name": center.name,
        "url": absolute(links.center_url(center)),
    }
    if brief:
        return node
    return _clean(
        node
        | {
            "description": center.description,
            "alternateName": center.name_ar if center.name == center.name_en else center.name_en,
            "sameAs": center.website,
            "email": center.contact_email,
            "areaServed": str(center.get_region_display()),
            "address": _clean(
                {
                    "@type": "PostalAddress",
                    "addressLocality": center.city,
                    "addressCountry": str(center.country),
                }
            ),
            "memberOf": [network_node(n, absolute, brief=True) for n in center.networks.all()],
        }
    )


def network_node(network, absolute: Absolute, *, brief: bool = False, centers=()) -> dict:
    node = {
        "@type": "Organization",
        "@id": absolute(links.network_url(network)) + "#org",
        "name": network.name,
        "url": absolute(links.network_url(network)),
    }
    if brief:
        return node
    return _clean(
        node
        | {
            "description": network.description,
            "member": [organization(c, absolute, brief=True) for c in centers],
        }
    )


def event(ev, absolute: Absolute) -> dict:
    url = absolute(links.event_url(ev))
    online = ev.mode == "online"
    place = {"@type": "Place", "name": ev.venue or ev.center.name}
    place["address"] = _clean(
        {
            "@type": "PostalAddress",
            "addressLocality": ev.center.city,
            "addressCountry": str(ev.center.country),
        }
    )
    virtual = {"@type": "VirtualLocation", "url": url}
    mode = {
        "online": "OnlineEventAttendanceMode",
        "hybrid": "MixedEventAttendanceMode",
    }.get(ev.mode, "OfflineEventAttendanceMode")
    return _clean(
        {
            "@type": "Event",
            "name": ev.title,
            "url": url,
            "description": ev.description,
            "startDate": ev.starts_at.isoformat(),
            "endDate": ev.ends_at.isoformat(),
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "eventAttendanceMode": f"{SCHEMA}/{mode}",
            "location": virtual if online else ([place, virtual] if ev.mode == "hybrid" else place),
            "organizer": organization(ev.center, absolute, brief=True),
        }
    )


def venture_project(venture, absolute: Absolute) -> dict:
    return _clean(
        {
            "@type": "Project",
            "name": venture.name,
            "url": absolute(links.venture_url(venture)),
            "description": venture.solution or venture.problem,
            "sameAs": venture.website,
            "foundingDate": venture.founded_on.isoformat() if venture.founded_on else None,
            "parentOrganization": organization(venture.center, absolute, brief=True),
        }
    )


def call_project(call, absolute: Absolute) -> dict:
    return _clean(
        {
            "@type": "Project",
            "name": call.title,
            "url": absolute(links.call_url(call)),
            "description": call.summary,
            "parentOrganization": organization(call.center, absolute, brief=True),
        }
    )


def article(entry, absolute: Absolute) -> dict:
    published = entry.published_at or entry.created_at
    return _clean(
        {
            "@type": "Article",
            "headline": entry.title[:110],
            "url": absolute(links.entry_url(entry)),
            "description": entry.summary,
            "datePublished": published.isoformat(),
            "dateModified": entry.updated_at.isoformat(),
            "inLanguage": "ar" if entry.title_ar and not entry.title_en else None,
            "genre": str(entry.get_type_display()),
            "author": organization(entry.center, absolute, brief=True),
            "publisher": organization(entry.center, absolute, brief=True),
        }
    )


def graph(nodes: Iterable[dict]) -> SafeString:
    """The JSON for a `<script type="application/ld+json">`, safe inside HTML."""
    doc = {"@context": SCHEMA, "@graph": list(nodes)}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return mark_safe(text)  # noqa: S308 - JSON with HTML-significant characters escaped
