"""Reads of the corpus itself: summary counts, failures, runs, documents, pairs and their passages."""
from __future__ import annotations

import json
from typing import Any

import duckdb

from ...errors import ConfigError
from .base import (
    DOCUMENT_ORDERS, DocumentFilter, _COVERED_CTE, _DOC_COLUMNS, _DOC_STATS, _PASSAGE_COLUMNS,
    _json, _like, _metadata_conds, _page, _rows, _scalar, table_exists,
)


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Return corpus counts: documents, failures, duplicates, pairs, passages by kind."""
    out = _rows(con, """SELECT
        (SELECT count(*) FROM documents) AS documents,
        (SELECT count(*) FROM failures) AS failures,
        (SELECT count(*) FROM duplicates) AS duplicates,
        (SELECT count(*) FROM pairs) AS pairs_compared,
        (SELECT count(*) FROM (SELECT DISTINCT least(source_id, target_id),
                                              greatest(source_id, target_id) FROM passages)) AS pairs,
        (SELECT count(*) FROM passages) AS passages,
        (SELECT count(DISTINCT outlet) FROM documents) AS outlets,
        (SELECT count(*) FROM runs) AS runs""")[0]
    kinds = con.execute("SELECT coalesce(kind, ''), count(*) FROM passages "
                        "GROUP BY ALL ORDER BY 2 DESC, 1").fetchall()
    out["passages_by_kind"] = dict(kinds)
    return out


def later_stages_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Return what provenance and claims hold: edges by relation, external sources, claims, conflicts."""
    out: dict[str, Any] = {"edges_by_relation": {}, "external_sources": 0, "claims_by_kind": {},
                           "claims_in_conflict": 0, "top_claims": []}
    if table_exists(con, "prov_edges"):
        out["edges_by_relation"] = dict(con.execute(
            "SELECT relation, count(*) FROM prov_edges GROUP BY ALL ORDER BY 2 DESC, 1").fetchall())
    if table_exists(con, "prov_sources"):
        out["external_sources"] = _scalar(con, "SELECT count(*) FROM prov_sources")
    if table_exists(con, "claims"):
        out["claims_by_kind"] = dict(con.execute(
            "SELECT kind, count(*) FROM claims GROUP BY ALL ORDER BY 2 DESC, 1").fetchall())
        out["claims_in_conflict"] = _scalar(
            con, "SELECT count(*) FROM claims WHERE coalesce(json_array_length(conflicts_with), 0) > 0")
        out["top_claims"] = _rows(con, """SELECT label, attributed_to, mentions, independent_sources,
            coalesce(json_array_length(conflicts_with), 0) AS conflicts FROM claims
            WHERE kind = 'figure' ORDER BY mentions DESC, independent_sources DESC, claim_id LIMIT 3""")
    return out


