"""Impact fixtures for the whole suite (models imported inside the fixtures)."""

from __future__ import annotations

import pytest


@pytest.fixture
def impact_a(center_a, venture_a):
    """Center A's indicator catalog, one quarter and venture A reporting on two indicators."""
    from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory, quarter

    people = IndicatorFactory(
        center=center_a, code="PEOPLE", name_en="People with safe water", unit="persons"
    )
    share = IndicatorFactory(
        center=center_a, code="SATISFIED", name_en="Satisfied users", unit="%",
        kind="percentage", aggregation="weighted_mean", dimensions=[],
    )  # fmt: skip
    q1 = quarter(center_a, 2026, 1)
    VentureIndicatorFactory(venture=venture_a, indicator=people)
    VentureIndicatorFactory(venture=venture_a, indicator=share)
    return {"people": people, "share": share, "q1": q1, "venture": venture_a}


@pytest.fixture
def impact_b(center_b, venture_b):
    from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory, quarter

    people = IndicatorFactory(center=center_b, code="PEOPLE-B", name_en="Baobab reach")
    q1 = quarter(center_b, 2026, 1)
    vi = VentureIndicatorFactory(venture=venture_b, indicator=people)
    return {"people": people, "q1": q1, "venture": venture_b, "vi": vi}
