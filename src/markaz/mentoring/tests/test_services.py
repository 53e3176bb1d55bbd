import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from markaz.core.access import scope_for
from markaz.mentoring import services, services_pairs
from markaz.mentoring.ics import feed_events
from markaz.mentoring.models import Mentorship, PairState, Session
from markaz.mentoring.reports import summary
from markaz.mentoring.stable import blocking_pairs
from markaz.mentoring.tests.fixtures import make_needs, make_profile

UTC = dt.UTC


@pytest.fixture
def people_a(center_a, staff_a, mentor_a, venture_a, org_a):
    """Two ventures and two mentors of center A; mentor two works at venture one's organization."""
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership
    from markaz.stakeholders.factories import AffiliationFactory, PersonFactory
    from markaz.ventures.factories import TeamMemberFactory, VentureFactory

    venture_a.organization = org_a
    venture_a.save()
    second = VentureFactory(center=center_a, name_en="Solar Dryers")
    founder = UserFactory(username="founder2", email="founder2@example.org")
    Membership.objects.create(user=founder, center=center_a, role="innovator")
    TeamMemberFactory(
        venture=second,
        person=PersonFactory(center=center_a, user=founder, name_en="Founder Two"),
        can_manage=True,
    )
    make_needs(venture_a, languages=["ar"])
    make_needs(second, languages=["ar", "en"])
    one = make_profile(user=mentor_a, center=center_a)
    user2 = UserFactory(username="mentor2", email="mentor2@example.org")
    Membership.objects.create(user=user2, center=center_a, role="mentor")
    person2 = PersonFactory(center=center_a, user=user2, name_en="Mentor Two")
    AffiliationFactory(person=person2, organization=org_a)
    two = make_profile(user=user2, center=center_a, capacity=2)
    return {"ventures": [venture_a, second], "mentors": [one, two], "founder": founder}


def new_round(staff, center, people, **data):
    return services.create_round(
        scope=scope_for(staff),
        center=center,
        data={"name_en": "Spring cohort", **data},
        ventures=people["ventures"],
    )


def test_solving_proposes_pairs_with_their_reasons_and_respects_conflicts(
    staff_a, center_a, people_a
):
    match_round = new_round(staff_a, center_a, people_a)
    result = services.solve_round(scope=scope_for(staff_a), match_round=match_round)
    assert result["matched"] == 2
    pairs = {(p.venture_id, p.mentor_id): p for p in match_round.pairs.all()}
    venture_a, second = people_a["ventures"]
    one, two = people_a["mentors"]
    # Mentor two is affiliated with venture_a's organization: a conflict of interest.
    assert (venture_a.pk, two.pk) not in pairs
    assert set(pairs) == {(venture_a.pk, one.pk), (second.pk, two.pk)}
    components = pairs[(venture_a.pk, one.pk)].components
    assert {c["name"] for c in components} == {
        "expertise", "sector", "sdg", "language", "country", "timezone"
    }  # fmt: skip
    match_round.refresh_from_db()
    assert match_round.status == "proposed"


def test_declared_conflicts_and_exclusions_are_never_proposed(staff_a, center_a, people_a):
    venture_a, second = people_a["ventures"]
    one, two = people_a["mentors"]
    one.conflicted_ventures.add(venture_a)
    match_round = new_round(staff_a, center_a, people_a)
    scope = scope_for(staff_a)
    services.set_pair(
        scope=scope, match_round=match_round, venture=second, mentor=two, state="excluded"
    )
    services.solve_round(scope=scope, match_round=match_round)
    proposed = set(match_round.pairs.filter(state="proposed").values_list("venture", "mentor"))
    assert proposed == {(second.pk, one.pk)}


def test_locked_override_is_kept_and_the_rest_is_resolved(staff_a, center_a, people_a):
    venture_a, second = people_a["ventures"]
    one, _two = people_a["mentors"]
    scope = scope_for(staff_a)
    match_round = new_round(staff_a, center_a, people_a)
    services.solve_round(scope=scope, match_round=match_round)
    services.set_pair(
        scope=scope, match_round=match_round, venture=second, mentor=one, state="locked"
    )
    services.solve_round(scope=scope, match_round=match_round)
    states = {(p.venture_id, p.mentor_id): p.state for p in match_round.pairs.all()}
    assert states[(second.pk, one.pk)] == PairState.LOCKED
    # venture_a can only take mentor one (two has a conflict); one has room for both.
    assert states[(venture_a.pk, one.pk)] == PairState.PROPOSED


