import factory

from markaz.networking.models import NetworkingProfile, Visibility
from markaz.stakeholders.factories import PersonFactory


class NetworkingProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkingProfile
        django_get_or_create = ("person",)
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    visibility = Visibility.CENTER
    headline_en = "Working on safe water"
    headline_ar = "أعمل على المياه الآمنة"
    expertise = factory.LazyFunction(lambda: ["water"])
    interests = factory.LazyFunction(lambda: ["finance"])

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdg_goals.set(extracted)
