"""Tenancy and people-with-logins: users, networks, centers, memberships, tokens, audit."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from markaz.core.i18n import Bilingual


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Region(models.TextChoices):
    MENA = "mena", _("Middle East and North Africa")
    SUB_SAHARAN_AFRICA = "ssa", _("Sub-Saharan Africa")
    SOUTH_ASIA = "south_asia", _("South Asia")
    EAST_ASIA_PACIFIC = "east_asia_pacific", _("East Asia and Pacific")
    EUROPE = "europe", _("Europe and Central Asia")
    LATIN_AMERICA = "latin_america", _("Latin America and the Caribbean")
    NORTH_AMERICA = "north_america", _("North America")


class CenterKind(models.TextChoices):
    GOVERNMENT = "government", _("Government-backed")
    NON_PROFIT = "non_profit", _("Non-profit")
    UNIVERSITY = "university", _("University")
    CORPORATE = "corporate", _("Corporate")
    INDEPENDENT = "independent", _("Independent")


class NetworkKind(models.TextChoices):
    GLOBAL = "global", _("Global")
    REGIONAL = "regional", _("Regional")
    THEMATIC = "thematic", _("Thematic")


slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens only."),
)


class Network(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[slug_validator])
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=NetworkKind, default=NetworkKind.GLOBAL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name or self.slug


class Center(models.Model):
    """The tenant: every center-owned row carries a foreign key to one of these."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[slug_validator])
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    country = CountryField(_("country"))
    city_en = models.CharField(_("city (English)"), max_length=120, blank=True)
    city_ar = models.CharField(_("city (Arabic)"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=30, choices=Region)
    kind = models.CharField(_("kind"), max_length=20, choices=CenterKind)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    focus_sdgs = models.ManyToManyField(
        "sdg.Goal", verbose_name=_("focus SDGs"), blank=True, related_name="centers"
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    networks = models.ManyToManyField(
        Network, verbose_name=_("networks"), blank=True, related_name="centers"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Bilingual("name")
    description = Bilingual("description")
    city = Bilingual("city")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="center_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            )
        ]

    def __str__(self) -> str:
        return self.name or self.slug


class Role(models.TextChoices):
    ADMIN = "admin", _("Center admin")
    STAFF = "staff", _("Staff")
    REVIEWER = "reviewer", _("Reviewer")
    MENTOR = "mentor", _("Mentor")
    INNOVATOR = "innovator", _("Innovator")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")


class Membership(models.Model):
    """A user's role in a center. A user may hold several roles in several centers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["center__slug", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "center", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.center}"


class NetworkRole(models.Model):
    COORDINATOR = "coordinator"
    ROLE_CHOICES = [(COORDINATOR, _("Network coordinator"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, default=COORDINATOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "network", "role"], name="unique_network_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.network}"


class ApiToken(models.Model):
    """A personal API token scoped to one center. Only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class AuditEntry(models.Model):
    """Append-only record of every write made through a service."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # the audit table refuses updates: erase people, not rows
        related_name="+",
    )
    center = models.ForeignKey(
        Center, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["center", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")


class AuditSeal(models.Model):
    """One link of the hash chain over the audit log, appended by `audit_chain.seal`.

    `entry_hash` digests the sealed entry's content; `chain_hash` digests the previous
    link's chain hash with it, so editing or deleting any sealed entry, or any link, breaks
    every link after it (`markaz audit verify`). Append-only in the database, like entries.
    """

    entry = models.OneToOneField(AuditEntry, on_delete=models.PROTECT, related_name="seal")
    entry_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"seal {self.pk} of entry {self.entry_id}: {self.chain_hash[:12]}"
