"""Betweenness centrality with sparse matrices (Brandes' algorithm, many sources at once).

networkx's pure-Python betweenness is the reference; this computes the same numbers (same
normalization, including the sampled-source adjustment) level by level with one sparse
matrix product per BFS level for a block of sources, which is tens of times faster on the
center-sized graphs (hundreds to a few thousand nodes) the analytics use.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
from scipy import sparse

BLOCK = 256  # sources per block: memory is a few (n × BLOCK) arrays


def betweenness(
    graph: nx.Graph, nodes: list | None = None, *, k: int | None = None, seed: int = 1
) -> dict:
    """Normalized betweenness of an undirected, unweighted graph (or of the part induced by
    `nodes`, without copying it); k sampled sources if given."""
    nodes = list(graph) if nodes is None else list(nodes)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    rows, cols = [], []
    for u in nodes:
        i = index[u]
        for v in graph[u]:
            j = index.get(v)
            if j is not None and j != i:
                rows.append(i)
                cols.append(j)
    adjacency = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(n, n), dtype=np.float64
    )
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    if k is None or k >= n:
        sources, sampled = np.arange(n), False
    else:
        chosen = random.Random(seed).sample(nodes, k)  # noqa: S311 - sampling, not secrets
        sources, sampled = np.array([index[s] for s in chosen]), True
    scores = np.zeros(n)
    for start in range(0, len(sources), BLOCK):
        scores += _block(adjacency, sources[start : start + BLOCK])
    if sampled:
        scale = np.full(n, 1 / (len(sources) * (n - 2)))
        scale[sources] = 1 / ((len(sources) - 1) * (n - 2)) if len(sources) > 1 else 0.0
    else:
        scale = np.full(n, 1 / ((n - 1) * (n - 2)))
    return {node: float(s) for node, s in zip(nodes, scores * scale, strict=True)}


def _block(adjacency, sources: np.ndarray) -> np.ndarray:
    n, k = adjacency.shape[0], len(sources)
    columns = np.arange(k)
    sigma = np.zeros((n, k))
    sigma[sources, columns] = 1.0
    seen = sigma > 0
    frontier = sigma.copy()
    levels = [seen.copy()]
    while True:
        reached = adjacency @ frontier
        reached[seen] = 0.0
        new = reached > 0
        if not new.any():
            break
        sigma[new] = reached[new]
        seen |= new
        frontier = np.where(new, reached, 0.0)
        levels.append(new)
    delta = np.zeros((n, k))
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    for depth in range(len(levels) - 1, 0, -1):
        here = levels[depth]
        weights = np.where(here, (1.0 + delta) / safe_sigma, 0.0)
        back = adjacency @ weights
        delta += np.where(levels[depth - 1], sigma * back, 0.0)
    delta[sources, columns] = 0.0
    return delta.sum(axis=1)
