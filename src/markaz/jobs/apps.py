from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "markaz.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
