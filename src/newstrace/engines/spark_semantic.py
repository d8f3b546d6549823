"""The semantic stage on Spark: embeddings and pair alignment in mapPartitions.

Executors embed with the local engine's ``SemanticAligner`` (one per Python
worker process and settings, so the model is loaded once per worker and
sentences embedded for one task are reused by the next). Document vectors
are computed on executors; the nearest-neighbour search runs on the driver
over the collected vectors with the local engine's ``ann_pairs`` (2 KB per
document with the default model; ``spark.ann_max_docs`` bounds it). Each
candidate pair is aligned on an executor with ``SemanticAligner.align_pair``
and merged with its lexical passages exactly as the local engine merges
them. Every sentence vector computed lands in the ``embeddings`` table.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from ..embed.cache import text_key
from ..settings import SemanticSettings
from .spark_stages import PASSAGE_FIELDS, passage_tuple

Log = Callable[[str], None]
_ALIGNERS: dict[str, Any] = {}
LEX_FIELDS = ("passage_id",) + PASSAGE_FIELDS


def aligner(cfg: SemanticSettings) -> Any:
    """Return this worker's SemanticAligner for cfg (the model is loaded once per process)."""
    from ..align.semantic_api import SemanticAligner
    key = repr(cfg)
    if key not in _ALIGNERS:
        _ALIGNERS[key] = SemanticAligner(cfg)
    return _ALIGNERS[key]


def _units(al: Any, text: str, first: int | None = None) -> list[tuple[int, bytes]]:
    """Return (text_hash, vector bytes) of a text's units (the leading ``first`` only, if given)."""
    from ..align.semantic_units import sentence_units, unit_text
    spans = sentence_units(text, al.cfg.min_unit_chars)
    texts = [unit_text(text, b, e) for b, e in (spans[:first] if first is not None else spans)]
    return [(text_key(t), v.astype(np.float32).tobytes()) for t, v in zip(texts, al.cache.encode(texts))]


def doc_vector_partition(rows: Iterable[tuple[int, str]], cfg: SemanticSettings, batch: int = 1000
                         ) -> Iterator[tuple]:
    """Yield ("v", doc_key, document vector) and ("e", text_hash, sentence vector, model name) rows."""
    al, seen = aligner(cfg), set()
    buf: list[tuple[int, str]] = []

    def flush() -> Iterator[tuple]:
        vecs = al.doc_vectors([t for _, t in buf])
        for (k, t), v in zip(buf, vecs):
            yield "v", k, v.astype(np.float32).tobytes()
            for h, u in _units(al, t, cfg.doc_sentences):
                if h not in seen:
                    seen.add(h)
                    yield "e", h, u, al.cache.emb.name
    for r in rows:
        buf.append((r[0], r[1]))
        if len(buf) >= batch:
            yield from flush()
            buf = []
    if buf:
        yield from flush()


def _passage(p: tuple) -> Any:
    from ..types import Passage
    return Passage(*p[1:])


def pair_partition(rows: Iterable[Any], cfg: SemanticSettings) -> Iterator[tuple]:
    """Align candidate pairs semantically; yield pair results and the sentence vectors computed.

    Rows carry (a, b, origin, t_id, t_text, t_lang, s_id, s_text, s_lang, lexical)
    where lexical lists the pair's lexical passages as LEX_FIELDS tuples.
    Yields ("p", a, b, origin, [(passage tuple, sentences JSON)], [replaced passage ids])
    and ("e", text_hash, vector bytes, model name).
    """
    al, seen_docs, seen = aligner(cfg), set(), set()
    for r in rows:
        a, b, origin, t_id, t_text, t_lang, s_id, s_text, s_lang, lex_rows = r
        lex_rows = sorted(tuple(x) for x in (lex_rows or []))
        lexical = [_passage(x) for x in lex_rows]
        ids = {id(p): x[0] for p, x in zip(lexical, lex_rows)}
        t, s = al.doc(t_id, t_text, t_lang), al.doc(s_id, s_text, s_lang)
        for d in (t, s):
            if d.doc_id not in seen_docs:
                seen_docs.add(d.doc_id)
                for u, v in zip(d.unit_texts(), d.vecs):
                    h = text_key(u)
                    if h not in seen:
                        seen.add(h)
                        yield "e", h, np.asarray(v, dtype=np.float32).tobytes(), al.cache.emb.name
        new, replaced = al.align_pair(t, s, lexical)
        made = [(passage_tuple(c.passage), json.dumps(c.sentences)) for c in new] if new else []
        yield "p", a, b, origin, made, [ids[id(p)] for p in replaced] if new else []


