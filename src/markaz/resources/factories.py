import datetime as dt

import factory

from markaz.core.factories import CenterFactory
from markaz.resources.models import Booking, Resource, ServiceRequest
from markaz.ventures.factories import VentureFactory

EVERY_DAY = {str(d): [["08:00", "20:00"]] for d in range(7)}


class ResourceFactory(factory.django.DjangoModelFactory):
    """A bookable room open every day 08:00–20:00 (Amman time) unless told otherwise."""

    class Meta:
        model = Resource

    center = factory.SubFactory(CenterFactory)
    kind = "room"
    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_ar = factory.Sequence(lambda n: f"القاعة {n}")
    is_bookable = True
    capacity = 1
    slot_minutes = 60
    timezone = "Asia/Amman"
    opening_hours = factory.LazyFunction(lambda: dict(EVERY_DAY))


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking row; real bookings go through `services.create_booking`."""

    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    center = factory.SelfAttribute("resource.center")
    venture = factory.SubFactory(VentureFactory, center=factory.SelfAttribute("..center"))
    starts_at = dt.datetime(2030, 6, 3, 7, 0, tzinfo=dt.UTC)
    ends_at = dt.datetime(2030, 6, 3, 8, 0, tzinfo=dt.UTC)
    exclusive = factory.LazyAttribute(lambda o: o.resource.capacity == 1)


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    resource = factory.SubFactory(ResourceFactory, kind="service", is_bookable=False)
    center = factory.SelfAttribute("resource.center")
    provider = factory.SelfAttribute("resource.owner")
    venture = factory.SubFactory(VentureFactory, center=factory.SelfAttribute("..center"))
    need = "Help with the articles of association."
