import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from markaz.mentoring.stable import blocking_pairs, stable_match


@st.composite
def markets(draw, max_mentees=7, max_mentors=4):
    mentees = [f"e{i}" for i in range(draw(st.integers(0, max_mentees)))]
    mentors = [f"r{j}" for j in range(draw(st.integers(1, max_mentors)))]
    mentee_prefs = {e: list(draw(st.permutations(mentors))) for e in mentees}
    for e in mentees:  # each mentee finds only some mentors acceptable
        mentee_prefs[e] = mentee_prefs[e][: draw(st.integers(0, len(mentors)))]
    mentor_prefs = {}
    for r in mentors:
        ranked = draw(st.permutations(mentees)) if mentees else []
        mentor_prefs[r] = list(ranked[: draw(st.integers(0, len(mentees)))])
    capacities = {r: draw(st.integers(0, 3)) for r in mentors}
    return mentee_prefs, mentor_prefs, capacities


def with_package(mentee_prefs, mentor_prefs, capacities) -> dict[str, str]:
    """The `matching` package's resident-optimal HR solution on the same market.

    It wants mutual, non-empty preference lists and capacities of at least one, so those are
    cleaned first (none of it changes which pairs are acceptable).
    """
    open_mentors = {r for r, c in capacities.items() if c > 0}
    mutual = {
        e: [r for r in ranked if r in open_mentors and e in mentor_prefs[r]]
        for e, ranked in mentee_prefs.items()
    }
    residents = {e: ranked for e, ranked in mutual.items() if ranked}
    hospitals = {
        r: [e for e in mentor_prefs[r] if e in residents and r in residents[e]]
        for r in open_mentors
    }
    hospitals = {r: ranked for r, ranked in hospitals.items() if ranked}
    if not residents:
        return {}
    game = HospitalResident.create_from_dictionaries(
        residents, hospitals, {r: capacities[r] for r in hospitals}
    )
    solution = game.solve(optimal="resident")
    return {e.name: h.name for h, matched in solution.items() for e in matched}


@settings(max_examples=200, deadline=None)
@given(markets())
def test_deferred_acceptance_leaves_no_blocking_pair(market):
    mentee_prefs, mentor_prefs, capacities = market
    matched = stable_match(mentee_prefs, mentor_prefs, capacities)
    assert blocking_pairs(mentee_prefs, mentor_prefs, capacities, matched) == []


@settings(max_examples=200, deadline=None)
@given(markets())
def test_result_equals_the_matching_package_hospital_resident_solver(market):
    assert stable_match(*market) == with_package(*market)


def _all_stable(mentee_prefs, mentor_prefs, capacities):
    pairs = [(e, r) for e, ranked in mentee_prefs.items() for r in ranked if e in mentor_prefs[r]]
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, size):
            matching = dict(chosen)
            if len(matching) < size:
                continue  # a mentee twice
            try:
                if not blocking_pairs(mentee_prefs, mentor_prefs, capacities, matching):
                    yield matching
            except ValueError:
                continue  # over capacity


@settings(max_examples=60, deadline=None)
@given(markets(max_mentees=4, max_mentors=3))
def test_every_mentee_gets_their_best_partner_among_all_stable_matchings(market):
    mentee_prefs = market[0]
    ours = stable_match(*market)
    for other in _all_stable(*market):
        for mentee, ranked in mentee_prefs.items():
            mine, theirs = ours.get(mentee), other.get(mentee)
            if theirs is not None:
                assert mine is not None and ranked.index(mine) <= ranked.index(theirs)


def test_blocking_pair_is_reported_for_an_unstable_matching():
    mentee_prefs = {"amal": ["omar", "sara"], "bilal": ["omar"]}
    mentor_prefs = {"omar": ["amal", "bilal"], "sara": ["amal"]}
    capacities = {"omar": 1, "sara": 1}
    # Amal and Omar both prefer each other to what this matching gives them.
    unstable = {"amal": "sara", "bilal": "omar"}
    assert blocking_pairs(mentee_prefs, mentor_prefs, capacities, unstable) == [("amal", "omar")]
    assert stable_match(mentee_prefs, mentor_prefs, capacities) == {"amal": "omar"}


def test_a_mentor_with_room_blocks_with_an_unmatched_mentee_who_wants_them():
    prefs = {"amal": ["omar"]}, {"omar": ["amal"]}, {"omar": 2}
    assert blocking_pairs(*prefs, {}) == [("amal", "omar")]


@pytest.mark.parametrize(
    ("matching", "message"),
    [
        ({"amal": "sara"}, "not mutually acceptable"),
        ({"amal": "omar", "bilal": "omar"}, "over capacity"),
    ],
)
def test_an_invalid_matching_is_refused(matching, message):
    mentee_prefs = {"amal": ["omar"], "bilal": ["omar"]}
    mentor_prefs = {"omar": ["amal", "bilal"], "sara": []}
    with pytest.raises(ValueError, match=message):
        blocking_pairs(mentee_prefs, mentor_prefs, {"omar": 1, "sara": 1}, matching)


@pytest.mark.parametrize(
    ("mentee_prefs", "mentor_prefs", "capacities", "message"),
    [
        ({"a": ["ghost"]}, {"x": []}, {"x": 1}, "unknown id"),
        ({"a": ["x", "x"]}, {"x": []}, {"x": 1}, "twice"),
        ({"a": []}, {"x": ["b"]}, {"x": 1}, "unknown id"),
        ({"a": []}, {"x": []}, {}, "no capacity"),
        ({"a": []}, {"x": []}, {"x": -1}, "non-negative"),
    ],
)
def test_malformed_preferences_are_refused(mentee_prefs, mentor_prefs, capacities, message):
    with pytest.raises(ValueError, match=message):
        stable_match(mentee_prefs, mentor_prefs, capacities)
