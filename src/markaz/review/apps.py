from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "markaz.review"
    label = "review"
    verbose_name = _("Review")
    # Links this app adds to the center navigation (markaz.core.plugins.NavItem).
    nav = ()
