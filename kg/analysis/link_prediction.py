"""Which ties are missing: link prediction scores and a holdout test of how well they guess.

Scores come from networkx's neighbourhood measures on the undirected simple
graph.  :func:`holdout_evaluation` hides a share of the known ties, scores
them against as many sampled non-ties, and reports precision@k and AUC, so a
measure is judged on this graph before its suggestions are trusted.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

import networkx as nx

from kg.analysis.simple import undirected_simple

METHODS: dict[str, Callable] = {
    "adamic_adar": nx.adamic_adar_index,
    "jaccard": nx.jaccard_coefficient,
    "resource_allocation": nx.resource_allocation_index,
    "preferential_attachment": nx.preferential_attachment,
}

Pair = tuple[str, str]


def _measure(method: str) -> Callable:
    if method not in METHODS:
        raise ValueError(f"unknown link prediction method {method!r}; choose one of {', '.join(METHODS)}")
    return METHODS[method]


def _ranked(scored: Iterable[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """Pairs as (smaller id, larger id), best score first: the same order whatever the hash seed."""
    pairs = (tuple(sorted((u, v), key=str)) + (score,) for u, v, score in scored)
    return sorted(pairs, key=lambda t: (-t[2], str(t[0]), str(t[1])))


def predict_links(
    G: nx.Graph, method: str = "adamic_adar", ebunch: Iterable[Pair] | None = None
) -> list[tuple[str, str, float]]:
    """Score node pairs by how likely they are to be tied, highest first.

    Parameters
    ----------
    G : networkx graph
        A kg graph; scored on its undirected simple graph.
    method : {"adamic_adar", "jaccard", "resource_allocation", "preferential_attachment"}
        The networkx measure.
    ebunch : iterable of (u, v), optional
        Pairs to score; default every pair not yet tied.

    Returns
    -------
    list of (u, v, score)
        Each pair written with the smaller node id first (ties are
        undirected), ordered by descending score, then by node ids.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("上海", "楚雄"), ("上海", "怒江"), ("广东", "楚雄"), ("广东", "怒江"), ("广东", "百色")])
    >>> predict_links(G, "jaccard")[:2]  # 楚雄 and 怒江 share both their donors
    [('怒江', '楚雄', 1.0), ('上海', '广东', 0.6666666666666666)]
    >>> predict_links(G, "adamic_adar", [("上海", "百色")])
    [('上海', '百色', 0)]
    """
    measure = _measure(method)
    H = undirected_simple(G)
    return _ranked(measure(H, ebunch))


def _sample_non_edges(H: nx.Graph, count: int, rng: random.Random) -> list[Pair]:
    """Up to ``count`` distinct untied pairs, drawn uniformly with ``rng``."""
    nodes = sorted(H, key=str)
    possible = len(nodes) * (len(nodes) - 1) // 2 - H.number_of_edges()
    if possible <= 10 * count:  # dense or small: enumerate, then sample exactly
        pool = sorted(nx.non_edges(H), key=lambda p: (str(p[0]), str(p[1])))
        return rng.sample(pool, min(count, len(pool)))
    chosen: set[Pair] = set()
    while len(chosen) < count:
        u, v = sorted(rng.sample(nodes, 2), key=str)
        if not H.has_edge(u, v):
            chosen.add((u, v))
    return sorted(chosen, key=lambda p: (str(p[0]), str(p[1])))


def _auc(positive: list[float], negative: list[float]) -> float:
    """Probability a random hidden tie outscores a random non-tie (ties count half): Mann–Whitney U."""
    scores = sorted([(s, 1) for s in positive] + [(s, 0) for s in negative])
    rank_sum, i = 0.0, 0
    while i < len(scores):
        j = i
        while j < len(scores) and scores[j][0] == scores[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2  # average of 1-based ranks i+1 … j
        rank_sum += mean_rank * sum(label for _, label in scores[i:j])
        i = j
    p, n = len(positive), len(negative)
    return (rank_sum - p * (p + 1) / 2) / (p * n)


def holdout_evaluation(
    G: nx.Graph, fraction: float = 0.2, seed: int = 0, method: str = "adamic_adar", k: int = 10
) -> dict[str, float | int]:
    """Hide ``fraction`` of the ties, predict them back, and report precision@k and AUC.

    The ties are those of the undirected simple graph.  The hidden ties are
    scored on the graph without them, together with an equal number of
    sampled pairs that are not tied at all; the same ``seed`` gives the same
    result.

    Parameters
    ----------
    G : networkx graph
        A kg graph with at least two ties.
    fraction : float
        Share of ties to hide, strictly between 0 and 1 (at least one is hidden).
    seed : int
        Seed for choosing hidden ties and sampled non-ties.
    method : str
        A :func:`predict_links` method.
    k : int
        Length of the top of the ranking that precision is measured on.

    Returns
    -------
    dict
        ``precision_at_k`` (share of hidden ties among the top ``k`` scored
        pairs), ``auc`` (0.5 is chance), and the counts ``k``, ``hidden`` and
        ``negatives`` actually used.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.connected_caveman_graph(4, 6)
    >>> result = holdout_evaluation(G, fraction=0.2, seed=0, method="resource_allocation", k=5)
    >>> result["auc"] > 0.8
    True
    >>> result == holdout_evaluation(G, fraction=0.2, seed=0, method="resource_allocation", k=5)
    True
    """
    measure = _measure(method)
    if not 0 < fraction < 1:
        raise ValueError(f"holdout fraction must be between 0 and 1, got {fraction}")
    H = undirected_simple(G)
    ties = sorted((tuple(sorted((u, v), key=str)) for u, v in H.edges), key=lambda p: (str(p[0]), str(p[1])))
    if len(ties) < 2:
        raise ValueError(f"holdout needs at least 2 ties to hide some and keep some; the graph has {len(ties)}")
    rng = random.Random(seed)
    hidden = rng.sample(ties, max(1, round(fraction * len(ties))))
    negatives = _sample_non_edges(H, len(hidden), rng)
    if not negatives:
        raise ValueError("holdout needs untied pairs to compare against; every pair of nodes is already tied")
    train = H.copy()
    train.remove_edges_from(hidden)
    ranked = _ranked(measure(train, hidden + negatives))
    hidden_set = set(hidden)
    score = {(u, v): s for u, v, s in ranked}
    top = min(k, len(ranked))
    hits = sum((u, v) in hidden_set for u, v, _ in ranked[:top])
    return {
        "precision_at_k": hits / top,
        "auc": _auc([score[p] for p in hidden], [score[p] for p in negatives]),
        "k": top,
        "hidden": len(hidden),
        "negatives": len(negatives),
    }
