"""Shared pieces of the store reads: SQL fragments, the documents filter, row helpers."""
from __future__ import annotations

import json
from typing import Any

import duckdb

from dataclasses import dataclass


# Per document and side, the union of passage ranges (gaps-and-islands), so
# overlapping passages are counted once.
_COVERED_CTE = """
spans AS (
    SELECT target_id AS doc_id, 'target' AS side, target_begin AS b, target_end AS e FROM passages
    UNION ALL
    SELECT source_id, 'source', source_begin, source_end FROM passages
),
marked AS (
    SELECT *, max(e) OVER (PARTITION BY doc_id, side ORDER BY b, e
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
    FROM spans WHERE e > b
),
islands AS (
    SELECT *, sum(CASE WHEN prev_end IS NULL OR b > prev_end THEN 1 ELSE 0 END)
              OVER (PARTITION BY doc_id, side ORDER BY b, e ROWS UNBOUNDED PRECEDING) AS island
    FROM marked
),
covered AS (
    SELECT doc_id,
           sum(CASE WHEN side = 'target' THEN hi - lo ELSE 0 END) AS covered_target,
           sum(CASE WHEN side = 'source' THEN hi - lo ELSE 0 END) AS covered_source
    FROM (SELECT doc_id, side, island, min(b) AS lo, max(e) AS hi FROM islands GROUP BY ALL)
    GROUP BY doc_id
),
partners AS (
    SELECT doc_id, count(DISTINCT partner) AS partners, count(*) AS n_passages FROM (
        SELECT target_id AS doc_id, source_id AS partner FROM passages
        UNION ALL SELECT source_id, target_id FROM passages)
    GROUP BY doc_id
)"""


_DOC_COLUMNS = """d.doc_key, d.doc_id AS id, d.path, d.source, d.url, d.outlet, d.title, d.published,
    d.published_source, d.byline, d.dateline, d.dateline_place, d.dateline_agency, d.language,
    d.fmt, d.stage, d.run_id, coalesce(d.n_chars, length(d.text), 0) AS n_chars"""


_DOC_STATS = """coalesce(c.covered_target, 0) AS covered_target,
    coalesce(c.covered_source, 0) AS covered_source,
    CASE WHEN coalesce(d.n_chars, length(d.text), 0) > 0
         THEN coalesce(c.covered_target, 0) / coalesce(d.n_chars, length(d.text)) ELSE 0 END AS reused_from,
    CASE WHEN coalesce(d.n_chars, length(d.text), 0) > 0
         THEN coalesce(c.covered_source, 0) / coalesce(d.n_chars, length(d.text)) ELSE 0 END AS reused_by,
    coalesce(pt.partners, 0) AS partners, coalesce(pt.n_passages, 0) AS n_passages"""


DOCUMENT_ORDERS = ("id", "published", "outlet", "title", "language", "n_chars",
                   "reused_from", "reused_by", "partners", "n_passages")


_PASSAGE_COLUMNS = ("passage_id", "target_id", "target_begin", "target_end", "source_id",
                    "source_begin", "source_end", "kind", "score", "method", "run_id")


@dataclass(frozen=True)
class DocumentFilter:
    """Conditions on the documents list; None means no condition."""

    outlet: str | None = None
    language: str | None = None
    date_from: str | None = None      # ISO date, inclusive
    date_to: str | None = None        # ISO date, inclusive
    has_reuse: bool | None = None     # shares text with at least one other document
    search: str | None = None         # substring of title or text, case-insensitive


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict]:
    """Run a query and return its rows as dicts."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    return con.execute(sql, params or []).fetchone()[0]


def _page(limit: int | None, offset: int) -> tuple[str, list[Any]]:
    """Return a LIMIT/OFFSET clause and its parameters."""
    if limit is None:
        return (" OFFSET ?", [int(offset)]) if offset else ("", [])
    return " LIMIT ? OFFSET ?", [int(limit), int(offset)]


def _like(term: str) -> str:
    """Return an ILIKE pattern matching term literally (with '\\' as escape)."""
    esc = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _metadata_conds(flt: DocumentFilter) -> tuple[list[str], list[Any]]:
    """Return the outlet, language and date conditions of a filter over documents ``d``."""
    conds: list[str] = []
    params: list[Any] = []
    for col, val in (("d.outlet", flt.outlet), ("d.language", flt.language)):
        if val is not None:
            conds.append(f"{col} = ?")
            params.append(val)
    if flt.date_from:
        conds.append("left(d.published, 10) >= ?")
        params.append(flt.date_from[:10])
    if flt.date_to:
        conds.append("left(d.published, 10) <= ?")
        params.append(flt.date_to[:10])
    return conds, params


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Return whether a table (or temp table) of that name exists."""
    return bool(_scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]))


def has_rows(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Return whether a table exists and holds at least one row (a stage has run)."""
    if not name.isidentifier() or not table_exists(con, name):
        return False
    return con.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() is not None


def table_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """Return the column names of a table, or [] if it does not exist."""
    return [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                      "ORDER BY column_index", [name]).fetchall()]


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


PROVENANCE_TABLES = ("prov_edges", "prov_sources", "prov_pairs", "prov_families", "prov_family_members")


def has_provenance(con: duckdb.DuckDBPyConnection) -> bool:
    """Return whether the store holds the provenance tables (a store written by this version)."""
    rows = con.execute("SELECT DISTINCT table_name FROM duckdb_tables() WHERE table_name IN "
                       "(SELECT unnest(?::VARCHAR[]))", [list(PROVENANCE_TABLES)]).fetchall()
    return len(rows) == len(PROVENANCE_TABLES)
