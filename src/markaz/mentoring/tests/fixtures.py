"""Mentoring fixtures: mentor_a's profile serving center A, venture_a's needs, a mentorship
between them with one session and a private note; the same kinds of objects in center B."""

import datetime as dt

import pytest

# Evenings in Amman (Mon–Thu 16:00–21:00) and a Sunday morning.
EVENINGS = [[d, 16 * 60, 21 * 60] for d in range(4)] + [[6, 9 * 60, 12 * 60]]


def make_profile(*, user=None, person=None, center, languages=("ar", "en"), **extra):
    from markaz.mentoring.models import MentorProfile

    profile = MentorProfile.objects.create(
        user=user,
        person=person,
        languages=list(languages),
        timezone=extra.pop("timezone", "Asia/Amman"),
        availability=extra.pop("availability", EVENINGS),
        capacity=extra.pop("capacity", 2),
        bio_en=extra.pop("bio_en", "Twenty years in water utilities."),
        **extra,
    )
    profile.centers.add(center)
    return profile


def make_needs(venture, *, languages=("ar",), **extra):
    from markaz.mentoring.models import MenteeNeeds

    return MenteeNeeds.objects.create(
        venture=venture,
        center=venture.center,
        languages=list(languages),
        timezone=extra.pop("timezone", "Asia/Amman"),
        availability=extra.pop("availability", EVENINGS),
        goals_en=extra.pop("goals_en", "Find a first paying customer."),
        **extra,
    )


@pytest.fixture
def mentor_profile_a(center_a, mentor_a):
    return make_profile(user=mentor_a, center=center_a)


@pytest.fixture
def needs_a(venture_a):
    return make_needs(venture_a)


@pytest.fixture
def mentorship_a(center_a, mentor_profile_a, needs_a, venture_a):
    from markaz.mentoring.models import Mentorship

    return Mentorship.objects.create(
        center=center_a, venture=venture_a, mentor=mentor_profile_a, started_on=dt.date(2026, 3, 1)
    )


@pytest.fixture
def session_a(mentorship_a, mentor_a):
    from markaz.mentoring.models import Session, SessionNote

    session = Session.objects.create(
        mentorship=mentorship_a, starts_at=dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)
    )
    SessionNote.objects.create(session=session, author=mentor_a, text="Secret pricing idea")
    return session


@pytest.fixture
def mentoring_b(center_b, outsider, venture_b):
    """Center B's profile, needs, round, mentorship, session (with a note) and goal."""
    from markaz.mentoring.models import Goal, MatchRound, Mentorship, Session, SessionNote
    from markaz.stakeholders.factories import PersonFactory

    person = PersonFactory(center=center_b, name_en="Baobab Mentor", email="bm@example.org")
    profile = make_profile(person=person, center=center_b, languages=("en", "sw"))
    needs = make_needs(venture_b, languages=("en",), timezone="Africa/Nairobi")
    match_round = MatchRound.objects.create(center=center_b, name_en="Baobab cohort")
    match_round.ventures.add(venture_b)
    mentorship = Mentorship.objects.create(
        center=center_b, venture=venture_b, mentor=profile, started_on=dt.date(2026, 3, 1)
    )
    session = Session.objects.create(
        mentorship=mentorship, starts_at=dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)
    )
    SessionNote.objects.create(session=session, author=outsider, text="Baobab private note")
    goal = Goal.objects.create(mentorship=mentorship, title="Baobab goal")
    return {
        "mentor_profile_b": profile,
        "needs_b": needs,
        "round_b": match_round,
        "mentorship_b": mentorship,
        "session_b": session,
        "goal_b": goal,
    }
