from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "markaz.network"
    label = "network"
    verbose_name = _("Center network")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
