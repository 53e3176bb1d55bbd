import factory

from markaz.core.factories import CenterFactory
from markaz.ventures.models import Stage, TeamMember, TeamRole, Venture


class VentureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venture

    center = factory.SubFactory(CenterFactory)
    name_en = factory.Sequence(lambda n: f"Venture {n}")
    name_ar = factory.Sequence(lambda n: f"المشروع {n}")
    problem_en = "Households lack clean water."
    solution_en = "Solar-powered filtration kiosks."
    stage = Stage.PILOT


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    venture = factory.SubFactory(VentureFactory)
    person = factory.SubFactory("markaz.stakeholders.factories.PersonFactory")
    role = TeamRole.FOUNDER
    can_manage = True
