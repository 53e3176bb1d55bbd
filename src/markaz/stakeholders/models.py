"""Organizations from every sector, the center's partnerships with them, and people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from markaz.core.i18n import Bilingual
from markaz.core.models import Center


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia")
    NON_PROFIT = "non_profit", _("Non-profit")
    PRIVATE = "private", _("Private sector")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    COMMUNITY = "community", _("Community group")
    INTERNATIONAL = "international", _("International organization")
    PHILANTHROPY = "philanthropy", _("Philanthropy")


class Organization(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="organizations"
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        ordering = ["name_en", "name_ar", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="organization_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            )
        ]
        indexes = [models.Index(fields=["center", "sector"])]

    def __str__(self) -> str:
        return self.name


class PartnershipKind(models.TextChoices):
    FUNDER = "funder", _("Funder")
    IMPLEMENTING = "implementing", _("Implementing partner")
    KNOWLEDGE = "knowledge", _("Knowledge partner")
    GOVERNMENT = "government", _("Government partner")
    CORPORATE = "corporate", _("Corporate partner")


class Partnership(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    mou = models.FileField(_("MoU document"), upload_to="mou/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="partnership_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()}"


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    NONE = "none", _("Do not contact")


class Person(models.Model):
    """A person the center knows: with a login (user) or a contact without one."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    bio_en = models.TextField(_("bio (English)"), blank=True)
    bio_ar = models.TextField(_("bio (Arabic)"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    contact_channel = models.CharField(
        _("preferred contact"), max_length=10, choices=ContactChannel, default=ContactChannel.EMAIL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Bilingual("name")
    bio = Bilingual("bio")

    class Meta:
        ordering = ["name_en", "name_ar", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="person_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Affiliation(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        return f"{self.person} · {self.organization}"
