"""Analytics of the stakeholder graph (pure: networkx only, no Django).

The graph's nodes carry `kind` (person, organization, venture, award, challenge, event),
`center` (a center id) and, for organizations, `sector`; edges may carry `year`.

Definitions
-----------
Organization ties. Two organizations are tied when one person, venture, award, challenge or
event involves both. A person involves the organizations they are affiliated with; a venture,
award, challenge or event involves the organizations linked to it directly and those of the
people and ventures linked to it (so an award ties the funder to the venture's organization).
A tie's year is the year both links existed (the later of the two); with several
intermediaries, the earliest such year.

Cross-sector collaboration index (per center). `share` = the fraction of the center's
organization ties that join two different sectors. `expected` = the fraction a tie between
two organizations drawn at random from the center would join different sectors:
1 − Σₛ nₛ(nₛ − 1) / (n(n − 1)) over the center's organizations. `index` = share / expected:
1.0 means ties cross sectors as often as chance would have them do, above 1 more often,
below 1 less; None when the center has no ties or no sector mix.

Brokers: the people and organizations with the highest betweenness centrality in the
center's part of the graph (exact up to `EXACT_LIMIT` nodes, else sampled from `k` sources
with a fixed seed, so repeated runs agree).

Isolated ventures: ventures whose connected component holds nothing but the venture and
people (its team): no organization, other venture, award, challenge or event.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from markaz.networking.centrality import betweenness

ORG = "organization"
INTERMEDIARIES = frozenset({"person", "venture", "award", "challenge", "event"})
ACTIVITIES = frozenset({"venture", "award", "challenge", "event"})
EXACT_LIMIT = 400
SAMPLE_K = 64
BROKER_KINDS = frozenset({"person", ORG})


def _later(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _earlier(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def involved_organizations(graph: nx.Graph, node, kinds: dict | None = None) -> dict:
    """Organizations a person or activity involves → the year of that link (or None)."""
    kinds = kinds if kinds is not None else dict(graph.nodes(data="kind"))
    adj = graph.adj
    activity = kinds[node] in ACTIVITIES
    found: dict = {}
    for neighbour, edge in adj[node].items():
        kind = kinds[neighbour]
        if kind == ORG:
            found[neighbour] = _earlier(found.get(neighbour, edge.get("year")), edge.get("year"))
        elif activity and kind in ("person", "venture"):
            for second, edge2 in adj[neighbour].items():
                if kinds[second] == ORG:
                    year = _later(edge.get("year"), edge2.get("year"))
                    found[second] = _earlier(found.get(second, year), year)
    return found


def organization_ties(graph: nx.Graph) -> dict[tuple, int | None]:
    """(org, org) with the first in sorted order → year of the tie (None if undated)."""
    ties: dict[tuple, int | None] = {}
    marker = object()
    kinds = dict(graph.nodes(data="kind"))
    for node, kind in kinds.items():
        if kind not in INTERMEDIARIES:
            continue
        orgs = involved_organizations(graph, node, kinds)
        if len(orgs) < 2:
            continue
        for a, b in combinations(sorted(orgs, key=str), 2):
            year = _later(orgs[a], orgs[b])
            previous = ties.get((a, b), marker)
            ties[(a, b)] = year if previous is marker else _earlier(previous, year)
    return ties


def expected_cross_share(sector_counts: Counter) -> float | None:
    n = sum(sector_counts.values())
    if n < 2:
        return None
    same = sum(c * (c - 1) for c in sector_counts.values()) / (n * (n - 1))
    return 1.0 - same


def cross_sector(graph: nx.Graph, ties: dict, organizations: list) -> dict:
    sectors = {o: graph.nodes[o].get("sector", "") for o in organizations}
    own = [(a, b) for a, b in ties if a in sectors and b in sectors]
    cross = sum(1 for a, b in own if sectors[a] != sectors[b])
    share = cross / len(own) if own else None
    expected = expected_cross_share(Counter(sectors.values()))
    index = share / expected if share is not None and expected else None
    return {
        "organizations": len(organizations),
        "ties": len(own),
        "cross_sector_ties": cross,
        "share": _round(share),
        "expected": _round(expected),
        "index": _round(index),
    }


def brokers(graph: nx.Graph, top: int = 5, *, nodes: list | None = None, seed: int = 1):
    """The best-connecting people and organizations by (possibly sampled) betweenness, in
    the graph or in the part of it induced by `nodes`."""
    size = graph.number_of_nodes() if nodes is None else len(nodes)
    if size < 3:
        return []
    k = None if size <= EXACT_LIMIT else SAMPLE_K
    scores = betweenness(graph, nodes, k=k, seed=seed)
    ranked = sorted(
        (
            (score, node)
            for node, score in scores.items()
            if score > 0 and graph.nodes[node]["kind"] in BROKER_KINDS
        ),
        key=lambda pair: (-pair[0], str(pair[1])),
    )
    return [
        {
            "node": node,
            "kind": graph.nodes[node]["kind"],
            "label": graph.nodes[node].get("label", str(node)),
            "betweenness": _round(score),
            "sampled": k is not None,
        }
        for score, node in ranked[:top]
    ]


def isolated_ventures(graph: nx.Graph) -> list:
    isolated = []
    for component in nx.connected_components(graph):
        kinds = Counter(graph.nodes[n]["kind"] for n in component)
        if kinds.get("venture") == 1 and kinds["venture"] + kinds.get("person", 0) == len(
            component
        ):
            isolated.extend(n for n in component if graph.nodes[n]["kind"] == "venture")
    return sorted(isolated, key=str)


def sector_ties_by_year(graph: nx.Graph, ties: dict) -> list[dict]:
    counts: Counter = Counter()
    for (a, b), year in ties.items():
        pair = tuple(sorted((graph.nodes[a].get("sector", ""), graph.nodes[b].get("sector", ""))))
        counts[(year, pair)] += 1
    return [
        {"year": year, "sectors": list(pair), "ties": n}
        for (year, pair), n in sorted(counts.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1]))
    ]


def by_center(graph: nx.Graph) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for node, center in graph.nodes(data="center"):
        groups[center].append(node)
    return groups


def analyse(graph: nx.Graph, *, top_brokers: int = 5) -> dict[int, dict]:
    """Per center id: cross-sector collaboration, brokers, isolated ventures, ties by year."""
    ties = organization_ties(graph)
    centers = dict(graph.nodes(data="center"))
    ties_of: dict[int, dict] = defaultdict(dict)
    for pair, year in ties.items():
        ties_of[centers[pair[0]]][pair] = year
    isolated_of: dict[int, list] = defaultdict(list)
    for venture in isolated_ventures(graph):
        isolated_of[centers[venture]].append(venture)
    edges_of: Counter = Counter(centers[u] for u, v in graph.edges() if centers[u] == centers[v])
    result = {}
    for center, nodes in by_center(graph).items():
        own_ties = ties_of.get(center, {})
        orgs = [n for n in nodes if graph.nodes[n]["kind"] == ORG]
        isolated = isolated_of.get(center, [])
        result[center] = {
            "nodes": len(nodes),
            "edges": edges_of[center],
            "cross_sector": cross_sector(graph, own_ties, orgs),
            "brokers": brokers(graph, top_brokers, nodes=nodes),
            "isolated_ventures": {
                "count": len(isolated),
                "examples": [
                    {"node": n, "label": graph.nodes[n].get("label", str(n))} for n in isolated[:10]
                ],
            },
            "sector_ties_by_year": sector_ties_by_year(graph, own_ties),
        }
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
