from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "markaz.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        # Ventures, organizations and people are written by other apps' services; see
        # `knowledge.signals` for why their index rows are kept current by signals.
        from markaz.knowledge import signals

        signals.connect()
