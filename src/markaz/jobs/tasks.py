"""The platform's background jobs. Each is a `markaz_job`: retried with backoff, recorded."""

from __future__ import annotations

import base64

from django.core.mail import EmailMultiAlternatives

from markaz.jobs.engine import markaz_job

# -- email ----------------------------------------------------------------------------------


def message_payload(message: EmailMultiAlternatives) -> dict:
    """A rendered message as JSON (rendered at enqueue time, in the recipient's language)."""
    attachments = []
    for filename, content, mimetype in message.attachments:
        if isinstance(content, bytes):
            attachments.append([filename, base64.b64encode(content).decode(), mimetype, "b64"])
        else:
            attachments.append([filename, content, mimetype, "text"])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "alternatives": [[c, m] for c, m in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def message_from(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload.get("cc") or None,
        bcc=payload.get("bcc") or None,
        reply_to=payload.get("reply_to") or None,
    )
    for content, mimetype in payload.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype, encoding in payload.get("attachments", []):
        data = base64.b64decode(content) if encoding == "b64" else content
        message.attach(filename, data, mimetype)
    return message


@markaz_job(retries=5, backoff=60, queue="email")
def send_message(payload: dict) -> None:
    """Send one rendered email (one recipient)."""
    message_from(payload).send()


# -- maintenance ----------------------------------------------------------------------------


@markaz_job(retries=2, backoff=60, queue="maintenance")
def reindex_search() -> None:
    """Rebuild the search index of the knowledge base."""
    from markaz.knowledge.reindex import rebuild

    rebuild()


@markaz_job(retries=3, backoff=10, queue="maintenance")
def seal_audit_chain() -> None:
    """Seal settled audit entries into the hash chain (every minute)."""
    from markaz.core.audit_chain import seal

    seal()


@markaz_job(retries=3, backoff=60, queue="maintenance")
def sync_federation() -> None:
    """Publish local changes, then pull from every federation peer that is due."""
    from markaz.federation.services import sync_all_peers

    sync_all_peers()


@markaz_job(retries=2, backoff=60, queue="maintenance")
def rebuild_impact_rollups(center_id: int | None = None) -> None:
    """Recompute impact roll-up cells (one center, or every center)."""
    from markaz.core.models import Center
    from markaz.impact.rollups import rebuild

    ids = [center_id] if center_id else list(Center.objects.values_list("pk", flat=True))
    for pk in ids:
        rebuild(pk)


@markaz_job(retries=1, backoff=60, queue="maintenance")
def prune_jobs() -> None:
    """Forget finished runs (and their idempotency keys) past the retention period."""
    from markaz.jobs.engine import prune

    prune()
