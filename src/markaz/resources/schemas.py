"""API schemas for resources. Times are ISO 8601 with an offset; the API answers in UTC."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from markaz.core.schemas import PageParams, page_of
from markaz.resources.models import BookingStatus, RequestStatus, ResourceKind, ServiceArea
from markaz.stakeholders.schemas import OrganizationBrief

OPENING_HOURS_HELP = (
    'Per weekday, 0 = Monday: {"0": [["09:00", "17:00"]]}, wall-clock times in `timezone`.'
)
ELIGIBILITY_HELP = (
    'Rules a venture must meet, keyed by kind, e.g. {"stages": ["pilot"], "public": true}; '
    "kinds: stages, sdg_goals, legal_forms, cohorts, public."
)


class ResourceIn(Schema):
    kind: ResourceKind
    service_area: ServiceArea | None = None
    owner: int | None = Field(None, description="Partner organization id; empty: the center.")
    name_en: str = ""
    name_ar: str = ""
    description_en: str = ""
    description_ar: str = ""
    terms_en: str = ""
    terms_ar: str = ""
    eligibility: dict = Field(default_factory=dict, description=ELIGIBILITY_HELP)
    is_active: bool = True
    is_bookable: bool = False
    requires_approval: bool = False
    capacity: int = Field(1, ge=1, le=1000)
    slot_minutes: int = Field(60, ge=5, le=1440)
    timezone: str = Field("UTC", description="IANA time zone, e.g. Asia/Amman.")
    opening_hours: dict[str, list[list[str]]] = Field(
        default_factory=dict, description=OPENING_HOURS_HELP
    )
    quota_hours_per_week: Decimal | None = Field(None, gt=0)
    value_per_hour: Decimal | None = Field(None, ge=0)
    currency: str = Field("USD", min_length=3, max_length=3)


class ResourcePatch(Schema):
    service_area: ServiceArea | None = None
    owner: int | None = None
    name_en: str | None = None
    name_ar: str | None = None
    description_en: str | None = None
    description_ar: str | None = None
    terms_en: str | None = None
    terms_ar: str | None = None
    eligibility: dict | None = Field(None, description=ELIGIBILITY_HELP)
    is_active: bool | None = None
    is_bookable: bool | None = None
    requires_approval: bool | None = None
    capacity: int | None = Field(None, ge=1, le=1000)
    slot_minutes: int | None = Field(None, ge=5, le=1440)
    timezone: str | None = None
    opening_hours: dict[str, list[list[str]]] | None = Field(None, description=OPENING_HOURS_HELP)
    quota_hours_per_week: Decimal | None = Field(None, gt=0)
    value_per_hour: Decimal | None = Field(None, ge=0)
    currency: str | None = Field(None, min_length=3, max_length=3)


class ResourceOut(Schema):
    id: int
    kind: ResourceKind
    service_area: str
    owner: OrganizationBrief | None
    name: str
    name_en: str
    name_ar: str
    description: str
    description_en: str
    description_ar: str
    terms: str
    terms_en: str
    terms_ar: str
    eligibility: dict
    is_active: bool
    is_bookable: bool
    requires_approval: bool
    capacity: int
    slot_minutes: int
    timezone: str
    opening_hours: dict
    quota_hours_per_week: Decimal | None
    value_per_hour: Decimal | None
    currency: str


ResourcePage = page_of(ResourceOut, "ResourcePage")


class ResourceFilters(PageParams):
    kind: ResourceKind | None = None
    bookable: bool | None = None


class ResourceEligibilityOut(Schema):
    venture: int
    eligible: bool
    reasons: list[str] = Field(description="Why not, one sentence per rule not met.")


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime
    local_time: str = Field(description="Wall-clock start in the resource's time zone.")
    free_units: int


class DayOut(Schema):
    date: date
    slots: list[SlotOut]


class AvailabilityOut(Schema):
    resource: int
    timezone: str
    week_of: date
    capacity: int
    days: list[DayOut]


class AvailabilityParams(Schema):
    week: date | None = Field(None, description="Any day of the week; default this week.")


class BookingIn(Schema):
    venture: int
    starts_at: datetime = Field(description="With an offset, e.g. 2026-06-01T09:00:00+03:00.")
    ends_at: datetime
    units: int = Field(1, ge=1)
    purpose: str = Field("", max_length=300)


class BookingOut(Schema):
    id: int
    resource: int = Field(alias="resource_id")
    venture: int = Field(alias="venture_id")
    starts_at: datetime
    ends_at: datetime
    local_start: datetime = Field(description="The start in the resource's time zone.")
    units: int
    status: BookingStatus
    purpose: str
    decision_note: str
    created_at: datetime

    @staticmethod
    def resolve_local_start(obj) -> datetime:
        return obj.local_start()


BookingPage = page_of(BookingOut, "BookingPage")


class BookingFilters(PageParams):
    status: BookingStatus | None = None
    resource: int | None = None
    upcoming: bool = False


class BookingDecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=300)


class ServiceRequestIn(Schema):
    venture: int
    need: str = Field(min_length=1, max_length=5000)


class ServiceResponseIn(Schema):
    accept: bool
    note: str = ""


class DeliveryIn(Schema):
    delivery_note: str = Field(min_length=1)


class HoursIn(Schema):
    worked_on: date
    hours: Decimal = Field(gt=0, le=24)
    note: str = Field("", max_length=300)


class HoursOut(Schema):
    id: int
    worked_on: date
    hours: Decimal
    note: str


class ServiceRequestOut(Schema):
    id: int
    resource: int = Field(alias="resource_id")
    provider: OrganizationBrief
    venture: int = Field(alias="venture_id")
    need: str
    status: RequestStatus
    response_note: str
    delivery_note: str
    hours_logged: Decimal
    created_at: datetime
    responded_at: datetime | None
    delivered_at: datetime | None

    @staticmethod
    def resolve_hours_logged(obj) -> Decimal:
        value = getattr(obj, "hours_logged", None)
        if value is None:
            from markaz.resources.services import hours_of

            value = hours_of(obj)
        return value


class ServiceRequestDetailOut(ServiceRequestOut):
    hours: list[HoursOut]

    @staticmethod
    def resolve_hours(obj) -> list:
        return list(obj.hours.all())


ServiceRequestPage = page_of(ServiceRequestOut, "ServiceRequestPage")


class ServiceRequestFilters(PageParams):
    status: RequestStatus | None = None


class UsageRow(Schema):
    key: str
    label: str
    bookings: int = 0
    booked_hours: float = 0
    requests: int = 0
    service_hours: float = 0


class ResourcesReportOut(Schema):
    since: date
    until: date
    by_venture: list[UsageRow]
    by_resource: list[UsageRow]
    by_partner: list[UsageRow]
    by_sector: list[UsageRow]
    total_booked_hours: float
    total_service_hours: float
    service_value: dict[str, Decimal] = Field(description="In-kind value per currency.")


class ReportParams(Schema):
    since: date | None = None
    until: date | None = None
