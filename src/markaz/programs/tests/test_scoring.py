import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from markaz.programs.scoring import (
    Criterion,
    Disagreement,
    Review,
    ReviewTotal,
    Rubric,
    dense_ranks,
    normalize_by_reviewer,
    review_totals,
    score_applications,
    weighted_total,
)

property_test = settings(max_examples=80, deadline=None, database=None)

RUBRIC = Rubric(
    (
        Criterion("impact", weight=2, label="Social impact"),
        Criterion("feasibility", weight=1),
        Criterion("team", weight=1),
    )
)


def review(reviewer, application, impact, feasibility=None, team=None):
    scores = {
        "impact": impact,
        "feasibility": impact if feasibility is None else feasibility,
        "team": impact if team is None else team,
    }
    return Review(reviewer, application, scores)


def by_app(scores):
    return {s.application: s for s in scores}


# --- weighted totals --------------------------------------------------------------------------


def test_weighted_total_is_the_weighted_mean_of_the_criteria():
    assert weighted_total(RUBRIC, {"impact": 5, "feasibility": 2, "team": 3}) == 15 / 4


def test_application_score_is_the_mean_of_its_review_totals():
    reviews = [review("amal", "solar", 5), review("omar", "solar", 3, 1, 1)]
    (solar,) = score_applications(RUBRIC, reviews)
    assert solar.totals == (5.0, 2.0)  # (2 * 3 + 1 + 1) / 4
    assert solar.score == 3.5
    assert solar.reviews == 2
    assert solar.spread == 3.0


@pytest.mark.parametrize(
    ("scores", "error"),
    [
        ({"impact": 6, "feasibility": 3, "team": 3}, "outside 1-5"),
        ({"impact": 0.5, "feasibility": 3, "team": 3}, "outside 1-5"),
        ({"impact": 4, "feasibility": 3}, "'team' is not scored"),
        ({"impact": 4, "feasibility": 3, "team": 3, "charm": 5}, "unknown criteria"),
    ],
)
def test_invalid_scores_are_refused(scores, error):
    with pytest.raises(ValueError, match=error):
        weighted_total(RUBRIC, scores)


def test_a_reviewer_cannot_review_the_same_application_twice():
    with pytest.raises(ValueError, match="twice"):
        review_totals(RUBRIC, [review("amal", "solar", 4), review("amal", "solar", 2)])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"criteria": ()}, "at least one criterion"),
        ({"criteria": (Criterion("a"), Criterion("a"))}, "unique"),
        ({"criteria": (Criterion("a", weight=0),)}, "positive"),
        ({"criteria": (Criterion("a"),), "low": 5, "high": 1}, "low < high"),
    ],
)
def test_malformed_rubrics_are_refused(kwargs, error):
    with pytest.raises(ValueError, match=error):
        Rubric(**kwargs)


# --- calibration ------------------------------------------------------------------------------

qualities = st.lists(
    st.floats(2.5, 5, allow_nan=False).map(lambda x: round(x, 2)), min_size=2, max_size=8
).filter(lambda qs: len(set(qs)) > 1)


@property_test
@given(qualities=qualities, room=st.floats(0.1, 1.0), squeeze=st.floats(0.3, 1.0))
def test_calibration_makes_a_uniformly_harsh_reviewer_rank_like_a_lenient_one(
    qualities, room, squeeze
):
    # Two reviewers see different applications of the same qualities; the harsh one scores
    # each lower and compressed (an affine distortion that stays on the 1-5 scale). Raw, every
    # lenient application beats its harsh twin; calibrated, the twins tie and both reviewers'
    # rankings agree.
    shift = room * (min(qualities) - 1) * squeeze

    def harsh(q):
        # max(): rounding can land a hair under the scale's floor (0.9999999999999998).
        return max(1.0, 1 + (q - 1) * squeeze - shift)

    reviews = [review("lenient", f"L{i}", q) for i, q in enumerate(qualities)]
    reviews += [review("harsh", f"H{i}", harsh(q)) for i, q in enumerate(qualities)]

    raw = by_app(score_applications(RUBRIC, reviews))
    assert all(raw[f"L{i}"].score > raw[f"H{i}"].score for i in range(len(qualities)))

    fair = by_app(score_applications(RUBRIC, reviews, normalize=True))
    for i in range(len(qualities)):
        assert fair[f"L{i}"].score == pytest.approx(fair[f"H{i}"].score)
        assert fair[f"L{i}"].rank == fair[f"H{i}"].rank
        assert fair[f"L{i}"].tied
    lenient_order = sorted(range(len(qualities)), key=lambda i: fair[f"L{i}"].rank)
    harsh_order = sorted(range(len(qualities)), key=lambda i: fair[f"H{i}"].rank)
    assert lenient_order == harsh_order


