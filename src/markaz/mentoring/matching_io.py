"""The JSON instance format of `markaz match solve`: strict reading and the two ways to solve.

Every problem is reported as an `InstanceError` with a one-line message naming the offending
entry, so a person can fix the file without reading code.
"""

from __future__ import annotations

import json
import math
from typing import Any

from markaz.mentoring.matching import Instance, InstanceError, Result, solve
from markaz.mentoring.stable import stable_match

MAX_CAPACITY = 10**9
_KEYS = {"mentees", "mentors", "edges", "locked", "excluded"}
_STABLE_KEYS = {"mentee_prefs", "mentor_prefs"}


def _reject_constant(name: str) -> float:
    raise InstanceError(f"{name} is not allowed: every number must be finite")


def loads(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InstanceError(f"not valid JSON: {exc.msg} ({where})") from None


def _people(data: dict, key: str, side: str, default_capacity: int | None) -> list:
    if key not in data:
        raise InstanceError(f"missing key {key!r}")
    rows = data[key]
    if not isinstance(rows, list):
        raise InstanceError(f"{key!r} must be a list")
    people, seen = [], set()
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or "id" not in row:
            raise InstanceError(f"{key}[{i}] must be an object with an 'id'")
        unknown = set(row) - {"id", "capacity"}
        if unknown:
            raise InstanceError(f"{key}[{i}] has unknown key {sorted(unknown)[0]!r}")
        pid = row["id"]
        if not isinstance(pid, str) or not pid:
            raise InstanceError(f"{key}[{i}].id must be a non-empty string")
        if pid in seen:
            raise InstanceError(f"duplicate {side} id {pid!r}")
        seen.add(pid)
        if "capacity" not in row and default_capacity is None:
            raise InstanceError(f"{side} {pid!r} has no capacity")
        cap = row.get("capacity", default_capacity)
        if not isinstance(cap, int) or isinstance(cap, bool) or cap < 0:
            raise InstanceError(f"{side} {pid!r}: capacity must be a non-negative integer")
        if cap > MAX_CAPACITY:
            raise InstanceError(f"{side} {pid!r}: capacity is larger than {MAX_CAPACITY}")
        people.append((pid, cap))
    return people


def _pairs(data: dict, key: str, mentees: set[str], mentors: set[str]) -> list[tuple[str, str]]:
    rows = data.get(key, [])
    if not isinstance(rows, list):
        raise InstanceError(f"{key!r} must be a list")
    pairs, seen = [], set()
    for i, row in enumerate(rows):
        if not (isinstance(row, list) and len(row) == 2 and all(isinstance(x, str) for x in row)):
            raise InstanceError(f"{key}[{i}] must be [mentee id, mentor id]")
        a, b = row
        if a not in mentees:
            raise InstanceError(f"{key}[{i}] refers to unknown mentee {a!r}")
        if b not in mentors:
            raise InstanceError(f"{key}[{i}] refers to unknown mentor {b!r}")
        if (a, b) in seen:
            raise InstanceError(f"{key}[{i}] repeats the pair {a!r} → {b!r}")
        seen.add((a, b))
        pairs.append((a, b))
    return pairs


def _edges(data: dict, mentees: set[str], mentors: set[str]) -> dict[tuple[str, str], float]:
    rows = data["edges"]
    if not isinstance(rows, list):
        raise InstanceError("'edges' must be a list")
    edges: dict[tuple[str, str], float] = {}
    for i, row in enumerate(rows):
        if not (isinstance(row, list) and len(row) == 3):
            raise InstanceError(f"edges[{i}] must be [mentee id, mentor id, fit]")
        a, b, fit = row
        if not isinstance(a, str) or a not in mentees:
            raise InstanceError(f"edges[{i}] refers to unknown mentee {a!r}")
        if not isinstance(b, str) or b not in mentors:
            raise InstanceError(f"edges[{i}] refers to unknown mentor {b!r}")
        if isinstance(fit, bool) or not isinstance(fit, int | float):
            raise InstanceError(f"edges[{i}]: fit must be a number, not {json.dumps(fit)}")
        if not math.isfinite(fit):
            raise InstanceError(f"edges[{i}]: fit must be finite")
        if (a, b) in edges:
            raise InstanceError(f"duplicate edge {a!r} → {b!r} (edges[{i}])")
        edges[(a, b)] = float(fit)
    return edges


def _top_level(data: Any, allowed: set[str]) -> dict:
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object")
    unknown = set(data) - allowed
    if unknown:
        raise InstanceError(f"unknown key {sorted(unknown)[0]!r}")
    return data


def parse_instance(data: Any) -> Instance:
    """The optimal-matching instance described by parsed JSON `data`."""
    data = _top_level(data, _KEYS)
    mentees = _people(data, "mentees", "mentee", 1)
    mentors = _people(data, "mentors", "mentor", None)
    if "edges" not in data:
        raise InstanceError("missing key 'edges'")
    ids_m, ids_r = {p for p, _ in mentees}, {p for p, _ in mentors}
    edges = _edges(data, ids_m, ids_r)
    return Instance.from_records(
        mentees,
        mentors,
        [(a, b, fit) for (a, b), fit in edges.items()],
        locked=_pairs(data, "locked", ids_m, ids_r),
        excluded=_pairs(data, "excluded", ids_m, ids_r),
    )


def _prefs(
    data: dict, key: str, owners: list[str], others: set[str], side: str
) -> dict[str, list[str]] | None:
    if key not in data:
        return None
    raw = data[key]
    if not isinstance(raw, dict):
        raise InstanceError(f"{key!r} must be an object of id → list of ids")
    known = set(owners)
    prefs = {pid: [] for pid in owners}
    for pid, ranked in raw.items():
        if pid not in known:
            raise InstanceError(f"{key} has unknown {side} {pid!r}")
        if not isinstance(ranked, list) or not all(isinstance(x, str) for x in ranked):
            raise InstanceError(f"{key}[{pid!r}] must be a list of ids")
        if len(set(ranked)) != len(ranked):
            raise InstanceError(f"{key}[{pid!r}] lists someone twice")
        for other in ranked:
            if other not in others:
                raise InstanceError(f"{key}[{pid!r}] lists unknown id {other!r}")
        prefs[pid] = list(ranked)
    return prefs


def _derived(edges: dict[tuple[str, str], float], owners: list[str], side: int) -> dict:
    """Preferences from fits: higher fit first, ties by id."""
    ranked: dict[str, list[tuple[float, str]]] = {pid: [] for pid in owners}
    for pair, fit in edges.items():
        ranked[pair[side]].append((-fit, pair[1 - side]))
    return {pid: [other for _, other in sorted(rows)] for pid, rows in ranked.items()}


def _prefs_within_edges(
    prefs: dict[str, list[str]] | None,
    key: str,
    edges: dict[tuple[str, str], float],
    *,
    mentee_side: bool,
) -> None:
    for pid, ranked in (prefs or {}).items():
        for other in ranked:
            pair = (pid, other) if mentee_side else (other, pid)
            if pair not in edges:
                raise InstanceError(
                    f"{key}[{pid!r}] lists {other!r} but {pair[0]!r} → {pair[1]!r} is not an edge"
                )


def solve_stable(data: Any) -> Result:
    """The mentee-optimal stable matching described by parsed JSON `data` (see the CLI help)."""
    data = _top_level(data, _KEYS | _STABLE_KEYS)
    if "locked" in data:
        raise InstanceError("'locked' is not supported with --stable")
    mentees = _people(data, "mentees", "mentee", 1)
    mentors = _people(data, "mentors", "mentor", None)
    for pid, cap in mentees:
        if cap != 1:
            raise InstanceError(f"mentee {pid!r}: with --stable every mentee capacity must be 1")
    mentee_ids, mentor_ids = [p for p, _ in mentees], [p for p, _ in mentors]
    ids_m, ids_r = set(mentee_ids), set(mentor_ids)
    edges = _edges(data, ids_m, ids_r) if "edges" in data else None
    mentee_prefs = _prefs(data, "mentee_prefs", mentee_ids, ids_r, "mentee")
    mentor_prefs = _prefs(data, "mentor_prefs", mentor_ids, ids_m, "mentor")
    if edges is None:
        if mentee_prefs is None or mentor_prefs is None:
            raise InstanceError("with --stable give 'edges' or both preference objects")
    else:
        _prefs_within_edges(mentee_prefs, "mentee_prefs", edges, mentee_side=True)
        _prefs_within_edges(mentor_prefs, "mentor_prefs", edges, mentee_side=False)
        if mentee_prefs is None:
            mentee_prefs = _derived(edges, mentee_ids, 0)
        if mentor_prefs is None:
            mentor_prefs = _derived(edges, mentor_ids, 1)
    excluded = set(_pairs(data, "excluded", ids_m, ids_r))
    if excluded:
        mentee_prefs = {
            a: [b for b in ranked if (a, b) not in excluded] for a, ranked in mentee_prefs.items()
        }
    matching = stable_match(mentee_prefs, mentor_prefs, dict(mentors))
    pairs = sorted(matching.items())
    fits = [edges[pair] for pair in pairs] if edges is not None else []
    return Result(pairs=pairs, matched=len(pairs), total_fit=math.fsum(fits))


def solve_text(text: str, *, stable: bool = False) -> Result:
    """Read an instance from JSON text and solve it; raises InstanceError on a bad instance."""
    data = loads(text)
    return solve_stable(data) if stable else solve(parse_instance(data))
