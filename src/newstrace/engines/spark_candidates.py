"""Candidate pairs on Spark: the shingle index of align/candidates.py as a distributed join.

The same rules as the DuckDB query, written for a cluster where one key can
be very hot:

* a shingle held by at most ``max_df`` documents pairs all its holders
  (a bounded self-join: at most max_df² / 2 links per shingle);
* a hotter shingle (stock phrase, an outlet's boilerplate, a wire story copied
  ten thousand times) pairs every holder with its first ``hot_k`` holders only,
  and a holder only through its ``hot_per_doc`` rarest hot shingles (a window
  per document, which is never skewed).
  The first holders are found in two window steps: per (shingle, salt) with
  the holders spread over ``SALT`` salts, then per shingle over at most
  SALT × hot_k survivors, so a shingle in ten million documents never gathers
  on one task. They are broadcast, so the hot rows are never shuffled by their
  skewed key. (Until session 12 a Python top-k combiner did the first step:
  205 of the 50k run's 2,200 executor-seconds.);
* each link carries its shingle's rarity weight, so no join on the hot key
  follows the explosion into links; pairs are then grouped by (a, b), which is
  not skewed.
"""
from __future__ import annotations

from typing import Any

from ..settings import AlignSettings


SALT = 256   # hot holders are cut into this many groups before their first holders are ranked


def candidate_pairs_df(spark: Any, shingles: Any, cfg: AlignSettings, max_df: int,
                       broadcast_limit: int) -> tuple[Any, dict[str, int], list[Any]]:
    """Return a DataFrame (a, b, shared) with a < b, counts of the join's hot spots, and the
    DataFrames it cached (to unpersist once the candidates are materialised).

    ``shingles`` is a DataFrame (hash BIGINT, doc_key INT) with distinct hashes per document.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    df = shingles.groupBy("hash").agg(F.count(F.lit(1)).alias("n")).filter("n >= 2")
    sizes = shingles.groupBy("doc_key").agg(F.count(F.lit(1)).alias("size"))
    total = float(sizes.count())
    # read four times below (both sides of the cold join, the heads and the hot links)
    weighted = (shingles.join(df, "hash")
                .withColumn("w", F.log(F.lit(total) / F.col("n").cast("double")))).persist()
    cold = weighted.filter(F.col("n") <= max_df).select("hash", "doc_key", "w")
    hot = weighted.filter(F.col("n") > max_df).select("hash", "doc_key", "n", "w")
    # a later holder meets the first holders only through its hot_per_doc rarest hot shingles
    per_doc = int(cfg.hot_per_doc)
    hot_later = hot if per_doc <= 0 else (
        hot.withColumn("rr", F.row_number().over(Window.partitionBy("doc_key").orderBy("n", "hash")))
        .filter(F.col("rr") <= per_doc))

    x, y = cold.alias("x"), cold.alias("y")
    cold_links = (x.join(y, (F.col("x.hash") == F.col("y.hash")) & (F.col("x.doc_key") < F.col("y.doc_key")))
                  .select(F.col("x.doc_key").alias("a"), F.col("y.doc_key").alias("b"), F.col("x.w").alias("w")))

    heads = first_holders(hot, int(cfg.hot_k)).persist()
    n_hot = heads.count()
    if n_hot * int(cfg.hot_k) <= broadcast_limit:
        heads = F.broadcast(heads)
    hot_links = (hot_later.join(heads, "hash")
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
    return out, {"hot_shingles": int(n_hot), "documents_with_shingles": int(total)}, [weighted, heads]


def first_holders(rows: Any, k: int) -> Any:
    """Return (hash, heads): the k lowest doc_keys holding each hash, without gathering a hot
    hash on one task (salted first step, then at most SALT × k rows per hash)."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window
    salted = rows.select("hash", "doc_key", (F.col("doc_key") % SALT).alias("salt"))
    step1 = (salted.withColumn("r", F.row_number().over(Window.partitionBy("hash", "salt").orderBy("doc_key")))
             .filter(F.col("r") <= k).select("hash", "doc_key"))
    step2 = (step1.withColumn("r", F.row_number().over(Window.partitionBy("hash").orderBy("doc_key")))
             .filter(F.col("r") <= k))
    return step2.groupBy("hash").agg(F.collect_list("doc_key").alias("heads"))

