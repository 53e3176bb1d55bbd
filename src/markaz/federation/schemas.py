"""API schemas of federation."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from markaz.core.schemas import PageParams, page_of


class PeerOut(Schema):
    id: int
    name: str
    base_url: str
    state: str
    approved_here: bool
    approved_there: bool
    networks: list[str]
    public_key: str
    cursor: int = Field(description="Last sequence pulled from the peer's outbox.")
    last_sync_at: datetime | None
    next_attempt_at: datetime | None
    failures: int
    last_error: str


PeerPage = page_of(PeerOut, "PeerPage")


class PeerIn(Schema):
    base_url: str = Field(max_length=300, description="Base URL of the other deployment.")
    networks: list[str] = Field(default_factory=list, description="Shared network slugs.")


class PeerApproveIn(Schema):
    networks: list[str] | None = Field(
        None, description="Shared network slugs (unchanged if null)."
    )


class SyncOut(Schema):
    ok: bool
    pulled: int
    stored: int
    deleted: int
    skipped: int
    rejected: int
    cursor: int
    error: str


class MirrorOut(Schema):
    id: int
    kind: str
    title: str
    title_en: str
    title_ar: str
    summary_en: str
    summary_ar: str
    url: str
    origin: str
    origin_url: str
    network_only: bool
    received_at: datetime

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.title

    @staticmethod
    def resolve_origin(obj) -> str:
        return obj.peer.name or obj.peer.base_url

    @staticmethod
    def resolve_origin_url(obj) -> str:
        return obj.peer.base_url


MirrorPage = page_of(MirrorOut, "MirrorPage")


class MirrorFilters(PageParams):
    q: str = Field("", max_length=200, description="Words in the title or summary.")
    kind: str = Field("", description="knowledge, call, event or venture.")
