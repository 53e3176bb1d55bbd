"""API of the centers network: same selectors, predicates and services as the pages.

Center-scoped operations (`/centers/{slug}/centers-network/...`) serve the center's staff (and
a venture's team for consent); network-wide ones (`/centers-network/{network_slug}/...`) serve
members of the network's centers and its coordinators. Everyone else gets 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core.access import get_center_for, get_visible
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import PageParams, paginate, problems
from markaz.network import permissions as perms
from markaz.network import selectors, services
from markaz.network.schemas import (
    CenterRef,
    CommunityIn,
    CommunityOut,
    CommunityPage,
    ImpactRowOut,
    InvitationAnswerIn,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    NetworkCenterPage,
    NetworkPage,
    OpenCallPage,
    PartnershipIn,
    PartnershipOut,
    PartnershipPage,
    ReferralCommentIn,
    ReferralIn,
    ReferralOut,
    ReferralPage,
    ReplyIn,
    ReplyOut,
    ReplyPage,
    SharedEntryPage,
    ThreadIn,
    ThreadOut,
    ThreadPage,
)

router = Router(tags=["centers network"])
C = "/centers/{slug}/centers-network"
N = "/centers-network/{network_slug}"


def _venture(v) -> dict:
    fields = ["id", "name_en", "name_ar", "stage", "problem_en", "problem_ar"]
    fields += ["solution_en", "solution_ar"]
    return {name: getattr(v, name) for name in fields}


def _referral_out(scope, r, *, history: bool = False) -> dict:
    return {
        "id": r.pk,
        "from_center": r.from_center.slug,
        "to_center": r.to_center.slug,
        "program_id": r.program_id,
        "note": r.note,
        "state": r.state,
        "consented_at": r.consented_at,
        "venture": _venture(r.venture) if perms.may_see_venture(scope, r) else None,
        "history": [
            {"state": e.state, "at": e.at, "comment": e.comment}
            for e in (selectors.referral_history(r) if history else [])
        ],
    }


# -- partnerships ----------------------------------------------------------------------------


@router.get(
    f"{C}/partnerships",
    response={200: PartnershipPage, **problems(401, 404, 422)},
    operation_id="list_network_partnerships",
    summary="Partnerships of a center with other centers (staff)",
)
def list_partnerships(request, slug: str, params: Query[PageParams]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return paginate(request, selectors.partnerships_for(scope, center), params)


@router.post(
    f"{C}/partnerships",
    response={201: PartnershipOut, **problems(401, 403, 404, 422)},
    operation_id="propose_network_partnership",
    summary="Propose a partnership to a center sharing a network (center admin)",
)
def propose_partnership(request, slug: str, payload: PartnershipIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_propose_partnership(scope, center))
    data = payload.model_dump()
    partner = selectors.partner_choices(scope, center).filter(slug=data["partner"]).first()
    if partner is None:
        raise ValidationError({"partner": _("Choose a center that shares a network with yours.")})
    data["partner"] = partner
    return Status(201, services.propose_partnership(scope=scope, center=center, data=data))


@router.get(
    f"{C}/partnerships/{{partnership_id}}",
    response={200: PartnershipOut, **problems(401, 404)},
    operation_id="get_network_partnership",
    summary="One partnership of the center (staff of either center)",
)
def get_partnership(request, slug: str, partnership_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return selectors.get_partnership_for(scope, center, partnership_id)


@router.post(
    f"{C}/partnerships/{{partnership_id}}/accept",
    response={200: PartnershipOut, **problems(401, 403, 404)},
    operation_id="accept_network_partnership",
    summary="Accept a proposed partnership (the partner center's admin)",
)
def accept_partnership(request, slug: str, partnership_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    p = selectors.get_partnership_for(scope, center, partnership_id)
    require(perms.can_accept_partnership(scope, p))
    return services.accept_partnership(scope=scope, partnership=p)


@router.post(
    f"{C}/partnerships/{{partnership_id}}/end",
    response={200: PartnershipOut, **problems(401, 403, 404)},
    operation_id="end_network_partnership",
    summary="End a partnership, or withdraw or reject a proposal (either center's admin)",
)
def end_partnership(request, slug: str, partnership_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    p = selectors.get_partnership_for(scope, center, partnership_id)
    require(perms.can_end_partnership(scope, p))
    return services.end_partnership(scope=scope, partnership=p)


# -- referrals -------------------------------------------------------------------------------


@router.get(
    f"{C}/referrals",
    response={200: ReferralPage, **problems(401, 404, 422)},
    operation_id="list_network_referrals",
    summary="Referrals sent or received by the center; venture details only after consent",
)
def list_referrals(request, slug: str, params: Query[PageParams]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    page = paginate(request, selectors.referrals_for(scope, center), params)
    page["items"] = [_referral_out(scope, r) for r in page["items"]]
    return page


@router.post(
    f"{C}/referrals",
    response={201: ReferralOut, **problems(401, 403, 404, 422)},
    operation_id="draft_network_referral",
    summary="Draft a referral of one of the center's ventures to another center's program",
)
def draft_referral(request, slug: str, payload: ReferralIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_refer(scope, center))
    data = payload.model_dump()
    venture = selectors.referable_ventures(scope, center).filter(pk=data["venture"]).first()
    if venture is None:
        raise ValidationError({"venture": _("Choose a venture of this center.")})
    partners = selectors.partner_choices(scope, center).values("pk")
    program = selectors.programs_of(partners).filter(pk=data["program"]).first()
    if program is None:
        message = _("Choose a program of a center that shares a network with yours.")
        raise ValidationError({"program": message})
    data.update(venture=venture, program=program)
    r = services.draft_referral(scope=scope, center=center, data=data)
    return Status(201, _referral_out(scope, r, history=True))


@router.get(
    f"{C}/referrals/{{referral_id}}",
    response={200: ReferralOut, **problems(401, 404)},
    operation_id="get_network_referral",
    summary="One referral with its history",
)
def get_referral(request, slug: str, referral_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    r = selectors.get_referral_for(scope, center, referral_id)
    return _referral_out(scope, r, history=True)


def _referral_step(request, slug, referral_id, allowed, step):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    r = selectors.get_referral_for(scope, center, referral_id)
    require(allowed(scope, r))
    return _referral_out(scope, step(scope, r), history=True)


def _register_step(path, operation_id, summary, allowed, step, with_comment=False):
    kwargs = {
        "response": {200: ReferralOut, **problems(401, 403, 404, 422)},
        "operation_id": operation_id,
        "summary": summary,
    }
    if with_comment:

        @router.post(f"{C}/referrals/{{referral_id}}/{path}", **kwargs)
        def handler(request, slug: str, referral_id: int, payload: ReferralCommentIn):
            return _referral_step(
                request, slug, referral_id, allowed, lambda s, r: step(s, r, payload.comment)
            )

    else:

        @router.post(f"{C}/referrals/{{referral_id}}/{path}", **kwargs)
        def handler(request, slug: str, referral_id: int):
            return _referral_step(request, slug, referral_id, allowed, lambda s, r: step(s, r, ""))

    handler.__name__ = operation_id
    return handler


_register_step(
    "ask-consent",
    "ask_network_referral_consent",
    "Ask the venture's team for consent (staff of the referring center)",
    perms.can_ask_consent,
    lambda s, r, c: services.ask_consent(scope=s, referral=r),
)
_register_step(
    "consent",
    "consent_network_referral",
    "Consent to the referral: it is sent to the receiving center (the venture's team)",
    perms.can_consent,
    lambda s, r, c: services.give_consent(scope=s, referral=r),
)
_register_step(
    "accept",
    "accept_network_referral",
    "Accept a referral (staff of the receiving center)",
    perms.can_decide,
    lambda s, r, c: services.decide_referral(scope=s, referral=r, accept=True, comment=c),
    with_comment=True,
)
_register_step(
    "decline",
    "decline_network_referral",
    "Decline a referral (staff of the receiving center)",
    perms.can_decide,
    lambda s, r, c: services.decide_referral(scope=s, referral=r, accept=False, comment=c),
    with_comment=True,
)
_register_step(
    "withdraw",
    "withdraw_network_referral",
    "Withdraw a referral (referring staff, or the venture's team)",
    perms.can_withdraw,
    lambda s, r, c: services.withdraw_referral(scope=s, referral=r, comment=c),
    with_comment=True,
)


# -- network-wide ----------------------------------------------------------------------------


@router.get(
    "/centers-network",
    response={200: NetworkPage, **problems(401, 422)},
    operation_id="list_visible_networks",
    summary="Networks of the user's centers and those they coordinate",
)
def list_networks(request, params: Query[PageParams]):
    return paginate(request, selectors.networks_for(scope_of(request)), params)


@router.get(
    f"{N}/centers",
    response={200: NetworkCenterPage, **problems(401, 404, 422)},
    operation_id="list_network_centers",
    summary="Directory of the network's centers",
)
def list_centers(request, network_slug: str, params: Query[PageParams]):
    network = selectors.get_network_for(scope_of(request), network_slug)
    return paginate(request, selectors.directory(network), params)


@router.post(
    f"{N}/centers",
    response={204: None, **problems(401, 403, 404, 422)},
    operation_id="add_network_center",
    summary="Add a center to the network (network coordinators)",
)
def add_center(request, network_slug: str, payload: CenterRef):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    require(perms.can_manage_membership(scope, network))
    center = selectors.centers_outside(network).filter(slug=payload.center).first()
    if center is None:
        raise ValidationError({"center": _("Choose a center outside the network.")})
    services.add_center_to_network(scope=scope, network=network, center=center)
    return Status(204, None)


@router.delete(
    f"{N}/centers/{{center_slug}}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="remove_network_center",
    summary="Remove a center from the network (network coordinators)",
)
def remove_center(request, network_slug: str, center_slug: str):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    require(perms.can_manage_membership(scope, network))
    center = get_visible(selectors.directory(network), slug=center_slug)
    services.remove_center_from_network(scope=scope, network=network, center=center)
    return Status(204, None)


@router.get(
    f"{N}/impact",
    response={200: list[ImpactRowOut], **problems(401, 404)},
    operation_id="get_centers_network_impact",
    summary="Ventures and awards per center of the network",
)
def network_impact(request, network_slug: str):
    network = selectors.get_network_for(scope_of(request), network_slug)
    return [
        {"center": row["center"].slug, "ventures": row["ventures"], "awards": row["awards"]}
        for row in selectors.impact_by_center(network)
    ]


@router.get(
    f"{N}/knowledge",
    response={200: SharedEntryPage, **problems(401, 404, 422)},
    operation_id="list_network_shared_knowledge",
    summary="Knowledge entries shared with the network that the user may read",
)
def shared_knowledge(request, network_slug: str, params: Query[PageParams]):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    return paginate(request, selectors.shared_knowledge(scope, network), params)


@router.get(
    f"{N}/open-calls",
    response={200: OpenCallPage, **problems(401, 404, 422)},
    operation_id="list_network_open_calls",
    summary="Calls open now at the network's centers",
)
def open_calls(request, network_slug: str, params: Query[PageParams]):
    network = selectors.get_network_for(scope_of(request), network_slug)
    return paginate(request, selectors.open_calls_in(network), params)


@router.get(
    f"{N}/communities",
    response={200: CommunityPage, **problems(401, 404, 422)},
    operation_id="list_network_communities",
    summary="Practice communities of the network",
)
def list_communities(request, network_slug: str, params: Query[PageParams]):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    return paginate(request, selectors.communities_for(scope, network), params)


@router.post(
    f"{N}/communities",
    response={201: CommunityOut, **problems(401, 403, 404, 422)},
    operation_id="create_network_community",
    summary="Start a practice community (anyone from the network's centers)",
)
def create_community(request, network_slug: str, payload: CommunityIn):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    community = services.create_community(scope=scope, network=network, data=payload.model_dump())
    return Status(201, community)


@router.post(
    f"{N}/communities/{{community_id}}/join",
    response={204: None, **problems(401, 404)},
    operation_id="join_network_community",
    summary="Join a practice community",
)
def join_community(request, network_slug: str, community_id: int):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    community = selectors.get_community_for(scope, network, community_id)
    services.join_community(scope=scope, community=community)
    return Status(204, None)


@router.get(
    f"{N}/communities/{{community_id}}/threads",
    response={200: ThreadPage, **problems(401, 404, 422)},
    operation_id="list_network_threads",
    summary="Discussions of a practice community",
)
def list_threads(request, network_slug: str, community_id: int, params: Query[PageParams]):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    community = selectors.get_community_for(scope, network, community_id)
    return paginate(request, selectors.threads_of(community), params)


@router.post(
    f"{N}/communities/{{community_id}}/threads",
    response={201: ThreadOut, **problems(401, 403, 404, 422)},
    operation_id="create_network_thread",
    summary="Start a discussion (community members)",
)
def create_thread(request, network_slug: str, community_id: int, payload: ThreadIn):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    community = selectors.get_community_for(scope, network, community_id)
    require(selectors.is_member(scope, community))
    thread = services.start_thread(scope=scope, community=community, **payload.model_dump())
    return Status(201, thread)


@router.get(
    f"{N}/communities/{{community_id}}/threads/{{thread_id}}/replies",
    response={200: ReplyPage, **problems(401, 404, 422)},
    operation_id="list_network_replies",
    summary="Replies in a discussion",
)
def list_replies(
    request, network_slug: str, community_id: int, thread_id: int, params: Query[PageParams]
):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    community = selectors.get_community_for(scope, network, community_id)
    thread = selectors.get_thread_for(community, thread_id)
    return paginate(request, selectors.replies_of(thread), params)


@router.post(
    f"{N}/communities/{{community_id}}/threads/{{thread_id}}/replies",
    response={201: ReplyOut, **problems(401, 403, 404, 422)},
    operation_id="create_network_reply",
    summary="Reply in a discussion (community members)",
)
def create_reply(request, network_slug: str, community_id: int, thread_id: int, payload: ReplyIn):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    community = selectors.get_community_for(scope, network, community_id)
    thread = selectors.get_thread_for(community, thread_id)
    require(selectors.is_member(scope, community))
    return Status(201, services.post_reply(scope=scope, thread=thread, body=payload.body))


# -- invitations -----------------------------------------------------------------------------


@router.get(
    f"{C}/invitations",
    response={200: InvitationPage, **problems(401, 404, 422)},
    operation_id="list_network_invitations",
    summary="Invitations of the center to join networks (staff)",
)
def list_invitations(request, slug: str, params: Query[PageParams]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return paginate(request, selectors.invitations_for(scope, center), params)


@router.post(
    f"{C}/invitations/{{invitation_id}}/answer",
    response={200: InvitationOut, **problems(401, 403, 404, 422)},
    operation_id="answer_network_invitation",
    summary="Accept (the center joins) or decline an invitation (center admin)",
)
def answer_invitation(request, slug: str, invitation_id: int, payload: InvitationAnswerIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    invitation = selectors.get_invitation_for(scope, center, invitation_id)
    require(perms.can_answer_invitation(scope, invitation))
    return services.answer_invitation(scope=scope, invitation=invitation, accept=payload.accept)


@router.post(
    f"{N}/invitations",
    response={201: InvitationOut, **problems(401, 403, 404, 422)},
    operation_id="invite_network_center",
    summary="Invite a center to join the network (network coordinators)",
)
def invite_center(request, network_slug: str, payload: InvitationIn):
    scope = scope_of(request)
    network = selectors.get_network_for(scope, network_slug)
    require(perms.can_manage_membership(scope, network))
    center = selectors.centers_outside(network).filter(slug=payload.center).first()
    if center is None:
        raise ValidationError({"center": _("Choose a center outside the network.")})
    invitation = services.invite_center(
        scope=scope, network=network, center=center, message=payload.message
    )
    return Status(201, invitation)
