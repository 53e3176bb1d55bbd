"""The centers network's part of the access matrices (see markaz.core.tests.access_plugins).

Center B's partnership and referral are with a third center, never with center A.
"""

PAGE_PK_PREFIXES = [
    ("network-partnership", "network_partnership_b"),
    ("network-referral", "network_referral_b"),
    ("network-invitation", "network_invitation_b"),
]

API_OBJECT_FOR = {
    "partnership_id": "network_partnership_b",
    "referral_id": "network_referral_b",
    "invitation_id": "network_invitation_b",
}

OPERATIONS = {"propose_network_partnership", "draft_network_referral"}


def objects_b(center_b, objects: dict) -> dict:
    import datetime as dt

    from markaz.core.factories import CenterFactory
    from markaz.core.models import Network
    from markaz.network.models import NetworkInvitation, Partnership, Referral, ReferralState
    from markaz.programs.factories import ProgramFactory

    third = CenterFactory(slug="third-center", name_en="Third Center")
    network = Network.objects.create(slug="b-and-third", name_en="B and third")
    network.centers.add(center_b, third)
    partnership = Partnership.objects.create(
        proposer=center_b,
        partner=third,
        kind="exchange",
        title_en="Private exchange of B",
        starts_on=dt.date(2026, 1, 1),
    )
    referral = Referral.objects.create(
        from_center=center_b,
        to_center=third,
        venture=objects["venture_b"],
        program=ProgramFactory(center=third),
        note="Private note of B",
        state=ReferralState.AWAITING_CONSENT,
    )
    other = Network.objects.create(slug="b-invited", name_en="Invites B")
    return {
        "network_partnership_b": partnership,
        "network_referral_b": referral,
        "network_invitation_b": NetworkInvitation.objects.create(network=other, center=center_b),
    }


def api_body(operation: str, objects: dict) -> dict:
    if operation not in OPERATIONS:
        return {}
    return {
        "partner": objects["network_partnership_b"].partner.slug,
        "kind": "exchange",
        "title_en": "Planted",
        "starts_on": "2026-01-01",
        "venture": objects["venture_b"].pk,
        "program": objects["network_referral_b"].program_id,
        "note": "Planted",
    }


def state_of_b(center_b) -> dict:
    from django.db.models import Q

    from markaz.network.models import NetworkInvitation, Partnership, Referral

    return {
        "network_partnerships": list(
            Partnership.objects.filter(Q(proposer=center_b) | Q(partner=center_b)).values_list(
                "pk", "status", "title_en"
            )
        ),
        "network_referrals": list(
            Referral.objects.filter(Q(from_center=center_b) | Q(to_center=center_b)).values_list(
                "pk", "state", "note"
            )
        ),
        "network_memberships": sorted(center_b.networks.values_list("pk", flat=True)),
        "network_invitations": list(
            NetworkInvitation.objects.filter(center=center_b).values_list("pk", "status")
        ),
    }
