"""Events of a center, registrations with a waitlist, tickets, attendance and feedback.

Places are counted, never stored: an event's confirmed registrations are its taken places.
Services take a row lock on the event (`select_for_update`) before counting, so concurrent
registrations never exceed the capacity on PostgreSQL; SQLite serializes writers
(IMMEDIATE transactions). When a confirmed place frees up, the oldest waitlisted registration
is promoted in the same transaction.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    DEMO_DAY = "demo_day", _("Demo day")
    HACKATHON = "hackathon", _("Hackathon")
    WEBINAR = "webinar", _("Webinar")
    NETWORKING = "networking", _("Networking night")
    POLICY_DIALOGUE = "policy_dialogue", _("Policy dialogue")


class EventMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class Event(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    mode = models.CharField(_("format"), max_length=20, choices=EventMode)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to confirmed registrants."),
    )
    co_hosts = models.ManyToManyField(
        "stakeholders.Organization",
        verbose_name=_("co-hosts"),
        blank=True,
        related_name="co_hosted_events",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.MEMBERS
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    requires_approval = models.BooleanField(_("registrations need approval"), default=False)
    registration_open = models.BooleanField(_("registration open"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = Bilingual("title")
    description = Bilingual("description")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["center", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_ar=""),
                name="event_has_a_title",
                violation_error_message=_("Give a title in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return self.mode in (EventMode.ONLINE, EventMode.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.mode in (EventMode.IN_PERSON, EventMode.HYBRID)

    def clean(self) -> None:
        import zoneinfo

        errors = {}
        try:
            zoneinfo.ZoneInfo(self.timezone or "")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = _("Choose a time zone from the list.")
        if self.is_in_person and not self.venue:
            errors["venue"] = _("Give the venue of an in-person event.")
        if self.is_online and not self.online_url:
            errors["online_url"] = _("Give the link of an online event.")
        if errors:
            raise ValidationError(errors)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes or no")


class Question(models.Model):
    """A question every registrant answers; answers are validated by `questions.py`."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind, default="text")
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    label_ar = models.CharField(_("question (Arabic)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For a choice question.")
    )

    label = Bilingual("label")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(label_en="", label_ar=""),
                name="event_question_has_a_label",
                violation_error_message=_("Give the question in Arabic or English (or both)."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        choices = self.choices or []
        if not isinstance(choices, list) or not all(
            isinstance(c, str) and c.strip() for c in choices
        ):
            raise ValidationError({"choices": _("Choices are a list of non-empty texts.")})
        if self.kind == QuestionKind.CHOICE and len(choices) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two choices.")})


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def new_ticket_code() -> str:
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    """One person's registration for one event; its ticket code is checked in at the door."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        help_text=_("Empty for a guest without a login, recorded by staff."),
    )
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    ticket_code = models.CharField(
        _("ticket code"), max_length=40, unique=True, default=new_ticket_code, editable=False
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="one_active_registration_per_event",
                violation_error_message=_("You are already registered for this event."),
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(person__isnull=False),
                name="registration_has_a_user_or_person",
                violation_error_message=_("A registration belongs to a user or a person."),
            ),
            models.CheckConstraint(
                condition=models.Q(checked_in_at__isnull=True) | models.Q(status="confirmed"),
                name="registration_checked_in_only_when_confirmed",
                violation_error_message=_("Only confirmed registrations can be checked in."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.event}"

    @property
    def display_name(self) -> str:
        if self.person_id is not None:
            return str(self.person)
        return str(self.user) if self.user_id else ""

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Feedback(models.Model):
    """The post-event survey answer: one per attendee."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5),
                name="event_feedback_rating_1_to_5",
                violation_error_message=_("Rate from 1 to 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.rating}"


class CalendarFeed(models.Model):
    """A person's subscribable calendar: the URL carries a secret; only its digest is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} · calendar"
