from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class NetworkConfig(AppConfig):
    name = "markaz.network"
    label = "network"
    verbose_name = _("Centers network")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = (NavItem("network-home", _("Centers network"), "network-", "member"),)
