"""Mentor profiles, mentee needs, match rounds, mentorships, sessions, notes and feedback.

A mentor profile belongs to a person (with a login or without one) and lists the centers the
mentor serves; everything else is owned by one center. Availability is stored as weekly
windows `[weekday, start_minute, end_minute]` of local time in the profile's time zone (the
format of `matching_time`), so the matching engine and the session scheduler read the same
data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center
from markaz.mentoring.matching_time import check_timezone, check_window


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture and food")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    WATER = "water", _("Water and sanitation")
    ENERGY = "energy", _("Energy")
    ENVIRONMENT = "environment", _("Environment and climate")
    FINANCE = "finance", _("Financial inclusion")
    TECHNOLOGY = "technology", _("Technology")
    CULTURE = "culture", _("Culture and media")
    EMPLOYMENT = "employment", _("Jobs and livelihoods")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SWAHILI = "sw", _("Swahili")
    KURDISH = "ku", _("Kurdish")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    EITHER = "either", _("In person or online")


def validate_windows(value) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Availability must be a list of weekly windows."))
    for window in value:
        try:
            check_window(tuple(window) if isinstance(window, list | tuple) else window)
        except (ValueError, TypeError) as exc:
            raise ValidationError(
                _("Each window needs a weekday (0–6) and a start before its end, in minutes.")
            ) from exc


def validate_timezone(value: str) -> None:
    try:
        check_timezone(value)
    except ValueError as exc:
        raise ValidationError(_("Choose a known time zone.")) from exc


def _check_choices(value, choices) -> None:
    if not isinstance(value, list) or any(v not in choices.values for v in value):
        raise ValidationError(_("Choose values from the list."))


def validate_sectors(value) -> None:
    _check_choices(value, Sector)


def validate_languages(value) -> None:
    _check_choices(value, Language)


class ExpertiseArea(models.Model):
    """An area of expertise. Rows without a center are the shipped default set."""

    center = models.ForeignKey(
        Center, null=True, blank=True, on_delete=models.CASCADE, related_name="expertise_areas"
    )
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)

    name = Bilingual("name")

    class Meta:
        ordering = ["name_en", "id"]
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")
        constraints = [
            models.UniqueConstraint(fields=["center", "code"], name="unique_area_code"),
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="expertise_area_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MentorProfile(models.Model):
    """What a mentor offers. One per person; serves one or more centers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
    )
    person = models.OneToOneField(
        "stakeholders.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
    )
    centers = models.ManyToManyField(
        Center, verbose_name=_("centers served"), related_name="mentor_profiles"
    )
    expertise = models.ManyToManyField(
        ExpertiseArea, verbose_name=_("expertise"), blank=True, related_name="mentors"
    )
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, validators=[validate_sectors]
    )
    sdg_goals = models.ManyToManyField(
        "sdg.Goal", verbose_name=_("SDG goals"), blank=True, related_name="mentors"
    )
    languages = models.JSONField(_("languages"), default=list, validators=[validate_languages])
    countries = models.JSONField(_("countries"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=2,
        validators=[MaxValueValidator(50)],
        help_text=_("Most mentees at once."),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    availability = models.JSONField(
        _("weekly availability"), default=list, blank=True, validators=[validate_windows]
    )
    bio_en = models.TextField(_("bio (English)"), blank=True)
    bio_ar = models.TextField(_("bio (Arabic)"), blank=True)
    opted_out = models.BooleanField(
        _("not taking mentees"), default=False, help_text=_("Leave out of new match rounds.")
    )
    conflicted_ventures = models.ManyToManyField(
        "ventures.Venture",
        verbose_name=_("declared conflicts of interest"),
        blank=True,
        related_name="conflicted_mentors",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    bio = Bilingual("bio")

    class Meta:
        ordering = ["id"]
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(person__isnull=False),
                name="mentor_profile_has_an_owner",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def the_person(self):
        if self.person_id:
            return self.person
        return getattr(self.user, "person", None) if self.user_id else None

    @property
    def display_name(self) -> str:
        person = self.the_person
        if person is not None:
            return person.name
        return self.user.get_full_name() or self.user.username

    @property
    def email(self) -> str:
        if self.user_id and self.user.email:
            return self.user.email
        person = self.the_person
        return person.email if person else ""

    @property
    def contact(self):
        """Whom to email: the login (for its language) or the person's address."""
        return self.user if self.user_id else self.email

    def clean(self) -> None:
        if not self.languages:
            raise ValidationError({"languages": _("Choose at least one language.")})
        if len(self.countries or []) > 20:
            raise ValidationError({"countries": _("Choose at most 20 countries.")})


class MenteeNeeds(models.Model):
    """What a venture asks of a mentor."""

    venture = models.OneToOneField(
        "ventures.Venture", on_delete=models.CASCADE, related_name="mentee_needs"
    )
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="mentee_needs")
    areas = models.ManyToManyField(
        ExpertiseArea, verbose_name=_("areas needed"), blank=True, related_name="needed_by"
    )
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, validators=[validate_sectors]
    )
    languages = models.JSONField(
        _("preferred languages"), default=list, validators=[validate_languages]
    )
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.EITHER)
    goals_en = models.TextField(_("goals (English)"), blank=True)
    goals_ar = models.TextField(_("goals (Arabic)"), blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    availability = models.JSONField(
        _("weekly availability"), default=list, blank=True, validators=[validate_windows]
    )
    updated_at = models.DateTimeField(auto_now=True)

    goals = Bilingual("goals")

    class Meta:
        verbose_name = _("mentee needs")
        verbose_name_plural = _("mentee needs")

    def __str__(self) -> str:
        return str(self.venture)

    def clean(self) -> None:
        if not self.languages:
            raise ValidationError({"languages": _("Choose at least one language.")})


class RoundMode(models.TextChoices):
    OPTIMAL = "optimal", _("Best total fit")
    STABLE = "stable", _("Stable (from both sides' rankings)")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposal ready for review")
    PUBLISHED = "published", _("Published")


class MatchRound(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="match_rounds")
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=RoundMode, default=RoundMode.OPTIMAL)
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus, default=RoundStatus.DRAFT
    )
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match_rounds",
    )
    ventures = models.ManyToManyField(
        "ventures.Venture", verbose_name=_("ventures"), related_name="match_rounds"
    )
    mentors = models.ManyToManyField(
        MentorProfile, verbose_name=_("mentors"), blank=True, related_name="match_rounds"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    name = Bilingual("name")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match round")
        verbose_name_plural = _("match rounds")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="match_round_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PairState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    LOCKED = "locked", _("Locked")
    EXCLUDED = "excluded", _("Excluded")


class RoundPair(models.Model):
    """A pair in a round: proposed by the solver, locked by staff, or excluded by staff."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="pairs")
    venture = models.ForeignKey("ventures.Venture", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=PairState)
    fit = models.FloatField(_("fit"), null=True, blank=True)
    components = models.JSONField(_("why"), default=list, blank=True)

    class Meta:
        ordering = ["venture__name_en", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "venture", "mentor"], name="unique_round_pair")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} · {self.venture} ({self.state})"


class Ranking(models.Model):
    """One side's ranking in a stable round: a venture ranks mentors or a mentor ranks ventures."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="rankings")
    venture = models.ForeignKey(
        "ventures.Venture", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    mentor = models.ForeignKey(
        MentorProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ranked = models.JSONField(_("ranked ids, best first"), default=list)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(venture__isnull=True) ^ models.Q(mentor__isnull=True),
                name="ranking_has_one_side",
            ),
            models.UniqueConstraint(fields=["round", "venture"], name="unique_venture_ranking"),
            models.UniqueConstraint(fields=["round", "mentor"], name="unique_mentor_ranking"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.venture or self.mentor}"


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Mentorship(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="mentorships")
    round = models.ForeignKey(
        MatchRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentorships"
    )
    venture = models.ForeignKey(
        "ventures.Venture", on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="mentorships")
    status = models.CharField(
        _("status"), max_length=20, choices=MentorshipStatus, default=MentorshipStatus.ACTIVE
    )
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    fit = models.FloatField(_("fit"), null=True, blank=True)
    components = models.JSONField(_("why"), default=list, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")

    def __str__(self) -> str:
        return f"{self.mentor} · {self.venture}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Session(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(
        _("length in minutes"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.ONLINE)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus, default=SessionStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.mentorship} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.minutes)


class SessionNote(models.Model):
    """Private to the pair and the center's staff."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.session} · {self.author}"


class Side(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class Feedback(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="one_feedback_per_author"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.rating}/5"


class Goal(models.Model):
    """A goal of a mentorship and how far along it is."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("progress note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title
