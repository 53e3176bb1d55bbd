from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class NetworkingConfig(AppConfig):
    name = "markaz.networking"
    label = "networking"
    verbose_name = _("Networking")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = (NavItem("networking-directory", _("Network"), "networking-", "member"),)
