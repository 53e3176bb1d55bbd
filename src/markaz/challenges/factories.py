import factory

from markaz.challenges.models import Challenge, ChallengeOwner, Comment, OwnerRole
from markaz.core.factories import CenterFactory, UserFactory
from markaz.stakeholders.factories import OrganizationFactory


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A challenge row only; real ones go through `services.create_challenge`."""

    class Meta:
        model = Challenge

    center = factory.SubFactory(CenterFactory)
    title_en = factory.Sequence(lambda n: f"Challenge {n}")
    title_ar = factory.Sequence(lambda n: f"التحدي {n}")
    problem_en = "Too many households lack safe water."
    problem_ar = "كثير من الأسر تفتقر إلى المياه الآمنة."
    country = "JO"


class ChallengeOwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeOwner

    challenge = factory.SubFactory(ChallengeFactory)
    organization = factory.SubFactory(
        OrganizationFactory, center=factory.SelfAttribute("..challenge.center")
    )
    role = OwnerRole.OWNER


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    challenge = factory.SubFactory(ChallengeFactory)
    author = factory.SubFactory(UserFactory)
    body = "A first thought."
