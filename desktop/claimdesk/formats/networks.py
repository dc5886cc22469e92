"""Discourse networks for Gephi, networkx and R, as Discourse Network Analyzer (DNA) users know them.

Only claims with a claimant, an issue as target and (for the one-mode
networks) a stance count. A stance's value gives its direction: above zero
agrees, below zero disagrees, zero is neutral; a stance without a value
(ambivalent) joins no conflict.

- ``twomode``: actors × issues; an edge per actor and issue, its weight by
  ``qualifier`` (DNA's aggregation): ``ignore`` counts the claims,
  ``subtract`` is agreeing minus disagreeing claims, ``combine`` is 1 when the
  actor only agreed, 2 when it only disagreed, 3 when it did both (0 else).
- ``congruence``: actors linked by taking the same stance on the same issue;
  the weight counts the issues (and stances) they share.
- ``conflict``: actors linked by opposite stances on the same issue; the weight
  counts those issues.
- ``subtract``: congruence minus conflict (pairs where that is zero are left out).

The time window is the scope's date range. GraphML follows the conventions
Gephi documents (a ``label`` per node, a numeric ``weight`` per edge,
undirected); CSV edge lists have ``source``, ``target`` and ``weight`` columns.

>>> export_graphml(project, "congruence.graphml", network="congruence").edges
6
"""

from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from claimdesk import __version__
from claimdesk.core.errors import FormatError
from claimdesk.formats import Format, register
from claimdesk.formats._output import Progress, Ticker, atomic_path
from claimdesk.formats.scope import Lookup, Scope, scoped_corpus
from claimdesk.formats.tables import neutralise

NETWORKS = ("twomode", "congruence", "conflict", "subtract")
QUALIFIERS = ("ignore", "subtract", "combine")


@dataclass
class Network:
    """Nodes and weighted undirected edges, with their attributes."""

    kind: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    documents: int = 0
    claims: int = 0

    def node_keys(self) -> list[tuple[str, str]]:
        return _keys(self.nodes.values())

    def edge_keys(self) -> list[tuple[str, str]]:
        return _keys(self.edges.values())


