"""Email to people, in their own language, sent only once the transaction commits.

Every app sends mail through `send_email`: the subject and body come from two templates
(`<name>_subject.txt`, `<name>.txt`, optionally `<name>.html`) rendered with the
recipient's preferred language active, so one notification to an Arabic and an English
reader gives each their own text. Attachments (calendar invites) ride along.

Each message becomes one background job (`markaz.jobs.tasks.send_message`), rendered now and
queued in the caller's transaction under its own idempotency key: a rollback sends nothing, a
failed send is retried with backoff, and a retried delivery never sends twice once recorded.
With the in-process engine (demo, development, tests) the job runs right after the commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str  # e.g. "text/calendar; method=REQUEST"


def _language_of(recipient) -> str:
    language = getattr(recipient, "preferred_language", None) or settings.LANGUAGE_CODE
    return language[:2]


def _address_of(recipient) -> str:
    return recipient if isinstance(recipient, str) else recipient.email


def render_email(template: str, context: dict, language: str) -> EmailMultiAlternatives:
    with translation.override(language):
        ctx = {**context, "language": language}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = render_to_string(f"{template}.txt", ctx)
        try:
            html = render_to_string(f"{template}.html", ctx)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject=subject, body=body)
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send_email(
    *,
    to,
    template: str,
    context: dict | None = None,
    attachments: tuple[Attachment, ...] = (),
    reply_to: list[str] | None = None,
) -> None:
    """Queue one email per recipient (a User, or an address string) for after the commit.

    Recipients without an address are skipped: people without a login can have none.
    """
    recipients = [r for r in (to if isinstance(to, list | tuple | set) else [to]) if r]
    messages = []
    for recipient in recipients:
        address = _address_of(recipient)
        if not address:
            continue
        message = render_email(template, context or {}, _language_of(recipient))
        message.to = [address]
        message.reply_to = reply_to or []
        for a in attachments:
            message.attach(a.filename, a.content, a.mimetype)
        messages.append(message)
    if not messages:
        return
    from markaz.jobs.tasks import message_payload, send_message

    with transaction.atomic():
        for message in messages:
            send_message.enqueue(message_payload(message), key=f"email:{uuid.uuid4().hex}")
