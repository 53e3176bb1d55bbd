from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class ResourcesConfig(AppConfig):
    name = "markaz.resources"
    label = "resources"
    verbose_name = _("Resources")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = (NavItem("resources-catalog", _("Resources"), "resources-", "member"),)
