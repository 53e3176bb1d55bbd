import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from markaz.core.tests.arabic import english_left_on
from markaz.mentoring.models import MatchRound, Mentorship, Session, SessionNote
from markaz.mentoring.tests.fixtures import make_profile


def url(name, center, **kwargs):
    return reverse(name, kwargs={"center": center.slug, **kwargs})


@pytest.fixture
def innovator2_a(center_a):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership
    from markaz.stakeholders.factories import PersonFactory
    from markaz.ventures.factories import TeamMemberFactory, VentureFactory

    user = UserFactory(username="innovator2", email="innovator2@example.org")
    Membership.objects.create(user=user, center=center_a, role="innovator")
    person = PersonFactory(center=center_a, user=user, name_en="Other Innovator")
    TeamMemberFactory(venture=VentureFactory(center=center_a), person=person, can_manage=True)
    return user


@pytest.fixture
def mentor2_a(center_a):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership
    from markaz.stakeholders.factories import PersonFactory

    user = UserFactory(username="mentor2", email="mentor2@example.org")
    Membership.objects.create(user=user, center=center_a, role="mentor")
    PersonFactory(center=center_a, user=user, name_en="Other Mentor")
    make_profile(user=user, center=center_a)
    return user


def test_session_notes_are_seen_by_the_pair_and_staff_only(
    client, center_a, session_a, mentor_a, innovator_a, staff_a, innovator2_a, mentor2_a, outsider
):
    page = url("mentoring-session-detail", center_a, pk=session_a.pk)
    for user in (mentor_a, innovator_a, staff_a):
        client.force_login(user)
        response = client.get(page)
        assert response.status_code == 200
        assert "Secret pricing idea" in response.content.decode()
    for user in (innovator2_a, mentor2_a, outsider):
        client.force_login(user)
        assert client.get(page).status_code == 404
        assert (
            client.get(url("mentoring-session-ics", center_a, pk=session_a.pk)).status_code == 404
        )
        assert (
            client.post(
                url("mentoring-session-note", center_a, pk=session_a.pk), {"text": "x"}
            ).status_code
            == 404
        )
        api = f"/api/v1/centers/amal-hub/mentoring/sessions/{session_a.pk}"
        assert client.get(api).status_code == 404
    assert SessionNote.objects.count() == 1


def test_mentorship_lists_show_each_person_their_own(
    client, center_a, mentorship_a, innovator2_a, mentor_a, innovator_a
):
    for user, seen in ((mentor_a, True), (innovator_a, True), (innovator2_a, False)):
        client.force_login(user)
        body = client.get(url("mentoring-mentorship-list", center_a)).content.decode()
        assert ("Clean Water Kiosks" in body) is seen


def test_mentor_saves_their_profile_with_weekly_availability(client, center_a, mentor_a):
    client.force_login(mentor_a)
    page = url("mentoring-my-profile", center_a)
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {"languages": ["ar", "en"], "capacity": 2, "timezone": "Asia/Amman", "bio_en": "Hi",
         "day_0": "18:00-20:00, 21:00-22:00", "day_3": "09:00-10:30"},
    )  # fmt: skip
    assert response.status_code == 302
    profile = mentor_a.mentor_profile
    assert profile.availability == [[0, 1080, 1200], [0, 1260, 1320], [3, 540, 630]]
    bad = client.post(
        page, {"languages": ["ar"], "capacity": 2, "timezone": "UTC", "day_1": "late"}
    )
    assert bad.status_code == 200
    assert "Write times like" in bad.content.decode()


def test_innovator_records_needs_for_their_venture_only(
    client, center_a, venture_a, innovator_a, innovator2_a
):
    client.force_login(innovator_a)
    page = url("mentoring-needs-edit", center_a, pk=venture_a.pk)
    response = client.post(
        page,
        {"languages": ["ar"], "format": "online", "timezone": "Asia/Amman", "day_2": "10:00-12:00"},
    )
    assert response.status_code == 302
    assert venture_a.mentee_needs.availability == [[2, 600, 720]]
    client.force_login(innovator2_a)
    assert client.get(page).status_code == 404


def test_staff_run_a_round_through_the_pages(
    client,
    center_a,
    staff_a,
    venture_a,
    needs_a,
    mentor_profile_a,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff_a)
    weights = {
        f"w_{n}": 1 for n in ("expertise", "sector", "sdg", "language", "country", "timezone")
    }
    response = client.post(
        url("mentoring-round-create", center_a),
        {"name_en": "Autumn", "mode": "optimal", "ventures": [venture_a.pk], **weights},
    )
    assert response.status_code == 302
    match_round = MatchRound.objects.get(name_en="Autumn")
    detail = url("mentoring-round-detail", center_a, pk=match_round.pk)
    client.post(url("mentoring-round-solve", center_a, pk=match_round.pk))
    body = client.get(detail).content.decode()
    assert "Why this pair fits" in body and "Mentor_A" in body
    client.post(
        url("mentoring-round-pair", center_a, pk=match_round.pk),
        {"venture": venture_a.pk, "mentor": mentor_profile_a.pk, "state": "locked"},
    )
    assert match_round.pairs.get().state == "locked"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("mentoring-round-publish", center_a, pk=match_round.pk))
    assert Mentorship.objects.filter(venture=venture_a, status="active").exists()
    assert {m.to[0] for m in mail.outbox} == {"mentor_a@example.org", "innovator_a@example.org"}
    assert client.get(url("mentoring-report", center_a)).status_code == 200


