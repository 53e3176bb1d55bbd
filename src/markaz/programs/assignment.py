"""Reviewer assignment for open calls, solved as a min-cost flow (OR-Tools).

Objectives, in strict order of priority:

1. fill as many reviewer slots as possible (each application wants `per_application`);
2. balance loads: the sorted load vector is decreasingly minimal (the largest load is as small as
   it can be, then the next largest, ...). With nothing in the way every load is the floor or the
   ceiling of the mean. On the integral load vectors of a flow network this is the same as
   minimizing the sum of squared loads (Frank & Murota, "Discrete decreasing minimization"), so
   a reviewer's k-th unit of load costs 2k - 1;
3. maximize total fit (affinity).

Applications are sources (supply = slots wanted) with one arc to each eligible reviewer; each
reviewer reaches the sink through one arc per unit of load. A conflicted pair never gets an arc,
so no objective can ever choose it.

Large calls are solved on candidate pairs (each application's best reviewers and each reviewer's
best applications). The answer is then tested exactly on the full residual network (`_gaps`):
no short application may reach a reviewer with room, and no reviewer may pass load to a spare
one two or more below it. Where the test fails the candidates are widened around the failure,
and as a last resort every eligible pair is used. Coverage and balance are therefore always
optimal; fit is optimal over the pairs the solver saw, at a resolution of up to 1/10,000 of the
affinity range.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from ortools.graph.python import min_cost_flow

DENSE_PAIR_LIMIT = 200_000  # "auto" uses every pair up to this many reviewers x applications
MAX_CANDIDATES = 30  # "auto" keeps at most this many reviewers per application beyond that
SHOWN_IN_REPORT = 20

AffinityInput = (
    Mapping[tuple[Hashable, Hashable], float]
    | Callable[[Hashable, Hashable], float]
    | np.ndarray
    | None
)


@dataclass
class AssignmentResult:
    assignments: dict[Hashable, list[Hashable]]  # every application, in input order
    loads: dict[Hashable, int]  # every reviewer, existing assignments included
    total_fit: float
    unfilled: dict[Hashable, int]  # short application -> reviewers missing
    report: str
    shortfalls: dict[Hashable, str] = field(default_factory=dict)  # short application -> why
    per_application: int = 0
    exact: bool = True  # False when fit was optimized over candidate pairs only


def assign(
    applications: Sequence[Hashable],
    reviewers: Sequence[Hashable],
    per_application: int = 3,
    *,
    affinity: AffinityInput = None,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    capacities: Mapping[Hashable, int] | None = None,
    existing: Mapping[Hashable, Sequence[Hashable]] | None = None,
    candidates: int | str | None = "auto",
) -> AssignmentResult:
    """Give each application `per_application` reviewers, keeping `existing` ones fixed.

    `affinity` maps (reviewer_id, application_id) to a fit score (higher is better, missing
    pairs count 0); it may also be a callable f(reviewer_id, application_id) or a numpy array
    indexed [reviewer, application] in the order of the two sequences. `conflicts` holds
    (reviewer_id, application_id) pairs that must never be assigned; an existing assignment that
    conflicts is an error. `capacities` caps a reviewer's total load. `candidates` is "auto",
    None (every pair, so fit is exact too) or how many reviewers per application to consider.
    """
    problem = _Problem(
        applications,
        reviewers,
        per_application,
        affinity=affinity,
        conflicts=conflicts,
        capacities=capacities,
        existing=existing,
    )
    rows, cols, exact, note = _solve(problem, _candidate_count(problem, candidates))
    return _result(problem, rows, cols, exact=exact, note=note)


def reassign_after_recusal(
    result: AssignmentResult,
    reviewer_id: Hashable,
    application_id: Hashable,
    *,
    reviewers: Sequence[Hashable],
    affinity: AffinityInput = None,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    capacities: Mapping[Hashable, int] | None = None,
) -> AssignmentResult:
    """Drop a recused pair and fill the hole; every other assignment stays as it is.

    The pair counts as a conflict from now on (record it upstream too). Only `application_id`
    gets a new reviewer: the least loaded eligible one, best fit among equals.
    """
    current = result.assignments.get(application_id)
    if current is None or reviewer_id not in current:
        raise ValueError(f"{reviewer_id!r} is not assigned to application {application_id!r}")
    kept = {app: list(revs) for app, revs in result.assignments.items()}
    kept[application_id].remove(reviewer_id)
    problem = _Problem(
        list(kept),
        reviewers,
        result.per_application,
        affinity=affinity,
        conflicts=[*conflicts, (reviewer_id, application_id)],
        capacities=capacities,
        existing=kept,
        only=application_id,
    )
    rows, cols, exact, note = _solve(problem, None)
    earlier = {app: why for app, why in result.shortfalls.items() if app != application_id}
    return _result(
        problem, rows, cols, exact=exact and result.exact, note=f"recusal: {note}", earlier=earlier
    )


def greedy_assign(
    applications: Sequence[Hashable],
    reviewers: Sequence[Hashable],
    per_application: int = 3,
    *,
    affinity: AffinityInput = None,
    conflicts: Iterable[tuple[Hashable, Hashable]] = (),
    capacities: Mapping[Hashable, int] | None = None,
) -> AssignmentResult:
    """Baseline for comparisons: applications in turn take their best reviewers under a load cap.

    The cap is the ceiling of the mean load, relaxed to the real capacity when an application
    would otherwise stay short. Conflicts are honoured; balance and fit are not optimized.
    """
    problem = _Problem(
        applications,
        reviewers,
        per_application,
        affinity=affinity,
        conflicts=conflicts,
        capacities=capacities,
    )
    by_app = np.ascontiguousarray(problem.score.T)
    load = problem.base.copy()
    soft = np.minimum(problem.cap, problem.mean_new_load)
    rows: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    cols: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for j, need in enumerate(problem.demand.tolist()):
        scores = by_app[j]
        open_ = np.isfinite(scores)
        chosen = _best(scores, open_ & (load < soft), need)
        if len(chosen) < need:
            spare = open_ & (load < problem.cap)
            spare[chosen] = False
            chosen = np.concatenate([chosen, _best(scores, spare, need - len(chosen))])
        load[chosen] += 1
        rows.append(chosen)
        cols.append(np.full(len(chosen), j))
    return _result(
        problem,
        np.concatenate(rows),
        np.concatenate(cols),
        exact=False,
        note="greedy baseline",
        optimal=False,
    )


def _best(scores: np.ndarray, allowed: np.ndarray, count: int) -> np.ndarray:
    idx = np.flatnonzero(allowed)
    return idx[np.argsort(-scores[idx], kind="stable")[:count]]


# --- inputs -----------------------------------------------------------------------------------


class _Problem:
    """Validated inputs as arrays: reviewers are rows, applications still wanting slots columns."""

    def __init__(
        self,
        applications: Sequence[Hashable],
        reviewers: Sequence[Hashable],
        per_application: int,
        *,
        affinity: AffinityInput,
        conflicts: Iterable[tuple[Hashable, Hashable]],
        capacities: Mapping[Hashable, int] | None,
        existing: Mapping[Hashable, Sequence[Hashable]] | None = None,
        only: Hashable | None = None,
    ) -> None:
        self.applications = list(applications)
        self.reviewers = list(reviewers)
        if isinstance(per_application, bool) or not isinstance(per_application, int):
            raise TypeError("per_application must be an integer")
        if per_application < 0:
            raise ValueError("per_application must not be negative")
        self.per_application = per_application
        app_pos = _positions(self.applications, "application")
        rev_pos = _positions(self.reviewers, "reviewer")
        n_app, n_rev = len(self.applications), len(self.reviewers)

        conflict_set = conflicts if isinstance(conflicts, set | frozenset) else set(conflicts)
        self.existing = _existing(existing, app_pos, rev_pos, conflict_set)
        self.base = np.bincount(
            [r for revs in self.existing for r in revs], minlength=n_rev
        ).astype(np.int64)
        self.existing_counts = np.array([len(r) for r in self.existing], dtype=np.int64)

        want = np.maximum(0, per_application - self.existing_counts)
        if only is not None:
            want[[i for i in range(n_app) if i != app_pos[only]]] = 0
        self.active = np.flatnonzero(want > 0)
        self.demand = want[self.active]
        limits = _capacities(capacities, self.reviewers, self.base + len(self.active))
        self.unavailable = limits == 0
        self.cap = np.maximum(limits, self.base)  # existing load over a limit stays, adds nothing

        self._affinity = _Affinity(affinity, self.reviewers, self.applications, rev_pos, app_pos)
        score = self._affinity.block(self.active)
        column = np.full(n_app, -1)
        column[self.active] = np.arange(len(self.active))
        pairs = list(conflict_set)
        cr = np.array([rev_pos.get(p[0], -1) for p in pairs], dtype=np.int64)
        ca = np.array([app_pos.get(p[1], -1) for p in pairs], dtype=np.int64)
        known = (cr >= 0) & (ca >= 0)
        self._conflict_rows, self._conflict_apps = cr[known], ca[known]
        hit = column[self._conflict_apps] >= 0
        score[self._conflict_rows[hit], column[self._conflict_apps[hit]]] = -np.inf
        for a in self.active.tolist():
            score[self.existing[a], column[a]] = -np.inf
        score[self.cap <= self.base, :] = -np.inf
        self.score = score
        self.eligible = np.isfinite(score)

    @cached_property
    def eligible_apps_per_reviewer(self) -> np.ndarray:
        return self.eligible.sum(axis=1)

    @cached_property
    def possible_new_load(self) -> np.ndarray:
        return np.minimum(self.cap - self.base, self.eligible_apps_per_reviewer)

    @cached_property
    def busy_reviewers(self) -> int:
        return max(1, int(np.count_nonzero(self.possible_new_load)))

    @cached_property
    def mean_new_load(self) -> int:
        return math.ceil(int(self.demand.sum()) / self.busy_reviewers)

    @cached_property
    def mean_total_load(self) -> int:
        return math.ceil(int(self.demand.sum() + self.base.sum()) / self.busy_reviewers)

    @cached_property
    def conflicts_by_application(self) -> dict[int, np.ndarray]:
        if not len(self._conflict_apps):
            return {}
        order = np.argsort(self._conflict_apps, kind="stable")
        apps, starts = np.unique(self._conflict_apps[order], return_index=True)
        groups = np.split(self._conflict_rows[order], starts[1:])
        return dict(zip(apps.tolist(), groups, strict=True))

    def existing_fit(self) -> float:
        return float(
            sum(self._affinity.pair(r, a) for a, revs in enumerate(self.existing) for r in revs)
        )

    def why_short(self, a: int, count: int, optimal: bool) -> str:
        app, want = self.applications[a], self.per_application
        free = np.ones(len(self.reviewers), dtype=bool)
        free[self.conflicts_by_application.get(a, [])] = False
        n_free = int(free.sum())
        if n_free < want:
            return (
                f"application {app}: only {_reviewers(n_free)} eligible, {want} required "
                f"({len(self.reviewers) - n_free} of {len(self.reviewers)} have a conflict)"
            )
        able = int(np.count_nonzero(free & ~self.unavailable))
        if able < want:
            return (
                f"application {app}: only {_reviewers(able)} eligible with any capacity, "
                f"{want} required"
            )
        if not optimal:
            return f"application {app}: {count} of {want} reviewers; the baseline stopped short"
        return (
            f"application {app}: {count} of {want} reviewers; its other eligible reviewers "
            "are all at their maximum load"
        )


def _reviewers(n: int) -> str:
    return f"{n} reviewer" if n == 1 else f"{n} reviewers"


def _positions(ids: list[Hashable], what: str) -> dict[Hashable, int]:
    pos = {item: i for i, item in enumerate(ids)}
    if len(pos) != len(ids):
        raise ValueError(f"duplicate {what} ids")
    return pos


def _existing(
    existing: Mapping[Hashable, Sequence[Hashable]] | None,
    app_pos: Mapping[Hashable, int],
    rev_pos: Mapping[Hashable, int],
    conflicts: set | frozenset,
) -> list[list[int]]:
    fixed: list[list[int]] = [[] for _ in app_pos]
    for app, revs in (existing or {}).items():
        if app not in app_pos:
            raise ValueError(f"existing assignment for unknown application {app!r}")
        if len(set(revs)) != len(revs):
            raise ValueError(f"application {app!r} lists a reviewer twice")
        for rev in revs:
            if rev not in rev_pos:
                raise ValueError(f"existing assignment to unknown reviewer {rev!r}")
            if (rev, app) in conflicts:
                raise ValueError(f"existing assignment {rev!r} -> {app!r} is a conflict")
            fixed[app_pos[app]].append(rev_pos[rev])
    return fixed


def _capacities(
    capacities: Mapping[Hashable, int] | None, reviewers: list[Hashable], unlimited: np.ndarray
) -> np.ndarray:
    cap = unlimited.copy()
    for i, rev in enumerate(reviewers):
        limit = (capacities or {}).get(rev)
        if limit is None:
            continue
        if limit < 0:
            raise ValueError(f"capacity of {rev!r} is negative")
        cap[i] = min(int(limit), int(cap[i]))
    return cap


class _Affinity:
    def __init__(
        self,
        source: AffinityInput,
        reviewers: list[Hashable],
        applications: list[Hashable],
        rev_pos: Mapping[Hashable, int],
        app_pos: Mapping[Hashable, int],
    ) -> None:
        self.source, self.reviewers, self.applications = source, reviewers, applications
        self.rev_pos, self.app_pos = rev_pos, app_pos
        if isinstance(source, np.ndarray) and source.shape != (len(reviewers), len(applications)):
            raise ValueError("affinity array must be shaped (reviewers, applications)")
        if not (source is None or isinstance(source, np.ndarray | Mapping) or callable(source)):
            raise TypeError("affinity must be a mapping, a callable, a numpy array or None")

    def block(self, columns: np.ndarray) -> np.ndarray:
        """A fresh float array [reviewer, column] for the given application indices."""
        src, n_rev = self.source, len(self.reviewers)
        if isinstance(src, np.ndarray):
            out = np.array(src[:, columns], dtype=np.float64)
        elif src is None:
            out = np.zeros((n_rev, len(columns)))
        elif isinstance(src, Mapping):
            out = np.zeros((n_rev, len(columns)))
            column = {a: j for j, a in enumerate(columns.tolist())}
            for (rev, app), value in src.items():
                r, a = self.rev_pos.get(rev), self.app_pos.get(app)
                if r is not None and a in column:
                    out[r, column[a]] = value
        else:
            apps = [self.applications[a] for a in columns.tolist()]
            out = np.array(
                [[src(rev, app) for app in apps] for rev in self.reviewers], dtype=np.float64
            ).reshape(n_rev, len(columns))
        if not np.isfinite(out).all():
            raise ValueError("affinity values must be finite numbers")
        return out

    def pair(self, r: int, a: int) -> float:
        src = self.source
        if isinstance(src, np.ndarray):
            return float(src[r, a])
        if src is None:
            return 0.0
        rev, app = self.reviewers[r], self.applications[a]
        if isinstance(src, Mapping):
            return float(src.get((rev, app), 0.0))
        return float(src(rev, app))


# --- the solver -------------------------------------------------------------------------------


def _candidate_count(problem: _Problem, candidates: int | str | None) -> int | None:
    if candidates is None:
        return None
    if candidates == "auto":
        if problem.score.size <= DENSE_PAIR_LIMIT:
            return None
        n_rev = problem.score.shape[0]
        return min(MAX_CANDIDATES, max(2 * problem.per_application, n_rev // 4))
    if isinstance(candidates, bool) or not isinstance(candidates, int) or candidates < 1:
        raise ValueError("candidates must be 'auto', None or a positive integer")
    return candidates


def _solve(problem: _Problem, k: int | None) -> tuple[np.ndarray, np.ndarray, bool, str]:
    """New (reviewer row, application column) pairs, whether fit is exact, a note for the report."""
    if k is not None and k < problem.score.shape[0]:
        chosen = _candidates(problem, k)
        for widened in (False, True):
            rows, cols = np.nonzero(chosen)
            r, c = _flow(problem, rows, cols, unit_levels=2 * problem.mean_total_load + 2)
            gaps = _gaps(problem, r, c)
            if gaps is None:
                extra = ", widened where they fell short" if widened else ""
                note = (
                    f"fit optimized over {len(rows):,} candidate pairs (best {k} reviewers per "
                    f"application{extra}); coverage and balance verified optimal on all pairs"
                )
                return r, c, False, note
            # Open every pair of the short applications and the underloaded reviewers.
            before = int(chosen.sum())
            chosen[:, gaps[0]] = True
            chosen[gaps[1], :] = True
            chosen &= problem.eligible
            if chosen.sum() == before:
                break
        rows, cols = np.nonzero(problem.eligible)
        r, c = _flow(problem, rows, cols, unit_levels=None)
        note = f"candidate pairs fell short, so solved exactly on all {len(rows):,} eligible pairs"
        return r, c, True, note
    rows, cols = np.nonzero(problem.eligible)
    r, c = _flow(problem, rows, cols, unit_levels=None)
    return r, c, True, f"solved exactly on all {len(rows):,} eligible pairs"


def _candidates(problem: _Problem, k: int) -> np.ndarray:
    score = problem.score
    n_rev, n_app = score.shape
    # The best k reviewers of every application (ties at the k-th score all join) ...
    chosen = score >= np.partition(score, n_rev - k, axis=0)[n_rev - k]
    # ... and the best applications of every reviewer, so that balance stays within reach.
    m = 2 * problem.mean_new_load + 10
    if m < n_app:
        chosen |= score >= np.partition(score, n_app - m, axis=1)[:, n_app - m, None]
    chosen &= problem.eligible
    return chosen


def _flow(
    problem: _Problem, rows: np.ndarray, cols: np.ndarray, *, unit_levels: int | None
) -> tuple[np.ndarray, np.ndarray]:
    n_rev, n_app = problem.score.shape
    sink = n_app + n_rev
    base = problem.base
    usable = np.minimum(problem.cap - base, np.bincount(rows, minlength=n_rev))
    units = usable if unit_levels is None else np.clip(unit_levels - base, 0, usable)
    bulk = usable - units  # beyond `unit_levels` one arc: cheaper than true, the check catches it

    values = problem.score[rows, cols]
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)
    cycle_pairs = 2 * min(n_app, n_rev) + 2  # most pair arcs on a simple residual cycle
    scale = _fit_scale(cycle_pairs, int((base + usable).max(initial=0)), sink + 1)
    fit = np.zeros(len(values), dtype=np.int64)
    if high > low:
        fit = np.rint((values - low) * (scale / (high - low))).astype(np.int64)
    # A cycle changes fit by at most cycle_pairs * scale: one unit of squared load outweighs it,
    # so balance strictly comes before fit.
    weight = cycle_pairs * scale + 1

    mcf = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = mcf.add_arcs_with_capacity_and_unit_cost(
        cols.astype(np.int32),
        (n_app + rows).astype(np.int32),
        np.ones(len(rows), dtype=np.int64),
        scale - fit,
    )
    # One arc per unit of load: reviewer r's load going from L - 1 to L costs 2L - 1.
    tail = np.repeat(np.arange(n_rev), units)
    first = np.repeat(np.cumsum(units) - units, units)
    level = base[tail] + np.arange(len(tail)) - first + 1
    mcf.add_arcs_with_capacity_and_unit_cost(
        (n_app + tail).astype(np.int32),
        np.full(len(tail), sink, dtype=np.int32),
        np.ones(len(tail), dtype=np.int64),
        weight * (2 * level - 1),
    )
    over = np.flatnonzero(bulk > 0)
    if len(over):
        mcf.add_arcs_with_capacity_and_unit_cost(
            (n_app + over).astype(np.int32),
            np.full(len(over), sink, dtype=np.int32),
            bulk[over],
            weight * (2 * (base[over] + units[over]) + 1),
        )
    mcf.set_nodes_supplies(
        np.r_[np.arange(n_app), sink].astype(np.int32),
        np.r_[problem.demand, -problem.demand.sum()].astype(np.int64),
    )
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = mcf.flows(pair_arcs) > 0
    return rows[used], cols[used]


def _fit_scale(cycle_pairs: int, max_load: int, nodes: int) -> int:
    """Finest fit resolution whose costs stay clear of the solver's overflow checks."""
    for scale in (10_000, 1_000, 100, 10, 1):
        if (cycle_pairs * scale + 1) * (2 * max_load + 1) * (nodes + 1) < 2**60:
            return scale
    raise ValueError("problem too large to weigh balance before fit exactly")


