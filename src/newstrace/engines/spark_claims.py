"""The claims stage on Spark: extraction on executors, grouping on the driver.

Extraction (spaCy, loaded once per Python worker by claims.nlp) runs in
mapPartitions over the documents in batches, with the local engine's
``extract_batch_rows``. Grouping mentions into claims and counting
independent sources needs every mention of a figure at once, so it runs on
the driver with the local engine's ``regroup`` over the mention rows only
(offsets, values, short labels and the figure's words; no document text) and
the provenance edges; the three claims tables are then written as Parquet.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..claims.stage import ExtractOptions
from ..settings import ClaimsSettings
from .claims_run import BATCH, extract_batch_rows

Log = Callable[[str], None]


def extract_partition(rows: Iterable[tuple[int, str, str, str | None]], opts: ExtractOptions
                      ) -> Iterator[tuple]:
    """Extract claims from (doc_key, doc_id, text, language) rows in batches.

    Yields ("m", (doc_key, n), mention row), ("d", claim_docs row) and
    ("f", (doc_key, doc_id, reason)) tuples; n orders a document's mentions.
    """
    def flush(buf: list[tuple]) -> Iterator[tuple]:
        key = {r[1]: r[0] for r in buf}
        mentions, done, failures = extract_batch_rows([r[1:] for r in buf], opts)
        for n, m in enumerate(mentions):
            yield "m", (key[m["doc_id"]], n), m
        for d in done:
            yield "d", d
        for doc_id, reason in failures:
            yield "f", (key[doc_id], doc_id, reason)
    buf: list[tuple] = []
    for r in rows:
        buf.append(tuple(r))
        if len(buf) >= BATCH:
            yield from flush(buf)
            buf = []
    yield from flush(buf)


def links_from_tables(spark: Any, out: Path) -> tuple[list[tuple[str, str]], str]:
    """Return the document links claims count independence with: provenance edges, else passages."""
    for table, where in (("prov_edges", "source_id IS NOT NULL AND target_id IS NOT NULL"), ("passages", None)):
        if not (out / table).is_dir():
            continue
        df = spark.read.parquet(str(out / table)).select("source_id", "target_id")
        rows = (df.where(where) if where else df).distinct().collect()
        if rows:
            return [(a, b) for a, b in rows], table
    return [], "none"


def run_claims_spark(spark: Any, out: Path, docs: Any, cfg: ClaimsSettings, parts: int, log: Log
                     ) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """Extract on executors, group on the driver, write the claims tables; return (stats, failures).

    Failures are (doc_id, path, reason) of documents the extractor could not read.
    """
    import duckdb
    from ..claims.corroboration import GroupOptions
    from ..claims.stage import regroup
    from ..store import claims_store
    from ..store.store import schema_sql
    opts = ExtractOptions(model=cfg.model, min_quote_words=cfg.min_quote_words)
    rows = (docs.select("doc_key", "doc_id", "text", "language").repartition(parts)
            .sortWithinPartitions("doc_key").rdd.map(tuple))
    res = rows.mapPartitions(lambda it: extract_partition(it, opts)).persist()
    mentions = [m for _, m in sorted(res.filter(lambda x: x[0] == "m").map(lambda x: (x[1], x[2])).collect(),
                                     key=lambda km: km[0])]
    done = res.filter(lambda x: x[0] == "d").map(lambda x: x[1]).collect()
    failed = sorted(res.filter(lambda x: x[0] == "f").map(lambda x: x[1]).collect())
    n_docs = res.filter(lambda x: x[0] in ("d", "f")).count()
    res.unpersist()
    log(f"claims: {len(mentions)} mentions from {n_docs} documents extracted on executors")
    links, links_from = links_from_tables(spark, out)
    con = duckdb.connect()
    try:
        con.execute(schema_sql())
        claims_store.add_mentions(con, mentions, done)
        failures = []
        for _, doc_id, reason in failed:
            con.execute("INSERT OR REPLACE INTO claim_docs VALUES (?, 'failed', 0, 0)", [doc_id])
            failures.append((doc_id, reason))
        stored = claims_store.all_mentions(con)
        claims = regroup(stored, links, GroupOptions(cfg.approx_tolerance, cfg.unattributed_are_carriers))
        claims_store.replace_claims(con, claims, stored, links_from)
        for table in ("claim_mentions", "claim_docs", "claims"):
            export_table(con, table, out / table)
    finally:
        con.close()
    stats = {"documents": n_docs, "failed": len(failed), "mentions": len(stored), "claims": len(claims),
             "links_from": links_from}
    return stats, failures


def export_table(con: Any, table: str, dest: Path) -> None:
    """Replace a table directory with one Parquet file of a DuckDB table (JSON as text)."""
    cols = con.execute(f'DESCRIBE "{table}"').fetchall()
    sel = ", ".join(f'"{c}"::VARCHAR AS "{c}"' if ty == "JSON" else f'"{c}"' for c, ty, *_ in cols)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    path = str(dest / "part-00000.parquet").replace("'", "''")
    con.execute(f"COPY (SELECT {sel} FROM \"{table}\") TO '{path}' (FORMAT parquet)")
