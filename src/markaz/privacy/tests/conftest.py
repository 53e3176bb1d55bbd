"""A person with a trace in many apps: the innovator of center A."""

import pytest

from markaz.core.access import scope_for


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rich_innovator(innovator_a, venture_a, center_a, staff_a, call_a):
    """innovator_a with a rejected application (with a file), an event registration with
    answers and feedback, a booking, a directory profile, a challenge comment, a token."""
    from markaz.challenges.factories import ChallengeFactory, CommentFactory
    from markaz.core.tokens import create_token
    from markaz.events.factories import EventFactory, RegistrationFactory
    from markaz.events.models import Feedback as EventFeedback
    from markaz.networking import services as networking
    from markaz.programs import services as programs
    from markaz.programs.tests.fixtures import submit
    from markaz.resources.factories import BookingFactory, ResourceFactory
    from markaz.stakeholders.factories import AffiliationFactory, OrganizationFactory

    person = innovator_a.person
    person.phone = "+962 7 9999 1234"
    person.bio_en = "Grew up in Zarqa; engineer."
    person.save()
    AffiliationFactory(person=person, organization=OrganizationFactory(center=center_a),
                       title="Founder")  # fmt: skip
    application = programs.start_application(
        scope=scope_for(innovator_a), call=call_a, venture=venture_a
    )
    application = submit(application, innovator_a)
    call_a.phase = "in_review"
    call_a.save()
    programs.decide_application(
        scope=scope_for(staff_a), application=application, outcome="reject", note="weak"
    )
    event = EventFactory(center=center_a)
    registration = RegistrationFactory(
        event=event, user=innovator_a, person=person, answers={"diet": "vegetarian"}
    )
    EventFeedback.objects.create(registration=registration, rating=4, comment="Loved it, Rania")
    BookingFactory(resource=ResourceFactory(center=center_a), venture=venture_a,
                   booked_by=innovator_a, purpose="Meeting my family's investors")  # fmt: skip
    networking.update_profile(
        scope=scope_for(innovator_a), person=person,
        data={"visibility": "center", "headline_en": "Water engineer"},
    )  # fmt: skip
    CommentFactory(challenge=ChallengeFactory(center=center_a), author=innovator_a,
                   body="My phone is 0799")  # fmt: skip
    _token, secret = create_token(
        username=innovator_a.username, center_slug=center_a.slug, name="laptop"
    )
    innovator_a.refresh_from_db()
    return {"user": innovator_a, "person": person, "application": application,
            "registration": registration, "token_secret": secret}  # fmt: skip