def _gaps(
    problem: _Problem, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """None when a solution is optimal for coverage and balance over all eligible pairs.

    Otherwise the application columns and reviewer rows where it is not. Exact test on the
    residual network: a short application must reach no reviewer with room to spare (else the
    flow is not maximum), and no reviewer may pass a unit of load to a spare reviewer two or more
    below it (Frank & Murota: with no such step the load vector is decreasingly minimal).
    """
    n_rev, n_app = problem.score.shape
    new = np.bincount(rows, minlength=n_rev)
    load = problem.base + new
    spare = new < problem.cap - problem.base
    open_ = problem.eligible.copy()  # eligible pairs not yet used: residual capacity 1
    open_[rows, cols] = False
    # moves[s, u]: one of s's applications could be handed to u instead.
    moves = np.zeros((n_rev, n_rev), dtype=bool)
    if len(rows):
        order = np.argsort(rows, kind="stable")
        holders, starts = np.unique(rows[order], return_index=True)
        moves[holders] = np.logical_or.reduceat(open_[:, cols[order]], starts, axis=1).T
    # lightest[s]: the lowest load of a spare reviewer that s can pass a unit to (itself too).
    lightest = np.where(spare, load, np.inf)
    while True:
        passed = np.where(moves, lightest[None, :], np.inf).min(axis=1, initial=np.inf)
        nxt = np.minimum(lightest, passed)
        if np.array_equal(nxt, lightest):
            break
        lightest = nxt
    short = np.flatnonzero(np.bincount(cols, minlength=n_app) < problem.demand)
    reachable = np.isfinite(lightest)
    stuck = short[(open_[:, short] & reachable[:, None]).any(axis=0)]
    uneven = lightest <= load - 2
    if not len(stuck) and not uneven.any():
        return None
    ceiling = load[uneven].max(initial=0) - 2
    return stuck, np.flatnonzero(spare & (load <= ceiling))


# --- the result -------------------------------------------------------------------------------


def _result(
    problem: _Problem,
    rows: np.ndarray,
    cols: np.ndarray,
    *,
    exact: bool,
    note: str,
    earlier: Mapping[Hashable, str] | None = None,
    optimal: bool = True,
) -> AssignmentResult:
    apps, revs = problem.applications, problem.reviewers
    app_idx = problem.active[cols]
    new_fit = problem.score[rows, cols]
    per_app = [list(r) for r in problem.existing]
    for i in np.lexsort((rows, -new_fit, app_idx)).tolist():
        per_app[int(app_idx[i])].append(int(rows[i]))
    assignments = {app: [revs[r] for r in per_app[a]] for a, app in enumerate(apps)}
    load = problem.base + np.bincount(rows, minlength=len(revs))
    total_fit = float(new_fit.sum()) + problem.existing_fit()

    counts = problem.existing_counts + np.bincount(app_idx, minlength=len(apps))
    unfilled: dict[Hashable, int] = {}
    shortfalls: dict[Hashable, str] = {}
    for a in np.flatnonzero(counts < problem.per_application).tolist():
        app = apps[a]
        unfilled[app] = problem.per_application - int(counts[a])
        shortfalls[app] = (earlier or {}).get(app) or problem.why_short(a, int(counts[a]), optimal)
    return AssignmentResult(
        assignments=assignments,
        loads=dict(zip(revs, load.tolist(), strict=True)),
        total_fit=total_fit,
        unfilled=unfilled,
        report=_report(problem, load, total_fit, unfilled, shortfalls, note),
        shortfalls=shortfalls,
        per_application=problem.per_application,
        exact=exact,
    )


def _report(
    problem: _Problem,
    load: np.ndarray,
    total_fit: float,
    unfilled: Mapping[Hashable, int],
    shortfalls: Mapping[Hashable, str],
    note: str,
) -> str:
    n_app, n_rev = len(problem.applications), len(problem.reviewers)
    wanted = problem.per_application * n_app
    missing = sum(unfilled.values())
    spread = f"{int(load.min())}-{int(load.max())}" if n_rev else "none (no reviewers)"
    lines = [
        f"{wanted - missing:,} of {wanted:,} reviewer slots filled "
        f"({problem.per_application} per application, {n_app:,} applications, "
        f"{n_rev:,} reviewers); loads {spread}; total fit {total_fit:.3f}; {note}."
    ]
    room = int((problem.base + problem.possible_new_load).sum())
    if unfilled and room < wanted:
        lines.append(f"Eligible reviewers can take at most {room:,} slots; {wanted:,} required.")
    if unfilled:
        lines.append(f"{len(unfilled):,} applications are short:")
        shown = list(unfilled)[:SHOWN_IN_REPORT]
        lines += [shortfalls[app] for app in shown]
        if len(unfilled) > len(shown):
            lines.append(f"... and {len(unfilled) - len(shown):,} more (see shortfalls).")
    return "\n".join(lines)
