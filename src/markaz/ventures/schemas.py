"""API schemas for ventures and their teams."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from markaz.core.schemas import CountryCode, PageParams, country_out, page_of
from markaz.stakeholders.schemas import OrganizationBrief, PersonBrief
from markaz.ventures.models import LegalForm, Stage, TeamRole

SdgGoals = list[int]
SdgTargets = list[str]


class TeamMemberOut(Schema):
    id: int
    person: PersonBrief
    role: TeamRole
    can_manage: bool


class TeamMemberIn(Schema):
    person: int = Field(description="Id of a person of the same center.")
    role: TeamRole = TeamRole.MEMBER
    can_manage: bool = False


class VentureOut(Schema):
    id: int
    name: str
    name_en: str
    name_ar: str
    problem: str
    problem_en: str
    problem_ar: str
    solution: str
    solution_en: str
    solution_ar: str
    beneficiaries: str
    beneficiaries_en: str
    beneficiaries_ar: str
    stage: Stage
    legal_form: LegalForm
    sdg_goals: SdgGoals = Field(description="SDG goal numbers.")
    sdg_targets: SdgTargets = Field(description="SDG target codes, e.g. 6.1.")
    country: str | None
    city: str
    founded_on: date | None
    website: str
    is_public: bool
    organization: OrganizationBrief | None
    team: list[TeamMemberOut]
    created_at: datetime
    updated_at: datetime

    resolve_country = staticmethod(country_out)

    @staticmethod
    def resolve_sdg_goals(obj) -> list[int]:
        return sorted(g.pk for g in obj.sdg_goals.all())

    @staticmethod
    def resolve_sdg_targets(obj) -> list[str]:
        return [
            t.code for t in sorted(obj.sdg_targets.all(), key=lambda t: (t.goal_id, t.position))
        ]

    @staticmethod
    def resolve_team(obj) -> list:
        return sorted(obj.team.all(), key=lambda m: m.pk)


class VentureSummaryOut(Schema):
    """A venture in a list: what a list shows; the texts and the team are on the detail."""

    id: int
    name: str
    name_en: str
    name_ar: str
    stage: Stage
    legal_form: LegalForm
    sdg_goals: SdgGoals = Field(description="SDG goal numbers.")
    country: str | None
    city: str
    is_public: bool
    organization: OrganizationBrief | None
    updated_at: datetime

    resolve_country = staticmethod(country_out)

    @staticmethod
    def resolve_sdg_goals(obj) -> list[int]:
        return VentureOut.resolve_sdg_goals(obj)


VenturePage = page_of(VentureSummaryOut, "VenturePage")


class VentureIn(Schema):
    name_en: str = Field("", max_length=200)
    name_ar: str = Field("", max_length=200)
    problem_en: str = ""
    problem_ar: str = ""
    solution_en: str = ""
    solution_ar: str = ""
    beneficiaries_en: str = ""
    beneficiaries_ar: str = ""
    stage: Stage = Stage.IDEA
    legal_form: LegalForm = LegalForm.INFORMAL
    sdg_goals: SdgGoals = Field(default_factory=list, examples=[[6]])
    sdg_targets: SdgTargets = Field(
        default_factory=list, description="Each must belong to a chosen goal.", examples=[["6.1"]]
    )
    country: CountryCode = ""
    city: str = Field("", max_length=120)
    founded_on: date | None = None
    website: str = ""
    is_public: bool = False
    organization: int | None = Field(None, description="Id of an organization of the center.")


class VenturePatch(Schema):
    name_en: str | None = Field(None, max_length=200)
    name_ar: str | None = Field(None, max_length=200)
    problem_en: str | None = None
    problem_ar: str | None = None
    solution_en: str | None = None
    solution_ar: str | None = None
    beneficiaries_en: str | None = None
    beneficiaries_ar: str | None = None
    # Non-nullable columns: may be omitted, but an explicit null is a 422.
    stage: Stage = Field(None)
    legal_form: LegalForm = Field(None)
    sdg_goals: SdgGoals = Field(None)
    sdg_targets: SdgTargets = Field(None)
    country: CountryCode = None
    city: str | None = Field(None, max_length=120)
    founded_on: date | None = None
    website: str | None = None
    is_public: bool = Field(None)
    organization: int | None = Field(None, description="null to unlink.")


class VentureFilters(PageParams):
    q: str = Field("", max_length=200, description="Words in the name, problem or solution.")
    stage: Stage | None = None
    legal_form: LegalForm | None = None
    sdg: int | None = Field(None, ge=1, le=17, description="SDG goal number.")
    country: CountryCode = None
