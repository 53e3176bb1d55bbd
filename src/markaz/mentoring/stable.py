"""Stable matching with mentor capacities (the hospital–residents problem), mentees proposing.

Each side ranks the other, best first; a pair is acceptable only when each lists the other.
A matching is stable when no acceptable pair (mentee, mentor) would both rather be together:
the mentee is unmatched or prefers that mentor to their own, and the mentor has a free place
or prefers that mentee to one of their current mentees. Deferred acceptance with mentees
proposing returns the mentee-optimal stable matching: every mentee gets the best mentor they
have in any stable matching (Gale–Shapley; Roth for capacities), whatever the proposal order.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Mapping, Sequence


def _ranks(prefs: Mapping[str, Sequence[str]], side: str, others: set[str]) -> dict:
    ranks: dict[str, dict[str, int]] = {}
    for pid, ranked in prefs.items():
        positions: dict[str, int] = {}
        for i, other in enumerate(ranked):
            if other not in others:
                raise ValueError(f"{side} {pid!r} ranks unknown id {other!r}")
            if other in positions:
                raise ValueError(f"{side} {pid!r} ranks {other!r} twice")
            positions[other] = i
        ranks[pid] = positions
    return ranks


def _check(
    mentee_prefs: Mapping[str, Sequence[str]],
    mentor_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> tuple[dict, dict]:
    mentors = set(mentor_prefs) | set(capacities)
    for mentor, cap in capacities.items():
        if not isinstance(cap, int) or isinstance(cap, bool) or cap < 0:
            raise ValueError(f"mentor {mentor!r}: capacity must be a non-negative integer")
    for mentor in mentor_prefs:
        if mentor not in capacities:
            raise ValueError(f"mentor {mentor!r} has preferences but no capacity")
    return (
        _ranks(mentee_prefs, "mentee", mentors),
        _ranks(mentor_prefs, "mentor", set(mentee_prefs)),
    )


def stable_match(
    mentee_prefs: Mapping[str, Sequence[str]],
    mentor_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> dict[str, str]:
    """The mentee-optimal stable matching, as {mentee id: mentor id} for matched mentees.

    Every mentor must have a capacity; a mentor missing from `mentor_prefs` accepts nobody.
    """
    _, mentor_rank = _check(mentee_prefs, mentor_prefs, capacities)
    next_choice = dict.fromkeys(mentee_prefs, 0)
    held: dict[str, list[tuple[int, str]]] = {r: [] for r in capacities}  # max-heap on rank
    partner: dict[str, str] = {}
    free = deque(mentee_prefs)
    while free:
        mentee = free.popleft()
        ranked = mentee_prefs[mentee]
        while next_choice[mentee] < len(ranked):
            mentor = ranked[next_choice[mentee]]
            next_choice[mentee] += 1
            rank = mentor_rank.get(mentor, {}).get(mentee)
            if rank is None or capacities[mentor] == 0:
                continue  # not mutually acceptable
            heap = held[mentor]
            if len(heap) < capacities[mentor]:
                heapq.heappush(heap, (-rank, mentee))
            elif rank < -heap[0][0]:
                _, bumped = heapq.heapreplace(heap, (-rank, mentee))
                del partner[bumped]
                free.append(bumped)
            else:
                continue  # rejected: try the next mentor
            partner[mentee] = mentor
            break
    return partner


def blocking_pairs(
    mentee_prefs: Mapping[str, Sequence[str]],
    mentor_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
    matching: Mapping[str, str],
) -> list[tuple[str, str]]:
    """The pairs that block `matching` ({mentee: mentor}); empty means it is stable.

    Raises ValueError when the matching itself is not valid (an unacceptable pair or a mentor
    over capacity), since stability is then beside the point.
    """
    mentee_rank, mentor_rank = _check(mentee_prefs, mentor_prefs, capacities)
    load: dict[str, list[str]] = {}
    for mentee, mentor in matching.items():
        if mentor not in mentee_rank.get(mentee, {}) or mentee not in mentor_rank.get(mentor, {}):
            raise ValueError(f"pair {mentee!r} → {mentor!r} is not mutually acceptable")
        load.setdefault(mentor, []).append(mentee)
    worst: dict[str, int] = {}
    for mentor, mentees in load.items():
        if len(mentees) > capacities[mentor]:
            raise ValueError(f"mentor {mentor!r} is over capacity")
        worst[mentor] = max(mentor_rank[mentor][m] for m in mentees)
    blocking = []
    for mentee, ranked in mentee_prefs.items():
        current = matching.get(mentee)
        for mentor in ranked:
            if mentor == current:
                break  # only mentors the mentee prefers to their own
            rank = mentor_rank.get(mentor, {}).get(mentee)
            if rank is None or capacities[mentor] == 0:
                continue
            has_room = len(load.get(mentor, ())) < capacities[mentor]
            if has_room or rank < worst[mentor]:
                blocking.append((mentee, mentor))
    return sorted(blocking)
