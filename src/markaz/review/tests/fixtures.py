"""Review fixtures: a call of center A in review with submitted applications, a rubric, an
open round whose pool holds reviewer_a and two more reviewers, and the same in center B.

Names start with `review_` so they never shadow the programs app's fixtures."""

import datetime as dt
from itertools import count

import pytest

from markaz.core.access import scope_for

_serial = count(1)


def make_call(center, *, blind=False, phase="in_review", title="Water Innovation Call"):
    from markaz.programs.models import Call, Program

    n = next(_serial)
    program = Program.objects.create(
        center=center, title_en=f"Incubator {n}", title_ar=f"حاضنة {n}"
    )
    return Call.objects.create(
        center=center,
        program=program,
        slug=f"call-{n}",
        title_en=title,
        title_ar="دعوة ابتكار المياه",
        phase=phase,
        deadline=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
        blind_review=blind,
    )


def make_application(call, venture, applicant, *, answers=None, files=()):
    """A submitted application with frozen answers and attachment rows (no file content)."""
    from django.utils import timezone

    from markaz.programs.models import Application, Attachment

    app = Application.objects.create(
        center=call.center,
        call=call,
        venture=venture,
        applicant=applicant,
        status="submitted",
        submitted_at=timezone.now(),
        frozen_answers=answers
        or [
            {
                "key": "pitch",
                "kind": "long_text",
                "label_en": "Pitch",
                "label_ar": "العرض",
                "value": "We bring clean water to villages.",
            }
        ],
    )
    for name in files:
        Attachment.objects.create(
            center=call.center,
            application=app,
            key="deck",
            file=f"programs/{call.center_id}/{app.pk}/x.pdf",
            original_name=name,
            content_type="application/pdf",
            size=1234,
        )
    return app


def make_venture(center, name, innovator=None, **kwargs):
    from markaz.ventures.factories import TeamMemberFactory, VentureFactory

    venture = VentureFactory(center=center, name_en=name, **kwargs)
    if innovator is not None:
        TeamMemberFactory(venture=venture, person=innovator.person, can_manage=True)
    return venture


def make_reviewer(center, username):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership
    from markaz.stakeholders.factories import PersonFactory

    user = UserFactory(username=username, email=f"{username}@example.org")
    Membership.objects.create(user=user, center=center, role="reviewer")
    PersonFactory(center=center, user=user, name_en=username.title(), email=user.email)
    return user


def make_rubric(staff, call, *, criteria=2):
    from markaz.review import services

    return services.create_rubric(
        scope=scope_for(staff),
        center=call.center,
        data={"call": call, "name_en": "Screening rubric", "name_ar": "معايير الفرز"},
        criteria=[
            {
                "name_en": name_en,
                "name_ar": name_ar,
                "weight": weight,
                "levels": [
                    {"value": v, "description_en": f"Level {v}", "description_ar": f"المستوى {v}"}
                    for v in range(1, 6)
                ],
            }
            for name_en, name_ar, weight in [
                ("Impact", "الأثر", 2),
                ("Feasibility", "قابلية التنفيذ", 1),
                ("Team", "الفريق", 1),
            ][:criteria]
        ],
    )


def make_round(staff, call, rubric, *, per_application=2, status="open", name="Screening"):
    from markaz.review import services

    round_ = services.create_round(
        scope=scope_for(staff),
        center=call.center,
        data={
            "call": call,
            "rubric": rubric,
            "name_en": name,
            "name_ar": "الفرز",
            "reviewers_per_application": per_application,
        },
    )
    if status != "draft":
        services.set_round_status(scope=scope_for(staff), round=round_, status=status)
    return round_


@pytest.fixture
def review_call_a(center_a):
    return make_call(center_a)


@pytest.fixture
def review_applications_a(review_call_a, venture_a, innovator_a, center_a):
    from markaz.core.factories import UserFactory

    apps = [make_application(review_call_a, venture_a, innovator_a, files=["Pitch deck.pdf"])]
    for i, name in enumerate(["Solar Schools", "Olive Co-op", "Bright Minds"], start=1):
        applicant = UserFactory(username=f"applicant{i}")
        apps.append(make_application(review_call_a, make_venture(center_a, name), applicant))
    return apps


@pytest.fixture
def review_reviewers_a(center_a, reviewer_a):
    return [reviewer_a, make_reviewer(center_a, "rana"), make_reviewer(center_a, "samir")]


@pytest.fixture
def review_rubric_a(staff_a, review_call_a):
    return make_rubric(staff_a, review_call_a)


@pytest.fixture
def review_round_a(
    staff_a, review_call_a, review_rubric_a, review_applications_a, review_reviewers_a
):
    from markaz.review import services

    round_ = make_round(staff_a, review_call_a, review_rubric_a)
    for user in review_reviewers_a:
        services.add_reviewer(scope=scope_for(staff_a), round=round_, reviewer=user)
    return round_


@pytest.fixture
def review_assigned_a(staff_a, review_round_a):
    from markaz.review import services

    services.assign_reviewers(scope=scope_for(staff_a), round=review_round_a)
    return review_round_a
