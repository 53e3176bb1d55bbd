"""Reads of federation, filtered for the user asking."""

from __future__ import annotations

from django.db.models import Q

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Network
from markaz.federation.models import Mirror, Peer, PeerState, RejectedActivity
from markaz.federation.permissions import can_manage_federation, can_see_network_items


def peers_for(scope: AccessScope):
    if not can_manage_federation(scope):
        return Peer.objects.none()
    return Peer.objects.all()


def get_peer_for(scope: AccessScope, pk: int) -> Peer:
    return get_visible(peers_for(scope), pk=pk)


def peer_by_actor(actor_url: str) -> Peer | None:
    """The peer behind a signed request (machine-to-machine; no user)."""
    return Peer.objects.filter(actor_url=actor_url).first()


def rejected_for(scope: AccessScope):
    if not can_manage_federation(scope):
        return RejectedActivity.objects.none()
    return RejectedActivity.objects.select_related("peer")


def visible_mirrors(scope: AccessScope):
    """Mirrors of active peers (a suspended peer's items vanish at once), never tombstones.

    Network-only items are for federation managers and for members of centers in one of the
    networks the peering is configured with.
    """
    if not can_see_network_items(scope):
        return Mirror.objects.none()
    qs = Mirror.objects.filter(deleted=False, peer__state=PeerState.ACTIVE).select_related("peer")
    if can_manage_federation(scope):
        return qs
    mine = set(
        Network.objects.filter(centers__in=scope.center_ids()).values_list("slug", flat=True)
    )
    peer_ids = [
        pk
        for pk, networks in Peer.objects.filter(state=PeerState.ACTIVE).values_list(
            "pk", "networks"
        )
        if mine & set(networks or [])
    ]
    return qs.filter(Q(network_only=False) | Q(peer_id__in=peer_ids))


def search_mirrors(scope: AccessScope, q: str = "", kind: str = ""):
    qs = visible_mirrors(scope)
    if kind:
        qs = qs.filter(kind=kind)
    for word in q.split()[:8]:
        qs = qs.filter(
            Q(title_en__icontains=word) | Q(title_ar__icontains=word)
            | Q(summary_en__icontains=word) | Q(summary_ar__icontains=word)
        )  # fmt: skip
    return qs


def get_mirror_for(scope: AccessScope, pk: int) -> Mirror:
    return get_visible(visible_mirrors(scope), pk=pk)
