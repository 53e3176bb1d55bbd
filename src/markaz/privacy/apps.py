from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class PrivacyConfig(AppConfig):
    """A person's data: download, erasure, consent records and retention."""

    name = "markaz.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
    nav = (NavItem("privacy-erasure-requests", _("Erasure requests"), "privacy-", "staff"),)

    def ready(self) -> None:
        from markaz.privacy import consent

        consent.connect()
