"""Roll-ups kept incrementally equal a from-scratch recomputation, whatever happens."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from markaz.core.access import scope_for
from markaz.impact import rollups, services
from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory, quarter
from markaz.impact.models import Report, ReportStatus


class _Rollback(Exception):
    pass


RULES = [("SUM", "count", "sum", ["gender"]), ("MAX", "count", "max", []),
         ("MIN", "count", "min", []), ("LAST", "count", "latest", []),
         ("PCT", "percentage", "weighted_mean", [])]  # fmt: skip

ops = st.lists(
    st.tuples(
        st.sampled_from(["submit", "verify", "query", "reject", "correct", "join", "leave"]),
        st.integers(0, 2),  # venture
        st.integers(0, 2),  # period
        st.lists(st.integers(0, 50), min_size=5, max_size=5),
        st.integers(1, 20),  # weight
    ),
    min_size=1,
    max_size=16,
)


@pytest.fixture
def world(center_a, staff_a):
    from markaz.ventures.factories import VentureFactory

    ventures = [VentureFactory(center=center_a, name_en=f"V{i}") for i in range(3)]
    periods = [quarter(center_a, 2026, q) for q in (1, 2, 3)]
    for code, kind, rule, dims in RULES:
        ind = IndicatorFactory(center=center_a, code=code, kind=kind, aggregation=rule,
                               dimensions=dims, unit="u")  # fmt: skip
        for v in ventures:
            VentureIndicatorFactory(venture=v, indicator=ind)
    from markaz.programs.factories import ProgramFactory
    from markaz.programs.models import Cohort

    incubator, fellowship = ProgramFactory(center=center_a), ProgramFactory(center=center_a)
    cohorts = [Cohort.objects.create(center=center_a, program=program, name_en=f"C{i}")
               for i, program in enumerate((incubator, incubator, fellowship))]  # fmt: skip
    return {"center": center_a, "ventures": ventures, "periods": periods,
            "cohorts": cohorts, "scope": scope_for(staff_a)}  # fmt: skip


def _values(numbers, weight):
    total = numbers[0]
    female = min(numbers[1], total)
    return [
        {"indicator": "SUM", "value": total},
        {"indicator": "SUM", "dimension": "gender", "category": "female", "value": female},
        {"indicator": "SUM", "dimension": "gender", "category": "male", "value": total - female},
        {"indicator": "MAX", "value": numbers[2]},
        {"indicator": "MIN", "value": numbers[3]},
        {"indicator": "LAST", "value": numbers[4]},
        {"indicator": "PCT", "value": min(numbers[1] * 2, 100), "weight": weight},
    ]


def _apply(world, op, v, p, numbers, weight):
    """p is the period, or the cohort for join and leave (cohorts 0 and 1 share a program)."""
    from markaz.programs.models import CohortMember

    scope = world["scope"]
    if op in ("join", "leave"):
        venture, cohort = world["ventures"][v], world["cohorts"][p]
        if op == "join":
            CohortMember.objects.get_or_create(cohort=cohort, venture=venture)
        else:
            CohortMember.objects.filter(cohort=cohort, venture=venture).delete()
        return
    venture, period = world["ventures"][v], world["periods"][p]
    report = Report.objects.filter(venture=venture, period=period).first()
    if op in ("submit", "correct"):
        if report is not None and report.status == ReportStatus.REJECTED:
            return
        reason = "fix" if op == "correct" or (report and report.verified_id) else ""
        services.submit_report(scope=scope, venture=venture, period=period,
                               values=_values(numbers, weight), reason=reason)  # fmt: skip
    elif report is not None and report.status == ReportStatus.SUBMITTED:
        services.review_report(scope=scope, report=report,
                               decision={"verify": "verify", "query": "query",
                                         "reject": "reject"}[op], note="because")  # fmt: skip


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(ops)
def test_rollups_equal_a_recomputation_after_any_sequence(world, sequence):
    center = world["center"]
    try:
        with transaction.atomic():
            for step in sequence:
                _apply(world, *step)
            assert rollups.stored(center.pk) == rollups.recompute(center.pk)
            raise _Rollback
    except _Rollback:
        pass


def test_unverified_and_rejected_values_stay_out_of_rollups(world):
    scope, venture, period = world["scope"], world["ventures"][0], world["periods"][0]
    report = services.submit_report(scope=scope, venture=venture, period=period,
                                    values=_values([9, 4, 7, 2, 5], 3))  # fmt: skip
    assert rollups.stored(world["center"].pk) == {}
    services.review_report(scope=scope, report=report, decision="reject", note="made up")
    assert rollups.stored(world["center"].pk) == {}


def test_a_correction_replaces_min_and_max_in_the_center_rollup(world):
    from markaz.impact import aggregation as agg
    from markaz.impact.models import Indicator, RollupCell

    scope, center = world["scope"], world["center"]
    v0, v1 = world["ventures"][:2]
    period = world["periods"][0]
    for venture, numbers in ((v0, [1, 0, 40, 3, 1]), (v1, [1, 0, 10, 8, 1])):
        r = services.submit_report(scope=scope, venture=venture, period=period,
                                   values=_values(numbers, 1))  # fmt: skip
        services.review_report(scope=scope, report=r, decision="verify")
    r = services.submit_report(scope=scope, venture=v0, period=period,
                               values=_values([1, 0, 5, 9, 1], 1), reason="typo")  # fmt: skip
    services.review_report(scope=scope, report=r, decision="verify")
    mx, mn = Indicator.objects.get(code="MAX"), Indicator.objects.get(code="MIN")
    key = RollupCell.make_key
    cell_max = RollupCell.objects.get(key=key(center.pk, None, mx.pk, period.pk))
    cell_min = RollupCell.objects.get(key=key(center.pk, None, mn.pk, period.pk))
    assert agg.value(rollups.to_partial(cell_max), "max") == Decimal(10)
    assert agg.value(rollups.to_partial(cell_min), "min") == Decimal(8)


def test_cohorts_and_programs_merge_their_ventures_once_and_follow_membership(world):
    from markaz.impact import aggregation as agg
    from markaz.impact.models import Indicator, RollupCell
    from markaz.programs.models import CohortMember

    scope, center, period = world["scope"], world["center"], world["periods"][0]
    v0, v1, _v2 = world["ventures"]
    first, second, other = world["cohorts"]
    CohortMember.objects.create(cohort=first, venture=v0)
    for venture, total in ((v0, 10), (v1, 30)):
        r = services.submit_report(scope=scope, venture=venture, period=period,
                                   values=_values([total, 0, 1, 1, 1], 1))  # fmt: skip
        services.review_report(scope=scope, report=r, decision="verify")
    CohortMember.objects.create(cohort=second, venture=v0)  # the same program: counted once
    CohortMember.objects.create(cohort=second, venture=v1)
    ind = Indicator.objects.get(code="SUM")

    def figure(group, p=period.pk):
        key = RollupCell.make_key(center.pk, None, ind.pk, p, group=group)
        cell = RollupCell.objects.filter(key=key).first()
        return None if cell is None else agg.value(rollups.to_partial(cell), "sum")

    program = f"p{first.program_id}"
    assert (figure(f"c{first.pk}"), figure(f"c{second.pk}"), figure(program)) == (10, 40, 40)
    assert figure(program, p=None) == 40 and figure(f"c{other.pk}") is None
    CohortMember.objects.filter(cohort=second, venture=v0).delete()
    assert (figure(f"c{second.pk}"), figure(program)) == (30, 40)  # v0 still in the first
    CohortMember.objects.filter(cohort=first, venture=v0).delete()
    assert figure(program) == 30
    assert rollups.stored(center.pk) == rollups.recompute(center.pk)
    first.delete()  # the cohort's cells go with it; nothing else moves
    assert rollups.stored(center.pk) == rollups.recompute(center.pk)
