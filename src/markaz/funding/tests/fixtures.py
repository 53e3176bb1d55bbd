"""Funding fixtures: a funder organization of center A that funder_a speaks for, its fund,
an award to venture_a with two milestones, and the same kind of objects in center B."""

import datetime as dt
from decimal import Decimal

import pytest

from markaz.core.access import scope_for


@pytest.fixture
def funder_org_a(center_a, funder_a):
    from markaz.stakeholders.factories import AffiliationFactory, OrganizationFactory

    org = OrganizationFactory(center=center_a, name_en="Levant Foundation", sector="philanthropy")
    AffiliationFactory(person=funder_a.person, organization=org)
    return org


@pytest.fixture
def fund_a(center_a, staff_a, funder_org_a):
    from markaz.funding import services

    return services.create_fund(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "name_en": "Water Fund",
            "name_ar": "صندوق المياه",
            "funder": funder_org_a,
            "amount": Decimal("50000.00"),
            "currency": "USD",
            "starts_on": dt.date(2026, 1, 1),
            "ends_on": dt.date(2026, 12, 31),
        },
    )


@pytest.fixture
def award_a(center_a, staff_a, fund_a, venture_a):
    from markaz.funding import services

    scope = scope_for(staff_a)
    award = services.create_award(
        scope=scope,
        center=center_a,
        data={
            "fund": fund_a,
            "venture": venture_a,
            "title_en": "Kiosk pilot grant",
            "title_ar": "منحة تجربة الأكشاك",
            "amount": Decimal("10000.00"),
            "currency": "USD",
            "awarded_on": dt.date(2026, 2, 1),
            "is_publishable": True,
        },
    )
    for position, amount in ((1, "4000.00"), (2, "6000.00")):
        services.add_milestone(
            scope=scope,
            award=award,
            data={
                "position": position,
                "description_en": f"Milestone {position}",
                "description_ar": f"المرحلة {position}",
                "evidence_required_en": "Photos and receipts",
                "due_on": dt.date(2026, 3 * position, 1),
                "tranche_amount": Decimal(amount),
            },
        )
    return award


@pytest.fixture
def staff2_a(center_a):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership

    user = UserFactory(username="staff2_a", email="staff2_a@example.org")
    Membership.objects.create(user=user, center=center_a, role="staff")
    return user


@pytest.fixture
def award_b(center_b, outsider, venture_b):
    from markaz.funding import services
    from markaz.funding.factories import FundFactory

    fund = FundFactory(center=center_b, currency="KES", amount=Decimal("900000"))
    return services.create_award(
        scope=scope_for(outsider),
        center=center_b,
        data={
            "fund": fund,
            "venture": venture_b,
            "title_en": "Baobab private award",
            "amount": Decimal("100000"),
            "currency": "KES",
            "awarded_on": dt.date(2026, 2, 1),
            "is_publishable": True,
        },
    )


def milestone(award, position=1):
    return award.milestones.get(position=position)


def pay(milestone, maker, checker, *, reference="TRX-1"):
    """Submit, accept, prepare (maker) and approve (checker) one tranche."""
    from markaz.funding import services

    team = milestone.award.venture.team.filter(can_manage=True).first().person.user
    services.submit_evidence(scope=scope_for(team), milestone=milestone, text="Done, see photos")
    services.review_milestone(scope=scope_for(maker), milestone=milestone, accept=True)
    services.prepare_payment(
        scope=scope_for(maker),
        milestone=milestone,
        method="bank_transfer",
        reference=reference,
        paid_on=dt.date(2026, 4, 1),
    )
    return services.approve_payment(scope=scope_for(checker), milestone=milestone)
