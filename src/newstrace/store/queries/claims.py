"""Reads of the claims tables: claims, their mentions, pages for the web UI."""
from __future__ import annotations

from typing import Any

import duckdb

from .base import _json, _json_or_text, _rows, _scalar, has_rows, table_columns


def claim_page(con: duckdb.DuckDBPyConnection, limit: int = 50, offset: int = 0,
               doc_id: str | None = None, claim_id: int | None = None) -> list[dict[str, Any]]:
    """Return claims (all columns, JSON decoded) with their mentions; [] if none were computed.

    Optionally only the claims mentioned in one document, or one claim.
    """
    if not has_rows(con, "claims"):
        return []
    ccols = table_columns(con, "claims")
    key = "claim_id" if "claim_id" in ccols else ccols[0]
    mcols = table_columns(con, "claim_mentions")
    conds, params = [], []
    if doc_id is not None and key in mcols and "doc_id" in mcols:
        conds.append(f"{key} IN (SELECT {key} FROM claim_mentions WHERE doc_id = ?)")
        params.append(doc_id)
    if claim_id is not None:
        conds.append(f"{key} = ?")
        params.append(claim_id)
    where = "WHERE " + " AND ".join(conds) if conds else ""
    order = "".join(f"{c} DESC NULLS LAST, " for c in ("independent_sources", "mentions") if c in ccols)
    claims = _rows(con, f"SELECT * FROM claims {where} ORDER BY {order}{key} LIMIT ? OFFSET ?",
                   params + [int(limit), int(offset)])
    if claims and key in mcols:
        doc_cols = ", d.title AS doc_title, d.outlet AS doc_outlet, d.published AS doc_published" \
            if "doc_id" in mcols else ""
        join = "LEFT JOIN documents d ON d.doc_id = m.doc_id" if doc_cols else ""
        ments = _rows(con, f"""SELECT m.*{doc_cols} FROM claim_mentions m {join}
            WHERE m.{key} IN (SELECT unnest(?)) ORDER BY m.{key}, {"d.published NULLS LAST, m.doc_id, " if join else ""}
            {'m."begin"' if "begin" in mcols else "1"}""", [[c[key] for c in claims]])
        by: dict[Any, list[dict[str, Any]]] = {}
        for m in ments:
            by.setdefault(m[key], []).append(m)
        for c in claims:
            c["mention_rows"] = by.get(c[key], [])
    for c in claims:
        for k, v in list(c.items()):
            if isinstance(v, str) and v[:1] in "[{":
                c[k] = _json_or_text(v)
    return claims


def count_claims(con: duckdb.DuckDBPyConnection) -> int:
    """Return how many claims are stored (0 if the claims stage has not run)."""
    return int(_scalar(con, "SELECT count(*) FROM claims")) if has_rows(con, "claims") else 0


_CLAIM_JSON = ("attributed_ids", "sources", "carriers", "conflicts_with", "compatible_with")


def claims_list(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> list[dict[str, Any]]:
    """Return stored claims (JSON columns decoded), most independent sources and mentions first."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = _rows(con, f"""SELECT * FROM claims {where}
                          ORDER BY kind, independent_sources DESC, mentions DESC, claim_id""", params)
    for r in rows:
        for k in _CLAIM_JSON:
            r[k] = _json(r.get(k)) or []
    return rows


def claim_mentions(con: duckdb.DuckDBPyConnection, claim_id: int | None = None) -> list[dict[str, Any]]:
    """Return the mentions of one claim (or all), with the carrying document's title and outlet."""
    where, params = ("WHERE m.claim_id = ?", [claim_id]) if claim_id is not None else ("", [])
    return _rows(con, f"""SELECT m.*, d.title, d.outlet, d.published FROM claim_mentions m
                          LEFT JOIN documents d ON d.doc_id = m.doc_id {where}
                          ORDER BY m.claim_id, d.published NULLS LAST, m.doc_id, m.mention_id""", params)
