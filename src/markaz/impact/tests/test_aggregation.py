"""The pure aggregation semantics: each rule, merging, subtracting, progress; and SROI."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from markaz.impact import aggregation as agg
from markaz.impact import sroi

values = st.lists(st.integers(min_value=0, max_value=1000).map(D), min_size=1, max_size=12)


def _all(xs, on=None):
    return agg.merge_all(agg.of(x, on=on) for x in xs)


def test_each_rule_gives_its_figure():
    p = _all([D(10), D(20), D(60)])
    assert agg.value(p, agg.SUM) == 90
    assert agg.value(p, agg.MEAN) == 30
    assert agg.value(p, agg.MAX) == 60
    assert agg.value(p, agg.MIN) == 10


def test_a_weighted_mean_weighs_percentages_by_their_base():
    p = agg.merge(agg.of(D(50), weight=D(10)), agg.of(D(100), weight=D(30)))
    assert agg.value(p, agg.WEIGHTED_MEAN, agg.PERCENTAGE) == D("87.5")
    assert agg.value(p, agg.MEAN, agg.PERCENTAGE) == 75


def test_latest_takes_the_most_recent_period_then_adds_counts_across_ventures():
    v1 = agg.over_time([agg.of(D(5), on=date(2026, 3, 31)), agg.of(D(9), on=date(2026, 6, 30))],
                       agg.LATEST)  # fmt: skip
    v2 = agg.over_time([agg.of(D(4), on=date(2026, 3, 31))], agg.LATEST)
    assert agg.value(v1, agg.LATEST, agg.COUNT) == 9
    assert agg.value(agg.merge(v1, v2), agg.LATEST, agg.COUNT) == 13
    assert agg.value(agg.merge(v1, v2), agg.LATEST, agg.PERCENTAGE) == D("6.5")


def test_percentages_ratios_scales_and_yes_no_are_never_summed():
    for kind in (agg.PERCENTAGE, agg.RATIO, agg.SCALE, agg.BOOLEAN):
        assert not agg.allowed(kind, agg.SUM)
    assert agg.allowed(agg.COUNT, agg.SUM) and agg.allowed(agg.CURRENCY, agg.SUM)
    # Only shares have a base to weigh by; a yes/no answer averages into a share.
    assert not agg.allowed(agg.COUNT, agg.WEIGHTED_MEAN)
    assert not agg.allowed(agg.BOOLEAN, agg.WEIGHTED_MEAN)
    assert not agg.allowed(agg.PERCENTAGE, "median")


def test_a_mean_across_entities_is_over_every_value_not_a_mean_of_means():
    venture_1, venture_2 = _all([D(10), D(20)]), _all([D(60)])
    merged = agg.merge(venture_1, venture_2)
    assert agg.value(merged, agg.MEAN) == 30  # (10 + 20 + 60) / 3, not (15 + 60) / 2
    assert agg.value(merged, agg.SUM) == 90
    assert (agg.value(merged, agg.MIN), agg.value(merged, agg.MAX)) == (10, 60)


def test_latest_shares_average_across_entities_and_counts_add_up():
    a = agg.of(D(80), on=date(2026, 6, 30))
    b = agg.of(D(40), on=date(2026, 6, 30))
    for kind in (agg.PERCENTAGE, agg.RATIO, agg.SCALE, agg.BOOLEAN):
        assert agg.value(agg.merge(a, b), agg.LATEST, kind) == 60
    for kind in agg.ADDITIVE_KINDS:
        assert agg.value(agg.merge(a, b), agg.LATEST, kind) == 120


def test_an_empty_set_has_no_figure_under_any_rule():
    for rule in agg.AGGREGATIONS:
        assert agg.value(agg.EMPTY, rule, agg.PERCENTAGE) is None


def test_different_units_or_currencies_never_combine():
    usd = agg.Measure(agg.CURRENCY, "money", agg.SUM, "USD")
    jod = agg.Measure(agg.CURRENCY, "money", agg.SUM, "JOD")
    try:
        agg.check_compatible([usd, jod])
    except agg.IncompatibleMeasures:
        pass
    else:
        raise AssertionError("USD and JOD were combined")
    agg.check_compatible([usd, agg.Measure(agg.CURRENCY, " Money ", agg.SUM, "usd")])


@given(values, values)
def test_merging_is_the_partial_of_the_union(xs, ys):
    assert agg.merge(_all(xs), _all(ys)) == _all(xs + ys)
    assert agg.merge(_all(xs), _all(ys)) == agg.merge(_all(ys), _all(xs))


@given(values, values)
def test_subtracting_gives_the_rest_or_refuses(xs, ys):
    rest = agg.subtract(_all(xs + ys), _all(ys))
    if min(ys) > min(xs) and max(ys) < max(xs):  # ys held no extreme: the rest is known
        assert rest is not None
    if rest is not None:
        for rule in (agg.SUM, agg.MEAN, agg.MAX, agg.MIN):
            assert agg.value(rest, rule) == agg.value(_all(xs), rule)


def test_subtracting_refuses_when_the_removed_values_held_an_extreme_or_the_latest():
    on = date(2026, 3, 31)
    whole = _all([D(1), D(5), D(9)], on=on)
    assert agg.value(agg.subtract(whole, agg.of(D(5), on=date(2026, 1, 1))), agg.SUM) == 10
    assert agg.subtract(whole, agg.of(D(1), on=date(2026, 1, 1))) is None  # the minimum
    assert agg.subtract(whole, agg.of(D(9), on=date(2026, 1, 1))) is None  # the maximum
    assert agg.subtract(whole, agg.of(D(5), on=on)) is None  # as recent as the latest
    assert agg.subtract(whole, whole) == agg.EMPTY


def test_disaggregations_that_do_not_add_up_are_named():
    gaps = agg.disaggregation_gaps(D(10), {"gender": [D(6), D(3)], "age": [D(10)]}, agg.SUM)
    assert gaps == {"gender": D(-1)}


def test_progress_runs_from_baseline_to_target_in_either_direction():
    assert agg.progress(D(15), baseline=D(10), target=D(20)) == 0.5
    assert agg.progress(D(30), baseline=D(40), target=D(20)) == 0.5  # lower is better
    assert agg.progress(None, baseline=None, target=D(5)) is None


def test_sroi_applies_every_adjustment_and_discounts():
    o = sroi.Outcome("x", D(100), D(10), deadweight=D("0.2"), attribution=D("0.25"),
                     displacement=D("0.5"), drop_off=D("0.5"), years=2)  # fmt: skip
    assert sroi.yearly_impact(o) == D(300)
    result = sroi.compute([o], inputs=D(100), discount_rate=D(0))
    assert result.total_present_value == D(450)
    assert result.ratio == D("4.5")
    table = dict(sroi.sensitivity([o], inputs=D(100), discount_rate=D(0)))
    assert table["base"] == D("4.5")
    assert table["deadweight_up"] < table["base"] < table["deadweight_down"]
    assert table["discount_up"] < table["base"]


def test_two_sroi_outcomes_with_the_same_name_both_count():
    o = sroi.Outcome("Jobs", D(10), D(10), deadweight=D(0), attribution=D(0),
                     displacement=D(0), drop_off=D(0), years=1)  # fmt: skip
    result = sroi.compute([o, o], inputs=D(100), discount_rate=D(0))
    assert result.by_outcome == [D(100), D(100)]
    assert result.total_present_value == D(200) and result.ratio == D(2)
