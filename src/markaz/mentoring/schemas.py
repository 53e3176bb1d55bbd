"""API schemas for mentoring. Availability: `[weekday 0=Monday, start minute, end minute]`
of local time in the given IANA time zone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from markaz.core.schemas import PageParams, choice_of, page_of
from markaz.mentoring.models import (
    Format,
    Language,
    MentorshipStatus,
    RoundMode,
    RoundStatus,
    Sector,
    SessionStatus,
    Side,
)

Window = list[int]

MentoringSector = choice_of(Sector, "MentoringSector")
MatchRoundStatus = choice_of(RoundStatus, "MatchRoundStatus")


class AreaIn(Schema):
    code: str = Field(min_length=1, max_length=60, pattern=r"^[-a-z0-9_]+$")
    name_en: str = ""
    name_ar: str = ""


class AreaOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    name_ar: str
    is_default: bool

    @staticmethod
    def resolve_is_default(obj) -> bool:
        return obj.center_id is None


class MentorProfileIn(Schema):
    expertise: list[int] = Field(default_factory=list, description="Expertise area ids.")
    sectors: list[MentoringSector] = Field(default_factory=list)
    sdg_goals: list[int] = Field(default_factory=list, description="SDG goal numbers.")
    languages: list[Language] = Field(min_length=1)
    countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2 codes.")
    capacity: int = Field(2, ge=0, le=50)
    timezone: str = "UTC"
    availability: list[Window] = Field(default_factory=list)
    bio_en: str = ""
    bio_ar: str = ""
    opted_out: bool = False
    conflicted_ventures: list[int] = Field(
        default_factory=list,
        description="Ventures of this center the mentor declares a conflict with.",
    )


class MentorProfileOut(Schema):
    id: int
    name: str
    email: str
    expertise: list[int]
    sectors: list[str]
    sdg_goals: list[int]
    languages: list[str]
    countries: list[str]
    capacity: int
    timezone: str
    availability: list[Window]
    bio: str
    bio_en: str
    bio_ar: str
    opted_out: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name

    @staticmethod
    def resolve_expertise(obj) -> list[int]:
        return [a.pk for a in obj.expertise.all()]

    @staticmethod
    def resolve_sdg_goals(obj) -> list[int]:
        return [g.pk for g in obj.sdg_goals.all()]


ProfilePage = page_of(MentorProfileOut, "MentorProfilePage")


class NeedsIn(Schema):
    areas: list[int] = Field(default_factory=list, description="Expertise area ids.")
    sectors: list[MentoringSector] = Field(default_factory=list)
    languages: list[Language] = Field(min_length=1)
    format: Format = Format.EITHER
    goals_en: str = ""
    goals_ar: str = ""
    timezone: str = "UTC"
    availability: list[Window] = Field(default_factory=list)


class NeedsOut(Schema):
    venture: int = Field(alias="venture_id")
    areas: list[int]
    sectors: list[str]
    languages: list[str]
    format: Format
    goals: str
    goals_en: str
    goals_ar: str
    timezone: str
    availability: list[Window]

    @staticmethod
    def resolve_areas(obj) -> list[int]:
        return [a.pk for a in obj.areas.all()]


class MatchRoundIn(Schema):
    name_en: str = ""
    name_ar: str = ""
    mode: RoundMode = RoundMode.OPTIMAL
    program: int | None = Field(None, description="The program (cohort) the round serves.")
    weights: dict[str, float] = Field(
        default_factory=dict,
        description="Relative weights of expertise, sector, sdg, language, country, timezone.",
    )
    ventures: list[int] = Field(min_length=1)
    mentors: list[int] = Field(
        default_factory=list, description="Mentor profile ids; empty: all taking mentees."
    )


class PairOut(Schema):
    venture: int = Field(alias="venture_id")
    mentor: int = Field(alias="mentor_id")
    state: str
    fit: float | None
    components: list[dict[str, Any]]


class MatchRoundOut(Schema):
    id: int
    name: str
    name_en: str
    name_ar: str
    program: int | None = Field(alias="program_id")
    mode: RoundMode
    status: MatchRoundStatus
    weights: dict[str, float]
    ventures: list[int]
    mentors: list[int]
    solved_at: datetime | None
    published_at: datetime | None

    @staticmethod
    def resolve_ventures(obj) -> list[int]:
        return [v.pk for v in obj.ventures.all()]

    @staticmethod
    def resolve_mentors(obj) -> list[int]:
        return [m.pk for m in obj.mentors.all()]


class MatchRoundDetailOut(MatchRoundOut):
    pairs: list[PairOut]

    @staticmethod
    def resolve_pairs(obj) -> list:
        return list(obj.pairs.all())


RoundPage = page_of(MatchRoundOut, "MatchRoundPage")


class SolveOut(Schema):
    matched: int
    mentees: int
    mentors: int
    without_needs: int
    total_fit: float


class PairIn(Schema):
    venture: int
    mentor: int
    state: str = Field(description="locked (lock or override), excluded, or clear.")


class RankingIn(Schema):
    ranked: list[int] = Field(description="Ids, best first: mentor profiles or ventures.")
    venture: int | None = Field(
        None, description="Rank mentors for this venture (its managers); omit to rank as mentor."
    )


class MatchRankingOut(Schema):
    ranked: list[int]


class GoalIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    progress: int = Field(0, ge=0, le=100)
    note: str = ""


class GoalPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    progress: int | None = Field(None, ge=0, le=100)
    note: str | None = None


class MentorshipGoalOut(Schema):
    id: int
    title: str
    progress: int
    note: str


class Brief(Schema):
    id: int
    name: str


class MentorshipOut(Schema):
    id: int
    venture: Brief
    mentor: Brief
    round: int | None = Field(alias="round_id")
    status: MentorshipStatus
    started_on: date
    ended_on: date | None
    end_reason: str
    fit: float | None
    components: list[dict[str, Any]]
    goals: list[MentorshipGoalOut]

    @staticmethod
    def resolve_mentor(obj) -> dict:
        return {"id": obj.mentor.pk, "name": obj.mentor.display_name}

    @staticmethod
    def resolve_goals(obj) -> list:
        return list(obj.goals.all())


MentorshipPage = page_of(MentorshipOut, "MentorshipPage")


class MentorshipFilters(PageParams):
    status: MentorshipStatus | None = None


class EndIn(Schema):
    reason: str = ""


class SessionIn(Schema):
    starts_at: datetime = Field(description="With its offset, e.g. 2026-03-02T17:00:00+03:00.")
    minutes: int = Field(60, ge=15, le=480)
    format: Format = Format.ONLINE
    location: str = Field("", max_length=300)
    agenda: str = ""


class SessionStatusIn(Schema):
    status: SessionStatus


class NoteIn(Schema):
    text: str = Field(min_length=1)


class NoteOut(Schema):
    id: int
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.username if obj.author_id else None


class SessionFeedbackIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str = ""


class SessionFeedbackOut(Schema):
    id: int
    side: Side
    rating: int
    comment: str


class SessionOut(Schema):
    id: int
    mentorship: int = Field(alias="mentorship_id")
    starts_at: datetime
    ends_at: datetime
    minutes: int
    format: Format
    location: str
    agenda: str
    status: SessionStatus


class SessionDetailOut(SessionOut):
    notes: list[NoteOut]
    feedback: list[SessionFeedbackOut]

    @staticmethod
    def resolve_notes(obj) -> list:
        return list(obj.notes.select_related("author"))

    @staticmethod
    def resolve_feedback(obj) -> list:
        return list(obj.feedback.all())


class HoursRow(Schema):
    mentor_id: int
    mentor: str
    hours: float
    sessions: int


class RoundHoursRow(Schema):
    round_id: int | None
    round: str
    hours: float
    sessions: int


class SatisfactionRow(Schema):
    side: Side
    average: float
    count: int


class ProgramHoursRow(Schema):
    program_id: int | None
    program: str
    hours: float
    sessions: int


class MentoringReportOut(Schema):
    total_hours: float
    mentors: list[HoursRow]
    programs: list[ProgramHoursRow]
    rounds: list[RoundHoursRow]
    satisfaction: list[SatisfactionRow]
