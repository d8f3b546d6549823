"""Lay out a provenance graph by time: one column per publication date, sources on the left."""
from __future__ import annotations

import hashlib
from urllib.parse import quote
from typing import Any

PALETTE = ("#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457",
           "#4e342e", "#558b2f", "#283593", "#f9a825", "#37474f")
RELATION_COLOURS = {"copies": "#c62828", "excerpts_with_attribution": "#2e7d32",
                    "paraphrases": "#1565c0", "translates": "#6a1b9a", "sibling_of": "#757575",
                    "republishes": "#ef6c00", "shares text": "#455a64"}
COL_W, ROW_H, MARGIN = 210, 64, 60
EXTERNAL, UNDATED = "external sources", "undated"


def colour(value: str | None, index: int | None = None) -> str:
    """Return a palette colour for a value: by its index in the legend, else by a stable hash."""
    if not value:
        return "#9e9e9e"
    if index is None:
        index = int(hashlib.md5(value.encode()).hexdigest(), 16)
    return PALETTE[index % len(PALETTE)]


def layout(edges: list[dict[str, Any]], labels: dict[str, dict[str, Any]], focus: str | None = None,
           colour_by: str = "outlet") -> dict[str, Any]:
    """Return nodes with x/y (columns by date), edges with end points, columns and legend."""
    ids = sorted({e["source_id"] for e in edges} | {e["target_id"] for e in edges} | ({focus} if focus else set()))
    info = {i: _node(i, labels.get(i), colour_by, focus) for i in ids}
    groups = sorted({n["group"] for n in info.values()})
    for n in info.values():
        n["colour"] = colour(n["group"], groups.index(n["group"]))
    cols = _columns(info)
    for c_idx, (_, members) in enumerate(cols):
        for r_idx, n in enumerate(sorted(members, key=lambda n: (n["outlet"] or "~", n["id"]))):
            n["x"], n["y"] = MARGIN + c_idx * COL_W + COL_W // 2, MARGIN + 30 + r_idx * ROW_H
    out_edges = []
    for e in edges:
        a, b = info[e["source_id"]], info[e["target_id"]]
        out_edges.append({"source": a["id"], "target": b["id"], "relation": e.get("relation"),
                          "confidence": e.get("confidence"), "x1": a["x"], "y1": a["y"],
                          "x2": b["x"], "y2": b["y"], "path": _curve(a["x"], a["y"], b["x"], b["y"]),
                          "colour": RELATION_COLOURS.get(e.get("relation") or "", "#455a64"),
                          "href": None if a["external"] or b["external"] else pair_link(a["id"], b["id"]),
                          "dashed": e.get("relation") == "sibling_of"})
    rows = max((len(m) for _, m in cols), default=0)
    legend = sorted({(n["group"], n["colour"]) for n in info.values()})
    return {"nodes": list(info.values()), "edges": out_edges, "colour_by": colour_by,
            "columns": [{"label": label, "x": MARGIN + i * COL_W + COL_W // 2} for i, (label, _) in enumerate(cols)],
            "width": 2 * MARGIN + max(1, len(cols)) * COL_W, "height": 2 * MARGIN + 30 + max(1, rows) * ROW_H,
            "legend": [{"label": g, "colour": c} for g, c in legend],
            "relations": [{"name": r, "colour": RELATION_COLOURS.get(r, "#455a64")}
                          for r in sorted({e["relation"] for e in out_edges if e["relation"]})]}


def _node(i: str, lab: dict[str, Any] | None, colour_by: str, focus: str | None) -> dict[str, Any]:
    lab = lab or {}
    external = bool(lab.get("external")) or i.startswith("ext:")
    kind = lab.get("kind") or ("external" if external else "document")
    group = (lab.get("outlet") or ("external source" if external else "unknown outlet")) \
        if colour_by == "outlet" else kind
    title = lab.get("title") or i
    return {"id": i, "title": title, "label": title if len(title) <= 30 else title[:29] + "…",
            "outlet": lab.get("outlet"), "published": lab.get("published"), "kind": kind,
            "external": external, "missing": not lab, "group": group, "colour": "",
            "focus": i == focus, "href": None if external or not lab else doc_url(i)}


def _columns(info: dict[str, dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Group nodes into columns: external sources, then each date in order, then undated."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for n in info.values():
        key = EXTERNAL if n["external"] else ((n["published"] or "")[:10] or UNDATED)
        groups.setdefault(key, []).append(n)
    order = sorted(groups, key=lambda k: (k != EXTERNAL, k == UNDATED, k))
    return [(k, groups[k]) for k in order]


def doc_url(doc_id: str) -> str:
    """Return the page URL of a document (the id percent-encoded, slashes included)."""
    return "/documents/" + quote(doc_id, safe="")


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    """Return an SVG path bending gently to the left of the line, so that edges in a column part."""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    cx, cy = mx - 0.18 * dy, my + 0.18 * dx
    return f"M {x1} {y1} Q {cx:.1f} {cy:.1f} {x2} {y2}"


def pair_link(a: str, b: str) -> str:
    """Return the pair page URL of two documents."""
    return f"/pair?a={quote(a, safe='')}&b={quote(b, safe='')}"
