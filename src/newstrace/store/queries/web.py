"""Reads behind the web UI's lists: cached document stats, keyset pages, word search, timeline."""
from __future__ import annotations

from typing import Any

import duckdb

from ...errors import ConfigError
from .base import (
    DocumentFilter, _COVERED_CTE, _PASSAGE_COLUMNS, _json, _like, _metadata_conds, _rows,
    _scalar,
)


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
