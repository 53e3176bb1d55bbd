"""Reads for the centers network. Missing and forbidden look the same (404)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Value

from markaz.core.access import AccessScope, get_visible
from markaz.core.models import Center, Network
from markaz.network import permissions as perms
from markaz.network.models import (
    Community,
    Partnership,
    Referral,
    ReferralState,
    SharedEntry,
    Thread,
)

# -- networks --------------------------------------------------------------------------------


def networks_for(scope: AccessScope) -> QuerySet[Network]:
    """Networks the user may look into: those of their centers and those they coordinate."""
    if scope.is_operator:
        return Network.objects.all()
    q = Q(centers__in=scope.center_ids())
    if scope.token_center_id is None:
        q |= Q(pk__in=scope.coordinated_networks)
    return Network.objects.filter(q).distinct().order_by("slug")


def get_network_for(scope: AccessScope, slug: str) -> Network:
    return get_visible(networks_for(scope), slug=slug)


def networks_of_center(scope: AccessScope, center: Center) -> QuerySet[Network]:
    if not scope.has_role(center):
        return Network.objects.none()
    return center.networks.order_by("slug")


def directory(network: Network) -> QuerySet[Center]:
    """The network's centers: public profile fields only."""
    return network.centers.order_by("region", "slug")


def centers_outside(network: Network) -> QuerySet[Center]:
    return Center.objects.exclude(networks=network).order_by("slug")


def partner_choices(scope: AccessScope, center: Center) -> QuerySet[Center]:
    """Centers sharing a network with this one (a partnership or referral needs one)."""
    if not scope.has_role(center):
        return Center.objects.none()
    return Center.objects.filter(networks__centers=center).exclude(pk=center.pk).distinct()


def impact_by_center(network: Network) -> list[dict]:
    """Counts per center: ventures, and awards where the funding app is installed."""
    centers = network.centers.order_by("slug").annotate(
        venture_count=Count("ventures", distinct=True)
    )
    awards: dict[int, int] = {}
    if apps.is_installed("markaz.funding"):
        from markaz.funding.models import Award

        awards = dict(
            Award.objects.filter(center__in=network.centers.all())
            .values("center_id")
            .annotate(n=Count("id"))
            .values_list("center_id", "n")
        )
    return [
        {"center": c, "ventures": c.venture_count, "awards": awards.get(c.pk, 0)} for c in centers
    ]


def impact_figures(network: Network) -> list[dict]:
    """The network's verified impact from the impact roll-ups, per SDG goal and measure (merged
    over its centers; aggregates only, as `impact.selectors.shareable_network_figures` gives)."""
    if not apps.is_installed("markaz.impact"):
        return []
    from markaz.impact.models import Aggregation, Kind
    from markaz.impact.selectors import shareable_network_figures

    rows = shareable_network_figures(network.centers.values_list("pk", flat=True))
    kinds, aggregations = dict(Kind.choices), dict(Aggregation.choices)
    return [
        row | {"kind_label": kinds.get(row["kind"], row["kind"]),
               "aggregation_label": aggregations.get(row["aggregation"], row["aggregation"])}
        for row in rows
    ]  # fmt: skip


def peer_impact(scope: AccessScope, network: Network) -> list:
    """Impact figures that peer deployments shared for a network of the same slug (read-only
    mirrors, labelled with their origin), as the user may see them."""
    if not apps.is_installed("markaz.federation"):
        return []
    from markaz.federation.selectors import visible_mirrors

    mirrors = visible_mirrors(scope).filter(kind="impact").order_by("peer__name", "id")
    return [m for m in mirrors if (m.data or {}).get("markaz:network") == network.slug]


def shared_knowledge(scope: AccessScope, network: Network):
    """Published entries shared with the network (or public) by its centers, as the user may see.

    Goes through the knowledge app's own visibility rules; coordinators additionally read the
    network-visible entries of the network they coordinate.
    """
    if not apps.is_installed("markaz.knowledge"):
        return []
    from markaz.knowledge.models import Entry, Status, Visibility
    from markaz.knowledge.selectors import visible_entries

    in_network = Q(
        center__in=network.centers.all(),
        status=Status.PUBLISHED,
        visibility__in=[Visibility.NETWORK, Visibility.PUBLIC],
    )
    qs = visible_entries(scope).filter(in_network)
    if perms.is_coordinator(scope, network):
        qs = Entry.objects.filter(in_network)
    return qs.select_related("center").order_by("-id")


def open_calls_in(network: Network):
    if not apps.is_installed("markaz.programs"):
        return []
    from markaz.programs.selectors import open_calls

    return open_calls().filter(center__in=network.centers.all())


def shared_mentors(scope: AccessScope, network: Network) -> tuple[int, list]:
    """Mentors serving two or more of the network's centers: (count, names if the user may see)."""
    if not apps.is_installed("markaz.mentoring"):
        return 0, []
    from markaz.mentoring.models import MentorProfile

    ids = network.centers.values("pk")
    qs = (
        MentorProfile.objects.annotate(
            served=Count("centers", filter=Q(centers__in=ids), distinct=True)
        )
        .filter(served__gte=2)
        .select_related("user", "person")
        .prefetch_related("centers")
        .order_by("pk")
    )
    if not perms.can_see_mentor_names(scope, network):
        return qs.count(), []
    rows = list(qs[:50])
    return len(rows), rows


# -- partnerships ----------------------------------------------------------------------------


