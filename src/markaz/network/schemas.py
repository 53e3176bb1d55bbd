"""API schemas of the centers network."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from markaz.core.schemas import PageParams, page_of
from markaz.network.models import PartnershipKind, PartnershipStatus, ReferralState


class NetworkOut(Schema):
    slug: str
    name_en: str
    name_ar: str
    kind: str


class NetworkCenterOut(Schema):
    slug: str
    name_en: str
    name_ar: str
    country: str
    city: str
    region: str
    kind: str

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code or ""


class CenterRef(Schema):
    center: str = Field(description="Slug of the center.")


class ImpactRowOut(Schema):
    center: str
    ventures: int
    awards: int


class SharedEntryOut(Schema):
    id: int
    title_en: str
    title_ar: str
    center: str
    visibility: str

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug


class OpenCallOut(Schema):
    center: str
    slug: str
    title_en: str
    title_ar: str
    deadline: datetime

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug


class PartnershipIn(Schema):
    partner: str = Field(description="Slug of a center sharing a network with this one.")
    kind: PartnershipKind
    title_en: str = ""
    title_ar: str = ""
    description_en: str = ""
    description_ar: str = ""
    starts_on: date
    ends_on: date | None = None


class PartnershipOut(Schema):
    id: int
    proposer: str
    partner: str
    kind: PartnershipKind
    title_en: str
    title_ar: str
    description_en: str
    description_ar: str
    starts_on: date
    ends_on: date | None
    status: PartnershipStatus
    has_document: bool

    @staticmethod
    def resolve_proposer(obj) -> str:
        return obj.proposer.slug

    @staticmethod
    def resolve_partner(obj) -> str:
        return obj.partner.slug

    @staticmethod
    def resolve_has_document(obj) -> bool:
        return bool(obj.document)


class ReferralIn(Schema):
    venture: int = Field(description="Id of a venture of this center.")
    program: int = Field(description="Id of a program of a center sharing a network.")
    note: str


class ReferralCommentIn(Schema):
    comment: str = ""


class VentureSummary(Schema):
    id: int
    name_en: str
    name_ar: str
    stage: str
    problem_en: str
    problem_ar: str
    solution_en: str
    solution_ar: str


class ReferralEventOut(Schema):
    state: ReferralState
    at: datetime
    comment: str


class ReferralOut(Schema):
    id: int
    from_center: str
    to_center: str
    program_id: int
    note: str
    state: ReferralState
    consented_at: datetime | None
    venture: VentureSummary | None = Field(
        None, description="Only once the venture's team has consented (for the receiving center)."
    )
    history: list[ReferralEventOut] = []


class CommunityIn(Schema):
    name_en: str = ""
    name_ar: str = ""
    description_en: str = ""
    description_ar: str = ""


class CommunityOut(Schema):
    id: int
    name_en: str
    name_ar: str
    description_en: str
    description_ar: str


class ThreadIn(Schema):
    title: str
    body: str


class ThreadOut(Schema):
    id: int
    title: str
    body: str
    created_at: datetime


class ReplyIn(Schema):
    body: str


class ReplyOut(Schema):
    id: int
    body: str
    created_at: datetime


class NetworkPageParams(PageParams):
    pass


PartnershipPage = page_of(PartnershipOut, "NetworkPartnershipPage")
ReferralPage = page_of(ReferralOut, "NetworkReferralPage")
NetworkCenterPage = page_of(NetworkCenterOut, "NetworkCenterPage")
SharedEntryPage = page_of(SharedEntryOut, "NetworkSharedEntryPage")
OpenCallPage = page_of(OpenCallOut, "NetworkOpenCallPage")
CommunityPage = page_of(CommunityOut, "NetworkCommunityPage")
ThreadPage = page_of(ThreadOut, "NetworkThreadPage")
ReplyPage = page_of(ReplyOut, "NetworkReplyPage")
NetworkPage = page_of(NetworkOut, "NetworkPage")


class InvitationIn(Schema):
    center: str = Field(description="Slug of a center outside the network.")
    message: str = ""


class InvitationAnswerIn(Schema):
    accept: bool


class InvitationOut(Schema):
    id: int
    network: str
    center: str
    message: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_network(obj) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug


InvitationPage = page_of(InvitationOut, "NetworkInvitationPage")
