"""API of networking: the people directory, own profile, introductions, who to meet, the
stakeholder graph and its analytics (the same selectors, services and rules as the pages)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core import reference
from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import PageParams, paginate, problems
from markaz.networking import graph_view, selectors, services, suggestions
from markaz.networking import permissions as perms
from markaz.networking.models import IntroductionState, NetworkingProfile
from markaz.networking.schemas import (
    AnalyticsOut,
    DirectoryEntryOut,
    DirectoryFilters,
    DirectoryPage,
    GraphFilters,
    GraphOut,
    IntroductionAnswerIn,
    IntroductionIn,
    IntroductionOut,
    IntroductionPage,
    IntroductionProposeIn,
    NetworkingProfileIn,
    NetworkingProfileOut,
    SuggestionOut,
)

router = Router(tags=["networking"])


def _listed(scope, center, pk: int, field: str):
    person = selectors.directory_for(scope, center).filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: _("Choose a person listed in the directory.")})
    return person


def _intro_out(scope, center, intro) -> dict:
    staff = perms.can_broker(scope, center)
    state = intro.state
    if state in selectors.OPEN_STATES and intro.expires_at <= timezone.now():
        state = IntroductionState.EXPIRED
    if (
        not staff
        and state == IntroductionState.DECLINED
        and intro.declined_by_id != (scope.person_id)
    ):
        state = IntroductionState.EXPIRED  # declines are quiet
    return {
        "id": intro.pk,
        "requester": {"id": intro.requester_id, "name": intro.requester.name},
        "target": {"id": intro.target_id, "name": intro.target.name},
        "via_staff": intro.via_staff,
        "state": state,
        "message": intro.message,
        "awaiting_broker": intro.awaits_broker(),
        "your_answer_needed": intro.pending_side(scope.person_id) is not None,
        "created_at": intro.created_at,
        "expires_at": intro.expires_at,
        "introduced_at": intro.introduced_at,
    }


@router.get(
    "/centers/{slug}/network/people",
    response={200: DirectoryPage, **problems(401, 404, 422)},
    operation_id="list_network_people",
    summary="The people directory: only people who chose to be listed, as they chose",
)
def list_network_people(request, slug: str, filters: Query[DirectoryFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.search_directory(
        scope, center, q=filters.q, sector=filters.sector or "", sdg=filters.sdg,
        expertise=filters.expertise,
    )  # fmt: skip
    return paginate(request, qs, filters)


@router.get(
    "/centers/{slug}/network/people/{person_id}",
    response={200: DirectoryEntryOut, **problems(401, 404)},
    operation_id="get_network_person",
    summary="One listed person's directory entry",
)
def get_network_person(request, slug: str, person_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    person = selectors.get_listed_person(scope, center, person_id)
    person.visible_ventures = list(selectors.ventures_of(scope, center, person))
    return person


def _own(scope, center):
    me = selectors.own_person_in(scope, center)
    if me is None:
        raise Http404
    return me


@router.get(
    "/centers/{slug}/network/profile",
    response={200: NetworkingProfileOut, **problems(401, 404)},
    operation_id="get_networking_profile",
    summary="Your own networking profile (hidden until you choose otherwise)",
)
def get_networking_profile(request, slug: str):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    me = _own(scope, center)
    return selectors.profile_of(me) or NetworkingProfile(person=me)


@router.put(
    "/centers/{slug}/network/profile",
    response={200: NetworkingProfileOut, **problems(401, 403, 404, 422)},
    operation_id="update_networking_profile",
    summary="Set your networking profile and who may find you",
)
def update_networking_profile(request, slug: str, payload: NetworkingProfileIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    me = _own(scope, center)
    data = payload.model_dump()
    goals = reference.goals_by_numbers(data.pop("sdg_goals"))
    return services.update_profile(scope=scope, person=me, data=data, sdg_goals=goals)


@router.get(
    "/centers/{slug}/network/introductions",
    response={200: IntroductionPage, **problems(401, 404, 422)},
    operation_id="list_introductions",
    summary="Introductions you are part of (staff: all of the center's)",
)
def list_introductions(request, slug: str, filters: Query[PageParams]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    page = paginate(request, selectors.introductions_for(scope, center), filters)
    page["items"] = [_intro_out(scope, center, i) for i in page["items"]]
    return page


@router.post(
    "/centers/{slug}/network/introductions",
    response={201: IntroductionOut, **problems(401, 403, 404, 422)},
    operation_id="request_introduction",
    summary="Ask to be introduced to a listed person, directly or through staff",
)
def request_introduction(request, slug: str, payload: IntroductionIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(selectors.own_person_in(scope, center) is not None)
    target = _listed(scope, center, payload.target, "target")
    intro = services.request_introduction(
        scope=scope, center=center, target=target, message=payload.message,
        via_staff=payload.via_staff,
    )  # fmt: skip
    return Status(201, _intro_out(scope, center, intro))


@router.post(
    "/centers/{slug}/network/introductions/proposals",
    response={201: IntroductionOut, **problems(401, 403, 404, 422)},
    operation_id="propose_introduction",
    summary="Staff broker an introduction between two listed people (both are asked)",
)
def propose_introduction(request, slug: str, payload: IntroductionProposeIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_broker(scope, center))
    intro = services.propose_introduction(
        scope=scope, center=center,
        requester=_listed(scope, center, payload.requester, "requester"),
        target=_listed(scope, center, payload.target, "target"), message=payload.message,
    )  # fmt: skip
    return Status(201, _intro_out(scope, center, intro))


@router.get(
    "/centers/{slug}/network/introductions/{introduction_id}",
    response={200: IntroductionOut, **problems(401, 404)},
    operation_id="get_introduction",
    summary="One introduction you are part of or broker",
)
def get_introduction(request, slug: str, introduction_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    intro = selectors.get_introduction_for(scope, center, introduction_id)
    return _intro_out(scope, center, intro)


@router.post(
    "/centers/{slug}/network/introductions/{introduction_id}/answer",
    response={200: IntroductionOut, **problems(401, 403, 404, 422)},
    operation_id="answer_introduction",
    summary="Accept or decline (quietly); both accepted: the introduction email goes out",
)
def answer_introduction(request, slug: str, introduction_id: int, payload: IntroductionAnswerIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    intro = selectors.get_introduction_for(scope, center, introduction_id)
    intro = services.respond_to_introduction(scope=scope, introduction=intro, accept=payload.accept)
    return _intro_out(scope, center, intro)


@router.post(
    "/centers/{slug}/network/introductions/{introduction_id}/forward",
    response={200: IntroductionOut, **problems(401, 403, 404, 422)},
    operation_id="forward_introduction",
    summary="Staff forward a request made through them: the other person is asked",
)
def forward_introduction(request, slug: str, introduction_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    intro = selectors.get_introduction_for(scope, center, introduction_id)
    require(perms.can_broker(scope, center))
    intro = services.forward_introduction(scope=scope, introduction=intro)
    return _intro_out(scope, center, intro)


@router.get(
    "/centers/{slug}/network/who-to-meet",
    response={200: list[SuggestionOut], **problems(401, 404)},
    operation_id="list_network_suggestions",
    summary="People who bridge you to new sectors, with the reasons",
)
def list_network_suggestions(request, slug: str):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return [
        {
            "person": {"id": s.person.pk, "name": s.person.name},
            "score": s.score,
            "reasons": s.reasons,
            "explanation": s.explanation,
        }
        for s in suggestions.suggestions_for(scope, center)
    ]


@router.get(
    "/centers/{slug}/network/graph",
    response={200: GraphOut, **problems(401, 404, 422)},
    operation_id="get_network_graph",
    summary="The stakeholder graph you may see, with server-computed positions",
)
def get_network_graph(request, slug: str, filters: Query[GraphFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return graph_view.graph_for(scope, center, sector=filters.sector or "", sdg=filters.sdg)


@router.get(
    "/centers/{slug}/network/analytics",
    response={200: AnalyticsOut, **problems(401, 403, 404)},
    operation_id="get_network_analytics",
    summary="Cross-sector collaboration index, brokers, isolated ventures, ties by year (staff)",
)
def get_network_analytics(request, slug: str):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_view_analytics(scope, center))
    data = graph_view.center_analytics(scope, center)
    if data is None:
        return {
            "nodes": 0, "edges": 0, "brokers": [], "sector_ties_by_year": [],
            "cross_sector": {"organizations": 0, "ties": 0, "cross_sector_ties": 0,
                             "share": None, "expected": None, "index": None},
            "isolated_ventures": {"count": 0, "examples": []},
        }  # fmt: skip
    return data
