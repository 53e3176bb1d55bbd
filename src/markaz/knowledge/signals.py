"""Keep the index in step with records that other apps write.

Ventures, organizations, people, calls, events and challenges are written by their own apps'
services, which this app
must not edit; receivers on their signals update the index in the same transaction instead.
Knowledge entries are indexed by this app's services directly, not by signals.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from markaz.knowledge import index
from markaz.knowledge.indexers import key_for, registry
from markaz.knowledge.models import Kind

SIGNAL_KINDS = (
    Kind.VENTURE,
    Kind.ORGANIZATION,
    Kind.PERSON,
    Kind.CALL,
    Kind.EVENT,
    Kind.CHALLENGE,
)


def _reindex(kind: str, pk: int) -> None:
    indexer = registry()[kind]
    obj = indexer.model._default_manager.select_related(*indexer.related).filter(pk=pk).first()
    if obj is None:
        index.remove([key_for(kind, pk)])
    else:
        index.write([indexer.build(obj)])


def _on_save(kind: str):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            _reindex(kind, instance.pk)

    return receiver


def _on_delete(kind: str):
    def receiver(sender, instance, **kwargs):
        index.remove([key_for(kind, instance.pk)])

    return receiver


def _on_m2m(kind: str):
    def receiver(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear") and instance.pk:
            _reindex(kind, instance.pk)

    return receiver


_receivers: list = []  # strong references: the signals hold receivers weakly by default


def connect() -> None:
    from markaz.stakeholders.models import Organization
    from markaz.ventures.models import Venture

    kinds = registry()
    for kind in SIGNAL_KINDS:
        model = kinds[kind].model
        for signal, make in ((post_save, _on_save), (post_delete, _on_delete)):
            receiver = make(kind)
            _receivers.append(receiver)
            signal.connect(receiver, sender=model, dispatch_uid=f"knowledge-{kind}-{signal}")
    receiver = _on_m2m(Kind.VENTURE)
    _receivers.append(receiver)
    m2m_changed.connect(
        receiver, sender=Venture.sdg_goals.through, dispatch_uid="knowledge-venture-sdgs"
    )
    # Calls, events and challenges carry SDGs and owner sectors through many-to-many fields.
    from markaz.challenges.models import Challenge
    from markaz.events.models import Event
    from markaz.programs.models import Call

    for kind, through in (
        (Kind.CALL, Call.eligible_sdgs.through),
        (Kind.EVENT, Event.co_hosts.through),
        (Kind.CHALLENGE, Challenge.sdg_targets.through),
        (Kind.CHALLENGE, Challenge.organizations.through),
    ):
        receiver = _on_m2m(kind)
        _receivers.append(receiver)
        m2m_changed.connect(receiver, sender=through, dispatch_uid=f"knowledge-{through.__name__}")
    # An organization's sector shows on its ventures' index rows.
    post_save.connect(
        _on_save_org_ventures, sender=Organization, dispatch_uid="knowledge-org-ventures"
    )


def _on_save_org_ventures(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for pk in instance.ventures.values_list("pk", flat=True):
        _reindex(Kind.VENTURE, pk)
