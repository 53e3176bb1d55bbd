"""Test and benchmark factories for tenancy rows."""

import factory
from django.contrib.auth import get_user_model

from markaz.core.models import Center, CenterKind, Membership, Network, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"network-{n}")
    name_en = factory.Sequence(lambda n: f"Network {n}")
    name_ar = factory.Sequence(lambda n: f"الشبكة {n}")


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"center-{n}")
    name_en = factory.Sequence(lambda n: f"Center {n}")
    name_ar = factory.Sequence(lambda n: f"المركز {n}")
    country = "JO"
    city_en = "Amman"
    city_ar = "عمّان"
    region = Region.MENA
    kind = CenterKind.NON_PROFIT


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    center = factory.SubFactory(CenterFactory)
    role = "staff"
