from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class ImpactConfig(AppConfig):
    name = "markaz.impact"
    label = "impact"
    verbose_name = _("Impact")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = (NavItem("impact-home", _("Impact"), "impact-", "member"),)

    def ready(self) -> None:
        from markaz.impact import signals

        signals.connect()