def test_round_pages_are_for_staff_only(
    client, center_a, mentor_a, innovator_a, staff_a, venture_a
):
    from markaz.core.access import scope_for
    from markaz.mentoring import services

    match_round = services.create_round(
        scope=scope_for(staff_a), center=center_a, data={"name_en": "R"}, ventures=[venture_a]
    )
    for user in (mentor_a, innovator_a):
        client.force_login(user)
        assert client.get(url("mentoring-round-list", center_a)).status_code == 403
        assert (
            client.get(url("mentoring-round-detail", center_a, pk=match_round.pk)).status_code
            == 404
        )
        assert (
            client.post(url("mentoring-round-solve", center_a, pk=match_round.pk)).status_code
            == 404
        )


def test_scheduling_a_session_through_the_page_converts_local_time(
    client, center_a, mentorship_a, mentor_a, django_capture_on_commit_callbacks
):
    client.force_login(mentor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("mentoring-mentorship-session-add", center_a, pk=mentorship_a.pk),
            {"starts_at": "2026-03-02T18:00", "timezone": "Asia/Amman", "minutes": 60,
             "format": "online", "location": "https://meet.example.org/x"},
        )  # fmt: skip
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
    ics = client.get(url("mentoring-session-ics", center_a, pk=session.pk))
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["location"]) == "https://meet.example.org/x"
    refused = client.post(
        url("mentoring-mentorship-session-add", center_a, pk=mentorship_a.pk),
        {
            "starts_at": "2026-03-02T08:00",
            "timezone": "Asia/Amman",
            "minutes": 60,
            "format": "online",
        },
    )
    assert refused.status_code == 200 and Session.objects.count() == 1


def test_both_sides_give_feedback_on_the_session_page(
    client, center_a, session_a, mentor_a, innovator_a
):
    for user, rating in ((mentor_a, 5), (innovator_a, 4)):
        client.force_login(user)
        client.post(
            url("mentoring-session-feedback", center_a, pk=session_a.pk), {"rating": rating}
        )
    assert sorted(session_a.feedback.values_list("side", "rating")) == [
        ("mentee", 4),
        ("mentor", 5),
    ]


def test_list_pages_keep_a_bounded_number_of_queries(
    client, center_a, staff_a, mentorship_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    with django_assert_max_num_queries(25):
        assert client.get(url("mentoring-mentorship-list", center_a)).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url("mentoring-mentor-list", center_a)).status_code == 200


def test_arabic_pages_show_no_english_interface_text(
    client, center_a, staff_a, session_a, mentorship_a, mentor_profile_a, venture_a
):
    from markaz.core.access import scope_for
    from markaz.mentoring import services

    match_round = services.create_round(
        scope=scope_for(staff_a), center=center_a, data={"name_en": "R"}, ventures=[venture_a]
    )
    client.force_login(staff_a)
    names = [
        ("mentoring-home", {}), ("mentoring-mentor-list", {}), ("mentoring-mentor-create", {}),
        ("mentoring-mentor-detail", {"pk": mentor_profile_a.pk}),
        ("mentoring-mentor-edit", {"pk": mentor_profile_a.pk}), ("mentoring-area-list", {}),
        ("mentoring-needs-edit", {"pk": venture_a.pk}), ("mentoring-mentorship-list", {}),
        ("mentoring-mentorship-detail", {"pk": mentorship_a.pk}),
        ("mentoring-mentorship-session-add", {"pk": mentorship_a.pk}),
        ("mentoring-session-detail", {"pk": session_a.pk}), ("mentoring-round-list", {}),
        ("mentoring-round-create", {}), ("mentoring-round-detail", {"pk": match_round.pk}),
        ("mentoring-report", {}), ("mentoring-my-profile", {}),
    ]  # fmt: skip
    urls = [url(n, center_a, **kw).replace("/en/", "/ar/", 1) for n, kw in names]
    assert english_left_on(client, urls) == {}


def test_goals_and_progress_are_tracked_by_the_pair(
    client, center_a, mentorship_a, innovator_a, innovator2_a
):
    client.force_login(innovator_a)
    client.post(
        url("mentoring-mentorship-goal-add", center_a, pk=mentorship_a.pk),
        {"title": "First paying customer", "progress": 10},
    )
    goal = mentorship_a.goals.get()
    client.post(
        url("mentoring-goal-update", center_a, pk=goal.pk), {"title": goal.title, "progress": 60}
    )
    goal.refresh_from_db()
    assert goal.progress == 60
    client.force_login(innovator2_a)
    denied = client.post(
        url("mentoring-goal-update", center_a, pk=goal.pk), {"title": "x", "progress": 0}
    )
    assert denied.status_code == 404
    goal.refresh_from_db()
    assert goal.progress == 60


