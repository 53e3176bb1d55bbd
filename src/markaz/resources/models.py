"""Shared resources: a catalog of rooms, equipment, pro-bono services and toolkits, bookings of
bookable items, and service requests to partner organizations with the hours they logged.

Times are stored in UTC; opening hours are wall-clock times in the resource's time zone. No
double booking is a rule of the database itself (migration 0002): on PostgreSQL an exclusion
constraint over `tstzrange(starts_at, ends_at)` per resource for items of capacity one, on
SQLite a trigger; services check capacity first, under a lock, to explain refusals.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.i18n import Bilingual
from markaz.core.models import Center

WEEKDAYS = range(7)  # Monday = 0, as datetime.weekday()


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Room")
    EQUIPMENT = "equipment", _("Makerspace equipment")
    SERVICE = "service", _("Pro-bono service")
    TOOLKIT = "toolkit", _("Toolkit")


class ServiceArea(models.TextChoices):
    LEGAL = "legal", _("Legal")
    ACCOUNTING = "accounting", _("Accounting")
    DESIGN = "design", _("Design")
    CLOUD = "cloud", _("Cloud credits")
    MARKETING = "marketing", _("Marketing")
    TECHNOLOGY = "technology", _("Technology")
    OTHER = "other", _("Other")


class Resource(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind)
    service_area = models.CharField(
        _("service area"), max_length=20, choices=ServiceArea, blank=True, default=""
    )
    owner = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("provided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
        help_text=_("A partner organization; leave empty when the center itself provides it."),
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    terms_en = models.TextField(_("terms (English)"), blank=True)
    terms_ar = models.TextField(_("terms (Arabic)"), blank=True)
    eligibility = models.JSONField(
        _("eligibility rules"),
        default=dict,
        blank=True,
        help_text=_("Rules a venture must meet, e.g. stages or SDGs (see the documentation)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Booking (rooms and equipment)
    is_bookable = models.BooleanField(_("bookable"), default=False)
    requires_approval = models.BooleanField(_("bookings need approval"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=1, help_text=_("Units that can be booked at the same time.")
    )
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=60)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    opening_hours = models.JSONField(
        _("opening hours"),
        default=dict,
        blank=True,
        help_text=_('Per weekday (0 = Monday): [["09:00", "17:00"], …] in local time.'),
    )
    quota_hours_per_week = models.DecimalField(
        _("hours per venture per week"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # In-kind value of a service, to report what partners' support is worth.
    value_per_hour = models.DecimalField(
        _("value per hour"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="USD")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Bilingual("name")
    description = Bilingual("description")
    terms = Bilingual("terms")

    class Meta:
        ordering = ["kind", "name_en", "name_ar", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_ar=""),
                name="resource_has_a_name",
                violation_error_message=_("Give a name in Arabic or English (or both)."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="resource_capacity_positive",
                violation_error_message=_("The capacity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5),
                name="resource_slot_at_least_5_minutes",
                violation_error_message=_("A slot lasts at least 5 minutes."),
            ),
        ]
        indexes = [models.Index(fields=["center", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_service(self) -> bool:
        return self.kind == ResourceKind.SERVICE

    def clean(self) -> None:
        from markaz.resources import availability, eligibility

        errors = {}
        if self.timezone not in available_timezones():
            errors["timezone"] = _("Choose a time zone from the list (e.g. Asia/Amman).")
        try:
            availability.parse_opening_hours(self.opening_hours or {})
        except ValueError as exc:
            errors["opening_hours"] = str(exc)
        try:
            eligibility.validate_rules(self.eligibility or {})
        except ValueError as exc:
            errors["eligibility"] = str(exc)
        if self.is_bookable and self.kind in (ResourceKind.SERVICE, ResourceKind.TOOLKIT):
            errors["is_bookable"] = _("Only rooms and equipment are booked by the hour.")
        if self.is_bookable and not self.opening_hours:
            errors["opening_hours"] = _("A bookable item needs opening hours.")
        if self.kind == ResourceKind.SERVICE and self.owner_id is None:
            errors["owner"] = _("A pro-bono service is provided by a partner organization.")
        if self.owner_id and self.owner.center_id != self.center_id:
            errors["owner"] = _("Choose an organization of this center.")
        if errors:
            raise ValidationError(errors)


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_BOOKING = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class Booking(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="bookings"
    )
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="bookings"
    )
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    units = models.PositiveSmallIntegerField(_("units"), default=1)
    # Copied from the resource (capacity == 1): the exclusion constraint cannot join.
    exclusive = models.BooleanField(default=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus, default=BookingStatus.CONFIRMED
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=models.Q(units__gte=1),
                name="booking_units_positive",
                violation_error_message=_("Book at least one unit."),
            ),
        ]
        indexes = [
            models.Index(fields=["resource", "starts_at"]),
            models.Index(fields=["center", "status"]),
            models.Index(fields=["venture", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.resource} · {self.starts_at:%Y-%m-%d %H:%M}Z"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    def local_start(self):
        from zoneinfo import ZoneInfo

        return self.starts_at.astimezone(ZoneInfo(self.resource.timezone))

    def local_end(self):
        from zoneinfo import ZoneInfo

        return self.ends_at.astimezone(ZoneInfo(self.resource.timezone))


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Delivered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ServiceRequest(models.Model):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="service_requests"
    )
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    # Denormalized from the resource, so partners' access is one indexed filter.
    provider = models.ForeignKey(
        "stakeholders.Organization",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("venture"),
        on_delete=models.CASCADE,
        related_name="service_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    need = models.TextField(_("what the venture needs"))
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.REQUESTED
    )
    response_note = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    delivery_note = models.TextField(_("what was delivered"), blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [
            models.Index(fields=["center", "status"]),
            models.Index(fields=["provider", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.resource} → {self.venture}"


class ServiceHours(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.CASCADE,
        related_name="hours",
    )
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["worked_on", "id"]
        verbose_name = _("hours logged")
        verbose_name_plural = _("hours logged")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24),
                name="service_hours_between_0_and_24",
                violation_error_message=_("Log between 0 and 24 hours for one day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours} h · {self.worked_on}"
