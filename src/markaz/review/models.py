"""Review of applications: rubrics, rounds with reviewer pools, assignments, scores, conflicts.

A call is reviewed in rounds (screening, then pitch ...). Each round has a rubric (weighted
criteria on one scale, each level described in both languages), a pool of reviewers (users with
the reviewer role of the center, with expertise preferences as SDG goal numbers), the
applications in it (the first round takes the call's submitted applications; later rounds the
shortlist of the previous one) and assignments solved by `markaz.programs.assignment` (min-cost
flow). A reviewer scores an application through their assignment; a declared conflict recuses
them and the application is reassigned.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center


class Rubric(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="rubrics"
    )
    call = models.ForeignKey(
        "programs.Call",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="rubrics",
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")

    class Meta:
        ordering = ["id"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="rubric_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")),
                name="rubric_scale_ordered",
                violation_error_message=_("The lowest score must be below the highest."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class Criterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        ordering = ["rubric", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "position"], name="criterion_position"),
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="criterion_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("The weight must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CriterionLevel(models.Model):
    """What one score on the scale means for one criterion, in both languages."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="levels"
    )
    value = models.PositiveSmallIntegerField(_("score"))
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)
    description_ar = models.CharField(_("description (Arabic)"), max_length=500, blank=True)

    description = Bilingual("description")

    class Meta:
        ordering = ["criterion", "value"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="criterion_level_value")
        ]

    def __str__(self) -> str:
        return f"{self.value} · {self.description}"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for review")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="review_rounds"
    )
    call = models.ForeignKey(
        "programs.Call",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="review_rounds",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="rounds"
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=3
    )
    due_on = models.DateField(_("reviews due"), null=True, blank=True)
    normalize = models.BooleanField(
        _("normalize per reviewer"),
        default=False,
        help_text=_("Rank on z-scores per reviewer, correcting harsh and lenient reviewers."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus, default=RoundStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="review_round_position"),
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="review_round_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(reviewers_per_application__gte=1),
                name="review_round_needs_reviewers",
                violation_error_message=_("At least one reviewer per application."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoundApplication(models.Model):
    """An application taking part in a round; `advanced` once shortlisted for the next one."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="entries"
    )
    application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="review_entries",
    )
    advanced = models.BooleanField(_("advanced to the next round"), default=False)

    class Meta:
        ordering = ["round", "application_id"]
        verbose_name = _("application in a round")
        verbose_name_plural = _("applications in a round")
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="round_application")
        ]

    def __str__(self) -> str:
        return f"{self.round} · #{self.application_id}"


class PoolMember(models.Model):
    """A reviewer of a round, with expertise preferences (SDG goal numbers) and a load cap."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="pool"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_pools",
    )
    expertise = models.JSONField(_("expertise (SDG goals)"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("maximum load"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("reviewer of a round")
        verbose_name_plural = _("reviewers of a round")
        constraints = [
            models.UniqueConstraint(fields=["round", "reviewer"], name="round_pool_member")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.reviewer}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")
    RECUSED = "recused", _("Recused")


class Assignment(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assignments"
    )
    application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus, default=AssignmentStatus.ASSIGNED
    )
    fit = models.FloatField(_("fit"), default=0)
    comment = models.TextField(_("comment"), blank=True)
    comment_shared = models.BooleanField(
        _("share the comment with the applicant"),
        default=False,
        help_text=_("Otherwise only the center's staff read it."),
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    recused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "application_id", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "application", "reviewer"], name="review_assignment_once"
            )
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]

    def __str__(self) -> str:
        return f"#{self.application_id} · {self.reviewer}"

    @property
    def is_active(self) -> bool:
        return self.status != AssignmentStatus.RECUSED


class Score(models.Model):
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        ordering = ["assignment", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class Conflict(models.Model):
    """A conflict of interest a reviewer declared: with an organization, a venture or one
    application. Affiliations and team roles are detected without being declared."""

    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_conflicts",
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False)
                | models.Q(venture__isnull=False)
                | models.Q(application__isnull=False),
                name="conflict_names_something",
                violation_error_message=_("Name an organization, a venture or an application."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.reason}"[:300]
