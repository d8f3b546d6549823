"""Exports: the columns of each exportable table, streamed as Arrow record batches."""
from __future__ import annotations

import duckdb
import pyarrow as pa

from ...errors import ConfigError
from .base import _PASSAGE_COLUMNS, has_provenance

_EXPORTS = {
    "documents": """SELECT doc_id AS id, path, source, url, outlet, title, published, published_source,
        language, byline, dateline, dateline_place, dateline_agency,
        coalesce(n_chars, length(text)) AS n_chars, text FROM documents ORDER BY doc_key""",
    "passages": f"SELECT {', '.join(_PASSAGE_COLUMNS)} FROM passages ORDER BY passage_id",
    "failures": """SELECT path, position, stage, reason, run_id, failed_at AS at
        FROM failures ORDER BY failure_id""",
    "edges": """SELECT e.source_id, coalesce(s.label, ds.title, e.source_id) AS source_label,
        CASE WHEN e.source_id LIKE 'ext:%' THEN coalesce(s.kind, 'external') ELSE 'document' END AS source_kind,
        e.target_id, coalesce(dt.title, e.target_id) AS target_label, e.relation, e.confidence,
        e.n_passages, e.evidence
    FROM prov_edges e LEFT JOIN prov_sources s ON s.source_id = e.source_id
    LEFT JOIN documents ds ON ds.doc_id = e.source_id LEFT JOIN documents dt ON dt.doc_id = e.target_id
    ORDER BY e.source_id, e.target_id, e.relation""",
    "claims": """SELECT claim_id, kind, label, value_low, value_high, qualifier, unit, place, date,
        attributed_to, mentions, documents, independent_sources, CAST(sources AS VARCHAR) AS sources,
        CAST(carriers AS VARCHAR) AS carriers, CAST(conflicts_with AS VARCHAR) AS conflicts_with,
        CAST(compatible_with AS VARCHAR) AS compatible_with, links_from FROM claims ORDER BY claim_id""",
}
EXPORT_TABLES = tuple(_EXPORTS)


def export_reader(con: duckdb.DuckDBPyConnection, table: str,
                  batch_size: int = 10_000) -> pa.RecordBatchReader:
    """Return a stream of Arrow record batches with the export columns of a table."""
    if table not in _EXPORTS:
        raise ConfigError(f"cannot export table {table!r}; choose one of {', '.join(EXPORT_TABLES)}")
    if table == "edges" and not has_provenance(con):
        raise ConfigError("this store has no provenance tables; run `newstrace analyze` on it again")
    return con.sql(_EXPORTS[table]).to_arrow_reader(batch_size)
