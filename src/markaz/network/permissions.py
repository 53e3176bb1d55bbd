"""Named predicates for the centers network: who sees a network, who manages what."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center, Network, Role
from markaz.network.models import Partnership, PartnershipStatus, Referral, ReferralState


def network_member_center_ids(network: Network) -> set[int]:
    return set(network.centers.values_list("pk", flat=True))


def is_coordinator(scope: AccessScope, network: Network | int) -> bool:
    """Coordinators act in person only: never through a center's API token."""
    network_id = network if isinstance(network, int) else network.pk
    if scope.token_center_id is not None:
        return False
    return scope.is_operator or network_id in scope.coordinated_networks


def my_center_ids_in(scope: AccessScope, network: Network, *roles: str) -> set[int]:
    if scope.is_operator:
        return network_member_center_ids(network)
    return scope.center_ids(*roles) & network_member_center_ids(network)


def can_view_network(scope: AccessScope, network: Network) -> bool:
    return is_coordinator(scope, network) or bool(my_center_ids_in(scope, network))


def can_manage_membership(scope: AccessScope, network: Network) -> bool:
    return is_coordinator(scope, network)


def can_see_mentor_names(scope: AccessScope, network: Network) -> bool:
    return is_coordinator(scope, network) or bool(
        my_center_ids_in(scope, network, Role.ADMIN, Role.STAFF)
    )


def shares_a_network(a: Center | int, b: Center | int) -> bool:
    a_id = a if isinstance(a, int) else a.pk
    b_id = b if isinstance(b, int) else b.pk
    return Network.objects.filter(centers=a_id).filter(centers=b_id).exists()


# -- partnerships ----------------------------------------------------------------------------


def can_propose_partnership(scope: AccessScope, center: Center) -> bool:
    return scope.is_admin_of(center)


def can_accept_partnership(scope: AccessScope, partnership: Partnership) -> bool:
    return partnership.status == PartnershipStatus.PROPOSED and scope.is_admin_of(
        partnership.partner_id
    )


def can_end_partnership(scope: AccessScope, partnership: Partnership) -> bool:
    """Either center's admin ends it; the proposer may also withdraw a proposal (ends it)."""
    if partnership.status == PartnershipStatus.ENDED:
        return False
    return scope.is_admin_of(partnership.proposer_id) or scope.is_admin_of(partnership.partner_id)


def can_download_agreement(scope: AccessScope, partnership: Partnership) -> bool:
    """The two centers' staff, and in person the coordinators of a network holding both."""
    if scope.is_staff_of(partnership.proposer_id) or scope.is_staff_of(partnership.partner_id):
        return True
    if scope.token_center_id is not None:
        return False
    shared = set(
        Network.objects.filter(centers=partnership.proposer_id)
        .filter(centers=partnership.partner_id)
        .values_list("pk", flat=True)
    )
    return scope.is_operator or bool(shared & scope.coordinated_networks)


# -- referrals -------------------------------------------------------------------------------


def can_refer(scope: AccessScope, center: Center) -> bool:
    return scope.is_staff_of(center)


def is_venture_team(scope: AccessScope, referral: Referral) -> bool:
    from markaz.ventures.permissions import is_on_team

    return is_on_team(scope, referral.venture)


def can_ask_consent(scope: AccessScope, referral: Referral) -> bool:
    return referral.state == ReferralState.DRAFTED and scope.is_staff_of(referral.from_center_id)


def can_consent(scope: AccessScope, referral: Referral) -> bool:
    from markaz.ventures.permissions import is_on_team

    return referral.state == ReferralState.AWAITING_CONSENT and is_on_team(
        scope, referral.venture, managing=True
    )


def can_decide(scope: AccessScope, referral: Referral) -> bool:
    return referral.state == ReferralState.SENT and scope.is_staff_of(referral.to_center_id)


def can_withdraw(scope: AccessScope, referral: Referral) -> bool:
    if referral.state not in (
        ReferralState.DRAFTED,
        ReferralState.AWAITING_CONSENT,
        ReferralState.SENT,
    ):
        return False
    if scope.is_staff_of(referral.from_center_id):
        return True
    from markaz.ventures.permissions import is_on_team

    return is_on_team(scope, referral.venture, managing=True)


def may_see_venture(scope: AccessScope, referral: Referral) -> bool:
    """The receiving center sees the venture only once its team has consented.

    Rows from `selectors.referrals_for` carry `viewer_on_team`; others ask the database.
    """
    if scope.is_staff_of(referral.from_center_id):
        return True
    if referral.has_consent and scope.is_staff_of(referral.to_center_id):
        return True
    on_team = getattr(referral, "viewer_on_team", None)
    return is_venture_team(scope, referral) if on_team is None else on_team


def can_answer_invitation(scope: AccessScope, invitation) -> bool:
    return invitation.status == "pending" and scope.is_admin_of(invitation.center_id)
