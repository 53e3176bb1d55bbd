"""The demo part: profiles with varied visibility, introductions in every state, idempotent."""

import pytest

from markaz.networking import demo_data
from markaz.networking.models import Introduction, NetworkingProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(center_a):
    """The demo's logins (admin, staff, … funder) at Amal Hub, and a few more people."""
    from markaz.core.factories import UserFactory
    from markaz.stakeholders.factories import PersonFactory

    for name in demo_data.LISTED_LOGINS:
        user = UserFactory(username=name, email=f"{name}@markaz.example")
        PersonFactory(center=center_a, user=user, name_en=name.title(), email=user.email)
    for n in range(12):
        PersonFactory(center=center_a, name_en=f"Contact {n}")


def test_the_demo_gives_people_profiles_and_introductions_in_every_state(demo_people):
    created = demo_data.seed(["amal-hub"])
    assert created == {"networking profiles": 19, "introductions": 5}
    choices = set(NetworkingProfile.objects.values_list("visibility", flat=True))
    assert choices == {"hidden", "center", "network"}
    logins = NetworkingProfile.objects.filter(person__user__username__in=demo_data.LISTED_LOGINS)
    assert set(logins.values_list("visibility", flat=True)) == {"center"}
    states = set(Introduction.objects.values_list("state", flat=True))
    assert states == {"requested", "accepted_one", "introduced", "declined", "expired"}
    assert not NetworkingProfile.objects.filter(headline_ar="").exists()
    assert demo_data.seed(["amal-hub"]) == {"networking profiles": 0, "introductions": 0}
