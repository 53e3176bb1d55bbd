"""Reviewer assignment: safety (conflicts), coverage, balance and fit against independent oracles.

Oracles: networkx max flow (how many slots can be filled, the smallest possible largest load),
networkx min-cost flow with convex unit costs (the smallest sum of squared loads), and brute
force over every assignment on tiny calls (the whole lexicographic optimum).
"""

import itertools
from collections import Counter

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from markaz.programs.assignment import (
    assign,
    greedy_assign,
    reassign_after_recusal,
)

property_test = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- instances --------------------------------------------------------------------------------


@st.composite
def calls(draw, max_apps=8, max_revs=6, max_n=3, min_apps=0, with_existing=True):
    """A call: affiliations and declared conflicts, optional capacities and earlier assignments."""
    n_app = draw(st.integers(min_apps, max_apps))
    n_rev = draw(st.integers(0, max_revs))
    apps = [f"app{i}" for i in range(n_app)]
    revs = [f"rev{j}" for j in range(n_rev)]
    n = draw(st.integers(0, max_n))
    # Reviewers affiliated with the applicant's organization conflict, plus declared ones.
    orgs = st.integers(0, 4)
    rev_org = [draw(orgs) for _ in revs]
    app_org = [draw(orgs) for _ in apps]
    conflicts = {
        (r, a)
        for r, ro in zip(revs, rev_org, strict=True)
        for a, ao in zip(apps, app_org, strict=True)
        if ro == ao and ro != 0
    }
    pairs = [(r, a) for r in revs for a in apps]
    if pairs:
        conflicts |= set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 3)))
    values = draw(st.lists(st.integers(0, 9), min_size=len(pairs), max_size=len(pairs)))
    affinity = dict(zip(pairs, values, strict=True))
    capacities = None
    if revs and draw(st.booleans()):
        capacities = draw(st.dictionaries(st.sampled_from(revs), st.integers(0, 5)))
    existing = {}
    if with_existing and draw(st.booleans()):
        base = Counter()
        for a in apps:
            free = [
                r
                for r in revs
                if (r, a) not in conflicts and base[r] < (capacities or {}).get(r, 99)
            ]
            chosen = draw(st.lists(st.sampled_from(free), unique=True, max_size=n)) if free else []
            if chosen:
                existing[a] = chosen
                base.update(chosen)
    return {
        "applications": apps,
        "reviewers": revs,
        "per_application": n,
        "affinity": affinity,
        "conflicts": conflicts,
        "capacities": capacities,
        "existing": existing or None,
    }


@st.composite
def crowded_calls(draw):
    """Many applications, few reviewers, everyone preferring the same few reviewers.

    Candidate pruning (one or two reviewers per application) must then widen or fall back.
    """
    n_app = draw(st.integers(40, 80))
    n_rev = draw(st.integers(3, 8))
    apps = list(range(n_app))
    revs = [f"rev{j}" for j in range(n_rev)]
    popularity = draw(st.lists(st.integers(0, 50), min_size=n_rev, max_size=n_rev))
    affinity = np.array(
        [[popularity[j] + draw(st.integers(0, 3)) for _ in apps] for j in range(n_rev)],
        dtype=float,
    )
    pairs = [(r, a) for r in revs for a in apps]
    conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 4)))
    capacities = None
    if draw(st.booleans()):
        capacities = draw(st.dictionaries(st.sampled_from(revs), st.integers(0, 40)))
    return {
        "applications": apps,
        "reviewers": revs,
        "per_application": draw(st.integers(1, 2)),
        "affinity": affinity,
        "conflicts": conflicts,
        "capacities": capacities,
        "existing": None,
    }


# --- oracles ----------------------------------------------------------------------------------

UNLIMITED = 10**6


