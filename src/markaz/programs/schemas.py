"""API schemas of programs: programs, calls and their forms, applications, decisions, cohorts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from markaz.core.schemas import PageParams, choice_of, page_of
from markaz.programs.models import FieldKind, Outcome, Phase, ProgramKind, Status
from markaz.ventures.models import LegalForm, Stage

ApplicationStatus = choice_of(Status, "ApplicationStatus")


class ProgramIn(Schema):
    kind: ProgramKind = ProgramKind.INCUBATOR
    title_en: str = ""
    title_ar: str = ""
    description_en: str = ""
    description_ar: str = ""


class ProgramPatch(Schema):
    kind: ProgramKind | None = None
    title_en: str | None = None
    title_ar: str | None = None
    description_en: str | None = None
    description_ar: str | None = None


class ProgramOut(Schema):
    id: int
    kind: ProgramKind
    title: str
    title_en: str
    title_ar: str
    description: str
    description_en: str
    description_ar: str


ProgramPage = page_of(ProgramOut, "ProgramPage")


class DocumentSpec(Schema):
    key: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    label_en: str = ""
    label_ar: str = ""


class ChoiceSpec(Schema):
    value: str = Field(min_length=1, max_length=100)
    label_en: str = ""
    label_ar: str = ""


class CallIn(Schema):
    program: int = Field(description="Id of a program of the same center.")
    challenge: int | None = Field(None, description="Id of a challenge of the same center.")
    slug: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9]+$")
    title_en: str = ""
    title_ar: str = ""
    summary_en: str = ""
    summary_ar: str = ""
    opens_at: datetime | None = None
    deadline: datetime = Field(description="With a UTC offset, e.g. 2026-12-01T17:00:00+03:00.")
    blind_review: bool = False
    eligible_countries: list[str] = Field(default_factory=list, description="ISO codes.")
    eligible_stages: list[Stage] = Field(default_factory=list)
    eligible_legal_forms: list[LegalForm] = Field(default_factory=list)
    eligible_sdgs: list[int] = Field(default_factory=list, description="SDG goal numbers.")
    required_documents: list[DocumentSpec] = Field(default_factory=list)
    accept_message_en: str = ""
    accept_message_ar: str = ""
    reject_message_en: str = ""
    reject_message_ar: str = ""
    waitlist_message_en: str = ""
    waitlist_message_ar: str = ""


class CallPatch(Schema):
    challenge: int | None = None
    title_en: str | None = None
    title_ar: str | None = None
    summary_en: str | None = None
    summary_ar: str | None = None
    opens_at: datetime | None = None
    deadline: datetime | None = None
    blind_review: bool | None = None
    eligible_countries: list[str] | None = None
    eligible_stages: list[Stage] | None = None
    eligible_legal_forms: list[LegalForm] | None = None
    eligible_sdgs: list[int] | None = None
    required_documents: list[DocumentSpec] | None = None
    accept_message_en: str | None = None
    accept_message_ar: str | None = None
    reject_message_en: str | None = None
    reject_message_ar: str | None = None
    waitlist_message_en: str | None = None
    waitlist_message_ar: str | None = None


class SectionOut(Schema):
    id: int
    title: str
    title_en: str
    title_ar: str
    position: int


class SectionIn(Schema):
    title_en: str = ""
    title_ar: str = ""
    position: int = Field(0, ge=0)


class FieldIn(Schema):
    key: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: FieldKind
    section: int | None = None
    label_en: str = ""
    label_ar: str = ""
    help_en: str = ""
    help_ar: str = ""
    required: bool = False
    position: int | None = Field(None, ge=0)
    max_words: int | None = Field(None, ge=1)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choices: list[ChoiceSpec] = Field(default_factory=list)


class FieldPatch(Schema):
    section: int | None = None
    label_en: str | None = None
    label_ar: str | None = None
    help_en: str | None = None
    help_ar: str | None = None
    required: bool | None = None
    position: int | None = Field(None, ge=0)
    max_words: int | None = Field(None, ge=1)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choices: list[ChoiceSpec] | None = None


class FieldOut(Schema):
    id: int
    key: str
    kind: FieldKind
    section: int | None = Field(alias="section_id")
    label: str
    label_en: str
    label_ar: str
    help: str
    help_en: str
    help_ar: str
    required: bool
    position: int
    max_words: int | None
    min_value: Decimal | None
    max_value: Decimal | None
    choices: list[ChoiceSpec]


class CallOut(Schema):
    id: int
    center: str
    program: int = Field(alias="program_id")
    challenge: int | None = Field(alias="challenge_id")
    slug: str
    title: str
    title_en: str
    title_ar: str
    summary: str
    summary_en: str
    summary_ar: str
    phase: Phase
    opens_at: datetime | None
    deadline: datetime
    blind_review: bool
    eligible_countries: list[str]
    eligible_stages: list[str]
    eligible_legal_forms: list[str]
    eligible_sdgs: list[int]
    required_documents: list[DocumentSpec]

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug

    @staticmethod
    def resolve_eligible_sdgs(obj) -> list[int]:
        return [g.pk for g in obj.eligible_sdgs.all()]


class CallDetailOut(CallOut):
    sections: list[SectionOut]
    fields: list[FieldOut]
    accept_message_en: str
    accept_message_ar: str
    reject_message_en: str
    reject_message_ar: str
    waitlist_message_en: str
    waitlist_message_ar: str

    @staticmethod
    def resolve_sections(obj) -> list:
        return list(obj.sections.all())

    @staticmethod
    def resolve_fields(obj) -> list:
        return list(obj.fields.all())


class PublicCallOut(CallOut):
    sections: list[SectionOut]
    fields: list[FieldOut]

    @staticmethod
    def resolve_sections(obj) -> list:
        return list(obj.sections.all())

    @staticmethod
    def resolve_fields(obj) -> list:
        return list(obj.fields.all())


CallPage = page_of(CallOut, "CallPage")


class CallFilters(PageParams):
    phase: Phase | None = None
    program: int | None = None


class OpenCallFilters(PageParams):
    center: str | None = Field(None, description="Only the calls of this center (slug).")


class PhaseIn(Schema):
    phase: Phase


class ReasonOut(Schema):
    code: str = Field(description="country, stage, legal_form, sdgs or document.")
    message: str


class CallEligibilityOut(Schema):
    eligible: bool
    reasons: list[ReasonOut]


class ApplicationStartIn(Schema):
    venture: int | None = Field(None, description="A venture you manage in this center.")
    new_venture: dict[str, Any] | None = Field(
        None,
        description="Or create one while applying: name_en, name_ar, stage, legal_form, country.",
    )


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(description="Question key → answer (by the question's type).")


class ApplicationAttachmentOut(Schema):
    id: int
    key: str
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime


class ApplicationDecisionIn(Schema):
    outcome: Outcome
    note: str = ""


class DecisionOut(Schema):
    outcome: Outcome
    message: str
    message_en: str
    message_ar: str
    decided_at: datetime


class ApplicationOut(Schema):
    id: int
    reference: str
    call: int = Field(alias="call_id")
    venture: int | None = Field(alias="venture_id")
    applicant: int | None = Field(alias="applicant_id")
    status: ApplicationStatus
    submitted_at: datetime | None
    withdrawn_at: datetime | None
    decided_at: datetime | None
    created_at: datetime


class ApplicationDetailOut(ApplicationOut):
    answers: dict[str, Any]
    frozen_answers: list[dict[str, Any]]
    attachments: list[ApplicationAttachmentOut]
    decision: DecisionOut | None
    eligibility: list[ReasonOut]

    @staticmethod
    def resolve_decision(obj):
        from markaz.programs.models import Decision

        try:
            return obj.decision
        except Decision.DoesNotExist:
            return None

    @staticmethod
    def resolve_eligibility(obj) -> list:
        return getattr(obj, "eligibility_reasons", [])


ApplicationPage = page_of(ApplicationOut, "ApplicationPage")


class ApplicationFilters(PageParams):
    call: int | None = None
    status: ApplicationStatus | None = None


class CohortMemberOut(Schema):
    venture: int = Field(alias="venture_id")
    venture_name: str
    joined_at: datetime

    @staticmethod
    def resolve_venture_name(obj) -> str:
        return obj.venture.name


class CohortOut(Schema):
    id: int
    program: int = Field(alias="program_id")
    call: int | None = Field(alias="call_id")
    name: str
    name_en: str
    name_ar: str


class CohortDetailOut(CohortOut):
    members: list[CohortMemberOut]


CohortPage = page_of(CohortOut, "CohortPage")