class SparkSemantic:
    """Run the semantic stage over the documents, lexical pairs and lexical passages DataFrames."""

    def __init__(self, spark: Any, cfg: SemanticSettings, parts: int, ann_max_docs: int, log: Log):
        self.spark, self.cfg, self.parts, self.ann_max, self.log = spark, cfg, parts, ann_max_docs, log

    def ann(self, docs: Any) -> tuple[set[tuple[int, int]], Any]:
        """Return the nearest-neighbour pairs and an RDD of ("v"/"e", key, bytes) rows."""
        from ..align.semantic_stage import _day, ann_pairs
        cfg = self.cfg
        n = docs.count()
        if cfg.k_neighbours <= 0:
            return set(), self.spark.sparkContext.emptyRDD()
        if n > self.ann_max:
            self.log(f"semantic: {n} documents exceed spark.ann_max_docs={self.ann_max}; "
                     f"nearest-neighbour candidates skipped (lexical pairs only)")
            return set(), self.spark.sparkContext.emptyRDD()
        out = (docs.select("doc_key", "text").rdd.map(tuple)
               .mapPartitions(lambda rows: doc_vector_partition(rows, cfg)).persist())
        vecs = {x[1]: np.frombuffer(x[2], dtype=np.float32) for x in
                out.filter(lambda x: x[0] == "v").toLocalIterator()}
        days = {k: _day(p) for k, p in docs.select("doc_key", "published").toLocalIterator()}
        return ann_pairs(vecs, sorted(vecs), days, cfg), out

    def run(self, docs: Any, pairs: Any, lex: Any, run_id: int) -> dict[str, Any]:
        """Return {"passages": final passages DataFrame, table: RDD of rows …, "stats": {…}}."""
        from pyspark.sql import functions as F
        cfg = self.cfg
        docs = docs.select("doc_key", "doc_id", "text", "language", "published").persist()
        ann, vec_rows = self.ann(docs)
        todo = self.spark.createDataFrame(sorted(ann), "a INT, b INT").withColumn("origin", F.lit("ann"))
        if cfg.lexical_pairs:       # a pair both engines find lexically stays 'lexical', as in the local stage
            lexical = pairs.select(F.col("a_key").alias("a"), F.col("b_key").alias("b"),
                                   F.lit("lexical").alias("origin"))
            todo = lexical.unionByName(todo.join(lexical, ["a", "b"], "left_anti"))
        A = docs.select(*[F.col(c).alias("A_" + c) for c in docs.columns])
        B = docs.select(*[F.col(c).alias("B_" + c) for c in docs.columns])
        j = todo.join(A, F.col("a") == F.col("A_doc_key")).join(B, F.col("b") == F.col("B_doc_key"))
        swap = F.col("A_published").isNotNull() & F.col("B_published").isNotNull() & \
            (F.col("B_published") < F.col("A_published"))
        tgt = lambda c: F.when(swap, F.col("A_" + c)).otherwise(F.col("B_" + c))  # noqa: E731
        src = lambda c: F.when(swap, F.col("B_" + c)).otherwise(F.col("A_" + c))  # noqa: E731
        work = j.select("a", "b", "origin", tgt("doc_id").alias("t"), tgt("text").alias("tt"),
                        tgt("language").alias("tl"), src("doc_id").alias("s"), src("text").alias("st"),
                        src("language").alias("sl"))
        grouped = lex.groupBy(F.col("target_id").alias("t"), F.col("source_id").alias("s")).agg(
            F.collect_list(F.struct(*LEX_FIELDS)).alias("lex"))
        work = (work.join(grouped, ["t", "s"], "left")
                .select("a", "b", "origin", "t", "tt", "tl", "s", "st", "sl", "lex")
                .repartition(self.parts, "t").sortWithinPartitions("t", "s"))
        res = work.rdd.mapPartitions(lambda rows: pair_partition(rows, cfg)).persist()
        return self._tables(docs, res, vec_rows, lex, run_id)

    def _tables(self, docs: Any, res: Any, vec_rows: Any, lex: Any, run_id: int) -> dict[str, Any]:
        from pyspark.sql import functions as F
        pr = res.filter(lambda x: x[0] == "p")
        top = lex.agg(F.max("passage_id")).first()[0] or 0
        new = (pr.flatMap(lambda x: [((x[1], x[2], i), m) for i, m in enumerate(x[4])])
               .sortByKey(numPartitions=self.parts).zipWithIndex()
               .map(lambda kv: (top + 1 + kv[1], kv[0][1])).persist())
        dropped = pr.flatMap(lambda x: [(int(i),) for i in x[5]])
        model = self.cfg.model
        emb = (res.union(vec_rows).filter(lambda x: x[0] == "e").map(lambda x: ((x[3], x[1]), x[2]))
               .reduceByKey(lambda u, v: u, self.parts).map(lambda kv: (kv[0][0], kv[0][1], bytearray(kv[1]))))
        doc_vecs = vec_rows.filter(lambda x: x[0] == "v").map(lambda x: (x[1], model, bytearray(x[2])))
        n_pairs = pr.count()
        stats = {"pairs_compared": n_pairs, "passages": new.count(), "sentences_embedded": emb.count()}
        keys = docs.select("doc_key").rdd.map(lambda r: (r[0], run_id))
        return {"new": new, "dropped": dropped, "stats": stats, "embeddings": emb, "doc_vectors": doc_vecs,
                "semantic_pairs": pr.map(lambda x: (x[1], x[2], x[3], len(x[4]), run_id)),
                "semantic_docs": keys,
                "passage_sentences": new.map(lambda im: (im[0], im[1][1])),
                "_cached": [res, new, docs]}
