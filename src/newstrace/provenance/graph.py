"""The provenance graph: typed edges from parent links and pair decisions; GraphML/GEXF/JSON."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from itertools import combinations
from typing import Any

RELATIONS = ("copies", "excerpts_with_attribution", "paraphrases", "translates", "sibling_of",
             "republishes")
GRAPH_FORMATS = ("graphml", "gexf", "json")


def assemble_edges(links: list[dict[str, Any]], decisions: dict, by_pair: dict,
                   families: list) -> list[dict[str, Any]]:
    """Merge parent links per document pair and add sibling edges; return prov_edges rows."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for link in links:
        e = edges.setdefault((link["source"], link["target"]), _edge(link["source"], link["target"],
                                                                     link["relation"], 0.0, {}))
        e["confidence"] = max(e["confidence"], round(link["confidence"], 4))
        if link.get("family"):
            e["evidence"].setdefault("families", []).append(link["family"])
        if link.get("credit"):
            e["evidence"]["credit"] = link["credit"]
        if link.get("decision") is not None:
            e["evidence"]["features"] = link["decision"].evidence
    linked = {frozenset(k) for k in edges}
    for (a, b), d in decisions.items():
        if d.direction == "siblings" and frozenset((a, b)) not in linked:
            edges[(a, b)] = _edge(a, b, "sibling_of", round(d.confidence, 4), {"features": d.evidence})
            linked.add(frozenset((a, b)))
    for fam in families:
        _common_parent_siblings(fam, edges, linked, by_pair)
    for (s, t), e in edges.items():
        e["n_passages"] = len(by_pair.get(tuple(sorted((s, t))), []))
    return sorted(edges.values(), key=lambda e: (e["source_id"], e["target_id"]))


def _edge(source: str, target: str, relation: str, confidence: float, evidence: dict) -> dict[str, Any]:
    return {"source_id": source, "target_id": target, "relation": relation,
            "confidence": confidence, "evidence": evidence}


def _common_parent_siblings(fam, edges: dict, linked: set, by_pair: dict) -> None:
    """Join members that share text only because they took it from the same parent."""
    children: dict[str, list[str]] = defaultdict(list)
    for m in fam.members:
        if m.get("parent_id"):
            children[m["parent_id"]].append(m["doc_id"])
    for parent, kids in children.items():
        for a, b in combinations(sorted(kids), 2):
            if frozenset((a, b)) in linked or (a, b) not in by_pair:
                continue
            conf = min(edges[(parent, a)]["confidence"], edges[(parent, b)]["confidence"]) * 0.9
            edges[(a, b)] = _edge(a, b, "sibling_of", round(conf, 4),
                                  {"common_parent": parent, "families": [fam.family_id]})
            linked.add(frozenset((a, b)))


# -- serialisation -----------------------------------------------------------------------------

def graph_json(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> str:
    """Return the graph as Cytoscape.js JSON ({"elements": {"nodes": […], "edges": […]}})."""
    return json.dumps({"directed": True, "elements": {
        "nodes": [{"data": {"id": n["id"], **{k: v for k, v in n.items() if k != "id"}}} for n in nodes],
        "edges": [{"data": {"id": f"e{i}", "source": e["source_id"], "target": e["target_id"],
                            "relation": e["relation"], "confidence": e["confidence"],
                            "directed": e["relation"] != "sibling_of"}} for i, e in enumerate(edges)],
    }}, ensure_ascii=False, indent=1, default=str)


_NODE_KEYS = (("label", "string"), ("kind", "string"), ("outlet", "string"), ("published", "string"),
              ("language", "string"))
_EDGE_KEYS = (("relation", "string"), ("confidence", "double"))


def graph_graphml(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> str:
    """Return the graph as GraphML (Gephi, Cytoscape, yEd); sibling edges are undirected."""
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for scope, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for name, typ in keys:
            ET.SubElement(root, "key", {"id": name, "for": scope, "attr.name": name, "attr.type": typ})
    g = ET.SubElement(root, "graph", id="provenance", edgedefault="directed")
    for n in nodes:
        el = ET.SubElement(g, "node", id=n["id"])
        for name, _ in _NODE_KEYS:
            if n.get(name) is not None:
                ET.SubElement(el, "data", key=name).text = str(n[name])
    for i, e in enumerate(edges):
        attrs = {"id": f"e{i}", "source": e["source_id"], "target": e["target_id"]}
        if e["relation"] == "sibling_of":
            attrs["directed"] = "false"
        el = ET.SubElement(g, "edge", attrs)
        ET.SubElement(el, "data", key="relation").text = e["relation"]
        ET.SubElement(el, "data", key="confidence").text = repr(float(e["confidence"]))
    return _xml(root)


def graph_gexf(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> str:
    """Return the graph as GEXF 1.3 (Gephi); edge weight is the confidence."""
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    g = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    na = ET.SubElement(g, "attributes", {"class": "node"})
    for i, (name, typ) in enumerate(_NODE_KEYS[1:]):
        ET.SubElement(na, "attribute", id=str(i), title=name, type=typ)
    ns = ET.SubElement(g, "nodes")
    for n in nodes:
        el = ET.SubElement(ns, "node", id=n["id"], label=str(n.get("label") or n["id"]))
        vals = ET.SubElement(el, "attvalues")
        for i, (name, _) in enumerate(_NODE_KEYS[1:]):
            if n.get(name) is not None:
                ET.SubElement(vals, "attvalue", {"for": str(i), "value": str(n[name])})
    es = ET.SubElement(g, "edges")
    for i, e in enumerate(edges):
        attrs = {"id": str(i), "source": e["source_id"], "target": e["target_id"],
                 "label": e["relation"], "weight": repr(float(e["confidence"]))}
        if e["relation"] == "sibling_of":
            attrs["type"] = "undirected"
        ET.SubElement(es, "edge", attrs)
    return _xml(root)


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_graph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], fmt: str) -> str:
    """Return the graph in one of GRAPH_FORMATS."""
    from ..errors import ConfigError
    writers = {"graphml": graph_graphml, "gexf": graph_gexf, "json": graph_json}
    if fmt not in writers:
        raise ConfigError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")
    return writers[fmt](nodes, edges)
