from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "markaz.portal"
    label = "portal"
    verbose_name = _("Public portal")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
