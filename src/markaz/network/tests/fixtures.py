"""Centers-network fixtures: a network holding centers A and B, its coordinator, a program of
center B to refer ventures to, and a third center outside the network."""

import pytest


@pytest.fixture
def network_ab(center_a, center_b):
    from markaz.core.models import Network

    network = Network.objects.create(
        slug="levant-east-africa", name_en="Levant–East Africa", name_ar="شبكة المشرق وشرق أفريقيا"
    )
    network.centers.add(center_a, center_b)
    return network


@pytest.fixture
def coordinator(network_ab):
    from markaz.core.factories import UserFactory
    from markaz.core.models import NetworkRole

    user = UserFactory(username="coordinator", email="coordinator@example.org")
    NetworkRole.objects.create(user=user, network=network_ab)
    return user


@pytest.fixture
def admin_b(center_b):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership

    user = UserFactory(username="admin_b", email="admin_b@example.org")
    Membership.objects.create(user=user, center=center_b, role="admin")
    return user


@pytest.fixture
def center_c(db):
    from markaz.core.factories import CenterFactory

    return CenterFactory(slug="coral-lab", name_en="Coral Lab", name_ar="مختبر المرجان")


@pytest.fixture
def staff_c(center_c):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership

    user = UserFactory(username="staff_c", email="staff_c@example.org")
    Membership.objects.create(user=user, center=center_c, role="staff")
    return user


@pytest.fixture
def program_b(center_b):
    from markaz.programs.factories import ProgramFactory

    return ProgramFactory(center=center_b, title_en="Baobab Accelerator")
