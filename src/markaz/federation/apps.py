import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

log = logging.getLogger("markaz.federation")

SHARED_MODELS = (
    ("knowledge", "Entry", "knowledge.entry"),
    ("programs", "Call", "programs.call"),
    ("events", "Event", "events.event"),
    ("ventures", "Venture", "ventures.venture"),
)


def _publish_later(label: str):
    def handler(sender, instance, **kwargs):
        from django.db import transaction

        key = f"{label}:{instance.pk}"

        def run():
            from markaz.federation.outbox import publish

            try:
                publish([key])
            except Exception:  # the diff publisher catches up on its next full run
                log.exception("federation: publishing %s failed", key)

        transaction.on_commit(run)

    return handler


class FederationConfig(AppConfig):
    name = "markaz.federation"
    label = "federation"
    verbose_name = _("Federation")
    # Deployment-level pages take no center, so nothing in the center navigation.
    nav = ()

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        self.handlers = []
        for app_label, model_name, label in SHARED_MODELS:
            model = apps.get_model(app_label, model_name)
            handler = _publish_later(label)
            self.handlers.append(handler)
            post_save.connect(
                handler, sender=model, dispatch_uid=f"federation-{label}-save", weak=False
            )
            post_delete.connect(
                handler, sender=model, dispatch_uid=f"federation-{label}-delete", weak=False
            )
