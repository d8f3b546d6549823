"""Every read of the store, used by the report, the web app, the CLI and exports.

Functions take a ``duckdb.DuckDBPyConnection`` and return plain dicts and lists
(or an Arrow record-batch reader for exports). Passage offsets are half-open
code-point ranges into ``documents.text``; slice texts in Python, not in SQL.

The reads are grouped by family (``core``: corpus, documents, pairs; ``web``: the web
UI's cached lists; ``provenance``; ``claims``; ``exports``) and all re-exported here,
so callers use ``queries.<name>``.
"""
from .base import (  # noqa: F401
    DOCUMENT_ORDERS, DocumentFilter, table_exists, has_rows, table_columns, PROVENANCE_TABLES,
    has_provenance,
)
from .core import (  # noqa: F401
    summary, later_stages_summary, failure_reasons, failures, duplicates, runs, facets,
    documents, count_documents, most_reused, documents_by_id, document, document_passages,
    pairs, count_pairs, pair, passage_sentences,
)
from .web import (  # noqa: F401
    create_doc_list, passages_version, create_terms, search_words, document_page, count_page,
    document_record, timeline, passage_page,
)
from .provenance import (  # noqa: F401
    top_origins, node_labels, edge_page, graph_edges, provenance_edges, provenance_sources,
    provenance_pairs, provenance_families, provenance_graph, document_provenance,
)
from .claims import (  # noqa: F401
    claim_page, count_claims, claims_list, claim_mentions,
)
from .exports import (  # noqa: F401
    EXPORT_TABLES, export_reader,
)
