"""Provenance on Spark: infer_provenance per connected component of the reuse graph.

Provenance only ever relates documents that share a passage, so the
documents of one connected component of the passage graph (documents as
nodes, passages as edges) can be decided without the others: the output of
``infer_provenance`` over a corpus is the union of its outputs over the
components (family ids are derived from content, external sources are merged
by id). Components come from label propagation with pointer jumping in Spark
DataFrames (GraphFrames is not needed); components are hashed into buckets
and each bucket runs the local engine's ``infer_provenance`` in one task.
A component larger than ``spark.max_component_docs`` runs on the driver.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

from ..provenance.core import DOC_FIELDS, infer_provenance
from ..provenance.io import _TABLES, _value
from ..settings import ProvenanceSettings

HEAD, TAIL = 1500, 2000   # what load_rows keeps of a document without passages (credits live there)
Log = Callable[[str], None]


def slim_text(text: str | None, in_passages: bool) -> str:
    """Return the text provenance reads: all of it where passages point, else head and tail."""
    text = text or ""
    return text if in_passages else text[:HEAD] + "\n\n" + (text[-TAIL:] if TAIL else "")


def bucket_rows(docs: Iterable[dict[str, Any]], passages: Iterable[dict[str, Any]],
                cfg: ProvenanceSettings, run_id: int) -> Iterator[tuple[str, tuple]]:
    """Run infer_provenance over one bucket of whole components; yield (table, row) tuples."""
    docs = sorted(docs, key=lambda d: d["doc_key"])
    passages = sorted(passages, key=lambda p: p["passage_id"])
    result = infer_provenance(docs, passages, cfg)
    data = {"prov_edges": result.edges, "prov_sources": result.sources, "prov_pairs": result.pairs,
            "prov_families": result.families, "prov_family_members": result.members}
    for table, cols in _TABLES.items():
        for r in data[table]:
            yield table, tuple(_value(c, r.get(c)) for c in cols) + (run_id,)


def merge_sources(a: tuple, b: tuple) -> tuple:
    """Merge two prov_sources rows of one external source found in different components."""
    docs = sorted(set(json.loads(a[5])["documents"]) | set(json.loads(b[5])["documents"]))
    seen = [d for d in (a[4], b[4]) if d]
    return (a[0], min(a[1], b[1]), a[2] if a[1] <= b[1] else b[2], len(docs),
            min(seen) if seen else None, json.dumps({"documents": docs}, ensure_ascii=False), a[6])


class SparkProvenance:
    """Compute the prov_* tables from the documents and passages DataFrames."""

    def __init__(self, spark: Any, cfg: ProvenanceSettings, parts: int, max_component: int,
                 max_rounds: int, log: Log, driver_edges: int = 0):
        self.spark, self.cfg, self.parts, self.log = spark, cfg, parts, log
        self.driver_edges = driver_edges
        self.max_component, self.max_rounds = max_component, max_rounds

    def components(self, passages: Any) -> Any:
        """Return a DataFrame (doc_id, comp): comp is the smallest doc_id of the document's component."""
        from pyspark.sql import functions as F
        e = (passages.select(F.least("target_id", "source_id").alias("a"),
                             F.greatest("target_id", "source_id").alias("b"))
             .where("a != b").distinct().persist())
        n_edges = e.count()
        if n_edges <= self.driver_edges:     # a few million id pairs: one pass of union-find is quicker
            self.log(f"provenance: components of {n_edges} document pairs by union-find on the driver")
            labels = self._settle_on_driver(e, None)
            e.unpersist()
            return labels
        und = e.unionByName(e.select(F.col("b").alias("a"), F.col("a").alias("b"))).distinct().persist()
        labels = und.groupBy("a").agg(F.least(F.first("a"), F.min("b")).alias("comp")) \
            .withColumnRenamed("a", "doc_id").localCheckpoint()
        for rnd in range(1, self.max_rounds + 1):
            nb = (und.join(labels, und.b == labels.doc_id)
                  .select(und.a.alias("doc_id"), labels.comp)
                  .unionByName(labels).groupBy("doc_id").agg(F.min("comp").alias("comp")))
            # pointer jumping: a label is a document of the same component; take its label too
            L = nb.alias("L")
            R = nb.select(F.col("doc_id").alias("rid"), F.col("comp").alias("rcomp"))
            jumped = (L.join(R, F.col("L.comp") == F.col("rid"), "left")
                      .select("L.doc_id", F.least("L.comp", F.coalesce("rcomp", "L.comp")).alias("comp"))
                      .localCheckpoint())
            changed = (jumped.alias("n").join(labels.alias("o"), "doc_id")
                       .where(F.col("n.comp") != F.col("o.comp")).count())
            labels = jumped
            if not changed:
                self.log(f"provenance: components after {rnd} rounds")
                und.unpersist()
                e.unpersist()
                return labels
        und.unpersist()
        e.unpersist()
        self.log(f"provenance: components not settled after {self.max_rounds} rounds; "
                 f"finishing them on the driver")
        return self._settle_on_driver(e, labels)

    def _settle_on_driver(self, edges: Any, labels: Any | None) -> Any:
        """Union-find over the (already partly merged) label graph on the driver."""
        from itertools import chain

        from ..unionfind import components
        pairs = chain(labels.select("doc_id", "comp").toLocalIterator() if labels is not None else (),
                      edges.select("a", "b").toLocalIterator())
        rows = list(components((), ((a, b) for a, b in pairs)).items())
        return self.spark.createDataFrame(rows, "doc_id STRING, comp STRING")

    def run(self, documents: Any, passages: Any, run_id: int) -> dict[str, Any]:
        """Return {table: RDD of row tuples} for the five prov_* tables."""
        from pyspark.sql import functions as F
        pas = passages.select("passage_id", "target_id", "target_begin", "target_end", "source_id",
                              "source_begin", "source_end", "kind", "score")
        comps = self.components(pas).persist()
        sizes = comps.groupBy("comp").count()
        giant = [r[0] for r in sizes.where(F.col("count") > self.max_component).select("comp").collect()]
        if giant:
            self.log(f"provenance: {len(giant)} component(s) above spark.max_component_docs="
                     f"{self.max_component} documents: inferred on the driver")
        used = (pas.select(F.col("target_id").alias("doc_id"))
                .unionByName(pas.select(F.col("source_id").alias("doc_id"))).distinct()
                .withColumn("used", F.lit(True)))
        docs = (documents.select("doc_key", *DOC_FIELDS).join(comps, "doc_id", "left")
                .join(used, "doc_id", "left")
                .withColumn("comp", F.coalesce("comp", "doc_id")))
        P, cfg = self.parts, self.cfg
        bucket = lambda c: F.when(F.col(c).isin(giant), F.lit(-1)).otherwise(  # noqa: E731
            F.pmod(F.xxhash64(c), F.lit(P)))
        docs = docs.withColumn("bucket", bucket("comp"))
        pas_b = (pas.join(comps.withColumnRenamed("doc_id", "target_id"), "target_id")
                 .withColumn("bucket", bucket("comp")).drop("comp"))
        doc_cols = ["doc_key", *DOC_FIELDS]
        d_rdd = docs.rdd.map(lambda r: (r["bucket"], _doc_dict(r, doc_cols)))
        p_rdd = pas_b.rdd.map(lambda r: (r["bucket"], r.asDict()))
        grouped = d_rdd.cogroup(p_rdd, P)
        out = (grouped.filter(lambda kv: kv[0] != -1)
               .flatMap(lambda kv: bucket_rows(kv[1][0], kv[1][1], cfg, run_id))).persist()
        driver_rows: list[tuple[str, tuple]] = []
        if giant:
            big = grouped.filter(lambda kv: kv[0] == -1).collect()
            for _, (ds, ps) in big:
                driver_rows.extend(bucket_rows(list(ds), list(ps), cfg, run_id))
        sc = self.spark.sparkContext
        if driver_rows:
            out = out.union(sc.parallelize(driver_rows, max(1, min(P, len(driver_rows)))))
        tables = {t: out.filter(lambda tr, t=t: tr[0] == t).map(lambda tr: tr[1]) for t in _TABLES}
        tables["prov_sources"] = (tables["prov_sources"].map(lambda r: (r[0], r))
                                  .reduceByKey(merge_sources, P).map(lambda kv: kv[1]))
        self._cleanup = [comps, out]
        return tables

    def release(self) -> None:
        """Drop what run() kept cached."""
        for x in getattr(self, "_cleanup", []):
            x.unpersist()


def _doc_dict(r: Any, cols: list[str]) -> dict[str, Any]:
    d = {c: r[c] for c in cols}
    d["text"] = slim_text(d["text"], bool(r["used"]))
    return d


def table_columns(table: str) -> list[str]:
    """Return the prov_* table columns bucket_rows emits, in order."""
    return list(_TABLES[table]) + ["run_id"]
