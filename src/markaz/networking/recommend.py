"""Who to meet: people who bridge the viewer to sectors they are not yet connected to.

A candidate is a person listed in the center's directory (never a hidden one) who
- works (is affiliated) in at least one sector the viewer is not connected to, and
- shares at least one SDG or challenge with the viewer.

The viewer is connected to the sectors of their own organizations, of their ventures'
organizations and of their teammates' organizations. The viewer's SDGs are those of their
profile and of their ventures; a candidate's are those they show on their profile. Shared
challenges are challenges both are linked to (directly or through a venture). Each
recommendation carries the reasons it was made, so the explanation always matches the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from markaz.networking.graph import node_id

MAX_RECOMMENDATIONS = 12


@dataclass
class Recommendation:
    person_id: int
    score: float
    new_sectors: list[str] = field(default_factory=list)
    shared_sdgs: list[int] = field(default_factory=list)
    shared_challenges: list[str] = field(default_factory=list)  # challenge node ids
    shared_expertise: list[str] = field(default_factory=list)


def _neighbours(graph: nx.Graph, node: str, kind: str) -> set[str]:
    if node not in graph:
        return set()
    return {n for n in graph[node] if graph.nodes[n]["kind"] == kind}


def _sectors(graph: nx.Graph, nodes) -> set[str]:
    return {graph.nodes[n].get("sector", "") for n in nodes} - {""}


def connected_sectors(graph: nx.Graph, person: str) -> set[str]:
    orgs = _neighbours(graph, person, "organization")
    for venture in _neighbours(graph, person, "venture"):
        orgs |= _neighbours(graph, venture, "organization")
        for mate in _neighbours(graph, venture, "person"):
            orgs |= _neighbours(graph, mate, "organization")
    return _sectors(graph, orgs)


def challenges_of(graph: nx.Graph, person: str) -> set[str]:
    found = _neighbours(graph, person, "challenge")
    for venture in _neighbours(graph, person, "venture"):
        found |= _neighbours(graph, venture, "challenge")
    return found


def recommend(
    graph: nx.Graph,
    viewer_pk: int,
    candidates: dict[int, dict],
    *,
    viewer_interests: list[str] = (),
    limit: int = MAX_RECOMMENDATIONS,
) -> list[Recommendation]:
    """`candidates`: person pk → {"sdgs": [...], "expertise": [...]} from their profiles
    (only people the viewer may see). Pure: no database."""
    me = node_id("person", viewer_pk)
    mine = connected_sectors(graph, me)
    my_sdgs = set(graph.nodes[me].get("sdgs", ())) if me in graph else set()
    for venture in _neighbours(graph, me, "venture"):
        my_sdgs |= set(graph.nodes[venture].get("sdgs", ()))
    my_challenges = challenges_of(graph, me)
    wanted = {i.casefold() for i in viewer_interests}
    found = []
    for pk, profile in candidates.items():
        node = node_id("person", pk)
        if pk == viewer_pk or node not in graph:
            continue
        new = sorted(_sectors(graph, _neighbours(graph, node, "organization")) - mine)
        if not new:
            continue
        sdgs = sorted(my_sdgs & set(profile.get("sdgs", ())))
        challenges = sorted(my_challenges & challenges_of(graph, node))
        if not sdgs and not challenges:
            continue
        expertise = [e for e in profile.get("expertise", ()) if e.casefold() in wanted]
        score = 2 * len(new) + len(sdgs) + 2 * len(challenges) + 0.5 * len(expertise)
        found.append(Recommendation(pk, score, new, sdgs, challenges, expertise))
    found.sort(key=lambda r: (-r.score, r.person_id))
    return found[:limit]
