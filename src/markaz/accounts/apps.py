from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "markaz.accounts"
    label = "accounts"
    verbose_name = _("Accounts and security")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()

    def ready(self) -> None:
        from . import signals  # noqa: F401
