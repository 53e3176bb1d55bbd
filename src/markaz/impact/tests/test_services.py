from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from markaz.core.access import scope_for
from markaz.impact import aggregation as agg
from markaz.impact import rollups, services
from markaz.impact.models import Observation, ReportStatus, RollupCell


def _values(total, female=None, male=None, share=None):
    rows = [{"indicator": "PEOPLE", "value": total}]
    if female is not None:
        rows += [
            {"indicator": "PEOPLE", "dimension": "gender", "category": "female", "value": female},
            {"indicator": "PEOPLE", "dimension": "gender", "category": "male", "value": male},
        ]
    if share is not None:
        rows.append({"indicator": "SATISFIED", "value": share[0], "weight": share[1]})
    return rows


def _cell(center, indicator, venture=None, period=None, dim="", cat=""):
    key = RollupCell.make_key(center.pk, venture and venture.pk, indicator.pk,
                              period and period.pk, dim, cat)  # fmt: skip
    cell = RollupCell.objects.filter(key=key).first()
    return None if cell is None else agg.value(rollups.to_partial(cell), indicator.aggregation,
                                               indicator.kind)  # fmt: skip


def test_a_verified_report_lands_in_the_rollups_and_a_submitted_one_does_not(
    impact_a, innovator_a, staff_a, center_a
):
    venture, q1, people = impact_a["venture"], impact_a["q1"], impact_a["people"]
    report = services.submit_report(
        scope=scope_for(innovator_a), venture=venture, period=q1,
        values=_values("10", "6", "4", ("80", "10")),
    )  # fmt: skip
    assert report.status == ReportStatus.SUBMITTED
    assert _cell(center_a, people, period=q1) is None
    services.review_report(scope=scope_for(staff_a), report=report, decision="verify")
    assert _cell(center_a, people, period=q1) == 10
    assert _cell(center_a, people, venture, q1, "gender", "female") == 6
    assert _cell(center_a, impact_a["share"]) == 80
    assert rollups.recompute(center_a.pk) == rollups.stored(center_a.pk)


def test_a_correction_is_a_new_revision_that_replaces_the_value_once_verified(
    impact_a, innovator_a, staff_a, center_a
):
    venture, q1, people = impact_a["venture"], impact_a["q1"], impact_a["people"]
    inn, staff = scope_for(innovator_a), scope_for(staff_a)
    report = services.submit_report(scope=inn, venture=venture, period=q1, values=_values("10"))
    services.review_report(scope=staff, report=report, decision="verify")
    with pytest.raises(ValidationError):
        services.submit_report(scope=inn, venture=venture, period=q1, values=_values("12"))
    report = services.submit_report(
        scope=inn, venture=venture, period=q1, values=_values("12"), reason="Late registrations"
    )
    assert _cell(center_a, people, period=q1) == 10  # still the verified one
    services.review_report(scope=staff, report=report, decision="verify")
    assert _cell(center_a, people, period=q1) == 12
    assert report.revisions.count() == 2
    assert Observation.objects.filter(revision__report=report).count() == 2
    assert rollups.recompute(center_a.pk) == rollups.stored(center_a.pk)


def test_disaggregations_must_add_up_to_the_total(impact_a, innovator_a):
    with pytest.raises(ValidationError) as exc:
        services.submit_report(
            scope=scope_for(innovator_a), venture=impact_a["venture"], period=impact_a["q1"],
            values=_values("10", "6", "3"),
        )  # fmt: skip
    assert "add up" in str(exc.value)


def test_percentages_are_never_summed():
    assert not agg.allowed(agg.PERCENTAGE, agg.SUM)
    assert agg.value(agg.merge(agg.of(Decimal(50)), agg.of(Decimal(100))), agg.MEAN) == 75


def test_other_roles_cannot_submit_for_a_venture(impact_a, mentor_a):
    with pytest.raises(PermissionDenied):
        services.submit_report(
            scope=scope_for(mentor_a), venture=impact_a["venture"], period=impact_a["q1"],
            values=_values("1"),
        )  # fmt: skip


def test_the_centers_figures_sum_counts_and_weigh_percentages_across_ventures(
    impact_a, staff_a, center_a
):
    from markaz.impact.factories import VentureIndicatorFactory
    from markaz.ventures.factories import VentureFactory

    other = VentureFactory(center=center_a)
    for indicator in (impact_a["people"], impact_a["share"]):
        VentureIndicatorFactory(venture=other, indicator=indicator)
    staff = scope_for(staff_a)
    for venture, people, share in ((impact_a["venture"], "10", ("80", "25")),
                                   (other, "30", ("40", "75"))):  # fmt: skip
        report = services.submit_report(
            scope=staff, venture=venture, period=impact_a["q1"],
            values=_values(people, share=share),
        )  # fmt: skip
        services.review_report(scope=staff, report=report, decision="verify")
    assert _cell(center_a, impact_a["people"], period=impact_a["q1"]) == 40
    # (80 × 25 + 40 × 75) / 100: weighed by base, never summed (120) nor a plain mean (60).
    assert _cell(center_a, impact_a["share"], period=impact_a["q1"]) == 50
    assert _cell(center_a, impact_a["share"]) == 50
    assert rollups.recompute(center_a.pk) == rollups.stored(center_a.pk)


def test_a_period_takes_only_a_program_of_its_own_center(center_a, center_b, admin_a):
    from markaz.programs.factories import ProgramFactory

    data = {"frequency": "annual", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31)}
    foreign = ProgramFactory(center=center_b)
    with pytest.raises(ValidationError) as exc:
        services.create_period(scope=scope_for(admin_a), center=center_a,
                               data={**data, "program": foreign})  # fmt: skip
    assert "program" in exc.value.message_dict
    own = ProgramFactory(center=center_a)
    period = services.create_period(scope=scope_for(admin_a), center=center_a,
                                    data={**data, "program": own})  # fmt: skip
    assert period.program == own and list(own.impact_periods.all()) == [period]
