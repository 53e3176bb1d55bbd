"""Analytics and recommendations on small hand-made graphs with known answers (no database)."""

import networkx as nx
import pytest

from markaz.networking import analytics, recommend


def _graph():
    """Center 1: a government ministry (2015), a private firm and a non-profit.

    Person p1 works at the ministry (2015) and the firm (2018): ministry–firm tie, 2018.
    Venture v1 belongs to the non-profit (2019); its team member p2 also works at the firm
    (2016): firm–non-profit tie, 2019. Award a1 from the ministry to v1 (2020): ties the
    ministry to the non-profit (through v1), 2020. Venture v2 has only a team (p3): isolated.
    """
    g = nx.Graph()
    for node, kind, extra in [
        ("o:gov", "organization", {"sector": "government"}),
        ("o:biz", "organization", {"sector": "private"}),
        ("o:ngo", "organization", {"sector": "non_profit"}),
        ("p1", "person", {}),
        ("p2", "person", {}),
        ("p3", "person", {}),
        ("v1", "venture", {}),
        ("v2", "venture", {}),
        ("a1", "award", {}),
    ]:
        g.add_node(node, kind=kind, center=1, label=node, **extra)
    g.add_edge("p1", "o:gov", year=2015)
    g.add_edge("p1", "o:biz", year=2018)
    g.add_edge("v1", "o:ngo", year=2019)
    g.add_edge("p2", "v1", year=2019)
    g.add_edge("p2", "o:biz", year=2016)
    g.add_edge("a1", "v1", year=2020)
    g.add_edge("a1", "o:gov", year=2020)
    g.add_edge("p3", "v2", year=None)
    return g


def test_organization_ties_follow_people_ventures_and_awards_with_their_years():
    ties = analytics.organization_ties(_graph())
    assert ties == {("o:biz", "o:gov"): 2018, ("o:biz", "o:ngo"): 2019, ("o:gov", "o:ngo"): 2020}


def test_cross_sector_index_is_the_share_over_what_chance_would_give():
    g = _graph()
    result = analytics.cross_sector(g, analytics.organization_ties(g), ["o:gov", "o:biz", "o:ngo"])
    # 3 ties, all cross-sector: share 1; three different sectors: expected 1; index 1.
    assert result == {
        "organizations": 3, "ties": 3, "cross_sector_ties": 3, "share": 1.0, "expected": 1.0,
        "index": 1.0,
    }  # fmt: skip


def test_cross_sector_index_rewards_ties_that_cross_more_than_chance():
    g = nx.Graph()
    sectors = {"a": "government", "b": "government", "c": "private", "d": "private"}
    for node, sector in sectors.items():
        g.add_node(node, kind="organization", center=1, sector=sector)
    ties = {("a", "c"): 2020, ("b", "d"): 2021}
    result = analytics.cross_sector(g, ties, list(sectors))
    # expected = 1 − (2·1 + 2·1)/(4·3) = 2/3; share 1 → index 1.5
    assert result["expected"] == pytest.approx(0.6667, abs=1e-4)
    assert result["index"] == 1.5
    assert analytics.cross_sector(g, {("a", "b"): None}, list(sectors))["index"] == 0.0


def test_a_center_without_ties_has_no_index():
    g = _graph()
    result = analytics.cross_sector(g, {}, ["o:gov"])
    assert result["index"] is None and result["expected"] is None


def test_the_bridge_between_two_groups_is_the_top_broker():
    g = nx.Graph()
    for n in ["l1", "l2", "bridge", "r1", "r2"]:
        g.add_node(n, kind="person", center=1, label=n.upper())
    g.add_edges_from([("l1", "l2"), ("l1", "bridge"), ("l2", "bridge"), ("bridge", "r1"),
                      ("bridge", "r2"), ("r1", "r2")])  # fmt: skip
    top = analytics.brokers(g)
    assert top[0]["node"] == "bridge"
    # 4 of the 6 pairs of others pass through the bridge; normalized by (n-1)(n-2)/2 = 6.
    assert top[0]["betweenness"] == pytest.approx(4 / 6, abs=1e-4)
    assert top[0]["sampled"] is False
    assert [b["node"] for b in top] == ["bridge"]


def test_big_graphs_use_sampled_betweenness_with_a_fixed_seed():
    g = nx.path_graph(analytics.EXACT_LIMIT + 50)
    nx.set_node_attributes(g, "person", "kind")
    first, second = analytics.brokers(g), analytics.brokers(g)
    assert first == second
    assert first[0]["sampled"] is True


def test_a_venture_with_only_its_team_is_isolated():
    assert analytics.isolated_ventures(_graph()) == ["v2"]


