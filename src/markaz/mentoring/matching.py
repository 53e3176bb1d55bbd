"""Optimal mentor–mentee assignment: as many pairs as possible, then the largest total fit.

The instance is a bipartite graph: mentees and mentors with capacities, and an edge for every
allowed pair carrying its fit. `solve` finds, exactly, a set of edges within the capacities
that first maximises the number of pairs and then, among those, the sum of fits.

It is a min-cost max-flow: source → mentee (capacity = mentee capacity), mentee → mentor (one
arc per edge, capacity 1, cost = −fit scaled to an integer), mentor → sink (capacity = mentor
capacity). OR-Tools' `solve_max_flow_with_min_cost` first fixes the flow value to the maximum
and then minimises cost among maximum flows, which is exactly the lexicographic objective, so
no "BIG" constant is needed and costs stay small. The textbook alternative, plain `solve()`
with a zero-cost source → sink bypass arc and pair costs −(BIG + fit) where BIG exceeds any
possible difference in total fit, is kept as `method="bypass"`; the tests check that both give
the optimum of an independent LP.

Fits are floats; the solver needs integers, so each fit is multiplied by `FIT_SCALE` (10^6)
and rounded. The result is therefore optimal for fits rounded to 6 decimals: its float total
is within `matched` × 10^-6 of the float optimum, and exact whenever fits have at most six
decimals. (For very large fits or graphs the scale is lowered by powers of ten so that the
solver's int64 arithmetic cannot overflow; `Result.fit_scale` says which scale was used.)

Staff can lock pairs (forced in; they use up capacity on both sides and must be edges) and
exclude pairs (never chosen); the rest is re-solved optimally around them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

FIT_SCALE = 10**6
_INT64_MAX = 2**63 - 1


class InstanceError(ValueError):
    """The instance is malformed; the message is one line meant for the person who wrote it."""


def _as_capacity(values: Iterable[int], side: str, ids: tuple[str, ...]) -> np.ndarray:
    caps = list(values)
    for pid, cap in zip(ids, caps, strict=True):
        if not isinstance(cap, int | np.integer) or isinstance(cap, bool) or cap < 0:
            raise InstanceError(f"{side} {pid!r}: capacity must be a non-negative integer")
    return np.asarray(caps, dtype=np.int64).reshape(len(caps))


def _check_unique(ids: tuple[str, ...], side: str) -> None:
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        for pid in ids:
            if pid in seen:
                raise InstanceError(f"duplicate {side} id {pid!r}")
            seen.add(pid)


@dataclass(frozen=True, eq=False)
class Instance:
    """Mentees and mentors (ids, capacities) and the allowed pairs as index arrays with fits.

    `locked` and `excluded` are (mentee id, mentor id) pairs set by staff.
    """

    mentee_ids: tuple[str, ...]
    mentee_capacity: np.ndarray
    mentor_ids: tuple[str, ...]
    mentor_capacity: np.ndarray
    edge_mentee: np.ndarray
    edge_mentor: np.ndarray
    edge_fit: np.ndarray
    locked: tuple[tuple[str, str], ...] = ()
    excluded: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "mentee_ids", tuple(self.mentee_ids))
        set_(self, "mentor_ids", tuple(self.mentor_ids))
        _check_unique(self.mentee_ids, "mentee")
        _check_unique(self.mentor_ids, "mentor")
        set_(self, "mentee_capacity", _as_capacity(self.mentee_capacity, "mentee", self.mentee_ids))
        set_(self, "mentor_capacity", _as_capacity(self.mentor_capacity, "mentor", self.mentor_ids))
        em = np.asarray(self.edge_mentee, dtype=np.int64).ravel()
        er = np.asarray(self.edge_mentor, dtype=np.int64).ravel()
        fit = np.asarray(self.edge_fit, dtype=np.float64).ravel()
        if not len(em) == len(er) == len(fit):
            raise InstanceError("edge arrays differ in length")
        n, m = len(self.mentee_ids), len(self.mentor_ids)
        if len(em) and (em.min() < 0 or em.max() >= n or er.min() < 0 or er.max() >= m):
            raise InstanceError("an edge refers to a mentee or mentor that does not exist")
        if not np.isfinite(fit).all():
            raise InstanceError("every fit must be a finite number")
        keys = em * max(m, 1) + er
        order = np.argsort(keys)  # sorting beats numpy's hash-based unique here
        dup = np.flatnonzero(keys[order][1:] == keys[order][:-1])
        if len(dup):
            i = order[dup[0]]
            raise InstanceError(
                f"duplicate edge {self.mentee_ids[em[i]]!r} → {self.mentor_ids[er[i]]!r}"
            )
        set_(self, "edge_mentee", em)
        set_(self, "edge_mentor", er)
        set_(self, "edge_fit", fit)
        set_(self, "locked", tuple((str(a), str(b)) for a, b in self.locked))
        set_(self, "excluded", tuple((str(a), str(b)) for a, b in self.excluded))

    @classmethod
    def from_records(
        cls,
        mentees: Iterable[tuple[str, int]],
        mentors: Iterable[tuple[str, int]],
        edges: Iterable[tuple[str, str, float]],
        *,
        locked: Iterable[tuple[str, str]] = (),
        excluded: Iterable[tuple[str, str]] = (),
    ) -> Instance:
        """Build from ids: `(id, capacity)` per person and `(mentee id, mentor id, fit)` edges."""
        mentees, mentors = list(mentees), list(mentors)
        mentee_ids = tuple(pid for pid, _ in mentees)
        mentor_ids = tuple(pid for pid, _ in mentors)
        _check_unique(mentee_ids, "mentee")
        _check_unique(mentor_ids, "mentor")
        mi = {pid: i for i, pid in enumerate(mentee_ids)}
        ri = {pid: j for j, pid in enumerate(mentor_ids)}
        em, er, fits = [], [], []
        for a, b, fit in edges:
            if a not in mi:
                raise InstanceError(f"edge refers to unknown mentee {a!r}")
            if b not in ri:
                raise InstanceError(f"edge refers to unknown mentor {b!r}")
            em.append(mi[a])
            er.append(ri[b])
            fits.append(fit)
        return cls(
            mentee_ids=mentee_ids,
            mentee_capacity=[c for _, c in mentees],
            mentor_ids=mentor_ids,
            mentor_capacity=[c for _, c in mentors],
            edge_mentee=np.asarray(em, dtype=np.int64),
            edge_mentor=np.asarray(er, dtype=np.int64),
            edge_fit=np.asarray(fits, dtype=np.float64),
            locked=tuple(locked),
            excluded=tuple(excluded),
        )


@dataclass(frozen=True, eq=False)
class Result:
    """Chosen pairs sorted by (mentee id, mentor id); `edges` indexes the instance's arrays."""

    pairs: list[tuple[str, str]]
    matched: int
    total_fit: float
    fit_scale: float = FIT_SCALE
    edges: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def as_dict(self) -> dict:
        return {
            "pairs": [[a, b] for a, b in self.pairs],
            "matched": self.matched,
            "total_fit": self.total_fit,
        }


