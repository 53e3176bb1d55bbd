import pytest

from markaz.mentoring import demo_data
from markaz.mentoring.models import Feedback, MatchRound, MentorProfile, Mentorship, Session


@pytest.fixture
def seeded(db, monkeypatch):
    """The base demo plus this app's part only (other apps' demo data is theirs to test)."""
    from markaz.demo import seed

    monkeypatch.setattr(seed, "app_modules", lambda name: [demo_data])
    return seed.seed_demo()


def test_the_demo_has_a_published_round_with_sessions_and_feedback(seeded):
    match_round = MatchRound.objects.get(name_en=demo_data.ROUND_EN)
    assert match_round.status == "published" and match_round.name_ar
    assert MentorProfile.objects.filter(centers=match_round.center).count() >= 3
    assert Mentorship.objects.filter(round=match_round).count() >= 3
    assert Session.objects.filter(status="held").count() >= 2
    assert Feedback.objects.filter(side="mentee").exists()
    assert Feedback.objects.filter(side="mentor").exists()
    assert all(v == 0 for v in demo_data.seed(["amal-hub"]).values())