def test_reports_count_hours_per_program_and_round(
    client, center_a, staff_a, venture_a, needs_a, mentor_profile_a
):
    from markaz.core.access import scope_for
    from markaz.mentoring import services
    from markaz.programs.models import Program

    program = Program.objects.create(center=center_a, title_en="Water incubator")
    scope = scope_for(staff_a)
    match_round = services.create_round(
        scope=scope, center=center_a, data={"name_en": "Cohort 1", "program": program},
        ventures=[venture_a],
    )  # fmt: skip
    services.solve_round(scope=scope, match_round=match_round)
    (mentorship,) = services.publish_round(scope=scope, match_round=match_round)
    Session.objects.create(
        mentorship=mentorship,
        starts_at=dt.datetime(2026, 3, 2, 15, tzinfo=dt.UTC),
        minutes=90,
        status="held",
    )
    client.force_login(staff_a)
    report = client.get("/api/v1/centers/amal-hub/mentoring/report").json()
    assert report["programs"] == [
        {"program_id": program.pk, "program": "Water incubator", "hours": 1.5, "sessions": 1}
    ]
    assert report["rounds"][0]["round"] == "Cohort 1"
    assert report["mentors"][0]["hours"] == 1.5
    assert "Water incubator" in client.get(url("mentoring-report", center_a)).content.decode()


def test_the_api_runs_a_round_and_schedules_a_session(
    client,
    center_a,
    staff_a,
    mentor_a,
    venture_a,
    needs_a,
    mentor_profile_a,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff_a)
    base = "/api/v1/centers/amal-hub/mentoring"
    created = client.post(
        f"{base}/rounds",
        {"name_en": "API round", "ventures": [venture_a.pk]},
        content_type="application/json",
    )
    assert created.status_code == 201
    round_id = created.json()["id"]
    assert client.post(f"{base}/rounds/{round_id}/solve").json()["matched"] == 1
    detail = client.get(f"{base}/rounds/{round_id}").json()
    assert {c["name"] for c in detail["pairs"][0]["components"]} >= {"expertise", "timezone"}
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"{base}/rounds/{round_id}/publish")
    assert published.status_code == 200
    mentorship_id = published.json()[0]["id"]
    client.force_login(mentor_a)
    bad = client.post(
        f"{base}/mentorships/{mentorship_id}/sessions",
        {"starts_at": "2026-03-02T08:00:00+03:00"}, content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 422
    good = client.post(
        f"{base}/mentorships/{mentorship_id}/sessions",
        {"starts_at": "2026-03-02T18:00:00+03:00", "minutes": 60}, content_type="application/json",
    )  # fmt: skip
    assert good.status_code == 201
    session_id = good.json()["id"]
    assert (
        client.post(
            f"{base}/sessions/{session_id}/feedback", {"rating": 5}, content_type="application/json"
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{base}/sessions/{session_id}/feedback", {"rating": 9}, content_type="application/json"
        ).status_code
        == 422
    )
    assert client.get(f"{base}/report").status_code == 403


def _grow_mentoring(center, count):
    """`count` more mentors (half known only as a Person, half as a user), each with a
    venture that has needs and a mentorship, all in one round."""
    import datetime as dt

    from markaz.core.factories import UserFactory
    from markaz.mentoring.models import MatchRound, Mentorship
    from markaz.mentoring.tests.fixtures import make_needs, make_profile
    from markaz.stakeholders.factories import PersonFactory
    from markaz.ventures.factories import VentureFactory

    match_round = MatchRound.objects.filter(center=center).first() or MatchRound.objects.create(
        center=center, name_en="Cohort"
    )
    for i in range(count):
        if i % 2:
            profile = make_profile(person=PersonFactory(center=center), center=center)
        else:
            user = UserFactory()
            PersonFactory(center=center, user=user)
            profile = make_profile(user=user, center=center)
        venture = VentureFactory(center=center)
        make_needs(venture)
        match_round.ventures.add(venture)
        Mentorship.objects.create(
            center=center, venture=venture, mentor=profile, started_on=dt.date(2026, 3, 1)
        )
    return match_round


def test_mentoring_lists_cost_the_same_queries_for_2_or_10_rows(client, center_a, staff_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a)
    counts = []
    for grow in (2, 8):
        match_round = _grow_mentoring(center_a, grow)
        pages = [
            url("mentoring-mentor-list", center_a),
            url("mentoring-mentorship-list", center_a),
            url("mentoring-round-detail", center_a, pk=match_round.pk),
            "/api/v1/centers/amal-hub/mentoring/mentors",
            "/api/v1/centers/amal-hub/mentoring/mentorships",
        ]
        row = []
        for page in pages:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(page)
            assert response.status_code == 200, page
            row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]
