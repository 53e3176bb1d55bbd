from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class EventsConfig(AppConfig):
    name = "markaz.events"
    label = "events"
    verbose_name = _("Events")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = (NavItem("events-list", _("Events"), "events-", "member"),)

    def ready(self) -> None:
        from markaz.core.calendar_feeds import register_feed_provider
        from markaz.events.ics import registration_items

        register_feed_provider(registration_items)
