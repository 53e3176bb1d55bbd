"""Between centers: partnerships, referrals of ventures, and practice communities.

Networks, center membership in networks and coordinators live in `markaz.core.models`
(`Network`, `Center.networks`, `NetworkRole`); this app builds on them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center, Network


class PartnershipKind(models.TextChoices):
    EXCHANGE = "exchange", _("Exchange")
    CO_HOSTED = "co_hosted", _("Co-hosted program")
    KNOWLEDGE = "knowledge", _("Knowledge partnership")
    REFERRAL = "referral", _("Referral agreement")


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Partnership(models.Model):
    """An agreement between two centers: proposed by one center's admin, accepted by the other's."""

    proposer = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="partnerships_proposed"
    )
    partner = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="partnerships_received"
    )
    kind = models.CharField(_("type"), max_length=20, choices=PartnershipKind)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    document = models.FileField(
        _("agreement document"), upload_to="network/agreements/", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PartnershipStatus, default=PartnershipStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = Bilingual("title")
    description = Bilingual("description")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(proposer=models.F("partner")), name="partnership_two_centers"
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.proposer} · {self.partner}"

    def other_center(self, center: Center | int) -> Center:
        center_id = center if isinstance(center, int) else center.pk
        return self.partner if center_id == self.proposer_id else self.proposer


class ReferralState(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting consent")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(models.Model):
    """Center A refers one of its ventures to a program of center B, with the venture's consent."""

    from_center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="referrals_sent")
    to_center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="referrals_received"
    )
    venture = models.ForeignKey(
        "ventures.Venture", on_delete=models.CASCADE, related_name="network_referrals"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="network_referrals"
    )
    note = models.TextField(_("referral note"))
    state = models.CharField(
        _("state"), max_length=20, choices=ReferralState, default=ReferralState.DRAFTED
    )
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.from_center} → {self.to_center} · #{self.pk}"

    @property
    def has_consent(self) -> bool:
        return self.consented_at is not None


class ReferralEvent(models.Model):
    """One step of a referral's history, seen by both centers."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("state"), max_length=20, choices=ReferralState)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} · {self.state}"


class Community(models.Model):
    """A community of practice across the centers of one network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="communities")
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CommunityMember", related_name="practice_communities"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        ordering = ["name_en", "id"]
        verbose_name = _("practice community")
        verbose_name_plural = _("practice communities")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""), name="community_has_a_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommunityMember(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="unique_community_member")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.community_id}"


class Thread(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.thread_id} · {self.pk}"


class SharedEntry(models.Model):
    """A knowledge entry linked into a community; each viewer sees it only if they may read it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="shared")
    entry = models.ForeignKey("knowledge.Entry", on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "entry"], name="unique_shared_entry")
        ]

    def __str__(self) -> str:
        return f"{self.community_id} · {self.entry_id}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class NetworkInvitation(models.Model):
    """A coordinator invites a center; the center's admin accepts (it joins) or declines."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="network_invitations")
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("network invitation")
        verbose_name_plural = _("network invitations")

    def __str__(self) -> str:
        return f"{self.network} → {self.center}"
