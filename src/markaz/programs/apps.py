from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class ProgramsConfig(AppConfig):
    name = "markaz.programs"
    label = "programs"
    verbose_name = _("Programs")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = (
        NavItem("programs-program-list", _("Programs"), "programs-program", "member"),
        NavItem("programs-applications", _("Applications"), "programs-appl", "member"),
    )
