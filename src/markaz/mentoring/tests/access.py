"""Mentoring's part of the access matrices (see markaz.core.tests.access_plugins)."""

PAGE_PK_PREFIXES = [
    ("mentoring-mentorship", "mentorship_b"),
    ("mentoring-mentor", "mentor_profile_b"),
    ("mentoring-session", "session_b"),
    ("mentoring-round", "round_b"),
    ("mentoring-needs", "venture_b"),
    ("mentoring-goal", "goal_b"),
]
API_OBJECT_FOR = {
    "mentor_id": "mentor_profile_b",
    "round_id": "round_b",
    "mentorship_id": "mentorship_b",
    "session_id": "session_b",
    "goal_id": "goal_b",
}


def objects_b(center_b, objects):
    import datetime as dt

    from markaz.mentoring.models import Goal, MatchRound, Mentorship, Session, SessionNote
    from markaz.mentoring.tests.fixtures import make_needs, make_profile
    from markaz.stakeholders.factories import PersonFactory

    venture_b = objects["venture_b"]
    person = PersonFactory(center=center_b, name_en="Baobab Mentor", email="bm@example.org")
    profile = make_profile(person=person, center=center_b, languages=("en", "sw"))
    make_needs(venture_b, languages=("en",), timezone="Africa/Nairobi")
    match_round = MatchRound.objects.create(center=center_b, name_en="Baobab cohort")
    match_round.ventures.add(venture_b)
    mentorship = Mentorship.objects.create(
        center=center_b, venture=venture_b, mentor=profile, started_on=dt.date(2026, 3, 1)
    )
    session = Session.objects.create(
        mentorship=mentorship, starts_at=dt.datetime(2026, 3, 2, 14, 0, tzinfo=dt.UTC)
    )
    SessionNote.objects.create(session=session, author=None, text="Baobab private note")
    return {
        "mentor_profile_b": profile,
        "round_b": match_round,
        "mentorship_b": mentorship,
        "session_b": session,
        "goal_b": Goal.objects.create(mentorship=mentorship, title="Baobab goal"),
    }


def api_body(operation, objects):
    return {
        "languages": ["en"],
        "ventures": [objects["venture_b"].pk],
        "mentor": objects["mentor_profile_b"].pk,
        "state": "locked",
        "ranked": [],
        "starts_at": "2026-03-02T14:00:00Z",
        "minutes": 60,
        "rating": 4,
        "code": "planted",
        "progress": 10,
        "title": "Planted",
        **({"status": "held"} if operation == "set_mentoring_session_status" else {}),
    }


def state_of_b(center_b):
    from markaz.mentoring.models import (
        Feedback,
        Goal,
        MatchRound,
        MenteeNeeds,
        MentorProfile,
        Mentorship,
        Session,
        SessionNote,
    )

    return {
        "mentor_profiles": list(
            MentorProfile.objects.filter(centers=center_b).values_list("pk", "capacity", "bio_en")
        ),
        "mentee_needs": list(
            MenteeNeeds.objects.filter(center=center_b).values_list("pk", "languages")
        ),
        "match_rounds": list(
            MatchRound.objects.filter(center=center_b).values_list("pk", "status")
        ),
        "round_pairs": list(
            MatchRound.objects.filter(center=center_b).values_list("pairs__pk", "pairs__state")
        ),
        "mentorships": list(Mentorship.objects.filter(center=center_b).values_list("pk", "status")),
        "sessions": list(
            Session.objects.filter(mentorship__center=center_b).values_list("pk", "status")
        ),
        "session_notes": SessionNote.objects.filter(session__mentorship__center=center_b).count(),
        "feedback": Feedback.objects.filter(session__mentorship__center=center_b).count(),
        "goals": list(
            Goal.objects.filter(mentorship__center=center_b).values_list("pk", "progress")
        ),
    }