def _pair_edges(
    instance: Instance, pairs: tuple[tuple[str, str], ...], what: str
) -> tuple[np.ndarray, np.ndarray]:
    """Edge index of each pair (-1 where the pair is not an edge); raises on unknown ids."""
    mi = {pid: i for i, pid in enumerate(instance.mentee_ids)}
    ri = {pid: j for j, pid in enumerate(instance.mentor_ids)}
    m = max(len(instance.mentor_ids), 1)
    wanted = []
    for a, b in pairs:
        if a not in mi:
            raise InstanceError(f"{what} pair refers to unknown mentee {a!r}")
        if b not in ri:
            raise InstanceError(f"{what} pair refers to unknown mentor {b!r}")
        wanted.append(mi[a] * m + ri[b])
    wanted_keys = np.asarray(wanted, dtype=np.int64)
    keys = instance.edge_mentee * m + instance.edge_mentor
    if not len(keys):
        return np.full(len(wanted_keys), -1, dtype=np.int64), wanted_keys
    order = np.argsort(keys, kind="stable")
    pos = np.minimum(np.searchsorted(keys[order], wanted_keys), len(keys) - 1)
    found = keys[order][pos] == wanted_keys
    return np.where(found, order[pos], -1), wanted_keys


def _scale_for(max_abs_fit: float, n_nodes: int, max_flow: int) -> float:
    """Largest power of ten ≤ FIT_SCALE keeping every cost and cost sum inside int64 safely."""
    if max_abs_fit == 0:
        return FIT_SCALE
    # Cost scaling multiplies costs by about the node count; total cost sums over the flow.
    room = _INT64_MAX / 16 / max(n_nodes + 1, max_flow + 1)
    scale = float(FIT_SCALE)
    while max_abs_fit * scale > room:
        scale /= 10
    return scale


