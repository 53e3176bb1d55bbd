from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class ChallengesConfig(AppConfig):
    name = "markaz.challenges"
    label = "challenges"
    verbose_name = _("Challenges")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = (NavItem("challenges-list", _("Challenges"), "challenges-", "member"),)
