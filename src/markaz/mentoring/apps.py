from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class MentoringConfig(AppConfig):
    name = "markaz.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring")
    nav = (
        NavItem("mentoring-home", _("Mentoring"), "mentoring-", "member"),
        NavItem("mentoring-round-list", _("Match rounds"), "mentoring-round", "staff"),
    )

    def ready(self) -> None:
        from markaz.core.calendar_feeds import register_feed_provider
        from markaz.mentoring.ics import feed_events

        register_feed_provider(feed_events)
