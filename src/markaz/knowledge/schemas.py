"""API schemas for knowledge entries and the one search."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from markaz.core.schemas import PageParams, choice_of, page_of
from markaz.knowledge.models import EntryType, Kind, Status, Visibility

KnowledgeStatus = choice_of(Status, "KnowledgeStatus")
KnowledgeVisibility = choice_of(Visibility, "KnowledgeVisibility")
SearchKind = choice_of(Kind, "SearchKind")


class EntryOut(Schema):
    id: int
    center: str = Field(description="Slug of the owner center.")
    external_id: str
    type: EntryType
    title: str
    title_en: str
    title_ar: str
    summary_en: str
    summary_ar: str
    body_en: str = Field(description="Markdown.")
    body_ar: str = Field(description="Markdown.")
    tags: list[str]
    regions: list[str]
    sectors: list[str]
    sdgs: list[int] = Field(description="SDG goal numbers.")
    visibility: KnowledgeVisibility
    status: KnowledgeStatus
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug

    @staticmethod
    def resolve_sdgs(obj) -> list[int]:
        return [g.pk for g in obj.sdgs.all()]


EntryPage = page_of(EntryOut, "EntryPage")


class EntryIn(Schema):
    type: EntryType
    title_en: str = ""
    title_ar: str = ""
    summary_en: str = ""
    summary_ar: str = ""
    body_en: str = ""
    body_ar: str = ""
    tags: list[str] = []
    regions: list[str] = []
    sectors: list[str] = []
    sdgs: list[int] = []
    visibility: KnowledgeVisibility = Visibility.CENTER


class EntryPatch(Schema):
    type: EntryType | None = None
    title_en: str | None = None
    title_ar: str | None = None
    summary_en: str | None = None
    summary_ar: str | None = None
    body_en: str | None = None
    body_ar: str | None = None
    tags: list[str] | None = None
    regions: list[str] | None = None
    sectors: list[str] | None = None
    sdgs: list[int] | None = None
    visibility: KnowledgeVisibility | None = None


class EntryStatusIn(Schema):
    status: KnowledgeStatus


class EntryFilters(PageParams):
    type: EntryType | None = None
    sdg: int | None = Field(None, ge=1, le=17)
    center: str | None = Field(None, description="Only entries owned by this center (slug).")


class SearchParams(PageParams):
    q: str = Field(..., min_length=1, max_length=200)
    kind: SearchKind | None = None
    type: str | None = Field(None, description="Entry type, e.g. case-study.")
    sdg: int | None = Field(None, ge=1, le=17)
    region: str | None = None
    sector: str | None = None
    lang: str | None = Field(None, pattern="^(ar|en)$")


class SearchHit(Schema):
    kind: SearchKind
    id: int = Field(description="Id of the record of that kind.")
    center: str
    title: str
    score: float
    snippet: str = Field(description="HTML: escaped text with <mark> around matched terms.")


class FacetCount(Schema):
    value: str
    count: int


class SearchResults(Schema):
    count: int = Field(description="Visible matches, counted up to 1,000; see count_exact.")
    count_exact: bool = Field(
        True,
        description="False when there are more matches than `count`: count and facets then"
        " cover the first 1,000 visible matches.",
    )
    page: int
    page_size: int
    items: list[SearchHit]
    facets: dict[str, list[FacetCount]]
