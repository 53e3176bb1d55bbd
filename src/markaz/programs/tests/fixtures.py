"""Programs fixtures: an incubator of center A with an open call whose form has one question
of every type, a draft application of venture_a by innovator_a, and center B's objects."""

import datetime as dt

import pytest

from markaz.core.access import scope_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

FIELDS = [
    {"key": "pitch", "kind": "short_text", "label_en": "Pitch", "label_ar": "الفكرة",
     "required": True},
    {"key": "story", "kind": "long_text", "label_en": "Your story", "label_ar": "قصتكم",
     "max_words": 10, "required": True},
    {"key": "budget", "kind": "number", "label_en": "Budget", "label_ar": "الميزانية",
     "min_value": 100, "max_value": 50000},
    {"key": "sector", "kind": "single_choice", "label_en": "Sector", "label_ar": "القطاع",
     "choices": [{"value": "water", "label_en": "Water", "label_ar": "المياه"},
                 {"value": "energy", "label_en": "Energy", "label_ar": "الطاقة"}]},
    {"key": "needs", "kind": "multiple_choice", "label_en": "Needs", "label_ar": "الاحتياجات",
     "choices": [{"value": "mentoring", "label_en": "Mentoring", "label_ar": "الإرشاد"},
                 {"value": "funding", "label_en": "Funding", "label_ar": "التمويل"},
                 {"value": "space", "label_en": "Space", "label_ar": "المساحة"}]},
    {"key": "started", "kind": "date", "label_en": "Start date", "label_ar": "تاريخ البدء"},
    {"key": "site", "kind": "url", "label_en": "Website", "label_ar": "الموقع"},
    {"key": "contact", "kind": "email", "label_en": "Contact email", "label_ar": "بريد التواصل"},
    {"key": "deck", "kind": "file", "label_en": "Pitch deck", "label_ar": "العرض التقديمي",
     "required": True},
]  # fmt: skip

GOOD_ANSWERS = {
    "pitch": "Solar water kiosks",
    "story": "We filter water for villages with sunlight.",
    "budget": "12000",
    "sector": "water",
    "needs": ["funding", "mentoring"],
    "started": "2025-03-01",
    "site": "kiosks.example.org",
    "contact": "team@kiosks.example.org",
}


def pdf_upload(name="deck.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def build_call(staff, center, program, *, deadline=None, phase="open", **extra):
    """A call with one question of every type, moved to `phase` through the services."""
    from django.utils import timezone

    from markaz.programs import services

    scope = scope_for(staff)
    data = {
        "program": program,
        "slug": extra.pop("slug", "water-2027"),
        "title_en": extra.pop("title_en", "Water Innovation Call"),
        "title_ar": extra.pop("title_ar", "دعوة ابتكارات المياه"),
        "summary_en": "For ventures bringing clean water to homes.",
        "summary_ar": "للمشاريع التي توصل المياه النظيفة إلى البيوت.",
        "deadline": deadline or timezone.now() + dt.timedelta(days=14),
        **extra,
    }
    call = services.create_call(scope=scope, center=center, data=data)
    for spec in FIELDS:
        services.add_form_field(scope=scope, call=call, data=dict(spec))
    path = {
        "draft": [],
        "open": ["open"],
        "closed": ["open", "closed"],
        "in_review": ["open", "closed", "in_review"],
    }[phase]
    for step in path:
        call = services.change_call_phase(scope=scope, call=call, phase=step)
    return call


@pytest.fixture
def program_a(center_a, staff_a):
    from markaz.programs import services

    return services.create_program(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "kind": "incubator",
            "title_en": "Amal Incubator",
            "title_ar": "حاضنة أمل",
            "description_en": "Six months of support.",
            "description_ar": "ستة أشهر من الدعم.",
        },
    )


@pytest.fixture
def call_a(center_a, staff_a, program_a):
    return build_call(staff_a, center_a, program_a)


@pytest.fixture
def application_a(call_a, innovator_a, venture_a):
    from markaz.programs import services

    return services.start_application(scope=scope_for(innovator_a), call=call_a, venture=venture_a)


def submit(application, user, answers=None, *, with_deck=True):
    """Fill, attach the deck and submit an application as `user`."""
    from markaz.programs import services

    scope = scope_for(user)
    services.save_draft(scope=scope, application=application, answers=answers or GOOD_ANSWERS)
    if with_deck:
        services.add_attachment(
            scope=scope, application=application, key="deck", upload=pdf_upload()
        )
    return services.submit_application(scope=scope, application=application)


def assign_reviewer(application, reviewer, staff):
    """Give `reviewer` the submitted `application` through a real review round; returns the
    assignment (the review app answers programs' "is this an assigned reviewer?")."""
    from markaz.review import services as review
    from markaz.review.tests.fixtures import make_round, make_rubric

    call = application.call
    round_ = make_round(staff, call, make_rubric(staff, call), per_application=1)
    review.add_reviewer(scope=scope_for(staff), round=round_, reviewer=reviewer)
    review.assign_reviewers(scope=scope_for(staff), round=round_)
    return round_.assignments.get(application=application, reviewer=reviewer)


def make_b_objects(center_b, venture_b, staff) -> dict:
    """Center B's program, call, question, submitted application with a file, decision and
    cohort, written directly (fast; the matrices only need them to exist)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from markaz.programs.models import (
        Application,
        Attachment,
        Call,
        Cohort,
        CohortMember,
        Decision,
        FormField,
        Program,
    )

    program = Program.objects.create(center=center_b, title_en="Baobab Accelerator")
    call = Call.objects.create(
        center=center_b,
        program=program,
        slug="baobab-private-call",
        title_en="Baobab private call",
        phase="in_review",
        deadline=timezone.now() - dt.timedelta(days=1),
    )
    field = FormField.objects.create(call=call, key="pitch", kind="short_text", label_en="Pitch")
    application = Application.objects.create(
        center=center_b,
        call=call,
        venture=venture_b,
        applicant=staff,
        status="accepted",
        submitted_at=timezone.now() - dt.timedelta(days=2),
        answers={"pitch": "Baobab secret"},
    )
    attachment = Attachment(
        center=center_b,
        application=application,
        key="deck",
        original_name="baobab.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    attachment.file.save("baobab.pdf", ContentFile(PDF), save=False)
    attachment.save()
    Decision.objects.create(
        center=center_b, application=application, outcome="accept", decided_at=timezone.now()
    )
    cohort = Cohort.objects.create(
        center=center_b, program=program, call=call, name_en="Baobab cohort"
    )
    CohortMember.objects.create(cohort=cohort, venture=venture_b, application=application)
    return {
        "program_b": program,
        "call_b": call,
        "field_b": field,
        "application_b": application,
        "attachment_b": attachment,
        "cohort_b": cohort,
    }
