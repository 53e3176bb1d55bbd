import datetime as dt
from decimal import Decimal

import factory

from markaz.core.factories import CenterFactory
from markaz.funding.models import Award, AwardKind, Fund, Milestone
from markaz.stakeholders.factories import OrganizationFactory
from markaz.ventures.factories import VentureFactory


class FundFactory(factory.django.DjangoModelFactory):
    """A fund row only; awards against it should go through `services.create_award`."""

    class Meta:
        model = Fund

    center = factory.SubFactory(CenterFactory)
    funder = factory.SubFactory(
        OrganizationFactory, center=factory.SelfAttribute("..center"), sector="philanthropy"
    )
    name_en = factory.Sequence(lambda n: f"Fund {n}")
    name_ar = factory.Sequence(lambda n: f"الصندوق {n}")
    amount = Decimal("100000.00")
    currency = "USD"
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2027, 12, 31)


class AwardFactory(factory.django.DjangoModelFactory):
    """An award row WITHOUT its commitment entry (use services.create_award for both)."""

    class Meta:
        model = Award

    center = factory.SubFactory(CenterFactory)
    fund = factory.SubFactory(FundFactory, center=factory.SelfAttribute("..center"))
    venture = factory.SubFactory(VentureFactory, center=factory.SelfAttribute("..center"))
    kind = AwardKind.GRANT
    title_en = factory.Sequence(lambda n: f"Award {n}")
    amount = Decimal("10000.00")
    currency = "USD"
    awarded_on = dt.date(2026, 3, 1)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    award = factory.SubFactory(AwardFactory)
    description_en = factory.Sequence(lambda n: f"Milestone {n}")
    description_ar = factory.Sequence(lambda n: f"المرحلة {n}")
    evidence_required_en = "Photos and a short report."
    due_on = dt.date(2026, 6, 30)
    tranche_amount = Decimal("2500.00")
