"""Reads of the provenance tables: edges, external sources, pair decisions, families, graph."""
from __future__ import annotations

from typing import Any

import duckdb

from .base import _json, _rows, has_provenance, has_rows, table_columns, table_exists


def top_origins(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict[str, Any]]:
    """Return the sources copied by most distinct documents (provenance edges, else passages)."""
    if has_rows(con, "prov_edges"):
        rows = _rows(con, """SELECT e.source_id AS id, count(DISTINCT e.target_id) AS n_targets,
                list(DISTINCT e.relation ORDER BY e.relation) AS relations
            FROM prov_edges e WHERE e.relation <> 'sibling_of' GROUP BY 1
            ORDER BY n_targets DESC, id LIMIT ?""", [int(limit)])
        basis = "provenance"
    else:
        rows = _rows(con, """SELECT source_id AS id, count(DISTINCT target_id) AS n_targets,
                list(DISTINCT kind ORDER BY kind) AS relations
            FROM passages GROUP BY 1 ORDER BY n_targets DESC, id LIMIT ?""", [int(limit)])
        basis = "passages"
    labels = node_labels(con, [r["id"] for r in rows])
    for r in rows:
        r.update(labels.get(r["id"], {"title": None, "outlet": None, "published": None, "kind": None}))
        r["basis"] = basis
    return rows


def node_labels(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Return title, outlet, date and kind of documents and external sources (``ext:`` ids)."""
    if not ids:
        return {}
    out = {r.pop("id"): r for r in _rows(con, """SELECT doc_id AS id, title, outlet, published,
            'document' AS kind FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))""", [ids])}
    ext = [i for i in ids if i.startswith("ext:") and i not in out]
    if ext and table_exists(con, "prov_sources"):
        cols = table_columns(con, "prov_sources")
        kind = "kind" if "kind" in cols else "'external'"
        label = "label" if "label" in cols else "source_id"
        for r in _rows(con, f"""SELECT source_id AS id, {label} AS title, NULL AS outlet,
                NULL AS published, {kind} AS kind FROM prov_sources
                WHERE source_id IN (SELECT unnest(?::VARCHAR[]))""", [ext]):
            out[r.pop("id")] = {**r, "kind": r["kind"] or "external", "external": True}
    for i in ext:
        out.setdefault(i, {"title": i[4:], "outlet": None, "published": None, "kind": "external",
                           "external": True})
    return out


def edge_page(con: duckdb.DuckDBPyConnection, doc_id: str | None = None, limit: int = 100,
              offset: int = 0) -> list[dict[str, Any]]:
    """Return provenance edges (all, or touching one node), most confident first; [] if none."""
    if not table_exists(con, "prov_edges"):
        return []
    where, params = ("WHERE source_id = ? OR target_id = ?", [doc_id, doc_id]) if doc_id else ("", [])
    rows = _rows(con, f"""SELECT * FROM prov_edges {where}
        ORDER BY confidence DESC NULLS LAST, source_id, target_id, relation LIMIT ? OFFSET ?""",
                 params + [int(limit), int(offset)])
    for r in rows:
        if "evidence" in r:
            r["evidence"] = _json(r["evidence"])
    return rows


def graph_edges(con: duckdb.DuckDBPyConnection, focus: str | None = None,
                max_nodes: int = 150) -> tuple[list[dict[str, Any]], str]:
    """Return the edges of a bounded subgraph and its basis ('provenance' or 'passages').

    Around ``focus`` (two hops), else among the nodes with most edges.
    """
    if has_rows(con, "prov_edges"):
        base, basis = ("""SELECT source_id, target_id, relation, confidence FROM prov_edges""",
                       "provenance")
    else:
        base, basis = ("""SELECT source_id, target_id, 'shares text' AS relation, max(score) AS confidence
            FROM passages GROUP BY 1, 2""", "passages")
    if focus is not None:
        nodes_sql = """hop1 AS (SELECT source_id AS n FROM e WHERE target_id = ? UNION
                                SELECT target_id FROM e WHERE source_id = ? UNION SELECT ?),
            nodes AS (SELECT n FROM (SELECT n FROM hop1 UNION
                SELECT CASE WHEN e.source_id = h.n THEN e.target_id ELSE e.source_id END
                FROM e JOIN hop1 h ON h.n IN (e.source_id, e.target_id)) ORDER BY n = ? DESC, n LIMIT ?)"""
        params: list[Any] = [focus, focus, focus, focus, int(max_nodes)]
    else:
        nodes_sql = """nodes AS (SELECT n FROM (SELECT source_id AS n FROM e UNION ALL SELECT target_id FROM e)
                GROUP BY n ORDER BY count(*) DESC, n LIMIT ?)"""
        params = [int(max_nodes)]
    rows = _rows(con, f"""WITH e AS ({base}), {nodes_sql}
        SELECT e.* FROM e WHERE e.source_id IN (SELECT n FROM nodes) AND e.target_id IN (SELECT n FROM nodes)
        ORDER BY e.confidence DESC NULLS LAST, e.source_id, e.target_id LIMIT 2000""", params)
    return rows, basis


def _decoded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        if "evidence" in r:
            r["evidence"] = _json(r["evidence"]) or {}
    return rows


def provenance_edges(con: duckdb.DuckDBPyConnection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Return provenance edges (all, or touching one node) with node labels and decoded evidence."""
    if not has_provenance(con):
        return []
    where, params = ("WHERE e.source_id = ? OR e.target_id = ?", [doc_id, doc_id]) if doc_id else ("", [])
    return _decoded(_rows(con, f"""SELECT e.source_id, e.target_id, e.relation, e.confidence,
            e.n_passages, e.evidence, coalesce(s.label, ds.title, e.source_id) AS source_label,
            coalesce(dt.title, e.target_id) AS target_label, ds.outlet AS source_outlet,
            dt.outlet AS target_outlet, ds.published AS source_published, dt.published AS target_published
        FROM prov_edges e LEFT JOIN prov_sources s ON s.source_id = e.source_id
        LEFT JOIN documents ds ON ds.doc_id = e.source_id LEFT JOIN documents dt ON dt.doc_id = e.target_id
        {where} ORDER BY e.confidence DESC, e.source_id, e.target_id""", params))


