"""Knowledge entries (with versions, attachments, feedback) and the shared search index rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual, pick
from markaz.core.models import Center


class EntryType(models.TextChoices):
    CASE_STUDY = "case-study", _("Case study")
    TOOLKIT = "toolkit", _("Toolkit")
    METHOD_GUIDE = "method-guide", _("Method guide")
    LESSONS_LEARNED = "lessons-learned", _("Lesson learned")
    POLICY_BRIEF = "policy-brief", _("Policy brief")
    DATASET = "dataset", _("Dataset")
    TRAINING = "training-material", _("Training material")


class Visibility(models.TextChoices):
    CENTER = "center", _("Center")
    NETWORK = "network", _("Network")
    PUBLIC = "public", _("Public")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Entry(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="knowledge"
    )
    external_id = models.CharField(
        _("external id"), max_length=120, blank=True, help_text=_("The id of an imported entry.")
    )
    type = models.CharField(_("type"), max_length=30, choices=EntryType)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    body_en = models.TextField(_("body (English)"), blank=True, help_text=_("Markdown."))
    body_ar = models.TextField(_("body (Arabic)"), blank=True, help_text=_("Markdown."))
    tags = models.JSONField(_("tags"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    sdgs = models.ManyToManyField(
        "sdg.Goal", verbose_name=_("SDG goals"), blank=True, related_name="knowledge"
    )
    ventures = models.ManyToManyField(
        "ventures.Venture", verbose_name=_("ventures"), blank=True, related_name="knowledge"
    )
    organizations = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("organizations"),
        blank=True,
        related_name="knowledge",
    )
    authors = models.ManyToManyField(
        "stakeholders.Person", verbose_name=_("authors"), blank=True, related_name="knowledge"
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.CENTER
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    title = Bilingual("title")
    summary = Bilingual("summary")
    body = Bilingual("body")

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("knowledge entry")
        verbose_name_plural = _("knowledge entries")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_ar=""),
                name="knowledge_entry_has_a_title",
                violation_error_message=_("Give a title in Arabic or English (or both)."),
            ),
            models.UniqueConstraint(
                fields=["center", "external_id"],
                condition=~models.Q(external_id=""),
                name="knowledge_unique_external_id",
                violation_error_message=_("An entry with this external id already exists."),
            ),
        ]
        indexes = [models.Index(fields=["center", "status", "visibility"])]

    def __str__(self) -> str:
        return self.title


class EntryVersion(models.Model):
    """Append-only: one row per save, with the full content as it was after that save."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("entry version")
        verbose_name_plural = _("entry versions")
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="knowledge_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.number}"

    def text(self, name: str) -> str:
        """The old value of a bilingual field, with the same fallback as the live entry."""
        return pick({lang: self.content.get(f"{name}_{lang}", "") for lang in ("ar", "en")})


class Attachment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="knowledge/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    """ "Was this useful?": one answer per user and entry, which they may change."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField(_("useful"))
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="knowledge_feedback_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.useful}"


class Kind(models.TextChoices):
    """What a search result is; a new searchable kind adds a value and an indexer."""

    ENTRY = "entry", _("Knowledge")
    VENTURE = "venture", _("Venture")
    ORGANIZATION = "organization", _("Organization")
    PERSON = "person", _("Person")
    CALL = "call", _("Open call")
    EVENT = "event", _("Event")
    CHALLENGE = "challenge", _("Challenge")


class SearchDocument(models.Model):
    """One searchable record: display text, facets and who may see it.

    The ranked text lives beside it in a backend-specific table (FTS5 on SQLite, tsvector on
    PostgreSQL) keyed by `key`; see `knowledge.index`.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    # Entries: center/network/public (drafts: "draft"); ventures: public or center.
    visibility = models.CharField(max_length=10)
    type = models.CharField(max_length=30, blank=True)
    langs = models.JSONField(default=list)
    sdgs = models.JSONField(default=list)
    regions = models.JSONField(default=list)
    sectors = models.JSONField(default=list)
    title_en = models.CharField(max_length=300, blank=True)
    title_ar = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    quality = models.FloatField(default=0.0)
    # Day precision: same-day ties fall to the key, as in the pure index.
    updated_at = models.DateTimeField(null=True, blank=True)

    title = Bilingual("title")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="knowledge_search_once")
        ]
        indexes = [models.Index(fields=["visibility", "kind", "center"])]

    def __str__(self) -> str:
        return self.key