@property_test
@given(
    totals=st.lists(
        st.tuples(st.sampled_from("abcd"), st.floats(1, 5, allow_nan=False)), max_size=20
    )
)
def test_calibration_keeps_each_reviewers_own_order(totals):
    rows = [ReviewTotal(r, i, raw=t, value=t) for i, (r, t) in enumerate(totals)]
    calibrated = normalize_by_reviewer(rows)
    for a, b in zip(calibrated, calibrated[1:] + calibrated[:1], strict=True):
        if a.reviewer == b.reviewer and a.raw < b.raw:
            assert a.value <= b.value
    assert all(math.isfinite(t.value) for t in calibrated)
    assert [t.raw for t in calibrated] == [t for _, t in totals]


def test_a_reviewer_with_a_single_review_keeps_the_raw_total():
    reviews = [review("amal", "a", 5), review("amal", "b", 3), review("omar", "c", 2)]
    totals = {t.application: t for t in normalize_by_reviewer(review_totals(RUBRIC, reviews))}
    assert totals["c"].value == 2.0
    assert not totals["c"].calibrated
    assert totals["a"].calibrated
    assert totals["a"].value > totals["b"].value


def test_a_reviewer_who_scores_everyone_alike_maps_to_the_pooled_mean():
    reviews = [review("amal", "a", 4), review("amal", "b", 4), review("omar", "c", 1)]
    reviews.append(review("omar", "d", 5))
    totals = {t.application: t for t in normalize_by_reviewer(review_totals(RUBRIC, reviews))}
    assert totals["a"].value == totals["b"].value == pytest.approx((4 + 4 + 1 + 5) / 4)


def test_calibration_needs_at_least_two_reviews():
    with pytest.raises(ValueError, match="at least two"):
        normalize_by_reviewer([], min_reviews=1)
    assert normalize_by_reviewer([]) == []


# --- disagreement and ranking -----------------------------------------------------------------


def test_diverging_reviewers_are_flagged():
    reviews = [
        review("amal", "split", 1),
        review("omar", "split", 5),
        review("amal", "close", 3),
        review("omar", "close", 4),
    ]
    scores = by_app(score_applications(RUBRIC, reviews))
    assert scores["split"].disagreement
    assert scores["split"].std == 2.0
    assert not scores["close"].disagreement


@pytest.mark.parametrize(
    ("rule", "flagged"),
    [
        (Disagreement(max_std=None, max_range=1.0), True),  # range 1 >= 1
        (Disagreement(max_std=0.4, max_range=None), True),  # std 0.5 > 0.4
        (Disagreement(max_std=0.5, max_range=None), False),
        (Disagreement(max_std=None, max_range=None), False),
    ],
)
def test_disagreement_thresholds_are_configurable(rule, flagged):
    reviews = [review("amal", "x", 3), review("omar", "x", 4)]
    (x,) = score_applications(RUBRIC, reviews, disagreement=rule)
    assert x.disagreement is flagged


def test_ties_are_visible_in_a_dense_ranking():
    reviews = [review("amal", "a", 4), review("amal", "b", 4), review("amal", "c", 3)]
    reviews.append(review("omar", "d", 5))
    scores = score_applications(RUBRIC, reviews, applications=["a", "b", "c", "d", "e"])
    ranked = [(s.application, s.rank, s.tied) for s in scores]
    assert ranked == [
        ("d", 1, False),
        ("a", 2, True),
        ("b", 2, True),
        ("c", 3, False),
        ("e", None, False),
    ]
    assert scores[-1].score is None
    assert scores[-1].reviews == 0


@property_test
@given(st.dictionaries(st.integers(0, 30), st.integers(0, 6).map(lambda x: x / 2)))
def test_dense_ranks_follow_the_scores_and_mark_every_tie(scores):
    ranks = dense_ranks(scores)
    assert sorted({r for r, _ in ranks.values()}) == list(range(1, len(set(scores.values())) + 1))
    for a in scores:
        for b in scores:
            assert (scores[a] > scores[b]) == (ranks[a][0] < ranks[b][0])
        others = [b for b in scores if b != a and scores[b] == scores[a]]
        assert ranks[a][1] == bool(others)


def test_scores_within_the_tolerance_tie_and_others_do_not():
    ranks = dense_ranks({"a": 1.0, "b": 1.0 + 1e-12, "c": 1.001})
    assert ranks == {"c": (1, False), "a": (2, True), "b": (2, True)}