def _network(call, limit=None):
    """s -> application (slots still wanted) -> eligible reviewer -> t (room left)."""
    existing = call["existing"] or {}
    base = Counter(r for revs in existing.values() for r in revs)
    g = nx.DiGraph()
    g.add_nodes_from(["s", "t"])
    for a in call["applications"]:
        have = existing.get(a, [])
        g.add_edge("s", ("a", a), capacity=max(0, call["per_application"] - len(have)))
        for r in call["reviewers"]:
            if (r, a) not in call["conflicts"] and r not in have:
                g.add_edge(("a", a), ("r", r), capacity=1)
    rooms = {}
    for r in call["reviewers"]:
        cap = (call["capacities"] or {}).get(r, UNLIMITED)
        if limit is not None:
            cap = min(cap, limit)
        rooms[r] = max(0, cap - base[r])
        g.add_edge(("r", r), "t", capacity=rooms[r])
    return g, base, rooms


def best_coverage(call, limit=None):
    """Most slots that can be filled (existing ones included)."""
    g, base, _ = _network(call, limit)
    return nx.maximum_flow_value(g, "s", "t") + sum(base.values())


def smallest_max_load(call):
    """Smallest L such that capping every load at L still fills the most slots."""
    target = best_coverage(call)
    existing = call["existing"] or {}
    low = max(Counter(r for revs in existing.values() for r in revs).values(), default=0)
    for limit in itertools.count(low):
        if best_coverage(call, limit) == target:
            return limit
    raise AssertionError("unreachable")


def smallest_sum_of_squares(call):
    """Minimum of sum(load^2) over maximum assignments: unit arcs priced 2L - 1."""
    g, base, rooms = _network(call)
    for r in call["reviewers"]:
        g.remove_edge(("r", r), "t")
        for j in range(1, min(rooms[r], len(call["applications"])) + 1):
            g.add_edge(("r", r), ("unit", r, j), capacity=1, weight=2 * (base[r] + j) - 1)
            g.add_edge(("unit", r, j), "t", capacity=1)
    flow = nx.max_flow_min_cost(g, "s", "t")
    return nx.cost_of_flow(g, flow) + sum(b * b for b in base.values())


def brute_force(call):
    """(coverage, loads sorted high to low, fit) of the lexicographic optimum, by enumeration."""
    apps, revs, n = call["applications"], call["reviewers"], call["per_application"]
    existing = call["existing"] or {}
    aff = call["affinity"]
    options = []
    for a in apps:
        have = existing.get(a, [])
        free = [r for r in revs if (r, a) not in call["conflicts"] and r not in have]
        want = max(0, n - len(have))
        options.append([c for size in range(want + 1) for c in itertools.combinations(free, size)])
    base = Counter(r for rs in existing.values() for r in rs)
    caps = call["capacities"] or {}
    best = None
    for choice in itertools.product(*options):
        load = base.copy()
        for picked in choice:
            load.update(picked)
        if any(load[r] > max(caps.get(r, UNLIMITED), base[r]) for r in revs):
            continue
        pairs = [(r, a) for a, picked in zip(apps, choice, strict=True) for r in picked]
        pairs += [(r, a) for a, rs in existing.items() for r in rs]
        key = (
            len(pairs),
            tuple(-x for x in sorted((load[r] for r in revs), reverse=True)),
            sum(aff.get(p, 0) for p in pairs),
        )
        best = key if best is None or key > best else best
    coverage, neg_loads, fit = best
    return coverage, [-x for x in neg_loads], fit


# --- helpers ----------------------------------------------------------------------------------


def pairs_of(result):
    return [(r, a) for a, revs in result.assignments.items() for r in revs]


def run(call, **extra):
    return assign(
        call["applications"],
        call["reviewers"],
        call["per_application"],
        affinity=call["affinity"],
        conflicts=call["conflicts"],
        capacities=call["capacities"],
        existing=call["existing"],
        **extra,
    )


def check_safe(call, result):
    """No conflict, no duplicate, capacities respected, earlier assignments kept."""
    for a, revs in result.assignments.items():
        assert len(revs) == len(set(revs)), f"{a} got a reviewer twice"
        assert not {(r, a) for r in revs} & call["conflicts"]
    for a, revs in (call["existing"] or {}).items():
        assert revs == result.assignments[a][: len(revs)]
    loads = Counter(r for r, _ in pairs_of(result))
    assert result.loads == {r: loads[r] for r in call["reviewers"]}
    for r, limit in (call["capacities"] or {}).items():
        assert result.loads[r] <= limit
    assert set(result.assignments) == set(call["applications"])


