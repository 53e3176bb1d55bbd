"""Ventures: the social innovations, projects and social enterprises a center supports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from markaz.core.i18n import Bilingual
from markaz.core.models import Center


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("Pilot")
    SCALING = "scaling", _("Scaling")
    SUSTAINED = "sustained", _("Sustained")


class LegalForm(models.TextChoices):
    NON_PROFIT = "non_profit", _("Non-profit")
    SOCIAL_BUSINESS = "social_business", _("Social business")
    FOR_PROFIT = "for_profit", _("For-profit")
    COOPERATIVE = "cooperative", _("Cooperative")
    INFORMAL = "informal", _("Informal")


class Venture(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="ventures")
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    problem_en = models.TextField(_("problem (English)"), blank=True)
    problem_ar = models.TextField(_("problem (Arabic)"), blank=True)
    solution_en = models.TextField(_("solution (English)"), blank=True)
    solution_ar = models.TextField(_("solution (Arabic)"), blank=True)
    beneficiaries_en = models.TextField(_("beneficiaries (English)"), blank=True)
    beneficiaries_ar = models.TextField(_("beneficiaries (Arabic)"), blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage, default=Stage.IDEA)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm, default=LegalForm.INFORMAL
    )
    sdg_goals = models.ManyToManyField(
        "sdg.Goal", verbose_name=_("SDG goals"), blank=True, related_name="ventures"
    )
    sdg_targets = models.ManyToManyField(
        "sdg.Target", verbose_name=_("SDG targets"), blank=True, related_name="ventures"
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Show this venture on the public portal. Private by default."),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ventures",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Bilingual("name")
    problem = Bilingual("problem")
    solution = Bilingual("solution")
    beneficiaries = Bilingual("beneficiaries")

    class Meta:
        ordering = ["name_en", "name_ar", "id"]
        verbose_name = _("venture")
        verbose_name_plural = _("ventures")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="venture_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            )
        ]
        indexes = [models.Index(fields=["center", "stage"])]

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    FOUNDER = "founder", _("Founder")
    CO_FOUNDER = "co_founder", _("Co-founder")
    MEMBER = "member", _("Team member")
    ADVISOR = "advisor", _("Advisor")


class TeamMember(models.Model):
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE, related_name="team"
    )
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="team_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole, default=TeamRole.MEMBER)
    can_manage = models.BooleanField(_("can manage the venture"), default=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["venture", "person"], name="unique_team_member")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"
