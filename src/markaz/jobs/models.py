"""The record of every background job: one `JobRun` per idempotency key, one `JobAttempt`
per execution. The task engine (django-tasks) only carries "run JobRun #n" messages; these
rows are the truth about what ran, how often, and why it failed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Waiting to retry")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    key = models.CharField(
        _("idempotency key"),
        max_length=200,
        unique=True,
        help_text=_("A job whose key already succeeded is never run again."),
    )
    name = models.CharField(_("job"), max_length=200, db_index=True)
    queue = models.CharField(_("queue"), max_length=32, default="default")
    payload = models.JSONField(_("arguments"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveIntegerField(_("maximum attempts"), default=1)
    backoff = models.FloatField(_("backoff (seconds)"), default=30)
    run_after = models.DateTimeField(_("run after"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    task_id = models.CharField(_("engine task id"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"], name="jobs_run_status_idx")]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return f"{self.name} [{self.key}] {self.status}"

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


class JobAttempt(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        LOST = "lost", _("Worker lost")

    run = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField(_("attempt"))
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.RUNNING
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="jobs_attempt_unique_number")
        ]
        verbose_name = _("job attempt")
        verbose_name_plural = _("job attempts")

    def __str__(self) -> str:
        return f"{self.run_id}#{self.number} {self.outcome}"
