"""The report's Provenance section: a graph laid out by time (inline SVG) and per-document lists."""
from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import duckdb
from markupsafe import Markup, escape

from ..store import queries

COLORS = {"copies": "#c62828", "excerpts_with_attribution": "#ef6c00", "paraphrases": "#6a1b9a",
          "translates": "#1565c0", "republishes": "#2e7d32", "sibling_of": "#757575"}
W, LANE, LEFT, TOP, UNDATED_W = 960, 46, 70, 40, 170
MAX_NODES = 200


def provenance_section(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Return the graph SVG, the per-document provenance lists and the families for the report."""
    if not queries.has_provenance(con):
        return {"available": False, "svg": "", "documents": [], "families": [], "sources": []}
    nodes, edges = queries.provenance_graph(con)
    nodes, edges = _bounded(nodes, edges, MAX_NODES)
    docs = []
    for doc_id in sorted({n["id"] for n in nodes if n["kind"] == "document"}):
        lists = queries.document_provenance(con, doc_id)
        for rows in lists.values():
            for e in rows:
                e["summary"] = evidence_summary(e, doc_id)
        docs.append({"id": doc_id, "label": next(n["label"] for n in nodes if n["id"] == doc_id), **lists})
    return {"available": True, "svg": graph_svg(nodes, edges), "documents": docs,
            "families": queries.provenance_families(con)[:200], "sources": queries.provenance_sources(con),
            "colors": COLORS, "n_nodes": len(nodes), "n_edges": len(edges)}


def _bounded(nodes: list[dict], edges: list[dict], limit: int) -> tuple[list[dict], list[dict]]:
    """Keep the most connected nodes (and the edges among them) when the graph is large."""
    if len(nodes) <= limit:
        return nodes, edges
    deg: dict[str, int] = {}
    for e in edges:
        for k in ("source_id", "target_id"):
            deg[e[k]] = deg.get(e[k], 0) + 1
    keep = set(sorted(deg, key=lambda k: (-deg[k], k))[:limit])
    return ([n for n in nodes if n["id"] in keep],
            [e for e in edges if e["source_id"] in keep and e["target_id"] in keep])


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    s = str(value)[:19].replace(" ", "T")
    for n in (19, 16, 10):
        try:
            return datetime.fromisoformat(s[:n])
        except ValueError:
            continue
    return None


def layout(nodes: list[dict], edges: list[dict]) -> tuple[dict[str, tuple[float, float]], list[tuple[float, str]], int]:
    """Place nodes: x by publication time (undated in a right-hand column), y in lanes that avoid overlaps."""
    times = {n["id"]: _when(n.get("published")) for n in nodes}
    for n in nodes:             # external sources sit just before the first document they feed
        if n["id"].startswith("ext:"):
            fed = [times[e["target_id"]] for e in edges if e["source_id"] == n["id"] and times.get(e["target_id"])]
            times[n["id"]] = min(fed) if fed else None
    dated = [t for t in times.values() if t]
    lo, hi = (min(dated), max(dated)) if dated else (None, None)
    span = max((hi - lo).total_seconds(), 3600.0) if dated else 1.0
    usable = W - LEFT - UNDATED_W - 40

    def x_of(node_id: str) -> float:
        t = times[node_id]
        if t is None:
            return W - UNDATED_W / 2
        x = LEFT + usable * (t - lo).total_seconds() / span
        return x - (30 if node_id.startswith("ext:") else 0)

    xs = {n["id"]: x_of(n["id"]) for n in nodes}
    lanes: list[float] = []
    pos = {}
    for nid in sorted(xs, key=lambda k: (xs[k], k)):
        lane = next((i for i, last in enumerate(lanes) if xs[nid] - last >= 120), len(lanes))
        if lane == len(lanes):
            lanes.append(xs[nid])
        lanes[lane] = xs[nid]
        pos[nid] = (xs[nid], TOP + 20 + lane * LANE)
    ticks = []
    if dated:
        for i in range(5):
            t = lo + (hi - lo) * i / 4
            ticks.append((LEFT + usable * i / 4, t.strftime("%Y-%m-%d %H:%M") if span < 7 * 86400 else t.strftime("%Y-%m-%d")))
    return pos, ticks, max(1, len(lanes))


def graph_svg(nodes: list[dict], edges: list[dict]) -> Markup:
    """Return the provenance graph as inline SVG markup (no scripts, no external resources)."""
    if not nodes:
        return Markup("")
    pos, ticks, n_lanes = layout(nodes, edges)
    height = TOP + 40 + n_lanes * LANE
    out = [f'<svg class="prov-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" '
           f'width="100%" role="img" aria-label="provenance graph laid out by publication time">', "<defs>"]
    for rel, col in COLORS.items():
        out.append(f'<marker id="arr-{rel}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
                   f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{col}"/></marker>')
    out.append("</defs>")
    for x, label in ticks:
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 10}" stroke="#eee"/>'
                   f'<text x="{x:.1f}" y="{TOP - 14}" font-size="10" text-anchor="middle" fill="#666">{escape(label)}</text>')
    out.append(f'<line x1="{W - UNDATED_W}" y1="{TOP - 8}" x2="{W - UNDATED_W}" y2="{height - 10}" stroke="#ccc"/>'
               f'<text x="{W - UNDATED_W / 2}" y="{TOP - 14}" font-size="10" text-anchor="middle" fill="#666">undated</text>')
    for e in edges:
        out.append(_edge_svg(e, pos))
    for n in nodes:
        out.append(_node_svg(n, pos[n["id"]]))
    out.append("</svg>")
    return Markup("".join(out))


def _edge_svg(e: dict, pos: dict) -> str:
    (x1, y1), (x2, y2) = pos[e["source_id"]], pos[e["target_id"]]
    d = math.hypot(x2 - x1, y2 - y1) or 1.0
    ex, ey = x2 - (x2 - x1) * 9 / d, y2 - (y2 - y1) * 9 / d        # stop at the node's edge
    col = COLORS.get(e["relation"], "#999")
    sib = e["relation"] == "sibling_of"
    style = ' stroke-dasharray="4 3"' if sib else f' marker-end="url(#arr-{e["relation"]})"'
    width = 1 + 2 * float(e.get("confidence") or 0)
    tip = f'{e["source_id"]} → {e["target_id"]}: {e["relation"]} ({float(e.get("confidence") or 0):.2f})'
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" stroke="{col}" '
            f'stroke-width="{width:.1f}" opacity="0.8"{style}><title>{escape(tip)}</title></line>')


def _node_svg(n: dict, xy: tuple[float, float]) -> str:
    x, y = xy
    ext = n["id"].startswith("ext:")
    short = (n.get("label") or n["id"])
    short = short if len(short) <= 26 else short[:25] + "…"
    tip = f'{n["id"]}: {n.get("label") or ""}' + (f' — {n["outlet"]}' if n.get("outlet") else "") + \
        (f' — {n["published"]}' if n.get("published") else "")
    shape = (f'<rect x="{x - 8:.1f}" y="{y - 8:.1f}" width="16" height="16" rx="3" fill="#fff3e0" stroke="#ef6c00"/>'
             if ext else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#e3f2fd" stroke="#1565c0"/>')
    href = "" if ext else f' href="#prov-{escape(n["id"])}"'
    tx = max(x, 64.0)        # keep labels of early nodes inside the picture
    return (f'<a{href}><g>{shape}<text x="{tx:.1f}" y="{y + 20:.1f}" font-size="10" text-anchor="middle">'
            f'{escape(short)}</text><title>{escape(tip)}</title></g></a>')


def evidence_summary(e: dict, doc_id: str) -> list[str]:
    """Return short human-readable lines of why an edge was drawn."""
    ev = e.get("evidence") or {}
    out = []
    if ev.get("credit"):
        out.append(f'credits {ev["credit"]}')
    if ev.get("common_parent"):
        out.append(f'both derive from {ev["common_parent"]}')
    f = ev.get("features") or {}
    if f:
        if f.get("common_body"):
            out.append(f'both quote {f["common_body"]}')
        if f.get("same_outlet"):
            out.append(f'same outlet ({f["same_outlet"]}), no decisive evidence of order')
        out.append(f'attribution cues on the shared text: {_pct(f.get("attribution_a"))} vs {_pct(f.get("attribution_b"))}')
        if f.get("genre_a") != f.get("genre_b"):
            out.append(f'genre: {f.get("genre_a")} / {f.get("genre_b")}')
        dates = f.get("dates") or {}
        if dates.get("a") or dates.get("b"):
            out.append(f'dates: {dates.get("a") or "—"} ({dates.get("a_from") or "?"}) / '
                       f'{dates.get("b") or "—"} ({dates.get("b_from") or "?"})')
        out.append(f'share of each text reused: {_pct(f.get("covered_a"))} / {_pct(f.get("covered_b"))}')
        for c in f.get("credit_evidence") or []:
            out.append(c)
    if ev.get("families"):
        out.append(f'{len(ev["families"])} reuse famil{"y" if len(ev["families"]) == 1 else "ies"}')
    return out


def _pct(x: Any) -> str:
    return "—" if x is None else f"{100 * float(x):.0f}%"