def test_an_override_that_breaks_a_hard_constraint_is_refused(staff_a, center_a, people_a):
    venture_a, _second = people_a["ventures"]
    _one, two = people_a["mentors"]
    match_round = new_round(staff_a, center_a, people_a)
    with pytest.raises(ValidationError, match="Conflict of interest"):
        services.set_pair(
            scope=scope_for(staff_a), match_round=match_round, venture=venture_a, mentor=two,
            state="locked",
        )  # fmt: skip
    assert not match_round.pairs.exists()


def test_only_staff_run_rounds(mentor_a, innovator_a, center_a, people_a, staff_a):
    match_round = new_round(staff_a, center_a, people_a)
    for user in (mentor_a, innovator_a):
        with pytest.raises(PermissionDenied):
            services.solve_round(scope=scope_for(user), match_round=match_round)


def test_publishing_introduces_both_sides_in_their_own_language(
    staff_a, center_a, people_a, mentor_a, innovator_a, django_capture_on_commit_callbacks
):
    mentor_a.preferred_language = "ar"
    mentor_a.save()
    innovator_a.preferred_language = "en"
    innovator_a.save()
    match_round = new_round(staff_a, center_a, people_a)
    scope = scope_for(staff_a)
    services.solve_round(scope=scope, match_round=match_round)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.publish_round(scope=scope, match_round=match_round)
    assert len(made) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "أصبحت الآن مرشدًا" in by_address["mentor_a@example.org"].subject
    assert "Please write to them" not in by_address["mentor_a@example.org"].body
    assert "Meet your mentor" in by_address["innovator_a@example.org"].subject
    assert "founder2@example.org" in by_address
    match_round.refresh_from_db()
    assert match_round.status == "published"
    with pytest.raises(ValidationError):
        services.solve_round(scope=scope, match_round=match_round)


def test_ending_a_mentorship_lets_the_venture_be_matched_again(
    staff_a, center_a, people_a, innovator_a
):
    scope = scope_for(staff_a)
    first = new_round(staff_a, center_a, people_a)
    services.solve_round(scope=scope, match_round=first)
    services.publish_round(scope=scope, match_round=first)
    venture_a = people_a["ventures"][0]
    again = new_round(staff_a, center_a, people_a, name_en="Rematch")
    assert services.solve_round(scope=scope, match_round=again)["matched"] == 0
    mentorship = Mentorship.objects.get(venture=venture_a, status="active")
    services_pairs.end_mentorship(
        scope=scope_for(innovator_a), mentorship=mentorship, reason="Done"
    )
    again2 = new_round(staff_a, center_a, people_a, name_en="Rematch 2")
    services.solve_round(scope=scope, match_round=again2)
    assert again2.pairs.filter(venture=venture_a).exists()


def test_stable_round_from_both_sides_rankings_has_no_blocking_pair(
    staff_a, center_a, people_a, mentor_a, innovator_a
):
    venture_a, second = people_a["ventures"]
    one, two = people_a["mentors"]
    one.capacity = 1
    one.save()
    match_round = new_round(staff_a, center_a, people_a, mode="stable")
    services.submit_ranking(
        scope=scope_for(innovator_a), match_round=match_round, ranked=[one.pk, two.pk],
        venture=venture_a,
    )  # fmt: skip
    services.submit_ranking(
        scope=scope_for(people_a["founder"]), match_round=match_round, ranked=[one.pk, two.pk],
        venture=second,
    )  # fmt: skip
    services.submit_ranking(
        scope=scope_for(mentor_a), match_round=match_round, ranked=[second.pk, venture_a.pk]
    )
    services.submit_ranking(
        scope=scope_for(two.user), match_round=match_round, ranked=[second.pk, venture_a.pk]
    )
    services.solve_round(scope=scope_for(staff_a), match_round=match_round)
    matching = {f"v{v}": f"m{m}" for v, m in match_round.pairs.values_list("venture", "mentor")}
    mentee_prefs = {
        f"v{venture_a.pk}": [f"m{one.pk}"],
        f"v{second.pk}": [f"m{one.pk}", f"m{two.pk}"],
    }
    mentor_prefs = {
        f"m{one.pk}": [f"v{second.pk}", f"v{venture_a.pk}"],
        f"m{two.pk}": [f"v{second.pk}"],
    }
    assert matching == {f"v{second.pk}": f"m{one.pk}"}
    assert (
        blocking_pairs(mentee_prefs, mentor_prefs, {f"m{one.pk}": 1, f"m{two.pk}": 2}, matching)
        == []
    )