def coverage(result):
    return sum(len(revs) for revs in result.assignments.values())


# --- properties -------------------------------------------------------------------------------


@property_test
@given(call=calls(), candidates=st.sampled_from([None, 1, 2, "auto"]))
def test_reviewer_with_conflict_is_never_assigned(call, candidates):
    result = run(call, candidates=candidates)
    assigned = set(pairs_of(result))
    assert not assigned & call["conflicts"]
    check_safe(call, result)


@property_test
@given(call=calls())
def test_no_reviewer_is_given_the_same_application_twice(call):
    result = run(call)
    for revs in result.assignments.values():
        assert len(revs) == len(set(revs))
    loads = Counter(r for r, _ in pairs_of(result))
    assert all(result.loads[r] == loads[r] for r in call["reviewers"])


@property_test
@given(
    n_app=st.integers(0, 40),
    n_rev=st.integers(1, 12),
    n=st.integers(0, 4),
    seed=st.integers(0, 2**16),
    candidates=st.sampled_from([None, 2, "auto"]),
)
def test_loads_differ_by_at_most_one_when_everyone_is_eligible(n_app, n_rev, n, seed, candidates):
    rng = np.random.default_rng(seed)
    apps, revs = list(range(n_app)), list(range(n_rev))
    affinity = rng.integers(0, 10, size=(n_rev, n_app)).astype(float)
    result = assign(apps, revs, n, affinity=affinity, candidates=candidates)
    loads = list(result.loads.values())
    if n <= n_rev:
        assert not result.unfilled
        assert max(loads) - min(loads) <= 1
        mean = n * n_app / n_rev
        assert all(int(np.floor(mean)) <= x <= int(np.ceil(mean)) for x in loads)
    else:  # more reviewers wanted than exist: everyone reviews everything
        assert loads == [n_app] * n_rev
        assert len(result.unfilled) == n_app


@property_test
@given(call=calls(max_apps=10, max_revs=6))
def test_every_application_gets_its_reviewers_whenever_that_is_feasible(call):
    result = run(call)
    check_safe(call, result)
    best = best_coverage(call)
    assert coverage(result) == best
    wanted = call["per_application"] * len(call["applications"])
    assert (best == wanted) == (not result.unfilled)
    for app, missing in result.unfilled.items():
        assert missing == call["per_application"] - len(result.assignments[app])
        assert f"application {app}:" in result.shortfalls[app]
        assert result.shortfalls[app] in result.report or "more (see shortfalls)" in result.report


@property_test
@given(call=calls(max_apps=10, max_revs=6))
def test_largest_load_and_sum_of_squares_are_as_small_as_possible(call):
    result = run(call)
    loads = [result.loads[r] for r in call["reviewers"]]
    assert max(loads, default=0) == smallest_max_load(call) or not call["reviewers"]
    assert sum(x * x for x in loads) == smallest_sum_of_squares(call)


@settings(max_examples=40, deadline=None, database=None)
@given(call=calls(max_apps=4, max_revs=4, max_n=2))
def test_result_matches_brute_force_on_tiny_calls(call):
    result = run(call)
    best_cov, best_loads, best_fit = brute_force(call)
    assert coverage(result) == best_cov
    assert sorted(result.loads.values(), reverse=True) == best_loads
    assert result.total_fit == pytest.approx(best_fit)


@property_test
@given(call=crowded_calls(), k=st.sampled_from([1, 2]))
def test_candidate_pairs_still_give_full_coverage_and_balance(call, k):
    result = run(call, candidates=k)
    exact = run(call, candidates=None)
    check_safe(call, result)
    assert coverage(result) == coverage(exact) == best_coverage(call)
    assert sorted(result.loads.values()) == sorted(exact.loads.values())
    assert sum(x * x for x in result.loads.values()) == smallest_sum_of_squares(call)
    assert result.total_fit <= exact.total_fit + 1e-6
    event("widened or exact" if "fell short" in result.report else "candidates sufficed")


