"""API schemas of networking: directory entries, profiles, introductions, graph, analytics."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from markaz.core.schemas import PageParams, choice_of, page_of
from markaz.networking.models import IntroductionState, Visibility
from markaz.stakeholders.models import Sector
from markaz.stakeholders.schemas import PersonBrief

NetworkingVisibility = choice_of(Visibility, "NetworkingVisibility")


class DirectoryFilters(PageParams):
    q: str = Field("", max_length=200)
    sector: Sector | None = None
    sdg: int | None = Field(None, ge=1, le=17)
    expertise: str = Field("", max_length=60)


class AffiliationBrief(Schema):
    organization_id: int
    organization: str
    sector: Sector
    title: str


class VentureBrief(Schema):
    id: int
    name: str


class DirectoryEntryOut(Schema):
    """What a listed person chose to show (no email or phone: introductions share those)."""

    id: int
    name: str
    center: str = Field(description="Slug of the person's center.")
    headline: str
    expertise: list[str]
    interests: list[str]
    sdg_goals: list[int]
    affiliations: list[AffiliationBrief]
    ventures: list[VentureBrief] = Field(
        default_factory=list,
        description="On the single entry: the person's ventures (team) that you may see.",
    )

    @staticmethod
    def resolve_ventures(obj) -> list[dict]:
        return [{"id": v.pk, "name": v.name} for v in getattr(obj, "visible_ventures", [])]

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug

    @staticmethod
    def _profile(obj):
        return getattr(obj, "networking_profile", None)

    @staticmethod
    def resolve_headline(obj) -> str:
        p = DirectoryEntryOut._profile(obj)
        return p.headline if p else ""

    @staticmethod
    def resolve_expertise(obj) -> list[str]:
        p = DirectoryEntryOut._profile(obj)
        return list(p.expertise) if p else []

    @staticmethod
    def resolve_interests(obj) -> list[str]:
        p = DirectoryEntryOut._profile(obj)
        return list(p.interests) if p else []

    @staticmethod
    def resolve_sdg_goals(obj) -> list[int]:
        p = DirectoryEntryOut._profile(obj)
        return [g.pk for g in p.sdg_goals.all()] if p else []

    @staticmethod
    def resolve_affiliations(obj) -> list[dict]:
        return [
            {
                "organization_id": a.organization_id,
                "organization": a.organization.name,
                "sector": a.organization.sector,
                "title": a.title,
            }
            for a in obj.affiliations.all()
        ]


DirectoryPage = page_of(DirectoryEntryOut, "DirectoryPage")


class NetworkingProfileOut(Schema):
    person: PersonBrief
    visibility: NetworkingVisibility
    headline_en: str
    headline_ar: str
    expertise: list[str]
    interests: list[str]
    sdg_goals: list[int]
    open_to_introductions: bool

    @staticmethod
    def resolve_sdg_goals(obj) -> list[int]:
        return [g.pk for g in obj.sdg_goals.all()] if obj.pk else []


class NetworkingProfileIn(Schema):
    visibility: NetworkingVisibility = Visibility.HIDDEN
    headline_en: str = Field("", max_length=200)
    headline_ar: str = Field("", max_length=200)
    expertise: list[str] = Field(default_factory=list, max_length=20)
    interests: list[str] = Field(default_factory=list, max_length=20)
    sdg_goals: list[int] = Field(default_factory=list, description="SDG goal numbers.")
    open_to_introductions: bool = True


class IntroductionIn(Schema):
    target: int = Field(description="Id of a person listed in the directory.")
    message: str = Field("", max_length=2000)
    via_staff: bool = Field(False, description="Ask the center's staff to broker it.")


class IntroductionProposeIn(Schema):
    requester: int
    target: int
    message: str = Field("", max_length=2000)


class IntroductionAnswerIn(Schema):
    accept: bool


class IntroductionOut(Schema):
    id: int
    requester: PersonBrief
    target: PersonBrief
    via_staff: bool
    state: IntroductionState = Field(
        description="For the people involved a declined request reads `expired`: declines "
        "are quiet. Staff see the real state."
    )
    message: str
    awaiting_broker: bool
    your_answer_needed: bool
    created_at: datetime
    expires_at: datetime
    introduced_at: datetime | None


IntroductionPage = page_of(IntroductionOut, "IntroductionPage")


class SuggestionChallenge(Schema):
    id: int
    title: str


class SuggestionReasons(Schema):
    new_sectors: list[Sector]
    shared_sdgs: list[int]
    shared_challenges: list[SuggestionChallenge]
    shared_expertise: list[str]


class SuggestionOut(Schema):
    person: PersonBrief
    score: float
    reasons: SuggestionReasons
    explanation: list[str]


class GraphFilters(Schema):
    sector: Sector | None = None
    sdg: int | None = Field(None, ge=1, le=17)


class GraphNodeOut(Schema):
    id: str
    kind: str
    pk: int
    label: str
    sector: str
    sectors: list[str]
    sdgs: list[int]
    x: float
    y: float
    degree: int


class GraphEdgeOut(Schema):
    source: str
    target: str


class GraphOut(Schema):
    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]
    total_nodes: int
    truncated: bool
    width: int
    height: int


class CrossSectorOut(Schema):
    organizations: int
    ties: int
    cross_sector_ties: int
    share: float | None
    expected: float | None
    index: float | None


class BrokerOut(Schema):
    node: str
    kind: str
    label: str
    betweenness: float
    sampled: bool


class IsolatedOut(Schema):
    count: int
    examples: list[dict]


class YearTiesOut(Schema):
    year: int | None
    sectors: list[str]
    ties: int


class AnalyticsOut(Schema):
    nodes: int
    edges: int
    cross_sector: CrossSectorOut
    brokers: list[BrokerOut]
    isolated_ventures: IsolatedOut
    sector_ties_by_year: list[YearTiesOut]