def failure_reasons(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Return failure counts grouped by stage and reason, most frequent first."""
    return _rows(con, """SELECT stage, reason, count(*) AS n FROM failures
                         GROUP BY ALL ORDER BY n DESC, stage, reason""")


def failures(con: duckdb.DuckDBPyConnection, stage: str | None = None,
             limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Return failures (optionally of one stage) in the order they were recorded."""
    where, params = ("WHERE stage = ?", [stage]) if stage else ("", [])
    page, pp = _page(limit, offset)
    return _rows(con, f"""SELECT failure_id, run_id, path, position, stage, reason, failed_at
                          FROM failures {where} ORDER BY failure_id{page}""", params + pp)


def duplicates(con: duckdb.DuckDBPyConnection, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
    """Return inputs skipped as exact duplicates, with the document they duplicate."""
    page, pp = _page(limit, offset)
    return _rows(con, f"""SELECT path, source, content_hash, doc_id, run_id FROM duplicates
                          ORDER BY run_id, path, source{page}""", pp)


def runs(con: duckdb.DuckDBPyConnection, limit: int | None = None,
         offset: int = 0) -> list[dict[str, Any]]:
    """Return runs, newest first, with settings, inputs and stats decoded from JSON."""
    page, pp = _page(limit, offset)
    rows = _rows(con, f"""SELECT run_id, command, started, finished, status, settings, inputs, stats
                          FROM runs ORDER BY run_id DESC{page}""", pp)
    for r in rows:
        for k in ("settings", "inputs", "stats"):
            r[k] = _json(r[k])
    return rows


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    """Return the outlets and languages present, with document counts, for filter menus."""
    return {
        col: _rows(con, f"""SELECT {col} AS value, count(*) AS n FROM documents
                           WHERE {col} IS NOT NULL GROUP BY ALL ORDER BY n DESC, value""")
        for col in ("outlet", "language")
    }


def _where(flt: DocumentFilter | None) -> tuple[str, list[Any]]:
    """Return a WHERE clause over documents d / partners pt and its parameters."""
    if flt is None:
        return "", []
    conds, params = _metadata_conds(flt)
    if flt.has_reuse is not None:
        conds.append("coalesce(pt.partners, 0) > 0" if flt.has_reuse else "pt.partners IS NULL")
    if flt.search:
        conds.append("(d.title ILIKE ? ESCAPE '\\' OR d.text ILIKE ? ESCAPE '\\')")
        params += [_like(flt.search)] * 2
    return ("WHERE " + " AND ".join(conds) if conds else ""), params


def documents(con: duckdb.DuckDBPyConnection, flt: DocumentFilter | None = None, *,
              order: str = "id", desc: bool = False, limit: int | None = None,
              offset: int = 0) -> list[dict[str, Any]]:
    """Return documents' metadata with reuse shares and partner counts, without text.

    ``reused_from`` is the share of the document's text covered by passages where it
    is the target; ``reused_by`` where it is the source (union of ranges, in 0..1).
    """
    if order not in DOCUMENT_ORDERS:
        raise ConfigError(f"cannot order documents by {order!r}; choose one of {', '.join(DOCUMENT_ORDERS)}")
    where, params = _where(flt)
    page, pp = _page(limit, offset)
    direction = "DESC" if desc else "ASC"
    return _rows(con, f"""WITH {_COVERED_CTE}
        SELECT {_DOC_COLUMNS}, {_DOC_STATS}
        FROM documents d LEFT JOIN covered c ON c.doc_id = d.doc_id
                         LEFT JOIN partners pt ON pt.doc_id = d.doc_id
        {where}
        ORDER BY {order} {direction} NULLS LAST, id{page}""", params + pp)


def count_documents(con: duckdb.DuckDBPyConnection, flt: DocumentFilter | None = None) -> int:
    """Return how many documents match a filter (for pagination)."""
    where, params = _where(flt)
    return int(_scalar(con, f"""WITH {_COVERED_CTE}
        SELECT count(*) FROM documents d LEFT JOIN partners pt ON pt.doc_id = d.doc_id
        {where}""", params))


def most_reused(con: duckdb.DuckDBPyConnection, limit: int = 10,
                by: str = "partners") -> list[dict[str, Any]]:
    """Return documents sharing text, most partners (or largest covered share) first."""
    if by not in ("partners", "reused_by", "reused_from", "n_passages"):
        raise ConfigError(f"cannot rank by {by!r}; choose partners, reused_by, reused_from or n_passages")
    return documents(con, DocumentFilter(has_reuse=True), order=by, desc=True, limit=limit)


def documents_by_id(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Return metadata and clean text of the given documents, keyed by id."""
    if not ids:
        return {}
    rows = _rows(con, f"""SELECT {_DOC_COLUMNS}, d.text FROM documents d
                          WHERE d.doc_id IN (SELECT unnest(?::VARCHAR[]))""", [list(ids)])
    for r in rows:
        r["text"] = r["text"] or ""
    return {r["id"]: r for r in rows}


def document(con: duckdb.DuckDBPyConnection, doc_id: str,
             include_text: bool = True) -> dict[str, Any] | None:
    """Return one document with its metadata, reuse shares and passages in both directions."""
    rows = _rows(con, f"""WITH {_COVERED_CTE}
        SELECT {_DOC_COLUMNS}, {_DOC_STATS}, d.meta, d.text
        FROM documents d LEFT JOIN covered c ON c.doc_id = d.doc_id
                         LEFT JOIN partners pt ON pt.doc_id = d.doc_id
        WHERE d.doc_id = ?""", [doc_id])
    if not rows:
        return None
    doc = rows[0]
    doc["meta"] = _json(doc["meta"])
    if include_text:
        doc["text"] = doc["text"] or ""
    else:
        del doc["text"]
    doc["passages"] = document_passages(con, doc_id)
    return doc


def document_passages(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[dict[str, Any]]:
    """Return a document's passages with its role (target/source) and the partner's title."""
    cols = ", ".join(f"p.{c}" for c in _PASSAGE_COLUMNS)
    return _rows(con, f"""SELECT {cols},
            CASE WHEN p.target_id = ? THEN 'target' ELSE 'source' END AS role,
            CASE WHEN p.target_id = ? THEN p.source_id ELSE p.target_id END AS partner_id,
            o.title AS partner_title, o.outlet AS partner_outlet, o.published AS partner_published
        FROM passages p LEFT JOIN documents o
          ON o.doc_id = CASE WHEN p.target_id = ? THEN p.source_id ELSE p.target_id END
        WHERE p.target_id = ? OR p.source_id = ?
        ORDER BY role DESC, CASE WHEN p.target_id = ? THEN p.target_begin ELSE p.source_begin END,
                 p.passage_id""", [doc_id] * 6)


_PAIRS_SQL = """
SELECT x, y, count(*) AS n_passages,
       sum(CASE WHEN source_id = x THEN 1 ELSE 0 END) AS x_is_source,
       max(score) AS max_score, list(DISTINCT kind ORDER BY kind) AS kinds,
       sum(target_end - target_begin) AS target_chars, sum(source_end - source_begin) AS source_chars
FROM (SELECT least(source_id, target_id) AS x, greatest(source_id, target_id) AS y, * FROM passages)
{where}
GROUP BY x, y
ORDER BY n_passages DESC, max_score DESC, x, y{page}"""


def pairs(con: duckdb.DuckDBPyConnection, doc_id: str | None = None, *,
          with_passages: bool = True, limit: int | None = None,
          offset: int = 0) -> list[dict[str, Any]]:
    """Return document pairs sharing text, most passages first, each with its passages.

    ``a_id`` is the side that is the source in most of the pair's stored passages
    (ties: the lower id) and ``b_id`` the other; passages keep their stored direction.
    """
    where, params = ("WHERE source_id = ? OR target_id = ?", [doc_id, doc_id]) if doc_id else ("", [])
    page, pp = _page(limit, offset)
    out = []
    for r in _rows(con, _PAIRS_SQL.format(where=where, page=page), params + pp):
        x, y = r.pop("x"), r.pop("y")
        a, b = (x, y) if 2 * r.pop("x_is_source") >= r["n_passages"] else (y, x)
        out.append({"a_id": a, "b_id": b, **r})
    if with_passages and out:
        by_pair = _pair_passages(con, [(p["a_id"], p["b_id"]) for p in out])
        for p in out:
            p["passages"] = by_pair.get(frozenset((p["a_id"], p["b_id"])), [])
    return out


def count_pairs(con: duckdb.DuckDBPyConnection, doc_id: str | None = None) -> int:
    """Return how many document pairs share text (optionally involving one document)."""
    where, params = ("WHERE source_id = ? OR target_id = ?", [doc_id, doc_id]) if doc_id else ("", [])
    return int(_scalar(con, f"""SELECT count(*) FROM (SELECT DISTINCT least(source_id, target_id),
                                greatest(source_id, target_id) FROM passages {where})""", params))


def _pair_passages(con: duckdb.DuckDBPyConnection,
                   keys: list[tuple[str, str]]) -> dict[frozenset, list[dict[str, Any]]]:
    """Return the passages of the given pairs, keyed by the pair's ids, in source order."""
    xs = [min(a, b) for a, b in keys]
    ys = [max(a, b) for a, b in keys]
    cols = ", ".join(f"p.{c}" for c in _PASSAGE_COLUMNS)
    rows = _rows(con, f"""SELECT {cols} FROM passages p
        JOIN (SELECT unnest(?::VARCHAR[]) AS x, unnest(?::VARCHAR[]) AS y) k
          ON k.x = least(p.source_id, p.target_id) AND k.y = greatest(p.source_id, p.target_id)
        ORDER BY p.source_begin, p.target_begin, p.passage_id""", [xs, ys])
    out: dict[frozenset, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(frozenset((r["source_id"], r["target_id"])), []).append(r)
    return out


def pair(con: duckdb.DuckDBPyConnection, id1: str, id2: str) -> dict[str, Any] | None:
    """Return one pair with both documents (metadata and text) and its passages."""
    cols = ", ".join(_PASSAGE_COLUMNS)
    passages = _rows(con, f"""SELECT {cols} FROM passages
        WHERE (source_id = ? AND target_id = ?) OR (source_id = ? AND target_id = ?)
        ORDER BY source_begin, target_begin, passage_id""", [id1, id2, id2, id1])
    if not passages:
        return None
    twice_src, n = 2 * sum(p["source_id"] == id1 for p in passages), len(passages)
    a, b = (id1, id2) if twice_src > n or (twice_src == n and id1 <= id2) else (id2, id1)
    docs = documents_by_id(con, [a, b])
    return {"a_id": a, "b_id": b, "a": docs.get(a), "b": docs.get(b),
            "n_passages": len(passages), "passages": passages}


def passage_sentences(con: duckdb.DuckDBPyConnection, passage_ids: list[int]) -> dict[int, list[list[float]]]:
    """Return {passage_id: [[target_begin, target_end, source_begin, source_end, similarity], ...]}."""
    if not passage_ids or not _scalar(con, "SELECT count(*) FROM information_schema.tables "
                                           "WHERE table_name = 'passage_sentences'", []):
        return {}
    rows = con.execute("SELECT passage_id, sentences FROM passage_sentences WHERE passage_id IN "
                       "(SELECT unnest(?::INTEGER[]))", [list(passage_ids)]).fetchall()
    return {int(pid): json.loads(s) for pid, s in rows if s}
