"""UN SDG reference data (goals, targets, indicators), loaded by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual


class Goal(models.Model):
    number = models.PositiveSmallIntegerField(primary_key=True)
    short_en = models.CharField(max_length=120)
    short_ar = models.CharField(max_length=120)
    title_en = models.TextField()
    title_ar = models.TextField()

    short = Bilingual("short")
    title = Bilingual("title")

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.short}"


class Target(models.Model):
    code = models.CharField(max_length=10, primary_key=True)
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="targets")
    position = models.PositiveSmallIntegerField(help_text="Sort order within the goal.")
    title_en = models.TextField()
    title_ar = models.TextField()

    title = Bilingual("title")

    class Meta:
        ordering = ["goal_id", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code


class Indicator(models.Model):
    code = models.CharField(max_length=16, primary_key=True)
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="indicators")
    position = models.PositiveSmallIntegerField()
    title_en = models.TextField()
    title_ar = models.TextField()

    title = Bilingual("title")

    class Meta:
        ordering = ["target__goal_id", "target__position", "position"]
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")

    def __str__(self) -> str:
        return self.code
