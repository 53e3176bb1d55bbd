"""Federation between independent deployments: peers, the outbox, mirrors, rejections."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual


class PeerState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PENDING = "pending", _("Pending approval")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REMOVED = "removed", _("Removed")


class Peer(models.Model):
    """Another deployment this one exchanges shared content with; both sides must approve."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    base_url = models.URLField(_("base URL"), max_length=300, unique=True)
    actor_url = models.URLField(_("actor URL"), max_length=400, blank=True)
    outbox_url = models.URLField(_("outbox URL"), max_length=400, blank=True)
    inbox_url = models.URLField(_("inbox URL"), max_length=400, blank=True)
    public_key = models.CharField(_("public key"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=PeerState, default=PeerState.REQUESTED
    )
    approved_here = models.BooleanField(_("approved here"), default=False)
    approved_there = models.BooleanField(_("approved by the peer"), default=False)
    # Slugs of the networks this peer belongs to with us: network-visibility content whose
    # center is in one of them is shared with this peer; public content goes to every peer.
    networks = models.JSONField(_("shared networks"), default=list, blank=True)
    cursor = models.BigIntegerField(_("last sequence pulled"), default=0)
    last_sync_at = models.DateTimeField(_("last successful sync"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("peer")
        verbose_name_plural = _("peers")

    def __str__(self) -> str:
        return self.name or self.base_url


class SharedObject(models.Model):
    """What the outbox last said about one local object (the diff publisher's memory)."""

    key = models.CharField(max_length=80, unique=True)  # e.g. "knowledge.entry:12"
    content_hash = models.CharField(max_length=64)
    # Fingerprint of the source row when the object was last built ("" = rebuild next run).
    source_hash = models.CharField(max_length=64, blank=True, default="")
    networks = models.JSONField(default=list)  # [] = public; else the networks it goes to
    deleted = models.BooleanField(default=False)
    last_seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return self.key


class OutboxActivity(models.Model):
    """One signed activity; the primary key is the monotonically increasing sequence."""

    id = models.BigIntegerField(primary_key=True)  # assigned by the publisher, in order
    key = models.CharField(max_length=80, db_index=True)
    verb = models.CharField(max_length=10)  # Create, Update, Delete
    public = models.BooleanField(default=True)
    networks = models.JSONField(default=list)
    payload = models.JSONField()
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["public", "id"])]

    def __str__(self) -> str:
        return f"{self.id} {self.verb} {self.key}"

    @property
    def seq(self) -> int:
        return self.id


class Mirror(models.Model):
    """A read-only copy of an object shared by a peer, attributed to its origin."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="mirrors")
    object_id = models.CharField(_("origin id"), max_length=400)
    kind = models.CharField(_("type"), max_length=30)  # Article, Event, Organization, Offer
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    # The object's public page at its origin (default language); `origin_page` picks the
    # active language's from `data`.
    url = models.URLField(_("link"), max_length=400, blank=True)
    data = models.JSONField(default=dict)
    network_only = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    origin_seq = models.BigIntegerField(default=0)
    activity_id = models.CharField(max_length=400, blank=True)
    activity_hash = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now=True)

    title = Bilingual("title")
    summary = Bilingual("summary")

    class Meta:
        ordering = ["-received_at", "id"]
        verbose_name = _("mirrored item")
        verbose_name_plural = _("mirrored items")
        constraints = [
            models.UniqueConstraint(fields=["peer", "object_id"], name="unique_mirror_per_origin")
        ]

    def __str__(self) -> str:
        return self.title or self.object_id

    @property
    def origin_page(self) -> str:
        """The object's public page on its origin deployment, in the active language when the
        origin offers it; the origin's home when it named no page."""
        from django.utils.translation import get_language

        from markaz.federation.services import origin_links

        links = origin_links(self.peer, self.data or {})
        lang = (get_language() or "")[:2]
        return links.get(lang) or self.url or self.peer.base_url

    @property
    def figures(self) -> dict:
        """Aggregate impact figures carried by an impact item (empty for other kinds)."""
        data = self.data or {}
        return {
            "center": data.get("markaz:figures") if isinstance(data.get("markaz:figures"), dict)
            else None,
            "sdg": [r for r in data.get("markaz:sdgFigures") or [] if isinstance(r, dict)],
        }  # fmt: skip


class RejectedActivity(models.Model):
    """An activity that failed a check; logged, never stored as a mirror."""

    peer = models.ForeignKey(
        Peer, null=True, blank=True, on_delete=models.SET_NULL, related_name="rejected"
    )
    activity_id = models.CharField(_("activity"), max_length=400, blank=True)
    sequence = models.BigIntegerField(_("sequence"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=40)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rejected activity")
        verbose_name_plural = _("rejected activities")

    def __str__(self) -> str:
        return f"{self.reason} {self.activity_id}"
