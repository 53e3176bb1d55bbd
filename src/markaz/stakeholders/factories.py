import factory

from markaz.core.factories import CenterFactory
from markaz.stakeholders.models import Affiliation, Organization, Person, Sector


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    center = factory.SubFactory(CenterFactory)
    name_en = factory.Sequence(lambda n: f"Organization {n}")
    name_ar = factory.Sequence(lambda n: f"المنظمة {n}")
    sector = Sector.NON_PROFIT
    country = "JO"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    center = factory.SubFactory(CenterFactory)
    name_en = factory.Sequence(lambda n: f"Person {n}")
    name_ar = factory.Sequence(lambda n: f"الشخص {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Director"
