from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operating a deployment: backups, restores and moving data between databases."""

    name = "markaz.ops"
    label = "ops"
    verbose_name = _("Operations")
    nav = ()
