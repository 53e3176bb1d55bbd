"""The part of the stakeholder graph a viewer may explore, laid out by networkx.

Visible nodes: the center's organizations; its people who chose to be listed (and the viewer);
the ventures and awards the viewer may see (through those apps' selectors); challenges and
events through their apps' selectors when they have one (`challenges_for` / `events_for`),
else only for staff. Positions come from `spring_layout` with a fixed seed, so the same data
gives the same picture.
"""

from __future__ import annotations

import importlib

import networkx as nx
from django.utils.translation import get_language

from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.networking import selectors
from markaz.networking.graph import build_graph, node_id
from markaz.networking.permissions import can_broker

MAX_NODES = 250
WIDTH, HEIGHT, MARGIN = 1000, 700, 30
OPTIONAL_SELECTORS = {
    "challenge": ("challenges", "challenges_for"),
    "event": ("events", "events_for"),
}


def _optional_ids(scope: AccessScope, center: Center, kind: str) -> set | None:
    """Ids the viewer may see through the app's own selector; None if it has none."""
    app, name = OPTIONAL_SELECTORS[kind]
    try:
        module = importlib.import_module(f"markaz.{app}.selectors")
    except ImportError:
        return None
    selector = getattr(module, name, None)
    if selector is None:
        return None
    try:
        return set(selector(scope, center).values_list("pk", flat=True))
    except TypeError:
        return None


def visible_nodes(scope: AccessScope, center: Center, graph: nx.Graph) -> set[str]:
    from markaz.funding.selectors import awards_for
    from markaz.ventures.selectors import ventures_for

    allowed = {node_id("person", pk) for pk in selectors.visible_person_ids(scope, center)}
    allowed |= {n for n, k in graph.nodes(data="kind") if k == "organization"}
    allowed |= {node_id("venture", pk) for pk in ventures_for(scope, center).values_list(
        "pk", flat=True)}  # fmt: skip
    allowed |= {node_id("award", pk) for pk in awards_for(scope, center).values_list(
        "pk", flat=True)}  # fmt: skip
    for kind in OPTIONAL_SELECTORS:
        ids = _optional_ids(scope, center, kind)
        if ids is None:
            if can_broker(scope, center):
                allowed |= {n for n, k in graph.nodes(data="kind") if k == kind}
        else:
            allowed |= {node_id(kind, pk) for pk in ids}
    return allowed & set(graph.nodes)


def _sectors_of(graph: nx.Graph, node: str) -> set[str]:
    data = graph.nodes[node]
    if data["kind"] == "organization":
        return {data.get("sector", "")}
    return {
        graph.nodes[n].get("sector", "")
        for n in graph[node]
        if graph.nodes[n]["kind"] == "organization"
    }


def _sdgs_of(graph: nx.Graph, node: str) -> set[int]:
    data = graph.nodes[node]
    if data["kind"] in ("person", "venture"):
        return set(data.get("sdgs", ()))
    found: set[int] = set()
    for n in graph[node]:
        if graph.nodes[n]["kind"] == "venture":
            found |= set(graph.nodes[n].get("sdgs", ()))
    return found


def filtered(graph: nx.Graph, *, sector: str = "", sdg: int | None = None) -> nx.Graph:
    """Nodes matching every filter given, with their neighbours."""
    if not sector and not sdg:
        return graph
    core = {
        n
        for n in graph
        if (not sector or sector in _sectors_of(graph, n))
        and (not sdg or sdg in _sdgs_of(graph, n))
    }
    keep = set(core)
    for n in core:
        keep.update(graph[n])
    return graph.subgraph(keep)


def graph_for(
    scope: AccessScope, center: Center, *, sector: str = "", sdg: int | None = None
) -> dict:
    full = build_graph([center.pk])
    graph = full.subgraph(visible_nodes(scope, center, full))
    graph = filtered(graph, sector=sector, sdg=sdg)
    total = graph.number_of_nodes()
    if total > MAX_NODES:
        ranked = sorted(graph.degree, key=lambda pair: (-pair[1], pair[0]))[:MAX_NODES]
        graph = graph.subgraph([n for n, _d in ranked])
    positions = _layout(graph)
    arabic = (get_language() or "en").startswith("ar")
    nodes = []
    for n, data in sorted(graph.nodes(data=True), key=lambda item: item[0]):
        x, y = positions.get(n, (WIDTH / 2, HEIGHT / 2))
        nodes.append(
            {
                "id": n,
                "kind": data["kind"],
                "pk": data["pk"],
                "label": data["label_ar"] if arabic else data["label"],
                "sector": data.get("sector", ""),
                "sectors": sorted(_sectors_of(graph, n) - {""}),
                "sdgs": sorted(_sdgs_of(graph, n)),
                "x": x,
                "y": y,
                "degree": graph.degree(n),
            }
        )
    edges = sorted((min(u, v), max(u, v)) for u, v in graph.edges())
    return {
        "nodes": nodes,
        "edges": [{"source": u, "target": v} for u, v in edges],
        "total_nodes": total,
        "truncated": total > graph.number_of_nodes(),
        "width": WIDTH,
        "height": HEIGHT,
    }


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Spring layout (fixed seed) of the connected nodes in the upper area; nodes without
    ties in rows along the bottom, so they do not squeeze the rest into the middle."""
    alone = sorted(n for n in graph if graph.degree(n) == 0)
    tied = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    rows = (len(alone) + 19) // 20
    band = min(rows * 28, HEIGHT // 3)
    positions = {}
    if tied.number_of_nodes():
        k = 2.0 / max(tied.number_of_nodes(), 1) ** 0.5
        raw = nx.spring_layout(tied, seed=42, iterations=80, k=k)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        bottom = HEIGHT - 2 * MARGIN - band
        positions = {
            n: (
                round(MARGIN + (p[0] - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1),
                round(MARGIN + (p[1] - min(ys)) / span_y * bottom, 1),
            )
            for n, p in raw.items()
        }
    step = (WIDTH - 2 * MARGIN) / 20
    for i, n in enumerate(alone):
        row, col = divmod(i, 20)
        y = HEIGHT - MARGIN - band + 14 + row * 28 if rows else HEIGHT - MARGIN
        positions[n] = (round(MARGIN + step * (col + 0.5), 1), round(min(y, HEIGHT - MARGIN), 1))
    return positions


def neighbours_table(payload: dict) -> list[dict]:
    """The accessible alternative: each node with the labels of its neighbours."""
    by_id = {n["id"]: n for n in payload["nodes"]}
    near: dict[str, list[str]] = {n: [] for n in by_id}
    for edge in payload["edges"]:
        near[edge["source"]].append(by_id[edge["target"]]["label"])
        near[edge["target"]].append(by_id[edge["source"]]["label"])
    return [
        {**node, "neighbours": sorted(near[node["id"]])}
        for node in sorted(payload["nodes"], key=lambda n: (n["kind"], n["label"]))
    ]


def center_analytics(scope: AccessScope, center: Center) -> dict | None:
    """The center's analytics for its staff. Counts include everyone; named brokers exclude
    people who chose not to be listed."""
    from markaz.networking.graph import network_analytics

    data = network_analytics([center], top_brokers=15)
    if not data["centers"]:
        return None
    result = data["centers"][0]
    listed = {node_id("person", pk) for pk in selectors.visible_person_ids(scope, center)}
    result["brokers"] = [
        b for b in result["brokers"] if b["kind"] != "person" or b["node"] in listed
    ][:5]
    return result
