"""Writes and stage-side reads of the claims tables (schema_claims.sql)."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pyarrow as pa

MENTION_COLUMNS = (
    "claim_id",
    "doc_id",
    "kind",
    "begin",
    "end",
    "num_begin",
    "num_end",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "entity",
    "outcome",
    "detail",
    "place",
    "place_key",
    "place_from",
    "doc_places",
    "date",
    "speaker",
    "speaker_begin",
    "speaker_end",
    "attributed_to",
    "attributed_label",
    "attribution_how",
    "quote_begin",
    "quote_end",
    "text",
    "method",
)
CLAIM_COLUMNS = (
    "claim_id",
    "kind",
    "label",
    "unit",
    "entity",
    "outcome",
    "value_low",
    "value_high",
    "qualifier",
    "place",
    "date",
    "attributed_to",
    "attributed_ids",
    "mentions",
    "documents",
    "independent_sources",
    "sources",
    "carriers",
    "conflicts_with",
    "compatible_with",
    "links_from",
)
_JSON = {"doc_places", "attributed_ids", "sources", "carriers", "conflicts_with", "compatible_with"}
_TYPES = {
    "value_low": pa.float64(),
    "value_high": pa.float64(),
    "claim_id": pa.int64(),
    "begin": pa.int64(),
    "end": pa.int64(),
    "num_begin": pa.int64(),
    "num_end": pa.int64(),
    "speaker_begin": pa.int64(),
    "speaker_end": pa.int64(),
    "quote_begin": pa.int64(),
    "quote_end": pa.int64(),
    "mentions": pa.int64(),
    "documents": pa.int64(),
    "independent_sources": pa.int64(),
}


def _quoted(cols: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


def _table(rows: list[dict[str, Any]], cols: tuple[str, ...]) -> pa.Table:
    """Build an Arrow table of rows, JSON-encoding list/dict columns."""
    data = {}
    for c in cols:
        vals = [r.get(c) for r in rows]
        if c in _JSON:
            vals = [None if v is None else json.dumps(v, ensure_ascii=False) for v in vals]
        data[c] = pa.array(vals, type=_TYPES.get(c, pa.string()))
    return pa.table(data)


def docs_without_claims(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str | None]]:
    """Return (doc_id, text, language) of documents whose claims are not extracted yet."""
    return con.execute("""SELECT d.doc_id, d.text, d.language FROM documents d
        WHERE d.doc_id NOT IN (SELECT doc_id FROM claim_docs) ORDER BY d.doc_key""").fetchall()


def add_mentions(
    con: duckdb.DuckDBPyConnection, mentions: list[dict[str, Any]], done: list[dict[str, Any]]
) -> None:
    """Insert extracted mentions and mark their documents done, atomically."""
    con.execute("BEGIN")
    try:
        if mentions:
            mt = _table(mentions, MENTION_COLUMNS)  # noqa: F841
            con.execute(
                f"INSERT INTO claim_mentions (mention_id, {_quoted(MENTION_COLUMNS)}) "
                f"SELECT nextval('claim_mention_seq'), {_quoted(MENTION_COLUMNS)} FROM mt"
            )
        if done:
            cols = ("doc_id", "method", "n_figures", "n_quotes")
            dt = pa.table({k: [d[k] for d in done] for k in cols})  # noqa: F841
            con.execute(
                "INSERT OR REPLACE INTO claim_docs SELECT doc_id, method, n_figures, n_quotes FROM dt"
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def all_mentions(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Return every stored mention as a dict (with mention_id)."""
    cur = con.execute(
        f"SELECT mention_id, {_quoted(MENTION_COLUMNS)} FROM claim_mentions ORDER BY mention_id"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()[0]
    )


def document_links(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[str, str]], str]:
    """Return links between dependent documents: provenance edges if any, else shared passages."""
    if _has_table(con, "prov_edges"):
        rows = con.execute(
            "SELECT DISTINCT source_id, target_id FROM prov_edges "
            "WHERE source_id IS NOT NULL AND target_id IS NOT NULL"
        ).fetchall()
        if rows:
            return [(a, b) for a, b in rows], "prov_edges"
    rows = con.execute("SELECT DISTINCT source_id, target_id FROM passages").fetchall()
    return ([(a, b) for a, b in rows], "passages") if rows else ([], "none")


def replace_claims(
    con: duckdb.DuckDBPyConnection,
    claims: list[dict[str, Any]],
    mentions: list[dict[str, Any]],
    links_from: str,
) -> None:
    """Replace the claims table and set each mention's claim_id and attribution, atomically."""
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM claims")
        if claims:
            ct = _table([dict(c, links_from=links_from) for c in claims], CLAIM_COLUMNS)  # noqa: F841
            con.execute(
                f"INSERT INTO claims ({_quoted(CLAIM_COLUMNS)}) SELECT {_quoted(CLAIM_COLUMNS)} FROM ct"
            )
        if mentions:
            ut = pa.table(  # noqa: F841
                {
                    "mention_id": pa.array([m["mention_id"] for m in mentions], pa.int64()),
                    "claim_id": pa.array([m.get("claim_id") for m in mentions], pa.int64()),
                    "attributed_to": pa.array(
                        [m.get("attributed_to") for m in mentions], pa.string()
                    ),
                    "attributed_label": pa.array(
                        [m.get("attributed_label") for m in mentions], pa.string()
                    ),
                }
            )
            con.execute("""UPDATE claim_mentions SET claim_id = ut.claim_id, attributed_to = ut.attributed_to,
                           attributed_label = ut.attributed_label FROM ut
                           WHERE claim_mentions.mention_id = ut.mention_id""")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def add_failure(con: duckdb.DuckDBPyConnection, doc_id: str, reason: str) -> None:
    """Record a document the claims stage could not process, and mark it done so runs go on."""
    path = con.execute("SELECT path FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    con.execute(
        "INSERT INTO failures (failure_id, run_id, path, position, stage, reason, failed_at) "
        "VALUES (nextval('failure_seq'), NULL, ?, ?, 'claims', ?, now())",
        [path[0] if path else doc_id, doc_id, reason],
    )
    con.execute("INSERT OR REPLACE INTO claim_docs VALUES (?, 'failed', 0, 0)", [doc_id])
