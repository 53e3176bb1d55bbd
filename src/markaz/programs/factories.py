"""Factories for programs rows (direct rows; use the services for real workflows)."""

import datetime as dt

import factory
from django.utils import timezone

from markaz.core.factories import CenterFactory
from markaz.programs.models import Application, Call, FormField, Program


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    center = factory.SubFactory(CenterFactory)
    title_en = factory.Sequence(lambda n: f"Program {n}")
    title_ar = factory.Sequence(lambda n: f"البرنامج {n}")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    center = factory.SubFactory(CenterFactory)
    program = factory.SubFactory(ProgramFactory, center=factory.SelfAttribute("..center"))
    slug = factory.Sequence(lambda n: f"call-{n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    title_ar = factory.Sequence(lambda n: f"الدعوة {n}")
    phase = "open"
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class FormFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormField

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"q{n}")
    kind = "short_text"
    label_en = factory.Sequence(lambda n: f"Question {n}")
    label_ar = factory.Sequence(lambda n: f"السؤال {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application row (frozen copy empty); drafts come from the services."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    center = factory.SelfAttribute("call.center")
    venture = factory.SubFactory(
        "markaz.ventures.factories.VentureFactory", center=factory.SelfAttribute("..center")
    )
    applicant = factory.SubFactory("markaz.core.factories.UserFactory")
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)
