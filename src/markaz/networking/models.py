"""Networking: each person's directory profile (with their visibility choice) and introductions.

A person is in the people directory only when they chose so (`NetworkingProfile.visibility`):
hidden (the default: not listed anywhere), center members, or every center of the networks
their center belongs to. Introductions are double opt-in: the introduction email with both
contacts goes out only once both people have accepted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.models import Center


class Visibility(models.TextChoices):
    HIDDEN = "hidden", _("Hidden: not in the directory")
    CENTER = "center", _("Members of my center")
    NETWORK = "network", _("Members of every center in my networks")


class NetworkingProfile(models.Model):
    person = models.OneToOneField(
        "stakeholders.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="networking_profile",
    )
    visibility = models.CharField(
        _("who may find me"), max_length=10, choices=Visibility, default=Visibility.HIDDEN
    )
    headline_en = models.CharField(_("headline (English)"), max_length=200, blank=True)
    headline_ar = models.CharField(_("headline (Arabic)"), max_length=200, blank=True)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    sdg_goals = models.ManyToManyField(
        "sdg.Goal", verbose_name=_("SDGs"), blank=True, related_name="networking_profiles"
    )
    open_to_introductions = models.BooleanField(_("open to introductions"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("networking profile")
        verbose_name_plural = _("networking profiles")
        indexes = [models.Index(fields=["visibility"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_visibility_display()}"

    @property
    def headline(self) -> str:
        from django.utils.translation import get_language

        first, second = (
            (self.headline_ar, self.headline_en)
            if (get_language() or "en").startswith("ar")
            else (self.headline_en, self.headline_ar)
        )
        return first or second


class IntroductionState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED_ONE = "accepted_one", _("Accepted by one side")
    INTRODUCED = "introduced", _("Introduced")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


OPEN_STATES = (IntroductionState.REQUESTED, IntroductionState.ACCEPTED_ONE)


class Introduction(models.Model):
    """A request to introduce `requester` and `target`, directly or brokered by staff.

    Each side gives its own consent (`*_accepted_at`); the state follows from them. A request
    through staff waits for a staff member to forward it before the target is asked.
    """

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="introductions")
    requester = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="introductions_requested",
    )
    target = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("introduce to"),
        on_delete=models.CASCADE,
        related_name="introductions_received",
    )
    via_staff = models.BooleanField(_("through the center's staff"), default=False)
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("broker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=IntroductionState, default=IntroductionState.REQUESTED
    )
    requester_accepted_at = models.DateTimeField(null=True, blank=True)
    target_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        "stakeholders.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    introduced_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("target")),
                name="introduction_between_two_people",
                violation_error_message=_("An introduction needs two different people."),
            )
        ]
        indexes = [models.Index(fields=["center", "state"])]

    def __str__(self) -> str:
        return f"{self.requester} ↔ {self.target}"

    def awaits_broker(self) -> bool:
        return self.via_staff and self.forwarded_at is None

    def pending_side(self, person_id: int | None) -> str | None:
        """Which side (requester or target) that person is, if they still have to answer."""
        if self.state not in OPEN_STATES or self.awaits_broker() or person_id is None:
            return None
        if person_id == self.requester_id and self.requester_accepted_at is None:
            return "requester"
        if person_id == self.target_id and self.target_accepted_at is None:
            return "target"
        return None
