"""API schemas for challenges. Bilingual texts come as both columns plus the shown value."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from markaz.challenges.models import OwnerRole, Status, Visibility
from markaz.core.schemas import CountryCode, PageParams, choice_of, country_out, page_of
from markaz.stakeholders.models import Sector

TEXTS = ("title", "problem", "evidence", "affected_population", "place")

ChallengeStatus = choice_of(Status, "ChallengeStatus")
ChallengeVisibility = choice_of(Visibility, "ChallengeVisibility")


class OwnerOrganization(Schema):
    id: int
    name: str
    sector: Sector


class OwnerOut(Schema):
    id: int
    organization: OwnerOrganization
    role: OwnerRole


class OwnerIn(Schema):
    organization: int = Field(description="Id of an organization of the same center.")
    role: OwnerRole = OwnerRole.OWNER


class OwnerPatch(Schema):
    role: OwnerRole


class ChallengeSummary(Schema):
    id: int
    title: str
    title_en: str
    title_ar: str
    status: ChallengeStatus
    visibility: ChallengeVisibility
    country: str | None
    place: str
    sdg_targets: list[str] = Field(description="SDG target codes, e.g. 6.1.")
    owners: list[OwnerOut]
    sectors: list[Sector] = Field(description="Sectors of the owner organizations.")
    updated_at: datetime

    resolve_country = staticmethod(country_out)

    @staticmethod
    def resolve_sdg_targets(obj) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]

    @staticmethod
    def resolve_owners(obj) -> list:
        return list(obj.owners.all())

    @staticmethod
    def resolve_sectors(obj) -> list[str]:
        found = {o.organization.sector for o in obj.owners.all()}
        return [code for code in Sector.values if code in found]


class ChallengeOut(ChallengeSummary):
    problem: str
    problem_en: str
    problem_ar: str
    evidence: str
    evidence_en: str
    evidence_ar: str
    affected_population: str
    affected_population_en: str
    affected_population_ar: str
    place_en: str
    place_ar: str
    status_changed_at: datetime | None
    created_at: datetime
    allowed_transitions: list[ChallengeStatus]
    sector_counts: dict[str, int] = Field(
        description="The per-challenge sector breakdown: sector code → owner organizations."
    )
    is_workspace_member: bool = Field(
        description="Whether the caller may read and write the workspace (comments, documents)."
    )

    @staticmethod
    def resolve_sector_counts(obj) -> dict[str, int]:
        counts: dict[str, int] = {}
        for owner in obj.owners.all():
            sector = owner.organization.sector
            counts[sector] = counts.get(sector, 0) + 1
        return {code: counts[code] for code in Sector.values if code in counts}


ChallengePage = page_of(ChallengeSummary, "ChallengePage")


class ChallengeIn(Schema):
    title_en: str = Field("", max_length=300)
    title_ar: str = Field("", max_length=300)
    problem_en: str = ""
    problem_ar: str = ""
    evidence_en: str = ""
    evidence_ar: str = ""
    affected_population_en: str = ""
    affected_population_ar: str = ""
    country: CountryCode = ""
    place_en: str = Field("", max_length=200)
    place_ar: str = Field("", max_length=200)
    visibility: ChallengeVisibility = Visibility.CENTER
    sdg_targets: list[str] = Field(default_factory=list, description="SDG target codes.")
    owners: list[OwnerIn] = Field(default_factory=list)


class ChallengePatch(Schema):
    title_en: str | None = Field(None, max_length=300)
    title_ar: str | None = Field(None, max_length=300)
    problem_en: str | None = None
    problem_ar: str | None = None
    evidence_en: str | None = None
    evidence_ar: str | None = None
    affected_population_en: str | None = None
    affected_population_ar: str | None = None
    country: CountryCode = None
    place_en: str | None = Field(None, max_length=200)
    place_ar: str | None = Field(None, max_length=200)
    visibility: ChallengeVisibility = Field(None)  # omitted: unchanged; null: 422
    sdg_targets: list[str] | None = Field(None, description="Replaces the targets when given.")


class ChallengeFilters(PageParams):
    q: str = Field("", max_length=200, description="Words in the title, problem or place.")
    status: ChallengeStatus | None = None
    sdg: int | None = Field(None, ge=1, le=17, description="SDG goal number.")
    sector: Sector | None = Field(None, description="Has an owner organization of this sector.")
    visibility: ChallengeVisibility | None = None


class TransitionIn(Schema):
    status: ChallengeStatus
    note: str = Field("", max_length=1000)


class ChallengeCommentIn(Schema):
    body: str = Field(min_length=1, max_length=10_000, description="Markdown.")
    parent: int | None = Field(None, description="Id of the comment this one answers.")


class CommentPatch(Schema):
    body: str = Field(min_length=1, max_length=10_000)


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str | None = Field(description="The author's name; null once the account is gone.")
    body: str
    body_html: str = Field(description="The Markdown rendered and sanitized.")
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_author(obj) -> str | None:
        user = obj.author
        if user is None:
            return None
        person = getattr(user, "person", None)
        return (person.name if person else "") or user.get_full_name() or user.username

    @staticmethod
    def resolve_body_html(obj) -> str:
        from markaz.knowledge.rendering import render_markdown

        return render_markdown(obj.body)


class ChallengeAttachmentOut(Schema):
    id: int
    name: str
    size: int
    created_at: datetime
    download_url: str = Field(description="Page that serves the file to workspace members.")


class VentureBrief(Schema):
    id: int
    name: str


class VentureLinkIn(Schema):
    venture: int = Field(description="Id of a venture of the same center.")
    note: str = Field("", max_length=300)


class VentureLinkOut(Schema):
    venture: VentureBrief
    note: str
    created_at: datetime


class SectorLabel(Schema):
    code: Sector
    label: str


class SectorRowOut(Schema):
    challenge: int
    title: str
    status: ChallengeStatus
    counts: dict[str, int] = Field(description="Sector code → owner organizations.")
    total: int
    sectors: int = Field(description="How many sectors take part.")


class SectorMatrixOut(Schema):
    sectors: list[SectorLabel]
    rows: list[SectorRowOut]
    totals: dict[str, int]