def test_sector_ties_are_counted_by_year():
    g = _graph()
    rows = analytics.sector_ties_by_year(g, analytics.organization_ties(g))
    assert rows == [
        {"year": 2018, "sectors": ["government", "private"], "ties": 1},
        {"year": 2019, "sectors": ["non_profit", "private"], "ties": 1},
        {"year": 2020, "sectors": ["government", "non_profit"], "ties": 1},
    ]


def test_analyse_reports_per_center():
    result = analytics.analyse(_graph())
    assert set(result) == {1}
    assert result[1]["cross_sector"]["ties"] == 3
    assert result[1]["isolated_ventures"]["count"] == 1


def _people_graph():
    g = nx.Graph()
    g.add_node("person:1", kind="person", center=1, sdgs=[6])
    g.add_node("person:2", kind="person", center=1, sdgs=[])
    g.add_node("person:3", kind="person", center=1, sdgs=[])
    g.add_node("person:4", kind="person", center=1, sdgs=[])
    g.add_node("organization:1", kind="organization", center=1, sector="non_profit")
    g.add_node("organization:2", kind="organization", center=1, sector="government")
    g.add_node("organization:3", kind="organization", center=1, sector="private")
    g.add_node("venture:1", kind="venture", center=1, sdgs=[3])
    g.add_node("challenge:9", kind="challenge", center=1, label="Dry summers")
    g.add_edge("person:1", "organization:1")
    g.add_edge("person:1", "venture:1")
    g.add_edge("venture:1", "challenge:9")
    g.add_edge("person:2", "organization:2")
    g.add_edge("person:2", "challenge:9")
    g.add_edge("person:3", "organization:3")
    g.add_edge("person:4", "organization:1")
    return g


def test_recommendations_bridge_sectors_and_say_exactly_why():
    candidates = {
        2: {"sdgs": [6], "expertise": ["Policy"]},  # government, SDG 6, same challenge
        3: {"sdgs": [13], "expertise": []},  # private, shares nothing: not suggested
        4: {"sdgs": [6], "expertise": []},  # same sector as the viewer: not suggested
    }
    found = recommend.recommend(_people_graph(), 1, candidates, viewer_interests=["policy"])
    assert [r.person_id for r in found] == [2]
    r = found[0]
    assert r.new_sectors == ["government"]
    assert r.shared_sdgs == [6]
    assert r.shared_challenges == ["challenge:9"]
    assert r.shared_expertise == ["Policy"]


def test_venture_sdgs_count_as_the_viewers_own():
    found = recommend.recommend(_people_graph(), 1, {3: {"sdgs": [3]}})
    assert [(r.person_id, r.shared_sdgs) for r in found] == [(3, [3])]


def test_the_matrix_betweenness_equals_networkx_exactly():
    from markaz.networking.centrality import betweenness

    g = nx.gnm_random_graph(120, 160, seed=4)
    g.add_edge(500, 501)  # a separate component
    ours, reference = betweenness(g), nx.betweenness_centrality(g)
    assert max(abs(ours[n] - reference[n]) for n in g) < 1e-12
    part = [n for n in g if n < 60]
    ours = betweenness(g, part)
    reference = nx.betweenness_centrality(g.subgraph(part))
    assert max(abs(ours[n] - reference[n]) for n in part) < 1e-12


@pytest.mark.parametrize("seed", [1, 7])
def test_sampled_betweenness_picks_the_same_sources_as_networkx_and_equals_it(seed):
    """Same seed → same sampled sources (random.Random(seed).sample over the nodes in graph
    order) → the same scores, for the whole graph and for a center's part of it."""
    from markaz.networking.centrality import betweenness

    g = nx.gnm_random_graph(300, 420, seed=5)
    g.add_edge(900, 901)
    ours = betweenness(g, k=40, seed=seed)
    reference = nx.betweenness_centrality(g, k=40, seed=seed)
    assert max(abs(ours[n] - reference[n]) for n in g) < 1e-12
    assert sum(1 for n in g if reference[n] > 0) > 50  # the comparison is not all zeros
    part = [n for n in g if n % 3]  # graph order, as analytics.by_center gives it
    ours = betweenness(g, part, k=30, seed=seed)
    reference = nx.betweenness_centrality(g.subgraph(part), k=30, seed=seed)
    assert max(abs(ours[n] - reference[n]) for n in part) < 1e-12


def test_sampled_betweenness_is_scaled_like_networkx():
    from markaz.networking.centrality import betweenness

    g = nx.complete_graph(10)
    g.add_edge(0, 99)  # node 0 alone bridges 99 to everyone
    scores = betweenness(g, k=5, seed=2)
    assert scores[0] > 0 and all(scores[n] == 0 for n in g if n != 0)
