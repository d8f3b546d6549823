"""Every read of the store: the one module of queries used by the report, the web app and exports.

Functions take a ``duckdb.DuckDBPyConnection`` and return plain dicts and lists
(or an Arrow record-batch reader for exports). Passage offsets are half-open
code-point ranges into ``documents.text``; slice texts in Python, not in SQL.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import ConfigError

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

_EXPORTS = {
    "documents": """SELECT doc_id AS id, path, source, url, outlet, title, published, published_source,
        language, byline, dateline, dateline_place, dateline_agency,
        coalesce(n_chars, length(text)) AS n_chars, text FROM documents ORDER BY doc_key""",
    "passages": f"SELECT {', '.join(_PASSAGE_COLUMNS)} FROM passages ORDER BY passage_id",
    "failures": """SELECT path, position, stage, reason, run_id, failed_at AS at
        FROM failures ORDER BY failure_id""",
}
EXPORT_TABLES = tuple(_EXPORTS)


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


# summary ------------------------------------------------------------------

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


# documents ----------------------------------------------------------------

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


# pairs --------------------------------------------------------------------

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


# exports ------------------------------------------------------------------

def export_reader(con: duckdb.DuckDBPyConnection, table: str,
                  batch_size: int = 10_000) -> pa.RecordBatchReader:
    """Return a stream of Arrow record batches with the export columns of a table."""
    if table not in _EXPORTS:
        raise ConfigError(f"cannot export table {table!r}; choose one of {', '.join(EXPORT_TABLES)}")
    if table == "edges" and not has_provenance(con):
        raise ConfigError("this store has no provenance tables; run `newstrace analyze` on it again")
    return con.sql(_EXPORTS[table]).to_arrow_reader(batch_size)


# web UI: cached document stats, keyset pages, timeline, provenance and claims reads ---------

# The documents list as one temp table (no text): metadata plus reuse stats, so that
# every page of the list is a scan of one narrow table, without joins.
_LIST_SQL = f"""CREATE OR REPLACE TEMP TABLE {{name}} AS WITH {_COVERED_CTE}
    SELECT d.doc_key, d.doc_id AS id, d.path, d.source, d.url, d.outlet, d.title, d.published,
        d.published_source, d.byline, d.dateline, d.dateline_place, d.dateline_agency, d.language,
        d.fmt, d.stage, d.run_id, coalesce(d.n_chars, 0) AS n_chars,
        coalesce(c.covered_target, 0) AS covered_target, coalesce(c.covered_source, 0) AS covered_source,
        CASE WHEN coalesce(d.n_chars, 0) > 0 THEN coalesce(c.covered_target, 0) / d.n_chars ELSE 0 END
            AS reused_from,
        CASE WHEN coalesce(d.n_chars, 0) > 0 THEN coalesce(c.covered_source, 0) / d.n_chars ELSE 0 END
            AS reused_by,
        coalesce(pt.partners, 0) AS partners, coalesce(pt.n_passages, 0) AS n_passages
    FROM documents d LEFT JOIN covered c ON c.doc_id = d.doc_id LEFT JOIN partners pt ON pt.doc_id = d.doc_id
    ORDER BY d.doc_key"""

# sort key of each order; NULLs always sort last, ties are broken by id
_PAGE_KEYS = {"id": "d.id", "published": "d.published", "outlet": "d.outlet", "title": "d.title",
              "language": "d.language", "n_chars": "d.n_chars", "reused_from": "d.reused_from",
              "reused_by": "d.reused_by", "partners": "d.partners", "n_passages": "d.n_passages"}


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


def create_doc_list(con: duckdb.DuckDBPyConnection, name: str = "doc_list") -> None:
    """(Re)build the temp table of the documents list: metadata and reuse stats, no text."""
    if not name.isidentifier():
        raise ConfigError(f"bad list table name {name!r}")
    con.execute(_LIST_SQL.format(name=name))


def passages_version(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """Return (passages, max passage id, documents): changes whenever the stats must be rebuilt."""
    return tuple(con.execute("""SELECT (SELECT count(*) FROM passages),
        (SELECT coalesce(max(passage_id), 0) FROM passages), (SELECT count(*) FROM documents)""").fetchone())


_WORD = r"[^\W_]+"


def create_terms(con: duckdb.DuckDBPyConnection, name: str, documents: str = "documents") -> None:
    """Build a word index (term, doc_key), sorted by term, of titles and texts into table name."""
    con.execute(f"""CREATE OR REPLACE TABLE {name} AS
        SELECT term, doc_key FROM (
            SELECT DISTINCT doc_key, unnest(regexp_split_to_array(
                lower(coalesce(title, '') || ' ' || coalesce(text, '')), '[^\\p{{L}}\\p{{N}}]+')) AS term
            FROM {documents})
        WHERE term <> '' ORDER BY term, doc_key""")


def search_words(term: str) -> list[str]:
    """Return the lower-cased words of a search string, as the word index splits them."""
    import re
    return re.findall(_WORD, term.lower())


def _where_page(flt: DocumentFilter | None, terms: str | None) -> tuple[str, list[Any]]:
    """Return a WHERE clause over the documents list ``d`` and its parameters.

    With a word index, every word of the search must begin a word of the title or
    text; without one, the search is a substring of title or text (a scan).
    """
    if flt is None:
        return "", []
    conds, params = _metadata_conds(flt)
    if flt.has_reuse is not None:
        conds.append("d.partners > 0" if flt.has_reuse else "d.partners = 0")
    words = search_words(flt.search) if flt.search and terms else []
    if words:
        conds.append("d.doc_key IN (" + " INTERSECT ".join(
            f"SELECT doc_key FROM {terms} WHERE term >= ? AND term < ?" for _ in words) + ")")
        for w in words:
            params.extend([w, w + "\U0010ffff"])
    elif flt.search:
        conds.append("d.doc_key IN (SELECT doc_key FROM documents "
                     "WHERE title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')")
        params += [_like(flt.search)] * 2
    return ("WHERE " + " AND ".join(conds) if conds else ""), params


def document_page(con: duckdb.DuckDBPyConnection, flt: DocumentFilter | None = None, *,
                  order: str = "id", desc: bool = False, limit: int = 50,
                  after: tuple[Any, str] | None = None,
                  table: str = "doc_list", terms: str | None = None) -> list[dict[str, Any]]:
    """Return one keyset page of documents (no text) after the (sort value, id) of the last row.

    Reads the temp table built by ``create_doc_list``; NULL sort values come last;
    ``terms`` names a word index from ``create_terms`` to search with.
    """
    if order not in _PAGE_KEYS:
        raise ConfigError(f"cannot order documents by {order!r}; choose one of {', '.join(_PAGE_KEYS)}")
    key, op = _PAGE_KEYS[order], "<" if desc else ">"
    where, params = _where_page(flt, terms)
    if after is not None:
        value, last_id = after
        if value is None:
            cond, cp = f"({key} IS NULL AND d.id > ?)", [last_id]
        else:
            cond = f"({key} IS NULL OR {key} {op} ? OR ({key} = ? AND d.id > ?))"
            cp = [value, value, last_id]
        where = f"{where} AND {cond}" if where else f"WHERE {cond}"
        params = params + cp
    return _rows(con, f"""SELECT d.*, {key} AS sort_key FROM {table} d {where}
        ORDER BY ({key}) IS NULL, {key} {"DESC" if desc else "ASC"}, d.id LIMIT ?""", params + [int(limit)])


def count_page(con: duckdb.DuckDBPyConnection, flt: DocumentFilter | None = None,
               table: str = "doc_list", terms: str | None = None) -> int:
    """Return how many documents match a filter (documents list table, word index)."""
    where, params = _where_page(flt, terms)
    return int(_scalar(con, f"SELECT count(*) FROM {table} d {where}", params))


def document_record(con: duckdb.DuckDBPyConnection, doc_id: str,
                    table: str = "doc_list") -> dict[str, Any] | None:
    """Return one document with text, raw input, char map, extras and its reuse stats."""
    rows = _rows(con, f"SELECT * FROM {table} WHERE id = ?", [doc_id])
    if not rows:
        return None
    doc = rows[0]
    meta, text, raw, cmap = con.execute("SELECT meta, text, raw, char_map FROM documents WHERE doc_key = ?",
                                        [doc["doc_key"]]).fetchone()
    doc["meta"], doc["char_map"] = _json(meta), _json(cmap) or []
    doc["text"], doc["raw"] = text or "", raw or ""
    return doc


def timeline(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Return document counts per publication day and the number of undated documents."""
    days = con.execute("""SELECT left(published, 10) AS day, count(*) FROM documents
        WHERE published IS NOT NULL AND regexp_full_match(left(published, 10), '\\d{4}-\\d{2}-\\d{2}')
        GROUP BY 1 ORDER BY 1""").fetchall()
    undated = _scalar(con, "SELECT count(*) FROM documents") - sum(n for _, n in days)
    return {"days": [{"day": d, "n": n} for d, n in days], "undated": int(undated)}


