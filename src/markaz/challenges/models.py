"""Challenges: social problem statements a center owns together with partner organizations.

A challenge is framed by the center and organizations from several sectors (government,
academia, private sector …), each with a role. Its workspace holds comments and documents of the
people affiliated with the owners and the center's staff; ventures (and, once the programs app
links them, calls) working on it are listed beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from markaz.core.i18n import Bilingual
from markaz.core.models import Center


class Status(models.TextChoices):
    FRAMING = "framing", _("Framing")
    OPEN = "open", _("Open for solutions")
    IMPLEMENTATION = "implementation", _("In implementation")
    CLOSED = "closed", _("Closed")


class Visibility(models.TextChoices):
    CENTER = "center", _("Center members")
    PUBLIC = "public", _("Public")


class OwnerRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    CO_FUNDER = "co_funder", _("Co-funder")
    IMPLEMENTER = "implementer", _("Implementer")
    DATA_PROVIDER = "data_provider", _("Data provider")
    POLICY_PARTNER = "policy_partner", _("Policy partner")


class Challenge(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="challenges"
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    problem_en = models.TextField(_("problem (English)"), blank=True, help_text=_("Markdown."))
    problem_ar = models.TextField(_("problem (Arabic)"), blank=True, help_text=_("Markdown."))
    evidence_en = models.TextField(_("evidence (English)"), blank=True, help_text=_("Markdown."))
    evidence_ar = models.TextField(_("evidence (Arabic)"), blank=True, help_text=_("Markdown."))
    affected_population_en = models.TextField(_("affected population (English)"), blank=True)
    affected_population_ar = models.TextField(_("affected population (Arabic)"), blank=True)
    country = CountryField(_("country"), blank=True)
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_ar = models.CharField(_("place (Arabic)"), max_length=200, blank=True)
    sdg_targets = models.ManyToManyField(
        "sdg.Target", verbose_name=_("SDG targets"), blank=True, related_name="challenges"
    )
    organizations = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("owners"),
        through="ChallengeOwner",
        related_name="challenges",
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.FRAMING)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.CENTER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    title = Bilingual("title")
    problem = Bilingual("problem")
    evidence = Bilingual("evidence")
    affected_population = Bilingual("affected_population")
    place = Bilingual("place")

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_ar=""),
                name="challenge_has_a_title",
                violation_error_message=_("Give a title in Arabic or English (or both)."),
            ),
        ]
        indexes = [models.Index(fields=["center", "status", "visibility"])]

    def __str__(self) -> str:
        return self.title


class ChallengeOwner(models.Model):
    """An organization's part in a challenge. One row per organization and challenge."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="owners")
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="challenge_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=OwnerRole, default=OwnerRole.OWNER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("challenge owner")
        verbose_name_plural = _("challenge owners")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organization"],
                name="challenge_owner_unique",
                violation_error_message=_("This organization already takes part."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


class Comment(models.Model):
    """A workspace comment (Markdown). A reply points at a top-level comment (one level)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), help_text=_("Markdown."))
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.challenge_id} #{self.pk}"


class Attachment(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="challenges/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name


class ChallengeVenture(models.Model):
    """A venture working on a challenge."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="venture_links")
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        on_delete=models.CASCADE,
        related_name="challenge_links",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("linked venture")
        verbose_name_plural = _("linked ventures")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "venture"],
                name="challenge_venture_unique",
                violation_error_message=_("This venture is already linked."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id} · {self.venture_id}"