def partnerships_for(scope: AccessScope, center: Center) -> QuerySet[Partnership]:
    """A center's partnerships, for its staff."""
    if not scope.is_staff_of(center):
        return Partnership.objects.none()
    return Partnership.objects.filter(Q(proposer=center) | Q(partner=center)).select_related(
        "proposer", "partner"
    )


def get_partnership_for(scope: AccessScope, center: Center, pk: int) -> Partnership:
    return get_visible(partnerships_for(scope, center), pk=pk)


def network_partnerships(scope: AccessScope, network: Network) -> QuerySet[Partnership]:
    """Partnerships between centers of the network: coordinators see all, staff their own."""
    ids = network.centers.values("pk")
    qs = Partnership.objects.filter(proposer__in=ids, partner__in=ids).select_related(
        "proposer", "partner"
    )
    if perms.is_coordinator(scope, network):
        return qs
    staff = scope.center_ids("admin", "staff")
    return qs.filter(Q(proposer__in=staff) | Q(partner__in=staff))


# -- referrals -------------------------------------------------------------------------------


def referrals_for(scope: AccessScope, center: Center) -> QuerySet[Referral]:
    """Sent by the center (its staff, and the venture's team), or received (staff, once asked).

    Each row carries `viewer_on_team`: whether the user is on the venture's team (read by
    `permissions.may_see_venture`, so a list asks it once, not once per row).
    """
    from markaz.ventures.models import TeamMember

    qs = Referral.objects.select_related("from_center", "to_center", "venture", "program")
    if not scope.has_role(center):
        return qs.none()
    visible = Q(pk__in=[])
    if scope.is_staff_of(center):
        visible |= Q(from_center=center)
        visible |= Q(to_center=center) & ~Q(state=ReferralState.DRAFTED)
    on_team = Value(False, output_field=BooleanField())
    if scope.person_id is not None:
        teams = TeamMember.objects.filter(person_id=scope.person_id)
        if scope.token_center_id in (None, center.pk):
            mine = teams.values("venture_id")
            visible |= Q(from_center=center, venture__in=mine) & ~Q(state=ReferralState.DRAFTED)
        if scope.token_center_id is not None:  # as `ventures.permissions.is_on_team`
            teams = teams.filter(venture__center_id=scope.token_center_id)
        on_team = Exists(teams.filter(venture_id=OuterRef("venture_id")))
    return qs.filter(visible).annotate(viewer_on_team=on_team)


def get_referral_for(scope: AccessScope, center: Center, pk: int) -> Referral:
    return get_visible(referrals_for(scope, center), pk=pk)


def referral_history(referral: Referral):
    return referral.events.select_related("actor")


def referable_ventures(scope: AccessScope, center: Center):
    from markaz.ventures.selectors import ventures_for

    if not scope.is_staff_of(center):
        return ventures_for(scope, center).none()
    return ventures_for(scope, center)


def programs_of(center_ids) -> QuerySet:
    from markaz.programs.models import Program

    return Program.objects.filter(center_id__in=center_ids).select_related("center")


# -- communities -----------------------------------------------------------------------------


def communities_for(scope: AccessScope, network: Network) -> QuerySet[Community]:
    if not perms.can_view_network(scope, network):
        return Community.objects.none()
    return network.communities.annotate(
        member_count=Count("memberships", distinct=True),
        thread_count=Count("threads", distinct=True),
    ).order_by("name_en", "name_ar", "id")


def get_community_for(scope: AccessScope, network: Network, pk: int) -> Community:
    return get_visible(communities_for(scope, network), pk=pk)


def threads_of(community: Community) -> QuerySet[Thread]:
    return (
        community.threads.select_related("author")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-id")
    )


def get_thread_for(community: Community, pk: int) -> Thread:
    return get_visible(community.threads.select_related("author"), pk=pk)


def replies_of(thread: Thread):
    return thread.replies.select_related("author")


def shared_entries_for(scope: AccessScope, community: Community) -> QuerySet[SharedEntry]:
    """Links to knowledge entries, only those the viewer may read."""
    from markaz.knowledge.selectors import visible_entries

    return community.shared.filter(entry__in=visible_entries(scope).values("pk")).select_related(
        "entry", "entry__center"
    )


def shareable_entries(scope: AccessScope, network: Network):
    from markaz.knowledge.models import Status, Visibility
    from markaz.knowledge.selectors import visible_entries

    return (
        visible_entries(scope)
        .filter(
            center__in=network.centers.all(),
            status=Status.PUBLISHED,
            visibility__in=[Visibility.NETWORK, Visibility.PUBLIC],
        )
        .order_by("-id")
    )


def is_member(scope: AccessScope, community: Community) -> bool:
    return (
        scope.user_id is not None and community.memberships.filter(user_id=scope.user_id).exists()
    )


def my_centers_in(scope: AccessScope, network: Network) -> QuerySet[Center]:
    return network.centers.filter(pk__in=scope.center_ids()).order_by("slug")


def invitations_for(scope: AccessScope, center: Center):
    """A center's invitations to networks, for its staff."""
    from markaz.network.models import NetworkInvitation

    if not scope.is_staff_of(center):
        return NetworkInvitation.objects.none()
    return NetworkInvitation.objects.filter(center=center).select_related("network")


def get_invitation_for(scope: AccessScope, center: Center, pk: int):
    return get_visible(invitations_for(scope, center), pk=pk)


def pending_invitations_of(network: Network):
    return network.invitations.filter(status="pending").select_related("center")
