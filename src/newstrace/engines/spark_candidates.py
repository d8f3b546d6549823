"""Candidate pairs on Spark: the shingle index of align/candidates.py as a distributed join.

The same rules as the DuckDB query, written for a cluster where one key can
be very hot:

* a shingle held by at most ``max_df`` documents pairs all its holders
  (a bounded self-join: at most max_df² / 2 links per shingle);
* a hotter shingle (stock phrase, an outlet's boilerplate, a wire story copied
  ten thousand times) pairs every holder with its first ``hot_k`` holders only.
  The first holders are found with a bounded top-k combiner (map-side, so a
  shingle in ten million documents never gathers on one task) and broadcast,
  so the hot rows are never shuffled by their skewed key;
* each link carries its shingle's rarity weight, so no join on the hot key
  follows the explosion into links; pairs are then grouped by (a, b), which is
  not skewed.
"""
from __future__ import annotations

import heapq
from typing import Any

from ..settings import AlignSettings


def _top_k(k: int):
    """Return the combiner functions of a bounded 'k smallest keys' aggregate."""
    def create(x: int) -> list[int]:
        return [x]

    def merge_value(acc: list[int], x: int) -> list[int]:
        return heapq.nsmallest(k, acc + [x]) if len(acc) >= k else sorted(acc + [x])

    def merge_lists(a: list[int], b: list[int]) -> list[int]:
        return heapq.nsmallest(k, a + b)
    return create, merge_value, merge_lists


def candidate_pairs_df(spark: Any, shingles: Any, cfg: AlignSettings, max_df: int,
                       broadcast_limit: int) -> tuple[Any, dict[str, int]]:
    """Return a DataFrame (a, b, shared) with a < b, and counts of the join's hot spots.

    ``shingles`` is a DataFrame (hash BIGINT, doc_key INT) with distinct hashes per document.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.window import Window

    df = shingles.groupBy("hash").agg(F.count(F.lit(1)).alias("n")).filter("n >= 2")
    sizes = shingles.groupBy("doc_key").agg(F.count(F.lit(1)).alias("size"))
    total = float(sizes.count())
    weighted = (shingles.join(df, "hash")
                .withColumn("w", F.log(F.lit(total) / F.col("n").cast("double"))))
    cold = weighted.filter(F.col("n") <= max_df).select("hash", "doc_key", "w")
    hot = weighted.filter(F.col("n") > max_df).select("hash", "doc_key", "w")

    x, y = cold.alias("x"), cold.alias("y")
    cold_links = (x.join(y, (F.col("x.hash") == F.col("y.hash")) & (F.col("x.doc_key") < F.col("y.doc_key")))
                  .select(F.col("x.doc_key").alias("a"), F.col("y.doc_key").alias("b"), F.col("x.w").alias("w")))

    create, merge_value, merge_lists = _top_k(int(cfg.hot_k))
    heads_rdd = (hot.select("hash", "doc_key").rdd.map(lambda r: (r[0], r[1]))
                 .combineByKey(create, merge_value, merge_lists))
    schema = T.StructType([T.StructField("hash", T.LongType()),
                           T.StructField("heads", T.ArrayType(T.IntegerType()))])
    heads = spark.createDataFrame(heads_rdd, schema)
    n_hot = heads.count()
    if n_hot * int(cfg.hot_k) <= broadcast_limit:
        heads = F.broadcast(heads)
    hot_links = (hot.join(heads, "hash")
                 .select(F.explode("heads").alias("a"), F.col("doc_key").alias("b"), "w")
                 .filter(F.col("a") < F.col("b")))

    pairs = (cold_links.unionByName(hot_links).groupBy("a", "b")
             .agg(F.count(F.lit(1)).alias("shared"), F.sum("w").alias("c"))
             .filter(F.col("shared") >= int(cfg.min_shared)))
    sa = sizes.select(F.col("doc_key").alias("a"), F.col("size").alias("na"))
    sb = sizes.select(F.col("doc_key").alias("b"), F.col("size").alias("nb"))
    ranked = (pairs.join(sa, "a").join(sb, "b")
              .filter(F.col("shared") / F.least("na", "nb") >= float(cfg.min_containment)))
    # ties in rarity (copies of one text share the same shingles) go to the lower key, as in DuckDB;
    # sums are rounded so that the order of float additions cannot break a tie differently
    ranked = ranked.withColumn("c", F.round("c", 9))
    ra = F.row_number().over(Window.partitionBy("a").orderBy(F.col("c").desc(), F.col("b")))
    rb = F.row_number().over(Window.partitionBy("b").orderBy(F.col("c").desc(), F.col("a")))
    top = ranked.withColumn("ra", ra).withColumn("rb", rb)
    k = int(cfg.max_pairs_per_doc)
    out = top.filter((F.col("ra") <= k) | (F.col("rb") <= k)).select("a", "b", "shared")
    return out, {"hot_shingles": int(n_hot), "documents_with_shingles": int(total)}