def test_rankings_come_only_from_participants(staff_a, center_a, people_a, innovator_a):
    match_round = new_round(staff_a, center_a, people_a, mode="stable")
    with pytest.raises(PermissionDenied):
        services.submit_ranking(
            scope=scope_for(innovator_a), match_round=match_round, ranked=[],
            venture=people_a["ventures"][1],
        )  # fmt: skip


def test_sessions_are_scheduled_only_inside_both_availabilities(
    mentorship_a, mentor_a, django_capture_on_commit_callbacks
):
    scope = scope_for(mentor_a)
    # Monday 2 March 2026, 18:00 in Amman (UTC+3) = 15:00 UTC: inside both evenings.
    good = {"starts_at": dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC), "minutes": 60}
    with django_capture_on_commit_callbacks(execute=True):
        session = services_pairs.schedule_session(scope=scope, mentorship=mentorship_a, data=good)
    assert session.pk
    (message,) = [m for m in mail.outbox if m.to == ["mentor_a@example.org"]]
    _name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    late = {"starts_at": dt.datetime(2026, 3, 2, 17, 30, tzinfo=UTC), "minutes": 60}
    with pytest.raises(ValidationError, match="not available"):
        services_pairs.schedule_session(scope=scope, mentorship=mentorship_a, data=late)
    assert Session.objects.count() == 1


def test_venture_availability_limits_sessions_too(mentorship_a, mentor_a, needs_a):
    needs_a.availability = [[0, 19 * 60, 20 * 60]]  # Monday 19:00–20:00 in Amman only
    needs_a.save()
    data = {"starts_at": dt.datetime(2026, 3, 2, 15, 0, tzinfo=UTC), "minutes": 60}
    with pytest.raises(ValidationError, match="team is not available"):
        services_pairs.schedule_session(
            scope=scope_for(mentor_a), mentorship=mentorship_a, data=data
        )


def test_feedback_once_per_side_and_not_by_outsiders(session_a, mentor_a, innovator_a, staff_a):
    services_pairs.give_feedback(scope=scope_for(mentor_a), session=session_a, rating=5)
    services_pairs.give_feedback(scope=scope_for(innovator_a), session=session_a, rating=3)
    with pytest.raises(ValidationError):
        services_pairs.give_feedback(scope=scope_for(mentor_a), session=session_a, rating=4)
    with pytest.raises(PermissionDenied):
        services_pairs.give_feedback(scope=scope_for(staff_a), session=session_a, rating=4)
    report = summary(session_a.mentorship.center)
    assert {r["side"]: r["average"] for r in report["satisfaction"]} == {"mentor": 5, "mentee": 3}
    assert report["total_hours"] == 1.0


def test_calendar_feed_gives_the_pair_their_sessions_only(
    session_a, mentor_a, innovator_a, staff_a
):
    assert [str(e["uid"]) for e in feed_events(mentor_a)] == [
        f"mentoring-session-{session_a.pk}@markaz"
    ]
    assert len(list(feed_events(innovator_a))) == 1
    assert list(feed_events(staff_a)) == []


def test_mentor_edits_own_profile_and_cannot_touch_anothers(center_a, mentor_a, innovator_a):
    scope = scope_for(mentor_a)
    profile = services.save_mentor_profile(
        scope=scope, center=center_a, data={"languages": ["ar"], "capacity": 3}
    )
    assert profile.user == mentor_a and center_a in profile.centers.all()
    with pytest.raises(PermissionDenied):
        services.save_mentor_profile(
            scope=scope_for(innovator_a), center=center_a, profile=profile, data={}
        )
    with pytest.raises(ValidationError):
        services.save_mentor_profile(
            scope=scope, center=center_a, data={"availability": [[9, 0, 10]]}
        )


def test_centers_extend_the_default_expertise_areas(center_a, staff_a, center_b):
    from markaz.mentoring.selectors import areas_for

    defaults = areas_for(center_b).count()
    assert defaults >= 10
    services.add_expertise_area(
        scope=scope_for(staff_a), center=center_a,
        data={"code": "water-tech", "name_en": "Water technology", "name_ar": "تقنيات المياه"},
    )  # fmt: skip
    assert areas_for(center_a).count() == defaults + 1
    assert areas_for(center_b).count() == defaults
    with pytest.raises(ValidationError):
        services.add_expertise_area(
            scope=scope_for(staff_a), center=center_a, data={"code": "fundraising", "name_en": "X"}
        )