def passage_page(con: duckdb.DuckDBPyConnection, doc_id: str | None = None, kind: str | None = None,
                 limit: int = 50, after: int | None = None) -> list[dict[str, Any]]:
    """Return passages in passage_id order after a given id, optionally of one document or kind."""
    conds, params = [], []
    if doc_id is not None:
        conds.append("(target_id = ? OR source_id = ?)")
        params += [doc_id, doc_id]
    if kind is not None:
        conds.append("kind = ?")
        params.append(kind)
    if after is not None:
        conds.append("passage_id > ?")
        params.append(int(after))
    where = "WHERE " + " AND ".join(conds) if conds else ""
    return _rows(con, f"""SELECT {', '.join(_PASSAGE_COLUMNS)} FROM passages {where}
                          ORDER BY passage_id LIMIT ?""", params + [int(limit)])


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


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


# provenance (issue 4) -------------------------------------------------------

_EXPORTS["edges"] = """SELECT e.source_id, coalesce(s.label, ds.title, e.source_id) AS source_label,
        CASE WHEN e.source_id LIKE 'ext:%' THEN coalesce(s.kind, 'external') ELSE 'document' END AS source_kind,
        e.target_id, coalesce(dt.title, e.target_id) AS target_label, e.relation, e.confidence,
        e.n_passages, e.evidence
    FROM prov_edges e LEFT JOIN prov_sources s ON s.source_id = e.source_id
    LEFT JOIN documents ds ON ds.doc_id = e.source_id LEFT JOIN documents dt ON dt.doc_id = e.target_id
    ORDER BY e.source_id, e.target_id, e.relation"""
