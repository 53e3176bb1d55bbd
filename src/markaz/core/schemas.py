"""API schemas shared by every app (problems, pages, country codes) and those of `core`.

Naming: `ThingIn` (create), `ThingPatch` (partial update), `ThingOut`, `ThingPage`.
Bilingual content is exposed as both columns (`name_en`, `name_ar`) plus `name`, the value
in the request's language with the fallback rule of `markaz.core.i18n`.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries
from ninja import Field, Schema
from pydantic import AfterValidator, TypeAdapter, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError

from markaz.core.models import CenterKind, Region, Role

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


# -- problems and pages ---------------------------------------------------------------------


class Problem(Schema):
    """An error (RFC 9457, served as application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    code: str = Field(
        description="Stable machine-readable code: not_found, forbidden, validation_error, "
        "not_authenticated, invalid_token, bad_request, csrf_failed, conflict, server_error."
    )
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per field, for validation errors."
    )
    request_id: str | None = None


def problems(*statuses: int) -> dict[int, type[Problem]]:
    return dict.fromkeys(statuses, Problem)


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 200)."
    )


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """`{items, count, page, page_size, next, previous}` named e.g. `VenturePage`."""
    return create_model(
        name,
        __base__=Schema,
        __doc__=f"One page of {item.__name__} items.",
        items=(list[item], ...),
        count=(int, Field(description="Items across all pages.")),
        page=(int, ...),
        page_size=(int, ...),
        next=(str | None, Field(None, description="URL of the next page.")),
        previous=(str | None, Field(None, description="URL of the previous page.")),
    )


