import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from markaz.mentoring.matching import FIT_SCALE, Instance, InstanceError, solve

METHODS = ["max_flow", "bypass"]


def lexicographic_lp(inst: Instance) -> tuple[int, float]:
    """Independent optimum: max pairs, then max fit with the pair count fixed (HiGHS).

    The bipartite b-matching polytope is integral, and fixing the count to its maximum keeps
    exactly the optimal face of it, so both LP optima are those of the integer problem.
    """
    n, m, e = len(inst.mentee_ids), len(inst.mentor_ids), len(inst.edge_fit)
    if e == 0:
        return 0, 0.0
    a = np.zeros((n + m, e))
    a[inst.edge_mentee, np.arange(e)] = 1
    a[n + inst.edge_mentor, np.arange(e)] = 1
    caps = np.r_[inst.mentee_capacity, inst.mentor_capacity]
    lo, hi = np.zeros(e), np.ones(e)
    pairs = zip(inst.edge_mentee, inst.edge_mentor, strict=True)
    keys = {(inst.mentee_ids[i], inst.mentor_ids[j]): k for k, (i, j) in enumerate(pairs)}
    for pair in inst.excluded:
        if pair in keys:
            hi[keys[pair]] = 0
    for pair in inst.locked:
        lo[keys[pair]] = 1
    bounds = list(zip(lo, hi, strict=True))
    first = linprog(-np.ones(e), A_ub=a, b_ub=caps, bounds=bounds, method="highs")
    count = round(-first.fun)
    second = linprog(
        -inst.edge_fit, A_ub=a, b_ub=caps, A_eq=np.ones((1, e)), b_eq=[count],
        bounds=bounds, method="highs",
    )  # fmt: skip
    return count, -second.fun


def brute_force(inst: Instance) -> tuple[int, float]:
    best = (0, 0.0)
    edges = list(range(len(inst.edge_fit)))
    for r in range(len(edges) + 1):
        for subset in itertools.combinations(edges, r):
            sub = list(subset)
            load_m = np.bincount(inst.edge_mentee[sub], minlength=len(inst.mentee_ids))
            load_r = np.bincount(inst.edge_mentor[sub], minlength=len(inst.mentor_ids))
            if (load_m <= inst.mentee_capacity).all() and (load_r <= inst.mentor_capacity).all():
                best = max(best, (r, float(inst.edge_fit[sub].sum())))
    return best


fits = st.one_of(
    st.floats(-1, 1, allow_nan=False), st.integers(-3, 10), st.sampled_from([0.0, 0.5, 0.1])
)


@st.composite
def instances(draw, max_people=6, with_staff=True):
    n, m = draw(st.integers(0, max_people)), draw(st.integers(0, max_people))
    pairs = [(i, j) for i in range(n) for j in range(m)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    edges = [(f"e{i}", f"r{j}", draw(fits)) for i, j in chosen]
    inst = Instance.from_records(
        [(f"e{i}", draw(st.integers(0, 2))) for i in range(n)],
        [(f"r{j}", draw(st.integers(0, 3))) for j in range(m)],
        edges,
    )
    if not with_staff or not edges:
        return inst
    excluded = draw(st.lists(st.sampled_from([(a, b) for a, b, _ in edges]), unique=True))
    rest = [(a, b) for a, b, _ in edges if (a, b) not in excluded]
    locked = draw(st.lists(st.sampled_from(rest), unique=True, max_size=2)) if rest else []
    candidate = Instance.from_records(
        [(p, int(c)) for p, c in zip(inst.mentee_ids, inst.mentee_capacity, strict=True)],
        [(p, int(c)) for p, c in zip(inst.mentor_ids, inst.mentor_capacity, strict=True)],
        edges,
        locked=locked,
        excluded=excluded,
    )
    try:  # locks that overflow a capacity are refused; test the instance without them
        solve(candidate)
    except InstanceError:
        return inst
    return candidate


def assert_feasible(inst: Instance, result) -> None:
    allowed = {
        (inst.mentee_ids[i], inst.mentor_ids[j]): f
        for i, j, f in zip(inst.edge_mentee, inst.edge_mentor, inst.edge_fit, strict=True)
    }
    assert len(set(result.pairs)) == len(result.pairs) == result.matched
    assert set(result.pairs) <= set(allowed)
    assert set(inst.locked) <= set(result.pairs)
    assert not set(inst.excluded) & set(result.pairs)
    for side, ids, caps in ((0, inst.mentee_ids, inst.mentee_capacity),
                            (1, inst.mentor_ids, inst.mentor_capacity)):  # fmt: skip
        load = dict.fromkeys(ids, 0)
        for pair in result.pairs:
            load[pair[side]] += 1
        assert all(load[pid] <= cap for pid, cap in zip(ids, caps, strict=True))
    assert result.total_fit == pytest.approx(sum(allowed[p] for p in result.pairs), abs=1e-9)
    assert result.pairs == sorted(result.pairs)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=150, deadline=None)
