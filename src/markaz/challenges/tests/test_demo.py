"""The demo challenges: realistic, bilingual, several sectors each, idempotent and fast."""

import re

import pytest

from markaz.challenges import demo_data
from markaz.challenges.models import Challenge, ChallengeOwner, ChallengeVenture, Comment

ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture
def demo_network(db):
    """The demo's centers, organizations, people, logins and ventures (not other apps)."""
    from markaz.demo.compose import demo_plan
    from markaz.demo.seed import STEPS
    from markaz.demo.seed_steps import Seeder

    seeder = Seeder(demo_plan())
    for _label, step in STEPS:
        step(seeder)
    return [c["slug"] for c in seeder.plan["centers"]]


def test_demo_challenges_are_bilingual_cross_sector_and_seeded_once(demo_network):
    created = demo_data.seed(demo_network)
    assert 4 <= created["challenges"] <= 6
    assert created["challenge comments"] >= 5
    assert created["challenge ventures"] >= 3
    challenges = list(Challenge.objects.all())
    assert len({c.center_id for c in challenges}) >= 4
    assert {c.status for c in challenges} == {"framing", "open", "implementation", "closed"}
    assert {c.visibility for c in challenges} == {"center", "public"}
    for challenge in challenges:
        assert challenge.title_en and ARABIC.search(challenge.title_ar)
        assert ARABIC.search(challenge.problem_ar)
        sectors = set(challenge.owners.values_list("organization__sector", flat=True))
        assert len(sectors) >= 3, challenge.title_en
        assert challenge.sdg_targets.count() >= 2
    # Comments by people of the owner organizations, not only by staff.
    authors = set(Comment.objects.values_list("author__username", flat=True))
    assert {"mentor", "partner"} <= authors
    before = (Challenge.objects.count(), ChallengeOwner.objects.count(), Comment.objects.count(),
              ChallengeVenture.objects.count())  # fmt: skip
    again = demo_data.seed(demo_network)
    assert sum(again.values()) == 0
    assert before == (Challenge.objects.count(), ChallengeOwner.objects.count(),
                      Comment.objects.count(), ChallengeVenture.objects.count())  # fmt: skip


def test_demo_seed_skips_centers_that_are_not_asked_for(demo_network):
    assert demo_data.seed(["no-such-center"]) == {
        "challenges": 0, "challenge comments": 0, "challenge ventures": 0,
    }  # fmt: skip
    assert not Challenge.objects.exists()
