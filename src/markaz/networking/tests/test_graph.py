"""The stakeholder graph read from the database: which rows are ties."""

import pytest

from markaz.networking.graph import build_graph, node_id

pytestmark = pytest.mark.django_db


def test_only_live_registrations_of_live_events_tie_people_to_events(
    center_a, innovator_a, mentor_a, partner_a, funder_a
):
    from markaz.events.factories import EventFactory, RegistrationFactory

    event = EventFactory(center=center_a)
    RegistrationFactory(event=event, user=innovator_a, status="confirmed")
    RegistrationFactory(event=event, user=funder_a, status="waitlisted", confirmed_at=None)
    RegistrationFactory(event=event, user=mentor_a, status="cancelled", confirmed_at=None)
    RegistrationFactory(event=event, user=partner_a, status="declined", confirmed_at=None)
    called_off = EventFactory(center=center_a, is_cancelled=True)
    RegistrationFactory(event=called_off, user=mentor_a, status="confirmed")

    g = build_graph([center_a.pk])

    tied = set(g[node_id("event", event.pk)])
    assert tied == {node_id("person", innovator_a.person.pk), node_id("person", funder_a.person.pk)}
    assert node_id("event", called_off.pk) not in g
    assert g.degree(node_id("person", mentor_a.person.pk)) == 0


def test_a_challenge_comment_ties_its_author_but_the_creator_is_not_a_tie(
    center_a, staff_a, innovator_a
):
    from markaz.challenges.models import Challenge, Comment

    challenge = Challenge.objects.create(
        center=center_a, title_en="Water loss", title_ar="فقد المياه", created_by=staff_a
    )
    Comment.objects.create(challenge=challenge, author=innovator_a, body="An idea")

    g = build_graph([center_a.pk])

    assert set(g[node_id("challenge", challenge.pk)]) == {node_id("person", innovator_a.person.pk)}
