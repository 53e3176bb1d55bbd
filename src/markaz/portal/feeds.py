"""Atom feeds of open calls, public events and public knowledge: everywhere, per network,
per center; the language comes from the URL prefix (/en/, /ar/)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from markaz.portal import links, selectors

LIMIT = 50


@dataclass
class Scope:
    name: str
    center_ids: list[int] | None
    page: str
    level: str = "all"
    slug: str | None = None


def scope_of(level: str, slug: str | None) -> Scope:
    if level == "center":
        center = selectors.get_center(slug)
        return Scope(center.name, [center.pk], links.center_url(center), level, slug)
    if level == "network":
        network = selectors.get_network(slug)
        ids = list(selectors.centers_of(network).values_list("pk", flat=True))
        return Scope(network.name, ids, links.network_url(network), level, slug)
    return Scope(_("Markaz"), None, reverse("portal-home"))


class PortalFeed(Feed):
    feed_type = Atom1Feed
    kind = ""

    def __init__(self, level: str = "all"):
        super().__init__()
        self.level = level

    def get_object(self, request, slug: str | None = None):
        return scope_of(self.level, slug)

    def link(self, scope: Scope) -> str:
        return scope.page

    def feed_url(self, scope: Scope) -> str:
        kwargs = {} if scope.slug is None else {"slug": scope.slug}
        return reverse(f"portal-feed-{self.kind}-{scope.level}", kwargs=kwargs)

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.center.name


class CallsFeed(PortalFeed):
    kind = "calls"

    def title(self, scope: Scope) -> str:
        return _("Open calls: %(name)s") % {"name": scope.name}

    def subtitle(self, scope: Scope) -> str:
        return _("Calls for applications open now.")

    def items(self, scope: Scope):
        return selectors.open_calls(scope.center_ids)[:LIMIT]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary

    def item_link(self, item) -> str:
        return links.call_url(item)

    def item_pubdate(self, item):
        return item.opens_at or item.created_at


class EventsFeed(PortalFeed):
    kind = "events"

    def title(self, scope: Scope) -> str:
        return _("Public events: %(name)s") % {"name": scope.name}

    def subtitle(self, scope: Scope) -> str:
        return _("Upcoming events open to the public.")

    def items(self, scope: Scope):
        return selectors.public_events(scope.center_ids)[:LIMIT]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.description

    def item_link(self, item) -> str:
        return links.event_url(item)

    def item_pubdate(self, item):
        return item.created_at


class KnowledgeFeed(PortalFeed):
    kind = "knowledge"

    def title(self, scope: Scope) -> str:
        return _("Knowledge library: %(name)s") % {"name": scope.name}

    def subtitle(self, scope: Scope) -> str:
        return _("Public case studies, toolkits and guides.")

    def items(self, scope: Scope):
        return selectors.public_entries(scope.center_ids)[:LIMIT]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary

    def item_link(self, item) -> str:
        return links.entry_url(item)

    def item_pubdate(self, item):
        return item.published_at or item.created_at


FEEDS = {"calls": CallsFeed, "events": EventsFeed, "knowledge": KnowledgeFeed}
