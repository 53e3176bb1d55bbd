from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "markaz.impact"
    label = "impact"
    verbose_name = _("Impact")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
