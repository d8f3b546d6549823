"""Read the provenance stage's input rows from a store connection and replace its tables."""
from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from ..settings import ProvenanceSettings
from .core import DOC_FIELDS, ProvenanceResult, infer_provenance

_TABLES = {
    "prov_edges": ("source_id", "target_id", "relation", "confidence", "evidence", "n_passages"),
    "prov_sources": ("source_id", "label", "kind", "n_docs", "first_seen", "evidence"),
    "prov_pairs": ("a_id", "b_id", "direction", "source_id", "target_id", "relation", "confidence",
                   "score", "evidence"),
    "prov_families": ("family_id", "origin_id", "origin_confidence", "n_docs", "n_variants",
                      "first_published", "last_published", "spread_hours"),
    "prov_family_members": ("family_id", "doc_id", "begin", "end", "n_spans", "published", "rank",
                            "hours_after_first", "variant", "parent_id"),
}
_JSON = {"evidence"}


def load_rows(con: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (documents, passages) as plain dicts; documents without passages bring head and tail only."""
    def rows(sql: str) -> list[dict[str, Any]]:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    # full text only where offsets are used; elsewhere the head and tail, where credits live
    cols = ", ".join(c if c != "text" else
                     "CASE WHEN doc_id IN (SELECT target_id FROM passages UNION SELECT source_id FROM passages) "
                     "THEN text ELSE left(text, 1500) || chr(10) || chr(10) || right(text, 2000) END AS text"
                     for c in DOC_FIELDS)
    docs = rows(f"SELECT {cols} FROM documents ORDER BY doc_key")
    passages = rows("""SELECT passage_id, target_id, target_begin, target_end, source_id, source_begin,
                              source_end, kind, score FROM passages ORDER BY passage_id""")
    return docs, passages


def run_provenance(con: Any, cfg: ProvenanceSettings, run_id: int | None = None,
                   jobs: int = 1) -> ProvenanceResult:
    """Recompute provenance over the whole store and replace the prov_* tables (idempotent)."""
    docs, passages = load_rows(con)
    result = infer_provenance(docs, passages, cfg, jobs)
    write_result(con, result, run_id)
    return result


def write_result(con: Any, result: ProvenanceResult, run_id: int | None = None) -> None:
    """Replace every prov_* table with a result, in one transaction."""
    data = {"prov_edges": result.edges, "prov_sources": result.sources, "prov_pairs": result.pairs,
            "prov_families": result.families, "prov_family_members": result.members}
    con.execute("BEGIN")
    try:
        for table, cols in _TABLES.items():
            con.execute(f"DELETE FROM {table}")
            _insert(con, table, cols, data[table], run_id)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _insert(con: Any, table: str, cols: tuple[str, ...], rows: list[dict[str, Any]], run_id: int | None) -> None:
    """Append rows to a table through one Arrow scan (row-by-row inserts cost ~1 ms each)."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in cols)
    values = [[_value(c, r.get(c)) for r in rows] for c in cols] + [[run_id] * len(rows)]
    try:
        arrow = pa.table({f"c{i}": pa.array(v) for i, v in enumerate(values)})
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        # mixed Python types in a column: let DuckDB cast value by value
        marks = ", ".join("?" * (len(cols) + 1))
        con.executemany(f"INSERT INTO {table} ({names}, run_id) VALUES ({marks})", [list(r) for r in zip(*values)])
        return
    con.register("_prov_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} ({names}, run_id) SELECT * FROM _prov_rows")
    finally:
        con.unregister("_prov_rows")


def _value(col: str, v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False, default=str) if col in _JSON and v is not None else v