def paginate(request: HttpRequest, queryset, params: PageParams) -> dict[str, Any]:
    """Slice a queryset into one page: one COUNT and one SELECT (plus its prefetches)."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    items = list(queryset[start : start + params.page_size]) if start < count else []

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    last = max(1, -(-count // params.page_size))
    return {
        "items": items,
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": link(params.page + 1) if params.page < last else None,
        "previous": link(min(params.page - 1, last)) if params.page > 1 else None,
    }


# -- field types ----------------------------------------------------------------------------


def _country_code(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if code and code not in countries:
        raise PydanticCustomError(
            "country", "'{value}' is not an ISO 3166-1 alpha-2 country code.", {"value": value}
        )
    return code


def _timezone_name(value: str | None) -> str | None:
    if value is not None and value not in available_timezones():
        raise PydanticCustomError(
            "timezone", "'{value}' is not an IANA time zone name.", {"value": value}
        )
    return value


CountryCode = Annotated[
    str | None,
    AfterValidator(_country_code),
    Field(description="ISO 3166-1 alpha-2 country code, e.g. JO.", examples=["JO"]),
]
TimeZoneName = Annotated[str | None, AfterValidator(_timezone_name)]


def choice_of(choices: type[Enum], name: str) -> Any:
    """A field type validating like `choices`, shown in the contract as an inline enum `name`.

    Pydantic files an enum under its class name, so two apps' `Status` (or `Visibility`)
    would share one `components/schemas` entry; inlining the schema, titled with the app's
    name for it, keeps each app's values. Use: `status: ChallengeStatus` with
    `ChallengeStatus = choice_of(Status, "ChallengeStatus")`.
    """
    schema = TypeAdapter(choices).json_schema() | {"title": name}
    return Annotated[choices, WithJsonSchema(schema)]


def country_out(obj) -> str | None:
    return obj.country.code or None


# -- users, memberships, centers ------------------------------------------------------------


class UserBrief(Schema):
    id: int
    username: str
    name: str
    email: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.username


class UserOut(UserBrief):
    first_name: str
    last_name: str
    preferred_language: str
    is_operator: bool = Field(False, description="Platform operator (superuser).")

    @staticmethod
    def resolve_is_operator(obj) -> bool:
        return bool(obj.is_superuser)


class MyMembershipOut(Schema):
    center: str = Field(description="Center slug.")
    center_name: str
    role: Role


class MeOut(Schema):
    user: UserOut
    person_id: int | None = Field(description="The user's own person record, if any.")
    memberships: list[MyMembershipOut]
    token_center: str | None = Field(
        description="When called with an API token: the one center it is scoped to."
    )


class MembershipOut(Schema):
    id: int
    center: str
    role: Role
    user: UserBrief
    created_at: datetime

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug


MembershipPage = page_of(MembershipOut, "MembershipPage")


class MembershipIn(Schema):
    user: str = Field(min_length=1, description="Username or email of an existing user.")
    role: Role


class CenterOut(Schema):
    slug: str
    name: str
    name_en: str
    name_ar: str
    description: str
    description_en: str
    description_ar: str
    country: str | None
    city: str
    city_en: str
    city_ar: str
    region: Region
    kind: CenterKind
    founded_year: int | None
    focus_sdgs: list[int]
    networks: list[str] = Field(description="Slugs of the networks the center belongs to.")
    contact_email: str
    contact_phone: str
    website: str
    logo: str | None
    timezone: str

    resolve_country = staticmethod(country_out)

    @staticmethod
    def resolve_focus_sdgs(obj) -> list[int]:
        return [g.pk for g in obj.focus_sdgs.all()]

    @staticmethod
    def resolve_networks(obj) -> list[str]:
        return [n.slug for n in obj.networks.all()]


CenterPage = page_of(CenterOut, "CenterPage")


class CenterFilters(PageParams):
    q: str = Field("", max_length=200, description="Words in the name, city or description.")
    region: Region | None = None
    country: CountryCode = None


class CenterPatch(Schema):
    name_en: str | None = Field(None, max_length=200)
    name_ar: str | None = Field(None, max_length=200)
    description_en: str | None = None
    description_ar: str | None = None
    country: CountryCode = None
    city_en: str | None = Field(None, max_length=120)
    city_ar: str | None = Field(None, max_length=120)
    city: str | None = Field(
        None,
        max_length=120,
        description="Deprecated: the English name of the city, as `city_en`.",
        json_schema_extra={"deprecated": True},
    )
    region: Region = Field(None)  # omitted: unchanged; null: 422
    kind: CenterKind = Field(None)
    founded_year: int | None = None
    contact_email: str | None = None
    contact_phone: str | None = Field(None, max_length=40)
    website: str | None = None
    timezone: TimeZoneName = None
    focus_sdgs: list[int] = Field(None, description="SDG goal numbers (1-17).")


# -- tokens and SDG reference data ----------------------------------------------------------


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the secret, to recognise it.")
    center: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug

    @staticmethod
    def resolve_active(obj) -> bool:
        return obj.revoked_at is None and (
            obj.expires_at is None or obj.expires_at > timezone.now()
        )


TokenPage = page_of(TokenOut, "TokenPage")


class SdgGoalOut(Schema):
    number: int
    short: str
    short_en: str
    short_ar: str
    title: str
    title_en: str
    title_ar: str


SdgGoalPage = page_of(SdgGoalOut, "SdgGoalPage")


class SdgTargetOut(Schema):
    code: str
    goal: int
    title: str
    title_en: str
    title_ar: str

    @staticmethod
    def resolve_goal(obj) -> int:
        return obj.goal_id


SdgTargetPage = page_of(SdgTargetOut, "SdgTargetPage")


def require_a_name(data: dict, obj=None) -> None:
    """Refuse a write that would leave both `name_en` and `name_ar` blank.

    The models enforce this with a check constraint whose message names no field; checking
    here first gives API clients a 422 on `name_en` and `name_ar` instead.
    """
    keys = ("name_en", "name_ar")
    values = [data[k] if k in data else getattr(obj, k, "") for k in keys]
    if not any((v or "").strip() for v in values):
        message = gettext("Give a name in Arabic or English (or both).")
        raise ValidationError({key: [message] for key in keys})


def take_legacy_city(data: dict) -> dict:
    """Read a patch's `city` (from before the city was bilingual) as `city_en`.

    Sending both with different values is refused rather than guessed at.
    """
    if "city" not in data:
        return data
    city = data.pop("city")
    if "city_en" in data and data["city_en"] != city:
        message = gettext("Send the English city as city_en only.")
        raise ValidationError({"city": [message]})
    data["city_en"] = city
    return data