@property_test
@given(call=calls(max_apps=10, max_revs=6, with_existing=False))
def test_optimizer_fit_is_at_least_greedy_fit_at_the_same_balance(call):
    args = {k: v for k, v in call.items() if k != "existing"}
    greedy = greedy_assign(**args)
    best = run(call)
    assert not set(pairs_of(greedy)) & call["conflicts"]
    assert coverage(greedy) <= coverage(best)
    same_balance = coverage(greedy) == coverage(best) and sorted(greedy.loads.values()) == sorted(
        best.loads.values()
    )
    event(f"greedy as balanced as the optimizer: {same_balance}")
    if same_balance:
        assert best.total_fit >= greedy.total_fit


def test_greedy_loses_fit_where_the_optimizer_does_not():
    # Greedy gives "first" its favourite; "second" then only has the reviewer it likes least.
    affinity = {("x", "first"): 10, ("y", "first"): 9, ("x", "second"): 10, ("y", "second"): 1}
    args = {"affinity": affinity, "capacities": {"x": 1, "y": 1}}
    greedy = greedy_assign(["first", "second"], ["x", "y"], 1, **args)
    best = assign(["first", "second"], ["x", "y"], 1, **args)
    assert greedy.total_fit == 11
    assert best.total_fit == 19
    assert best.assignments == {"first": ["y"], "second": ["x"]}


@property_test
@given(call=calls(min_apps=1), data=st.data())
def test_recusal_reassigns_only_the_affected_application(call, data):
    before = run(call)
    assigned = pairs_of(before)
    if not assigned:
        return
    reviewer, app = data.draw(st.sampled_from(assigned))
    after = reassign_after_recusal(
        before,
        reviewer,
        app,
        reviewers=call["reviewers"],
        affinity=call["affinity"],
        conflicts=call["conflicts"],
        capacities=call["capacities"],
    )
    for other in call["applications"]:
        if other != app:
            assert after.assignments[other] == before.assignments[other]
    kept = [r for r in before.assignments[app] if r != reviewer]
    assert after.assignments[app][: len(kept)] == kept
    added = after.assignments[app][len(kept) :]
    assert reviewer not in after.assignments[app]
    assert len(added) <= 1
    assert not {(r, app) for r in added} & call["conflicts"]
    # The replacement is the least loaded reviewer who could take it, the best fit among equals.
    loads = Counter(before.loads)
    loads[reviewer] -= 1
    caps = call["capacities"] or {}
    candidates = [
        r
        for r in call["reviewers"]
        if r != reviewer
        and r not in kept
        and (r, app) not in call["conflicts"]
        and loads[r] < caps.get(r, UNLIMITED)
    ]
    if not candidates:
        assert added == []
        assert after.unfilled[app] >= 1
        return
    (new,) = added
    least = min(loads[r] for r in candidates)
    assert loads[new] == least
    best_fit = max(call["affinity"].get((r, app), 0) for r in candidates if loads[r] == least)
    assert call["affinity"].get((new, app), 0) == best_fit
    assert after.loads[new] == loads[new] + 1
    assert after.loads[reviewer] == loads[reviewer]


# --- examples and unhappy paths ---------------------------------------------------------------


def test_short_applications_are_reported_with_the_reason():
    conflicts = {("r1", "solar"), ("r2", "solar")}
    result = assign(["solar", "water"], ["r1", "r2", "r3"], 3, conflicts=conflicts)
    assert result.assignments["solar"] == ["r3"]
    assert result.unfilled == {"solar": 2}
    assert result.shortfalls["solar"] == (
        "application solar: only 1 reviewer eligible, 3 required (2 of 3 have a conflict)"
    )
    assert "1 applications are short:" in result.report
    assert result.shortfalls["solar"] in result.report


def test_capacity_shortfall_names_full_reviewers():
    result = assign(["a", "b", "c"], ["x", "y"], 2, capacities={"x": 2, "y": 3})
    assert sum(result.unfilled.values()) == 1
    (short,) = result.unfilled
    assert "at their maximum load" in result.shortfalls[short]
    assert "Eligible reviewers can take at most 5 slots; 6 required." in result.report


def test_reviewer_without_capacity_is_not_counted_as_eligible():
    result = assign(["a"], ["x", "y"], 2, capacities={"y": 0})
    assert result.assignments == {"a": ["x"]}
    assert "only 1 reviewer eligible with any capacity" in result.shortfalls["a"]


