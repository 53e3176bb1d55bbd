"""Programs, their open calls (with a typed application form), applications and cohorts.

A `Call` moves through phases only via `services.change_call_phase`. An `Application` keeps
editable `answers` while it is a draft; submitting copies them, with the field definitions of
the moment, into `frozen_answers`, which nothing changes afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center


class ProgramKind(models.TextChoices):
    INCUBATOR = "incubator", _("Incubator")
    ACCELERATOR = "accelerator", _("Accelerator")
    FELLOWSHIP = "fellowship", _("Fellowship")
    PRIZE = "prize", _("Prize")


class Program(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="programs"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProgramKind, default=ProgramKind.INCUBATOR
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    title = Bilingual("title")
    description = Bilingual("description")

    class Meta:
        ordering = ["title_en", "title_ar", "id"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_ar=""),
                name="program_has_a_title",
                violation_error_message=_("Give a title in Arabic or English (or both)."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    IN_REVIEW = "in_review", _("In review")
    DECIDED = "decided", _("Decided")
    ARCHIVED = "archived", _("Archived")


class Call(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="calls"
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="calls"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase, default=Phase.DRAFT)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Hide the applicants' identity from reviewers."),
    )
    # Eligibility: an empty list means "any".
    eligible_countries = models.JSONField(_("eligible countries"), default=list, blank=True)
    eligible_stages = models.JSONField(_("eligible venture stages"), default=list, blank=True)
    eligible_legal_forms = models.JSONField(_("eligible legal forms"), default=list, blank=True)
    eligible_sdgs = models.ManyToManyField(
        "sdg.Goal", verbose_name=_("eligible SDGs"), blank=True, related_name="calls"
    )
    # [{"key": "budget", "label_en": "Budget", "label_ar": "الميزانية"}, ...]
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    accept_message_en = models.TextField(_("acceptance message (English)"), blank=True)
    accept_message_ar = models.TextField(_("acceptance message (Arabic)"), blank=True)
    reject_message_en = models.TextField(_("rejection message (English)"), blank=True)
    reject_message_ar = models.TextField(_("rejection message (Arabic)"), blank=True)
    waitlist_message_en = models.TextField(_("waitlist message (English)"), blank=True)
    waitlist_message_ar = models.TextField(_("waitlist message (Arabic)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = Bilingual("title")
    summary = Bilingual("summary")
    accept_message = Bilingual("accept_message")
    reject_message = Bilingual("reject_message")
    waitlist_message = Bilingual("waitlist_message")

    class Meta:
        ordering = ["-deadline", "id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_ar=""),
                name="call_has_a_title",
                violation_error_message=_("Give a title in Arabic or English (or both)."),
            ),
            models.UniqueConstraint(fields=["center", "slug"], name="unique_call_slug"),
        ]
        indexes = [models.Index(fields=["phase", "deadline"])]

    def __str__(self) -> str:
        return self.title


class FormSection(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="sections"
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    title = Bilingual("title")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")

    def __str__(self) -> str:
        return self.title


class FieldKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    DATE = "date", _("Date")
    URL = "url", _("Web address")
    EMAIL = "email", _("Email")
    FILE = "file", _("File")


class FormField(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="fields"
    )
    section = models.ForeignKey(
        FormSection,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fields",
    )
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=FieldKind)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    help_ar = models.TextField(_("help text (Arabic)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    max_words = models.PositiveIntegerField(_("maximum words"), null=True, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # [{"value": "water", "label_en": "Water", "label_ar": "المياه"}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)

    label = Bilingual("label")
    help = Bilingual("help")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="unique_form_field_key"),
            models.CheckConstraint(
                condition=~models.Q(label_en="", label_ar=""),
                name="form_field_has_a_label",
                violation_error_message=_("Give a label in Arabic or English (or both)."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="applications"
    )
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="applications"
    )
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="program_applications",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    frozen_answers = models.JSONField(_("answers as submitted"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=2, default="en")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "venture"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_application_per_venture_and_call",
                violation_error_message=_("This venture has already applied to this call."),
            )
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return f"{self.venture} · {self.call}"

    @property
    def reference(self) -> str:
        """A neutral label for blind review."""
        return f"A-{self.pk:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT


def attachment_path(instance: Attachment, filename: str) -> str:
    from pathlib import PurePath
    from uuid import uuid4

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"programs/{instance.center_id}/{instance.application_id}/{uuid4().hex}{suffix}"


class Attachment(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    # The form field key (file fields) or required document key this file answers.
    key = models.SlugField(_("key"), max_length=60)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    WAITLIST = "waitlist", _("Waitlist")


OUTCOME_STATUS = {
    Outcome.ACCEPT: Status.ACCEPTED,
    Outcome.REJECT: Status.REJECTED,
    Outcome.WAITLIST: Status.WAITLISTED,
}


class Decision(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="decision",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    message_en = models.TextField(_("message (English)"), blank=True)
    message_ar = models.TextField(_("message (Arabic)"), blank=True)
    note = models.TextField(_("internal note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    message = Bilingual("message")

    class Meta:
        ordering = ["-decided_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()}"


class Cohort(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="cohorts"
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="cohorts"
    )
    call = models.OneToOneField(
        Call,
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohort",
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="members"
    )
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohort_membership",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "venture"], name="unique_cohort_member")
        ]

    def __str__(self) -> str:
        return f"{self.venture} · {self.cohort}"
