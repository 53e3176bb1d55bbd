"""Privacy records: consents for public profiles, erasure requests, purged applications.

A consent record says who switched a public profile on, when, under which version of the
consent text, and when it was withdrawn. Rows are kept after withdrawal (that is the point
of the record); the switches themselves live in `ventures` and `networking`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.models import Center


class ConsentSubject(models.TextChoices):
    VENTURE_PUBLIC = "venture_public", _("Venture shown on the public portal")
    DIRECTORY = "directory", _("Person listed in the people directory")


class Withdrawal(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    SWITCHED_OFF = "switched_off", _("Public profile switched off")
    CHANGED = "changed", _("Replaced by a new choice")
    ERASED = "erased", _("Person erased")


class Consent(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("what"), max_length=20, choices=ConsentSubject)
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=20, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_at = models.DateTimeField(_("given at"))
    text_version = models.CharField(_("text version"), max_length=40)
    request_id = models.CharField(max_length=64, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal = models.CharField(_("how it ended"), max_length=20, choices=Withdrawal, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            models.UniqueConstraint(
                fields=["venture"],
                condition=models.Q(withdrawn_at__isnull=True, venture__isnull=False),
                name="one_active_consent_per_venture",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(withdrawn_at__isnull=True, person__isnull=False),
                name="one_active_consent_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(venture__isnull=False) | models.Q(person__isnull=False),
                name="consent_has_a_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.pk} ({self.subject})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    COMPLETED = "completed", _("Erased")
    REJECTED = "rejected", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class ErasureRequest(models.Model):
    """A person's request to be erased; an admin of one of their centers (or an operator)
    confirms it. Holds ids and counts only, never the erased values."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    # The person's centers when they asked: whose admins may confirm, and see it afterwards.
    centers = models.ManyToManyField(Center, related_name="+", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ErasureStatus, default=ErasureStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.CharField(_("reason for refusing"), max_length=300, blank=True)
    erased = models.JSONField(_("rows changed per part"), default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_request_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"erasure request {self.pk}"


class PurgedApplication(models.Model):
    """Marks an application whose answers and files the retention rule removed."""

    application = models.OneToOneField(
        "programs.Application", on_delete=models.CASCADE, related_name="+"
    )
    purged_at = models.DateTimeField(auto_now_add=True)
    attachments_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-purged_at", "-id"]

    def __str__(self) -> str:
        return f"purged application {self.application_id}"