@given(inst=instances())
def test_solution_equals_the_lexicographic_lp_optimum(inst, method):
    result = solve(inst, method=method)
    assert_feasible(inst, result)
    count, best = lexicographic_lp(inst)
    assert result.matched == count
    # Fits are rounded to 1e-6 for the solver: within half of that per pair of the optimum.
    assert result.total_fit == pytest.approx(best, abs=(count + 1) / FIT_SCALE)


@settings(max_examples=150, deadline=None)
@given(inst=instances(max_people=4, with_staff=False))
def test_solution_equals_brute_force_on_tiny_instances(inst):
    if len(inst.edge_fit) > 10:
        inst = Instance(
            inst.mentee_ids, inst.mentee_capacity, inst.mentor_ids, inst.mentor_capacity,
            inst.edge_mentee[:10], inst.edge_mentor[:10], inst.edge_fit[:10],
        )  # fmt: skip
    result = solve(inst)
    count, best = brute_force(inst)
    assert result.matched == count
    assert result.total_fit == pytest.approx(best, abs=(count + 1) / FIT_SCALE)


@pytest.mark.parametrize("method", METHODS)
def test_more_pairs_beat_a_higher_total_fit(method):
    # Greedy on fit would give Amal to Omar (0.9) and leave Bilal alone; two pairs win.
    inst = Instance.from_records(
        [("amal", 1), ("bilal", 1)],
        [("omar", 1), ("sara", 1)],
        [("amal", "omar", 0.9), ("amal", "sara", 0.1), ("bilal", "omar", 0.2)],
    )
    result = solve(inst, method=method)
    assert result.pairs == [("amal", "sara"), ("bilal", "omar")]
    assert result.total_fit == pytest.approx(0.3)


@pytest.mark.parametrize("method", METHODS)
def test_a_negative_fit_pair_is_still_used_when_it_adds_a_pair(method):
    inst = Instance.from_records(
        [("a", 1), ("b", 1)], [("x", 1), ("y", 1)], [("a", "x", 5), ("b", "y", -2)]
    )
    assert solve(inst, method=method).matched == 2


def test_locked_pairs_are_kept_and_the_rest_is_reoptimised():
    inst = Instance.from_records(
        [("a", 1), ("b", 1), ("c", 1)],
        [("x", 2), ("y", 1)],
        [("a", "x", 0.9), ("b", "x", 0.8), ("c", "x", 0.7), ("a", "y", 0.1), ("c", "y", 0.2)],
        locked=[("c", "x")],
        excluded=[("b", "x")],
    )
    result = solve(inst)
    assert result.pairs == [("a", "x"), ("c", "x")]
    assert result.matched == 2
    assert result.total_fit == pytest.approx(1.6)


@pytest.mark.parametrize(
    ("locked", "excluded", "message"),
    [
        ([("a", "y")], [], "not an allowed edge"),
        ([("a", "x")], [("a", "x")], "also excluded"),
        ([("a", "x"), ("b", "x")], [], "capacity of mentor 'x'"),
        ([("a", "x"), ("a", "x")], [], "locked twice"),
        ([("ghost", "x")], [], "unknown mentee"),
        ([], [("a", "ghost")], "unknown mentor"),
    ],
)
def test_impossible_staff_overrides_are_refused(locked, excluded, message):
    inst = Instance.from_records(
        [("a", 1), ("b", 1)], [("x", 1), ("y", 1)], [("a", "x", 1.0), ("b", "x", 1.0)],
        locked=locked, excluded=excluded,
    )  # fmt: skip
    with pytest.raises(InstanceError, match=message):
        solve(inst)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mentee_ids": ("a", "a")}, "duplicate mentee"),
        ({"mentor_capacity": [-1]}, "non-negative"),
        ({"mentee_capacity": [1.5, 1]}, "non-negative integer"),
        ({"edge_fit": [float("nan")]}, "finite"),
        ({"edge_mentor": [3]}, "does not exist"),
        ({"edge_mentee": [0, 0], "edge_mentor": [0, 0], "edge_fit": [1, 2]}, "duplicate edge"),
    ],
)
def test_malformed_instances_are_refused(kwargs, message):
    base = {
        "mentee_ids": ("a", "b"),
        "mentee_capacity": [1, 1],
        "mentor_ids": ("x",),
        "mentor_capacity": [1],
        "edge_mentee": [0],
        "edge_mentor": [0],
        "edge_fit": [1.0],
    }
    with pytest.raises(InstanceError, match=message):
        Instance(**{**base, **kwargs})


def test_huge_fits_lower_the_scale_instead_of_overflowing():
    inst = Instance.from_records(
        [("a", 1), ("b", 1)], [("x", 1)], [("a", "x", 3e15), ("b", "x", 2e15)]
    )
    result = solve(inst)
    assert result.pairs == [("a", "x")]
    assert result.fit_scale < FIT_SCALE


def test_empty_instance_matches_nobody():
    result = solve(Instance.from_records([], [], []))
    assert (result.pairs, result.matched, result.total_fit) == ([], 0, 0.0)