def test_candidate_pruning_widens_when_everyone_prefers_the_same_reviewer():
    # Every application's single best reviewer is r0; the others only rank apps 0-59 highly,
    # so apps 60-99 reach r0 alone among the candidates. Balance needs 25 each.
    apps, revs = list(range(100)), ["r0", "r1", "r2", "r3"]
    affinity = np.zeros((4, 100))
    affinity[0, :] = 1.0
    affinity[1:, :60] = 0.5
    result = assign(apps, revs, 1, affinity=affinity, candidates=1)
    assert sorted(result.loads.values()) == [25, 25, 25, 25]
    assert not result.unfilled
    assert "widened" in result.report or "fell short" in result.report


def test_existing_assignments_are_kept_and_count_towards_load():
    existing = {"a": ["x"], "b": ["x"]}
    result = assign(["a", "b", "c", "d"], ["x", "y"], 1, existing=existing)
    assert result.assignments == {"a": ["x"], "b": ["x"], "c": ["y"], "d": ["y"]}
    assert result.loads == {"x": 2, "y": 2}


def test_existing_assignment_with_a_conflict_is_refused():
    with pytest.raises(ValueError, match="is a conflict"):
        assign(["a"], ["x"], 1, conflicts={("x", "a")}, existing={"a": ["x"]})


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"applications": ["a", "a"]}, "duplicate application"),
        ({"reviewers": ["x", "x"]}, "duplicate reviewer"),
        ({"per_application": -1}, "must not be negative"),
        ({"existing": {"zz": ["x"]}}, "unknown application"),
        ({"existing": {"a": ["ghost"]}}, "unknown reviewer"),
        ({"existing": {"a": ["x", "x"]}}, "twice"),
        ({"capacities": {"x": -1}}, "negative"),
        ({"affinity": np.zeros((3, 3))}, "shaped"),
        ({"affinity": {("x", "a"): float("nan")}}, "finite"),
        ({"candidates": 0}, "candidates"),
    ],
)
def test_invalid_input_is_refused(kwargs, error):
    args = {"applications": ["a", "b"], "reviewers": ["x", "y"], "per_application": 1} | kwargs
    with pytest.raises(ValueError, match=error):
        assign(**args)


def test_recusal_of_a_pair_that_was_never_assigned_is_refused():
    result = assign(["a"], ["x", "y"], 1, affinity={("x", "a"): 1})
    with pytest.raises(ValueError, match="not assigned"):
        reassign_after_recusal(result, "y", "a", reviewers=["x", "y"])


def test_recusal_with_nobody_left_reports_the_hole():
    result = assign(["a"], ["x"], 1)
    after = reassign_after_recusal(result, "x", "a", reviewers=["x"])
    assert after.assignments == {"a": []}
    assert after.unfilled == {"a": 1}
    assert "only 0 reviewers eligible" in after.shortfalls["a"]


def test_affinity_as_mapping_callable_and_array_agree():
    apps, revs = ["a", "b", "c"], ["x", "y", "z"]
    rng = np.random.default_rng(3)
    matrix = rng.integers(0, 9, size=(3, 3)).astype(float)
    mapping = {(r, a): matrix[i, j] for i, r in enumerate(revs) for j, a in enumerate(apps)}
    results = [
        assign(apps, revs, 2, affinity=source)
        for source in (matrix, mapping, lambda r, a: mapping[(r, a)])
    ]
    assert results[0].assignments == results[1].assignments == results[2].assignments
    assert results[0].total_fit == results[1].total_fit == results[2].total_fit


def test_missing_affinity_pairs_count_as_zero():
    result = assign(["a"], ["x", "y"], 1, affinity={("y", "a"): 0.5})
    assert result.assignments == {"a": ["y"]}
    assert result.total_fit == 0.5


def test_empty_calls_are_fine():
    assert assign([], ["x"], 3).assignments == {}
    nobody = assign(["a"], [], 2)
    assert nobody.unfilled == {"a": 2}
    assert "no reviewers" in nobody.report
