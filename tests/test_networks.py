"""Networks: GraphML read back with networkx, CSV edge lists with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

from claimdesk.core.errors import FormatError
from claimdesk.formats.networks import export_edges, export_graphml
from claimdesk.formats.scope import Scope
from export_sample import Sample, build_sample


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    s = build_sample(tmp_path / "sample.claimdesk")
    yield s
    s.project.close()


def labelled(graph: nx.Graph) -> dict[frozenset[str], dict]:
    names = nx.get_node_attributes(graph, "label")
    return {frozenset((names[a], names[b])): data for a, b, data in graph.edges(data=True)}


@pytest.mark.parametrize(
    ("qualifier", "weights"),
    [
        ("ignore", {"Jansen": 1, "Nederlands kabinet": 2, "Huawei": 1, "Merkel": 1}),
        ("subtract", {"Jansen": 1, "Nederlands kabinet": -2, "Huawei": -1, "Merkel": 1}),
        ("combine", {"Jansen": 1, "Nederlands kabinet": 2, "Huawei": 2, "Merkel": 1}),
    ],
)
def test_twomode_network_actor_by_issue(
    sample: Sample, tmp_path: Path, qualifier: str, weights: dict[str, int]
) -> None:
    out = tmp_path / "twomode.graphml"
    result = export_graphml(sample.project, out, network="twomode", qualifier=qualifier)
    graph = nx.read_graphml(out)
    assert not graph.is_directed()
    assert (
        (result.nodes, result.edges) == (5, 4) == (graph.number_of_nodes(), graph.number_of_edges())
    )
    edges = labelled(graph)
    assert {next(iter(k - {"Huawei in 5G"})) if len(k) == 2 else "Huawei": v["weight"]
            for k, v in edges.items()} == weights  # fmt: skip
    kabinet = edges[frozenset(("Nederlands kabinet", "Huawei in 5G"))]
    assert (kabinet["claims"], kabinet["agree"], kabinet["disagree"]) == (2, 0, 2)
    assert kabinet["stance_mean"] == -1.0
    kinds = nx.get_node_attributes(graph, "kind")
    assert sorted(kinds.values()) == ["actor"] * 4 + ["issue"]
    assert set(nx.get_node_attributes(graph, "bipartite").values()) == {0, 1}
    assert (
        nx.get_node_attributes(graph, "parent")[
            str(sample.project.record_uuid("actors", sample.actors["jansen"]))
        ]
        == "Nederlands kabinet"
    )


@pytest.mark.parametrize(
    ("network", "expected"),
    [
        ("congruence", {("Jansen", "Merkel"): 1, ("Huawei", "Nederlands kabinet"): 1}),
        (
            "conflict",
            {
                ("Jansen", "Nederlands kabinet"): 1,
                ("Huawei", "Jansen"): 1,
                ("Merkel", "Nederlands kabinet"): 1,
                ("Huawei", "Merkel"): 1,
            },
        ),
        (
            "subtract",
            {
                ("Jansen", "Merkel"): 1,
                ("Huawei", "Nederlands kabinet"): 1,
                ("Jansen", "Nederlands kabinet"): -1,
                ("Huawei", "Jansen"): -1,
                ("Merkel", "Nederlands kabinet"): -1,
                ("Huawei", "Merkel"): -1,
            },
        ),
    ],
)
def test_one_mode_networks(
    sample: Sample, tmp_path: Path, network: str, expected: dict[tuple[str, str], int]
) -> None:
    out = tmp_path / f"{network}.graphml"
    export_graphml(sample.project, out, network=network)
    graph = nx.read_graphml(out)
    got = {tuple(sorted(k)): v["weight"] for k, v in labelled(graph).items()}
    assert got == {tuple(sorted(k)): float(v) for k, v in expected.items()}
    for data in labelled(graph).values():
        assert data["issues"] == "Huawei in 5G"


def test_time_window_keeps_the_claims_of_the_period(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "conflict.graphml"
    result = export_graphml(
        sample.project,
        out,
        network="conflict",
        scope=Scope.of(date_from="2020-01", date_to="2020-12"),
    )
    graph = nx.read_graphml(out)
    assert result.documents == 1
    assert set(labelled(graph)) == {frozenset(("Merkel", "Nederlands kabinet"))}


def test_edge_list_csv(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "edges.csv"
    export_edges(sample.project, out, network="congruence")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {frozenset((r["source_label"], r["target_label"])): r["weight"] for r in rows} == {
        frozenset(("Jansen", "Merkel")): "1",
        frozenset(("Huawei", "Nederlands kabinet")): "1",
    }
    graph = nx.read_graphml(
        export_graphml(sample.project, tmp_path / "g.graphml", network="congruence").path
    )
    assert {frozenset((r["source"], r["target"])) for r in rows} == {
        frozenset(e) for e in graph.edges
    }


def test_unknown_network_is_refused(sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="unknown network 'affiliation'"):
        export_graphml(sample.project, tmp_path / "x.graphml", network="affiliation")
    assert not (tmp_path / "x.graphml").exists()


def test_demo_project_network_opens_in_networkx(demo_project, tmp_path: Path) -> None:
    out = tmp_path / "demo.graphml"
    result = export_graphml(demo_project, out, network="twomode")
    graph = nx.read_graphml(out)
    assert graph.number_of_edges() == result.edges > 0
    assert sum(d["claims"] for _, _, d in graph.edges(data=True)) == result.claims