def provenance_sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Return the inferred external sources (ext: ids) with labels and the documents they feed."""
    if not has_provenance(con):
        return []
    return _decoded(_rows(con, """SELECT source_id, label, kind, n_docs, first_seen, evidence
                                  FROM prov_sources ORDER BY n_docs DESC, source_id"""))


def provenance_pairs(con: duckdb.DuckDBPyConnection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Return pair decisions (directions, siblings, abstentions) with their evidence."""
    if not has_provenance(con):
        return []
    where, params = ("WHERE a_id = ? OR b_id = ?", [doc_id, doc_id]) if doc_id else ("", [])
    return _decoded(_rows(con, f"""SELECT a_id, b_id, direction, source_id, target_id, relation,
        confidence, score, evidence FROM prov_pairs {where} ORDER BY confidence DESC, a_id, b_id""", params))


def provenance_families(con: duckdb.DuckDBPyConnection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Return reuse families (all, or those a document belongs to), each with members in spread order."""
    if not has_provenance(con):
        return []
    where, params = ("WHERE family_id IN (SELECT family_id FROM prov_family_members WHERE doc_id = ?)",
                     [doc_id]) if doc_id else ("", [])
    fams = _rows(con, f"""SELECT family_id, origin_id, origin_confidence, n_docs, n_variants,
        first_published, last_published, spread_hours FROM prov_families {where}
        ORDER BY n_docs DESC, first_published NULLS LAST, family_id""", params)
    members = _rows(con, f"""SELECT m.family_id, m.doc_id, m."begin", m."end", m.n_spans, m.published,
            m.rank, m.hours_after_first, m.variant, m.parent_id, d.title, d.outlet
        FROM prov_family_members m LEFT JOIN documents d ON d.doc_id = m.doc_id
        {where.replace('family_id IN', 'm.family_id IN')} ORDER BY m.family_id, m.rank""", params)
    by: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        by.setdefault(m["family_id"], []).append(m)
    for f in fams:
        f["members"] = by.get(f["family_id"], [])
    return fams


def provenance_graph(con: duckdb.DuckDBPyConnection) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (nodes, edges) of the provenance graph: documents in it and external sources."""
    edges = [{k: e[k] for k in ("source_id", "target_id", "relation", "confidence", "n_passages")}
             for e in provenance_edges(con)]
    ids = sorted({e["source_id"] for e in edges} | {e["target_id"] for e in edges})
    docs = _rows(con, """SELECT doc_id AS id, coalesce(title, doc_id) AS label, 'document' AS kind,
        outlet, published, language FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY doc_id""", [[i for i in ids if not i.startswith("ext:")]])
    ext = [{"id": s["source_id"], "label": s["label"], "kind": s["kind"], "outlet": None,
            "published": s["first_seen"], "language": None} for s in provenance_sources(con)
           if s["source_id"] in ids]
    return ext + docs, edges


def document_provenance(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, list[dict[str, Any]]]:
    """Return a document's 'derived from', 'reused by' and 'siblings' edges with evidence."""
    out: dict[str, list[dict[str, Any]]] = {"derived_from": [], "reused_by": [], "siblings": []}
    for e in provenance_edges(con, doc_id):
        if e["relation"] == "sibling_of":
            other = e["target_id"] if e["source_id"] == doc_id else e["source_id"]
            label = e["target_label"] if e["source_id"] == doc_id else e["source_label"]
            out["siblings"].append(dict(e, other_id=other, other_label=label))
        elif e["target_id"] == doc_id:
            out["derived_from"].append(dict(e, other_id=e["source_id"], other_label=e["source_label"]))
        else:
            out["reused_by"].append(dict(e, other_id=e["target_id"], other_label=e["target_label"]))
    return out
