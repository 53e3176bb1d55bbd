from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "markaz.events"
    label = "events"
    verbose_name = _("Events")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
