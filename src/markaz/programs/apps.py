from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "markaz.programs"
    label = "programs"
    verbose_name = _("Programs")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
