"""API of federation: peers (operators and network coordinators) and mirrored items.

Federation is deployment-level: no operation takes a center, and a center admin cannot manage
peers. Missing and forbidden peers are both 404.
"""

from __future__ import annotations

from ninja import Query, Router

from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import PageParams, paginate, problems
from markaz.federation import selectors, services
from markaz.federation.permissions import can_manage_federation, can_see_network_items
from markaz.federation.schemas import (
    MirrorFilters,
    MirrorOut,
    MirrorPage,
    PeerApproveIn,
    PeerIn,
    PeerOut,
    PeerPage,
    SyncOut,
)

router = Router(tags=["federation"])


@router.get(
    "/federation/peers",
    response={200: PeerPage, **problems(401, 403)},
    operation_id="list_federation_peers",
    summary="Peer deployments and their sync status (operators, network coordinators)",
)
def list_peers(request, params: Query[PageParams]):
    scope = scope_of(request)
    require(can_manage_federation(scope))
    return paginate(request, selectors.peers_for(scope), params)


@router.post(
    "/federation/peers",
    response={201: PeerOut, **problems(401, 403, 422)},
    operation_id="request_federation_peer",
    summary="Request peering with another deployment (fetches its public key)",
)
def request_peer(request, payload: PeerIn):
    scope = scope_of(request)
    require(can_manage_federation(scope))
    peer = services.request_peering(
        actor=request.user, base_url=payload.base_url, networks=payload.networks
    )
    return 201, peer


@router.get(
    "/federation/peers/{peer_id}",
    response={200: PeerOut, **problems(401, 404)},
    operation_id="get_federation_peer",
    summary="One peer",
)
def get_peer(request, peer_id: int):
    return selectors.get_peer_for(scope_of(request), peer_id)


@router.post(
    "/federation/peers/{peer_id}/approve",
    response={200: PeerOut, **problems(401, 404, 422)},
    operation_id="approve_federation_peer",
    summary="Approve a peering request (both sides must approve)",
)
def approve_peer(request, peer_id: int, payload: PeerApproveIn):
    peer = selectors.get_peer_for(scope_of(request), peer_id)
    return services.approve_peer(actor=request.user, peer=peer, networks=payload.networks)


@router.post(
    "/federation/peers/{peer_id}/suspend",
    response={200: PeerOut, **problems(401, 404, 422)},
    operation_id="suspend_federation_peer",
    summary="Suspend a peer: its mirrored items are hidden at once",
)
def suspend_peer(request, peer_id: int):
    peer = selectors.get_peer_for(scope_of(request), peer_id)
    return services.suspend_peer(actor=request.user, peer=peer)


@router.post(
    "/federation/peers/{peer_id}/remove",
    response={200: PeerOut, **problems(401, 404)},
    operation_id="remove_federation_peer",
    summary="Remove a peer",
)
def remove_peer(request, peer_id: int):
    peer = selectors.get_peer_for(scope_of(request), peer_id)
    return services.remove_peer(actor=request.user, peer=peer)


@router.post(
    "/federation/peers/{peer_id}/sync",
    response={200: SyncOut, **problems(401, 404)},
    operation_id="sync_federation_peer",
    summary="Pull the peer's outbox now, from the last good cursor",
)
def sync_peer(request, peer_id: int):
    peer = selectors.get_peer_for(scope_of(request), peer_id)
    return services.sync_peer(peer, retries=0)


@router.get(
    "/federation/mirrors",
    response={200: MirrorPage, **problems(401, 403)},
    operation_id="list_federation_mirrors",
    summary="Items shared by peer deployments (read-only, attributed to their origin)",
)
def list_mirrors(request, filters: Query[MirrorFilters]):
    scope = scope_of(request)
    require(can_see_network_items(scope))
    return paginate(request, selectors.search_mirrors(scope, filters.q, filters.kind), filters)


@router.get(
    "/federation/mirrors/{mirror_id}",
    response={200: MirrorOut, **problems(401, 404)},
    operation_id="get_federation_mirror",
    summary="One mirrored item",
)
def get_mirror(request, mirror_id: int):
    return selectors.get_mirror_for(scope_of(request), mirror_id)