EXPORT_TABLES = tuple(_EXPORTS)
PROVENANCE_TABLES = ("prov_edges", "prov_sources", "prov_pairs", "prov_families", "prov_family_members")


def has_provenance(con: duckdb.DuckDBPyConnection) -> bool:
    """Return whether the store holds the provenance tables (a store written by this version)."""
    rows = con.execute("SELECT DISTINCT table_name FROM duckdb_tables() WHERE table_name IN "
                       "(SELECT unnest(?::VARCHAR[]))", [list(PROVENANCE_TABLES)]).fetchall()
    return len(rows) == len(PROVENANCE_TABLES)


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


# -- end of provenance reads


# claims (issue 5) -----------------------------------------------------------

_EXPORTS["claims"] = """SELECT claim_id, kind, label, value_low, value_high, qualifier, unit, place, date,
    attributed_to, mentions, documents, independent_sources, CAST(sources AS VARCHAR) AS sources,
    CAST(carriers AS VARCHAR) AS carriers, CAST(conflicts_with AS VARCHAR) AS conflicts_with,
    CAST(compatible_with AS VARCHAR) AS compatible_with, links_from FROM claims ORDER BY claim_id"""
EXPORT_TABLES = tuple(_EXPORTS)

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


def passage_sentences(con: duckdb.DuckDBPyConnection, passage_ids: list[int]) -> dict[int, list[list[float]]]:
    """Return {passage_id: [[target_begin, target_end, source_begin, source_end, similarity], ...]}."""
    if not passage_ids or not _scalar(con, "SELECT count(*) FROM information_schema.tables "
                                           "WHERE table_name = 'passage_sentences'", []):
        return {}
    rows = con.execute("SELECT passage_id, sentences FROM passage_sentences WHERE passage_id IN "
                       "(SELECT unnest(?::INTEGER[]))", [list(passage_ids)]).fetchall()
    return {int(pid): json.loads(s) for pid, s in rows if s}
