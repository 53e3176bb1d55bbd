"""Factories for impact rows (used by this app's tests and others')."""

from __future__ import annotations

import datetime as dt

import factory

from markaz.impact.models import Indicator, ReportingPeriod, VentureIndicator


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND-{n:03d}")
    name_en = factory.Sequence(lambda n: f"People reached {n}")
    name_ar = "الأشخاص المستفيدون"
    unit = "people"
    kind = "count"
    aggregation = "sum"
    dimensions = factory.LazyFunction(lambda: ["gender"])


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    frequency = "quarterly"
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 3, 31)


class VentureIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VentureIndicator

    venture = None
    indicator = None
    center = factory.LazyAttribute(lambda o: o.venture.center)


def quarter(center, year: int, q: int) -> ReportingPeriod:
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end = dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)
    return PeriodFactory(center=center, starts_on=start, ends_on=end)