def _keys(records: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    kinds: dict[str, str] = {}
    for record in records:
        for key, value in record.items():
            if key.startswith("_") or value is None:
                continue
            kind = (
                "double"
                if isinstance(value, float)
                else "int"
                if isinstance(value, int) and not isinstance(value, bool)
                else "string"
            )
            if kinds.get(key) not in (None, kind):
                kind = "double" if {kinds[key], kind} == {"int", "double"} else "string"
            kinds[key] = kind
    return list(kinds.items())


def _sign(value: Any) -> int | None:
    if value is None:
        return None
    return (value > 0) - (value < 0)


def build_network(
    header: dict[str, Any],
    records: Iterable[dict[str, Any]],
    *,
    network: str = "twomode",
    qualifier: str = "ignore",
    ticker: Ticker | None = None,
) -> Network:
    """The network of the claims in ``records`` (document records of the native export)."""
    if network not in NETWORKS:
        raise FormatError(f"unknown network {network!r} (networks: {', '.join(NETWORKS)})")
    if qualifier not in QUALIFIERS:
        raise FormatError(f"unknown qualifier {qualifier!r} (choices: {', '.join(QUALIFIERS)})")
    look = Lookup(header)
    result = Network(network)
    # (actor, issue) -> Counter of stance ids, and of signs
    stances: dict[tuple[str, str], Counter[str | None]] = defaultdict(Counter)
    signs: dict[tuple[str, str], Counter[int | None]] = defaultdict(Counter)
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for d in records:
        result.documents += 1
        for c in d["claims"]:
            kind, issue, _label = look.target(c)
            if not c["claimant"] or kind != "issue":
                continue
            stance = look.stances.get(c["stance"]) or {}
            if network != "twomode" and not c["stance"]:
                continue
            key = (c["claimant"], issue)
            result.claims += 1
            stances[key][c["stance"]] += 1
            signs[key][_sign(stance.get("value")) if c["stance"] else None] += 1
            if stance.get("value") is not None:
                values[key].append(float(stance["value"]))
        if ticker:
            ticker.tick()

    def actor_node(actor: str) -> None:
        a = look.actors.get(actor) or {}
        result.nodes.setdefault(
            actor,
            {
                "label": a.get("name", actor),
                "kind": "actor",
                "actor_type": a.get("type", ""),
                "parent": look.actor_name(a.get("parent")),
                "bipartite": 0,
                "claims": 0,
            },
        )

    for (actor, _issue), count in stances.items():
        actor_node(actor)
        result.nodes[actor]["claims"] += sum(count.values())
    if network == "twomode":
        for (actor, issue), count in stances.items():
            result.nodes.setdefault(
                issue,
                {
                    "label": look.issues.get(issue, {}).get("label", issue),
                    "kind": "issue",
                    "bipartite": 1,
                    "claims": 0,
                },
            )
            result.nodes[issue]["claims"] += sum(count.values())
            s = signs[(actor, issue)]
            positive, negative = s[1], s[-1]
            claims = sum(count.values())
            weight: float = claims
            if qualifier == "subtract":
                weight = positive - negative
            elif qualifier == "combine":
                weight = (1 if positive else 0) + (2 if negative else 0)
            edge = {
                "weight": float(weight),
                "claims": claims,
                "agree": positive,
                "disagree": negative,
                "neutral": s[0],
                "other": s[None],
            }
            if values[(actor, issue)]:
                edge["stance_mean"] = sum(values[(actor, issue)]) / len(values[(actor, issue)])
            result.edges[(actor, issue)] = edge
        return result
    by_issue: dict[str, dict[str, tuple[set[str], set[int]]]] = defaultdict(dict)
    for (actor, issue), count in stances.items():
        ids = {s for s in count if s}
        polarity = {p for p in signs[(actor, issue)] if p in (1, -1)}
        by_issue[issue][actor] = (ids, polarity)
    congruent: Counter[tuple[str, str]] = Counter()
    conflicting: Counter[tuple[str, str]] = Counter()
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for issue, actors in by_issue.items():
        label = look.issues.get(issue, {}).get("label", issue)
        for a, b in combinations(sorted(actors), 2):
            (ids_a, pol_a), (ids_b, pol_b) = actors[a], actors[b]
            same = len(ids_a & ids_b)
            opposite = int((1 in pol_a and -1 in pol_b) or (-1 in pol_a and 1 in pol_b))
            if same:
                congruent[(a, b)] += same
            if opposite:
                conflicting[(a, b)] += opposite
            if (network == "congruence" and same) or (network == "conflict" and opposite):
                shared[(a, b)].add(label)
            if network == "subtract" and (same or opposite):
                shared[(a, b)].add(label)
    for pair in set(congruent) | set(conflicting):
        weight = {
            "congruence": congruent[pair],
            "conflict": conflicting[pair],
            "subtract": congruent[pair] - conflicting[pair],
        }[network]
        if weight == 0:
            continue
        result.edges[pair] = {
            "weight": float(weight),
            "congruence": congruent[pair],
            "conflict": conflicting[pair],
            "issues": "; ".join(sorted(shared[pair])),
        }
    return result


@dataclass(frozen=True, slots=True)
class NetworkResult:
    documents: int
    claims: int
    nodes: int
    edges: int
    path: str


def _network(
    project: Any,
    *,
    network: str,
    qualifier: str,
    scope: Scope | None,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> Network:
    header, records, total = scoped_corpus(project, scope)
    return build_network(
        header,
        records,
        network=network,
        qualifier=qualifier,
        ticker=Ticker(total, progress, cancel),
    )


def write_graphml(net: Network, out: Any) -> None:
    """Write a network as GraphML (an open binary file)."""
    from lxml import etree

    ns = "http://graphml.graphdrawing.org/xmlns"
    root = etree.Element(f"{{{ns}}}graphml", nsmap={None: ns})
    ids: dict[tuple[str, str], str] = {}
    for domain, keys in (("node", net.node_keys()), ("edge", net.edge_keys())):
        for name, kind in keys:
            key_id = f"{domain[0]}_{name}"
            ids[(domain, name)] = key_id
            etree.SubElement(
                root,
                f"{{{ns}}}key",
                {"id": key_id, "for": domain, "attr.name": name, "attr.type": kind},
            )
    graph = etree.SubElement(root, f"{{{ns}}}graph", {"id": net.kind, "edgedefault": "undirected"})
    desc = etree.SubElement(graph, f"{{{ns}}}desc")
    desc.text = f"Claimdesk {__version__}: {net.kind} network of {net.claims} claims"

    def data(parent: Any, domain: str, record: dict[str, Any]) -> None:
        for name, value in record.items():
            if value is None or name.startswith("_"):
                continue
            el = etree.SubElement(parent, f"{{{ns}}}data", {"key": ids[(domain, name)]})
            el.text = repr(value) if isinstance(value, float) else str(value)

    for node_id, record in net.nodes.items():
        data(etree.SubElement(graph, f"{{{ns}}}node", {"id": node_id}), "node", record)
    for n, ((a, b), record) in enumerate(net.edges.items()):
        edge = etree.SubElement(graph, f"{{{ns}}}edge", {"id": f"e{n}", "source": a, "target": b})
        data(edge, "edge", record)
    out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def export_graphml(
    project: Any,
    destination: str | os.PathLike[str],
    *,
    network: str = "twomode",
    qualifier: str = "ignore",
    scope: Scope | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> NetworkResult:
    """Write a network as GraphML for Gephi, networkx (``read_graphml``), igraph or visone."""
    net = _network(
        project, network=network, qualifier=qualifier, scope=scope, progress=progress, cancel=cancel
    )
    with atomic_path(destination) as tmp, tmp.open("wb") as out:
        write_graphml(net, out)
    return NetworkResult(
        net.documents, net.claims, len(net.nodes), len(net.edges), str(destination)
    )


def export_edges(
    project: Any,
    destination: str | os.PathLike[str],
    *,
    network: str = "twomode",
    qualifier: str = "ignore",
    scope: Scope | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> NetworkResult:
    """Write a network as a CSV edge list: ``source``, ``target``, their labels, ``weight``…"""
    net = _network(
        project, network=network, qualifier=qualifier, scope=scope, progress=progress, cancel=cancel
    )
    extra = [name for name, _ in net.edge_keys() if name != "weight"]
    with atomic_path(destination) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["source", "target", "source_label", "target_label", "weight", *extra])
        for (a, b), record in net.edges.items():
            weight = record["weight"]
            writer.writerow(
                [
                    a,
                    b,
                    neutralise(net.nodes[a]["label"]),
                    neutralise(net.nodes[b]["label"]),
                    int(weight) if float(weight).is_integer() else weight,
                    *(neutralise(record.get(name, "")) for name in extra),
                ]
            )
    return NetworkResult(
        net.documents, net.claims, len(net.nodes), len(net.edges), str(destination)
    )


def _no_sniff(head: bytes, suffix: str) -> float:
    return 0.0


GRAPHML = register(
    Format(
        name="graphml",
        description="Actor × issue, congruence or conflict network as GraphML (Gephi, networkx)",
        kind="project",
        extensions=(".graphml",),
        sniff=_no_sniff,
        write=export_graphml,
    )
)
EDGES = register(
    Format(
        name="edges",
        description="The same networks as a CSV edge list (source, target, weight)",
        kind="project",
        extensions=(".csv",),
        sniff=_no_sniff,
        write=export_edges,
    )
)
