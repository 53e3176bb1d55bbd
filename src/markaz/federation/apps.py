from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "markaz.federation"
    label = "federation"
    verbose_name = _("Federation")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
