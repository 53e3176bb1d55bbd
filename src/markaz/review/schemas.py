"""API schemas for review. Under blind review the application fields that name the
applicant are null for reviewers (the same rule as the pages)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from markaz.core.schemas import PageParams, page_of
from markaz.review.models import AssignmentStatus, RoundStatus


class LevelIn(Schema):
    value: int
    description_en: str = ""
    description_ar: str = ""


class CriterionIn(Schema):
    name_en: str = ""
    name_ar: str = ""
    description_en: str = ""
    description_ar: str = ""
    weight: Decimal = Field(Decimal(1), gt=0, max_digits=6, decimal_places=2)
    levels: list[LevelIn] = Field(default_factory=list)


class RubricIn(Schema):
    call: int = Field(description="Id of a call of the same center.")
    name_en: str = ""
    name_ar: str = ""
    scale_min: int = Field(1, ge=0, le=100)
    scale_max: int = Field(5, ge=1, le=100)
    criteria: list[CriterionIn] = Field(min_length=1, max_length=30)


class CriterionPatch(Schema):
    id: int | None = Field(
        None, description="A criterion of this rubric to change; leave out to add a criterion."
    )
    name_en: str | None = None
    name_ar: str | None = None
    description_en: str | None = None
    description_ar: str | None = None
    weight: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=2)
    levels: list[LevelIn] | None = Field(
        None, description="Replace the level descriptions; leave out to keep them."
    )


class RubricPatch(Schema):
    name_en: str | None = None
    name_ar: str | None = None
    scale_min: int | None = Field(None, ge=0, le=100)
    scale_max: int | None = Field(None, ge=1, le=100)
    criteria: list[CriterionPatch] | None = Field(
        None,
        min_length=1,
        max_length=30,
        description="The whole list, in order: items with an id change that criterion, items "
        "without one are added, criteria left out are removed. Once reviewers have scored, "
        "only wording, order and weights may change (422 otherwise).",
    )


class LevelOut(Schema):
    value: int
    description: str
    description_en: str
    description_ar: str


class CriterionOut(Schema):
    id: int
    position: int
    name: str
    name_en: str
    name_ar: str
    description: str
    description_en: str
    description_ar: str
    weight: Decimal
    levels: list[LevelOut]

    @staticmethod
    def resolve_levels(obj) -> list:
        return list(obj.levels.all())


class RubricOut(Schema):
    id: int
    call: int = Field(alias="call_id")
    name: str
    name_en: str
    name_ar: str
    scale_min: int
    scale_max: int
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.prefetch_related("levels").order_by("position", "id"))


class RubricBrief(Schema):
    id: int
    call: int = Field(alias="call_id")
    name: str
    scale_min: int
    scale_max: int


RubricPage = page_of(RubricBrief, "RubricPage")


class RoundIn(Schema):
    call: int = Field(description="Id of a call of the same center.")
    rubric: int = Field(description="Id of a rubric of that call.")
    name_en: str = ""
    name_ar: str = ""
    reviewers_per_application: int = Field(3, ge=1, le=20)
    due_on: date | None = None
    normalize: bool = False


class RoundPatch(Schema):
    rubric: int | None = Field(None, description="Another rubric of the same call.")
    name_en: str | None = None
    name_ar: str | None = None
    reviewers_per_application: int | None = Field(None, ge=1, le=20)
    due_on: date | None = None
    normalize: bool | None = None
    blind_review: bool | None = Field(
        None,
        description="The call's blind flag; cannot be switched on once reviewers have been "
        "given applications of the call (422).",
    )


class RoundOut(Schema):
    id: int
    call: int = Field(alias="call_id")
    position: int
    name: str
    name_en: str
    name_ar: str
    rubric: int = Field(alias="rubric_id")
    reviewers_per_application: int
    due_on: date | None
    normalize: bool
    status: RoundStatus
    blind_review: bool

    @staticmethod
    def resolve_blind_review(obj) -> bool:
        return obj.call.blind_review


RoundPage = page_of(RoundOut, "RoundPage")


class RoundFilters(PageParams):
    call: int | None = Field(None, description="Only the rounds of this call.")


class RoundStatusIn(Schema):
    status: RoundStatus


class PoolMemberIn(Schema):
    reviewer: int = Field(description="Id of a user with the reviewer role of the center.")
    expertise: list[int] = Field(default_factory=list, description="SDG goal numbers.")
    capacity: int | None = Field(None, ge=0, description="Maximum load; null for no limit.")


class PoolMemberOut(Schema):
    id: int
    reviewer: int = Field(alias="reviewer_id")
    reviewer_name: str
    expertise: list[int]
    capacity: int | None

    @staticmethod
    def resolve_reviewer_name(obj) -> str:
        from markaz.review.presentation import reviewer_label

        return reviewer_label(obj.reviewer)


class ShortfallOut(Schema):
    application: int
    missing: int
    reason: str


class LoadOut(Schema):
    reviewer: int
    load: int


class AssignmentReportOut(Schema):
    created: int
    applications: int
    reviewers: int
    per_application: int
    complete: bool = Field(description="Every application has its reviewers.")
    shortfalls: list[ShortfallOut]
    loads: list[LoadOut]
    load_spread: int
    recused: list[int] = Field(description="Assignments recused because they became conflicted.")
    report: str = Field(description="The solver's report (English).")


class ReviewerProgressOut(Schema):
    reviewer: int
    name: str
    assigned: int
    submitted: int
    late: int
    recused: int
    completion: int = Field(description="Percent of live assignments submitted.")


class ShortApplicationOut(Schema):
    application: int
    reference: str
    reviewers: int


class ProgressOut(Schema):
    applications: int
    assigned: int
    submitted: int
    late: int
    completion: int
    overdue: bool
    reviewers: list[ReviewerProgressOut]
    unassigned: list[ShortApplicationOut]


class RankedOut(Schema):
    application: int
    reference: str
    venture: str
    rank: int | None
    tied: bool
    score: float | None
    reviews: int
    std: float
    spread: float
    disagreement: bool
    advanced: bool
    criteria: dict[str, float] = Field(description="Mean score per criterion id.")


class RankingOut(Schema):
    round: int
    normalized: bool
    ties: int
    disagreements: int
    items: list[RankedOut]


class RankingFilters(Schema):
    normalize: bool | None = Field(None, description="Override the round's normalization.")


class ShortlistIn(Schema):
    top: int | None = Field(None, ge=1, description="Advance the top N (ties at the cut too).")
    applications: list[int] = Field(default_factory=list, description="Or these applications.")


class ShortlistRetractIn(Schema):
    applications: list[int] = Field(min_length=1, description="Applications to take back.")


class ShortlistRetractOut(Schema):
    retracted: list[int]


class ShortlistOut(Schema):
    advanced: list[int]
    next_round: int


class AnswerOut(Schema):
    key: str
    label: str
    value: str


class ReviewAttachmentOut(Schema):
    id: int
    key: str
    name: str
    size: int
    content_type: str


class ApplicationReviewOut(Schema):
    id: int
    reference: str
    blind: bool
    title: str
    venture_name: str | None
    organization: str | None
    applicant_name: str | None
    applicant_email: str | None
    team: list[str]
    stage: str
    sdg_goals: list[int]
    answers: list[AnswerOut]
    attachments: list[ReviewAttachmentOut]


class AssignmentOut(Schema):
    id: int
    round: int
    round_name: str
    application: int
    title: str = Field(description="The venture's name, or the reference under blind review.")
    reference: str
    reviewer: int
    status: AssignmentStatus
    due_on: date | None
    submitted_at: datetime | None


AssignmentPage = page_of(AssignmentOut, "AssignmentPage")


class AssignmentFilters(PageParams):
    round: int | None = None
    status: AssignmentStatus | None = None


class AssignmentDetailOut(AssignmentOut):
    application_detail: ApplicationReviewOut
    rubric: RubricOut
    scores: dict[str, int] = Field(description="Criterion id -> score.")
    comment: str
    comment_shared: bool
    can_score: bool


class ReviewSubmissionIn(Schema):
    scores: dict[str, int] = Field(description="Criterion id -> score, every criterion.")
    comment: str = ""
    comment_shared: bool = False


class RecuseIn(Schema):
    reason: str = Field("", max_length=500)


class RecuseOut(Schema):
    recused: int
    reassigned: bool


class ConflictIn(Schema):
    organization: int | None = None
    venture: int | None = None
    reason: str = Field("", max_length=500)


class ConflictOut(Schema):
    id: int
    organization: int | None = Field(alias="organization_id")
    venture: int | None = Field(alias="venture_id")
    application: int | None = Field(alias="application_id")
    reason: str
    created_at: datetime


class ReviewFeedbackOut(Schema):
    round: str
    comment: str
    submitted_at: datetime | None
