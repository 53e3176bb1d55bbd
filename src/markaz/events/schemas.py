"""API schemas for events. Times are ISO 8601; a time without an offset is read in the
event's own time zone. The online link is present only for those allowed to see it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from markaz.core.schemas import PageParams, choice_of, page_of
from markaz.events.models import (
    EventKind,
    EventMode,
    QuestionKind,
    RegistrationStatus,
    Visibility,
)
from markaz.stakeholders.schemas import OrganizationBrief

EventVisibility = choice_of(Visibility, "EventVisibility")


class QuestionIn(Schema):
    position: int = Field(0, ge=0, le=1000)
    kind: QuestionKind = QuestionKind.TEXT
    label_en: str = Field("", max_length=300)
    label_ar: str = Field("", max_length=300)
    required: bool = False
    choices: list[str] = Field(default_factory=list, description="For a choice question.")


class QuestionOut(Schema):
    id: int
    position: int
    kind: QuestionKind
    label: str
    label_en: str
    label_ar: str
    required: bool
    choices: list[str]


class EventIn(Schema):
    kind: EventKind
    title_en: str = Field("", max_length=200)
    title_ar: str = Field("", max_length=200)
    description_en: str = ""
    description_ar: str = ""
    mode: EventMode
    venue: str = Field("", max_length=200)
    room: str = Field("", max_length=100)
    online_url: str = Field("", max_length=200)
    co_hosts: list[int] = Field(default_factory=list, description="Organization ids.")
    visibility: EventVisibility = Visibility.MEMBERS
    starts_at: datetime
    ends_at: datetime
    timezone: str | None = Field(None, description="IANA zone; default: the center's.")
    capacity: int | None = Field(None, ge=1)
    requires_approval: bool = False
    registration_open: bool = True


class EventPatch(Schema):
    kind: EventKind | None = None
    title_en: str | None = Field(None, max_length=200)
    title_ar: str | None = Field(None, max_length=200)
    description_en: str | None = None
    description_ar: str | None = None
    mode: EventMode | None = None
    venue: str | None = Field(None, max_length=200)
    room: str | None = Field(None, max_length=100)
    online_url: str | None = Field(None, max_length=200)
    co_hosts: list[int] | None = None
    visibility: EventVisibility | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    timezone: str | None = None
    capacity: int | None = Field(None, ge=1)
    requires_approval: bool | None = None
    registration_open: bool | None = None
    is_cancelled: bool | None = None


class EventOut(Schema):
    id: int
    kind: EventKind
    title: str
    title_en: str
    title_ar: str
    description: str
    description_en: str
    description_ar: str
    mode: EventMode
    venue: str
    room: str
    online_url: str | None = Field(
        None, description="Only for confirmed registrants and the center's staff."
    )
    co_hosts: list[OrganizationBrief]
    visibility: EventVisibility
    starts_at: datetime
    ends_at: datetime
    timezone: str
    capacity: int | None
    requires_approval: bool
    registration_open: bool
    is_cancelled: bool
    confirmed_count: int | None = None
    waitlist_count: int | None = None

    @staticmethod
    def resolve_online_url(obj) -> str | None:
        return getattr(obj, "visible_online_url", None) or None

    @staticmethod
    def resolve_co_hosts(obj) -> list:
        return list(obj.co_hosts.all())


class EventDetailOut(EventOut):
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj) -> list:
        return list(obj.questions.all())


EventPage = page_of(EventOut, "EventPage")


class EventFilters(PageParams):
    when: Literal["upcoming", "past", "all"] = "upcoming"
    kind: EventKind | None = None


class RegistrationIn(Schema):
    answers: dict[str, str | bool] = Field(
        default_factory=dict, description="Answers keyed by question id."
    )


class RegistrationDecisionIn(Schema):
    approve: bool


class CheckInIn(Schema):
    code: str = Field(min_length=1, max_length=200)


class WalkInIn(Schema):
    person: int = Field(description="Id of a person of the center.")


class EventFeedbackIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=4000)


class EventFeedbackOut(Schema):
    rating: int
    comment: str
    created_at: datetime


class RegistrationOut(Schema):
    id: int
    event: int = Field(description="Event id.")
    user: str | None = Field(None, description="Username; empty for a guest without a login.")
    person: int | None
    status: RegistrationStatus
    answers: dict
    created_at: datetime
    confirmed_at: datetime | None
    waitlisted_at: datetime | None
    cancelled_at: datetime | None
    checked_in_at: datetime | None
    ticket_code: str | None = Field(
        None, description="For the registrant's own confirmed registration only."
    )

    @staticmethod
    def resolve_event(obj) -> int:
        return obj.event_id

    @staticmethod
    def resolve_user(obj) -> str | None:
        return obj.user.username if obj.user_id else None

    @staticmethod
    def resolve_person(obj) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_ticket_code(obj) -> str | None:
        return getattr(obj, "visible_ticket_code", None)


RegistrationPage = page_of(RegistrationOut, "RegistrationPage")


class RegistrationFilters(PageParams):
    status: RegistrationStatus | None = None


class CheckInOut(Schema):
    registration: RegistrationOut
    already_checked_in: bool


class ReportRowOut(Schema):
    key: str
    label: str
    attended: int
    no_show: int
    no_show_rate: float


class AttendanceReportOut(Schema):
    events: int
    attended: int
    no_show: int
    no_show_rate: float
    by_sector: list[ReportRowOut]
    by_organization: list[ReportRowOut]
    by_venture: list[ReportRowOut]
    by_event: list[ReportRowOut]


class CalendarFeedOut(Schema):
    url: str = Field(description="Secret address of the feed; shown once, keep it private.")