def _flow(
    tails_m: np.ndarray,
    heads_r: np.ndarray,
    cost_fit: np.ndarray,
    cap_m: np.ndarray,
    cap_r: np.ndarray,
    method: str,
) -> np.ndarray:
    """Boolean mask of the edges in an optimal lexicographic b-matching."""
    from ortools.graph.python import min_cost_flow

    n, m = len(cap_m), len(cap_r)
    source, sink = 0, n + m + 1
    deg_m = np.bincount(tails_m, minlength=n)
    deg_r = np.bincount(heads_r, minlength=m)
    cap_m = np.minimum(cap_m, deg_m)  # more capacity than edges can never be used
    cap_r = np.minimum(cap_r, deg_r)
    ms = np.flatnonzero(cap_m > 0)
    rs = np.flatnonzero(cap_r > 0)
    supply = int(cap_m.sum())
    if method == "max_flow":
        pair_cost = -cost_fit
    elif method == "bypass":
        # Each extra pair must outweigh any change in total fit: BIG > (most pairs) × (fit range).
        most = int(min(supply, cap_r.sum(), len(cost_fit)))
        spread = int(max(cost_fit.max(initial=0), 0) - min(cost_fit.min(initial=0), 0))
        big = 1 + most * spread
        if (big + spread) * (n + m + 3) * max(most, 1) > _INT64_MAX // 16:
            raise InstanceError("instance too large for the bypass method; use max_flow")
        pair_cost = -(big + cost_fit)
    else:
        raise ValueError(f"unknown method {method!r}")

    smcf = min_cost_flow.SimpleMinCostFlow()
    zeros_m, zeros_r = np.zeros(len(ms), np.int64), np.zeros(len(rs), np.int64)
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.zeros(len(ms), np.int32), (1 + ms).astype(np.int32), cap_m[ms], zeros_m
    )
    first_pair_arc = len(ms)
    smcf.add_arcs_with_capacity_and_unit_cost(
        (1 + tails_m).astype(np.int32),
        (1 + n + heads_r).astype(np.int32),
        np.ones(len(tails_m), np.int64),
        pair_cost.astype(np.int64),
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        (1 + n + rs).astype(np.int32), np.full(len(rs), sink, np.int32), cap_r[rs], zeros_r
    )
    if method == "bypass":
        smcf.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)
    smcf.set_node_supply(source, supply)
    smcf.set_node_supply(sink, -supply)
    status = smcf.solve_max_flow_with_min_cost() if method == "max_flow" else smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow solver returned status {status}")
    arcs = np.arange(first_pair_arc, first_pair_arc + len(tails_m), dtype=np.int32)
    return np.asarray(smcf.flows(arcs)) > 0


def solve(instance: Instance, *, method: str = "max_flow") -> Result:
    """Most pairs first, then largest total fit, honouring locked and excluded pairs."""
    n, m = len(instance.mentee_ids), len(instance.mentor_ids)
    em, er, fit = instance.edge_mentee, instance.edge_mentor, instance.edge_fit
    usable = np.ones(len(em), dtype=bool)
    cap_m = instance.mentee_capacity.copy()
    cap_r = instance.mentor_capacity.copy()

    if instance.excluded:
        idx, _ = _pair_edges(instance, instance.excluded, "excluded")
        usable[idx[idx >= 0]] = False
    locked_edges = np.zeros(0, dtype=np.int64)
    if instance.locked:
        idx, keys = _pair_edges(instance, instance.locked, "locked")
        for (a, b), e in zip(instance.locked, idx, strict=True):
            if e < 0:
                raise InstanceError(f"locked pair {a!r} → {b!r} is not an allowed edge")
            if not usable[e]:
                raise InstanceError(f"locked pair {a!r} → {b!r} is also excluded")
        if len(set(keys.tolist())) != len(keys):
            raise InstanceError("a pair is locked twice")
        locked_edges = idx.astype(np.int64)
        usable[locked_edges] = False
        cap_m -= np.bincount(em[locked_edges], minlength=n)
        cap_r -= np.bincount(er[locked_edges], minlength=m)
        for caps, ids, side in (
            (cap_m, instance.mentee_ids, "mentee"),
            (cap_r, instance.mentor_ids, "mentor"),
        ):
            if (caps < 0).any():
                who = ids[int(np.argmin(caps))]
                raise InstanceError(f"locked pairs exceed the capacity of {side} {who!r}")

    usable &= (cap_m[em] > 0) & (cap_r[er] > 0)
    free = np.flatnonzero(usable)
    if len(free):
        scale = _scale_for(float(np.abs(fit[free]).max()), n + m + 2, int(cap_m.sum()))
        cost_fit = np.rint(fit[free] * scale).astype(np.int64)
        chosen = free[_flow(em[free], er[free], cost_fit, cap_m, cap_r, method)]
    else:
        scale = float(FIT_SCALE)
        chosen = free
    edges = np.concatenate([locked_edges, chosen])
    pairs = sorted((instance.mentee_ids[em[e]], instance.mentor_ids[er[e]]) for e in edges.tolist())
    order = np.lexsort((er[edges], em[edges]))
    return Result(
        pairs=pairs,
        matched=len(pairs),
        total_fit=math.fsum(fit[edges].tolist()),
        fit_scale=scale,
        edges=edges[order],
    )
