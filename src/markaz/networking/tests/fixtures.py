"""Networking fixtures: a small cross-sector community in center A.

- `gov_org_a` (government), `biz_org_a` (private), `ngo_org_a` (non-profit) in center A;
- innovator_a (runs venture_a, SDG 6) is affiliated with the non-profit, listed to the center;
- mentor_a is in the government, listed to the center, SDGs 6 and 13, expertise "policy";
- partner_a is in the private sector and hidden (chose not to be listed);
- funder_a has no profile at all (so is hidden too).
"""

import pytest


@pytest.fixture
def nw_community(center_a, innovator_a, mentor_a, partner_a, funder_a, venture_a):
    from markaz.networking.factories import NetworkingProfileFactory
    from markaz.stakeholders.factories import AffiliationFactory, OrganizationFactory

    gov = OrganizationFactory(center=center_a, name_en="Ministry of Water", sector="government")
    biz = OrganizationFactory(center=center_a, name_en="Pumps Ltd", sector="private")
    ngo = OrganizationFactory(center=center_a, name_en="Water Friends", sector="non_profit")
    AffiliationFactory(person=innovator_a.person, organization=ngo)
    AffiliationFactory(person=mentor_a.person, organization=gov)
    AffiliationFactory(person=partner_a.person, organization=biz)
    venture_a.sdg_goals.set([6])
    NetworkingProfileFactory(
        person=innovator_a.person, visibility="center", expertise=["kiosks"],
        interests=["policy"], sdgs=[6],
    )  # fmt: skip
    NetworkingProfileFactory(
        person=mentor_a.person, visibility="center", expertise=["policy", "regulation"],
        interests=[], sdgs=[6, 13],
    )  # fmt: skip
    NetworkingProfileFactory(person=partner_a.person, visibility="hidden", sdgs=[6])
    return {"gov": gov, "biz": biz, "ngo": ngo}
