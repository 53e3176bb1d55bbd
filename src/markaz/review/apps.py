from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from markaz.core.plugins import NavItem


class ReviewConfig(AppConfig):
    name = "markaz.review"
    label = "review"
    verbose_name = _("Review")
    # Reviewers find their assignments there, staff the rounds and the progress board.
    nav = (NavItem("review-home", _("Review"), "review-", "member"),)
