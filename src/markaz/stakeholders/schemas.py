"""API schemas for organizations, people and affiliations."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from markaz.core.schemas import CountryCode, PageParams, country_out, page_of
from markaz.stakeholders.models import ContactChannel, Sector


class OrganizationBrief(Schema):
    id: int
    name: str


class PersonBrief(Schema):
    id: int
    name: str


class OrganizationOut(Schema):
    id: int
    name: str
    name_en: str
    name_ar: str
    sector: Sector
    country: str | None
    website: str
    description: str
    description_en: str
    description_ar: str
    created_at: datetime
    updated_at: datetime

    resolve_country = staticmethod(country_out)


OrganizationPage = page_of(OrganizationOut, "OrganizationPage")


class OrganizationIn(Schema):
    name_en: str = Field("", max_length=200)
    name_ar: str = Field("", max_length=200)
    sector: Sector
    country: CountryCode = ""
    website: str = ""
    description_en: str = ""
    description_ar: str = ""


class OrganizationPatch(Schema):
    name_en: str | None = Field(None, max_length=200)
    name_ar: str | None = Field(None, max_length=200)
    sector: Sector = Field(None)  # omitted: unchanged; null: 422
    country: CountryCode = None
    website: str | None = None
    description_en: str | None = None
    description_ar: str | None = None


class OrganizationFilters(PageParams):
    q: str = Field("", max_length=200, description="Words in the name or description.")
    sector: Sector | None = None
    country: CountryCode = None


class AffiliationOut(Schema):
    id: int
    organization: OrganizationBrief
    title: str
    starts_on: date | None
    ends_on: date | None


class AffiliationIn(Schema):
    organization: int = Field(description="Id of an organization of the same center.")
    title: str = Field("", max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None


class PersonOut(Schema):
    id: int
    name: str
    name_en: str
    name_ar: str
    email: str
    phone: str
    country: str | None
    city: str
    bio: str
    bio_en: str
    bio_ar: str
    languages: list[str]
    expertise: list[str]
    contact_channel: ContactChannel
    user_id: int | None = Field(description="Set when the person has a login.")
    affiliations: list[AffiliationOut]
    created_at: datetime
    updated_at: datetime

    resolve_country = staticmethod(country_out)


PersonPage = page_of(PersonOut, "PersonPage")


class PersonIn(Schema):
    name_en: str = Field("", max_length=200)
    name_ar: str = Field("", max_length=200)
    email: str = ""
    phone: str = Field("", max_length=40)
    country: CountryCode = ""
    city: str = Field("", max_length=120)
    bio_en: str = ""
    bio_ar: str = ""
    languages: list[str] = Field(default_factory=list, examples=[["ar", "en"]])
    expertise: list[str] = Field(default_factory=list)
    contact_channel: ContactChannel = ContactChannel.EMAIL
    user: str | None = Field(
        None, description="Username or email of a member of this center, to link a login."
    )


class PersonPatch(Schema):
    name_en: str | None = Field(None, max_length=200)
    name_ar: str | None = Field(None, max_length=200)
    email: str | None = None
    phone: str | None = Field(None, max_length=40)
    country: CountryCode = None
    city: str | None = Field(None, max_length=120)
    bio_en: str | None = None
    bio_ar: str | None = None
    # Non-nullable columns: may be omitted, but an explicit null is a 422.
    languages: list[str] = Field(None)
    expertise: list[str] = Field(None)
    contact_channel: ContactChannel = Field(None)


class PersonFilters(PageParams):
    q: str = Field("", max_length=200, description="Words in the name, email or bio.")
    country: CountryCode = None
