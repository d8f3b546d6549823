"""The Spark engine: the local engine's stages on a Spark cluster, output as Parquet tables.

Needs the optional extra ``newstrace[spark]``; pyspark is imported only when
this engine runs. Every stage calls the same functions as the local engine
(see spark_stages.py); the candidate join is align/candidates.py's query as a
skew-proof distributed join (spark_candidates.py); semantic alignment, provenance
and claims extraction run on executors too (spark_semantic.py,
spark_provenance.py, spark_claims.py). The output directory holds one Parquet
table per store table; ``newstrace import-parquet`` loads it.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ..errors import ConfigError, InputError
from ..ingest import expand_inputs
from ..settings import Settings
from ..types import Failure, RawDocument
from . import spark_stages as st
from .local import RunStats, _POSITION_PREFIX, _derive_id, _path_of, document_row
from .parquet import CORE_TABLES, check_out_dir, spark_schema, store_columns, write_marker

RUN_ID = 1
Log = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(f"[spark] {msg}", file=sys.stderr, flush=True)


def require_pyspark() -> None:
    """Fail with an install hint when pyspark is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError("the Spark engine needs pyspark: pip install 'newstrace[spark]' "
                          "(and Java 17 or newer on the PATH)") from None


def build_session(cfg, master: str | None = None) -> Any:
    """Start (or join) a Spark session configured from the spark settings section."""
    require_pyspark()
    from pyspark.sql import SparkSession
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    b = (SparkSession.builder.master(master or cfg.master).appName(cfg.app_name)
         .config("spark.sql.shuffle.partitions", str(cfg.shuffle_partitions))
         .config("spark.driver.memory", cfg.driver_memory)
         .config("spark.executor.memory", cfg.executor_memory)
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.ui.showConsoleProgress", "false"))
    if cfg.local_dir:
        b = b.config("spark.local.dir", cfg.local_dir)
    for item in filter(None, (x.strip() for x in cfg.conf.split(";"))):
        if "=" not in item:
            raise ConfigError(f"spark.conf item {item!r} must look like key=value")
        k, v = item.split("=", 1)
        b = b.config(k.strip(), v.strip())
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class SparkEngine:
    """Run every stage of the local engine on Spark, into Parquet tables."""

    def __init__(self, settings: Settings, out: str | Path, master: str | None = None,
                 session: Any = None, log: Log = _stderr):
        self.settings, self.out, self.master, self.log = settings, Path(out), master, log
        self._given = session
        self.spark: Any = session
        self.columns = store_columns()
        self.timings: dict[str, float] = {}

    def analyze(self, inputs: list[str]) -> RunStats:
        """Run all stages over inputs and write the tables to the output directory."""
        if not inputs:
            raise InputError("no inputs given")
        check_out_dir(self.out)
        stats = RunStats(run_id=RUN_ID)
        started = datetime.now(timezone.utc).replace(tzinfo=None)
        self.spark = self._given or build_session(self.settings.spark, self.master)
        try:
            self._prepare_out()
            t0 = time.perf_counter()
            docs = self._timed("ingest", self.ingest, inputs, stats)
            shingles, prepared = self._timed("index", self.index, docs, stats)
            self._timed("align", self.align, docs, shingles, prepared, stats)
            docs.unpersist()
            self.log(f"distributed stages: {time.perf_counter() - t0:.1f} s")
            self._timed("semantic", self.semantic, stats)
            self._release_semantic()
            self._timed("provenance", self.provenance, stats)
            self._timed("claims", self.claims, stats)
            self._write_run(inputs, stats, started)
            write_marker(self.out, {"engine": "spark", "status": "done", "master": self.spark.sparkContext.master,
                                    "seconds": round(time.perf_counter() - t0, 2),
                                    "tables": sorted(p.name for p in self.out.iterdir() if p.is_dir()),
                                    "stats": stats.as_dict()})
        finally:
            if self._given is None:
                self.spark.stop()
        return stats

    # helpers ------------------------------------------------------------
    def _timed(self, name: str, fn: Callable, *args: Any) -> Any:
        t0 = time.perf_counter()
        out = fn(*args)
        self.timings[name] = round(time.perf_counter() - t0, 3)
        self.log(f"{name}: {self.timings[name]:.1f} s")
        return out

    @property
    def sc(self) -> Any:
        return self.spark.sparkContext

    def _parts(self) -> int:
        n = self.settings.spark.partitions
        return n if n > 0 else 2 * self.sc.defaultParallelism

    def _prepare_out(self) -> None:
        if self.out.is_dir():
            for p in self.out.iterdir():
                shutil.rmtree(p) if p.is_dir() else p.unlink()
        self.out.mkdir(parents=True, exist_ok=True)
        write_marker(self.out, {"engine": "spark", "status": "running"})

    def _df(self, table: str, rdd_or_rows: Any) -> Any:
        return self.spark.createDataFrame(rdd_or_rows, spark_schema(self.columns[table]))

    def _write(self, table: str, df: Any, files: int | None = None) -> None:
        if files:
            df = df.coalesce(files)
        df.write.mode("overwrite").parquet(str(self.out / table))

    # ingest + extract -----------------------------------------------------
    def _read(self, inputs: list[str]) -> Any:
        """Return an RDD of (ordinal, RawDocument | Failure) over all inputs, in input order."""
        local = [i for i in inputs if "://" not in i]
        remote = [i for i in inputs if "://" in i]     # hdfs://, s3a://, file:// … through Hadoop
        paths = [str(p) for p in expand_inputs(local)] if local else []
        uris = self._list_remote(remote)
        cfg = self.settings.ingest
        rdds = []
        if paths:
            items = list(enumerate(paths))
            rdds.append(self.sc.parallelize(items, max(1, min(len(items), self._parts())))
                        .flatMap(lambda ip: st.read_local(ip[0], ip[1], cfg)))
        if uris:
            index = self.sc.broadcast({u: len(paths) + k for k, u in enumerate(uris)})
            files = self.sc.binaryFiles(",".join(uris), max(1, min(len(uris), self._parts())))
            rdds.append(files.flatMap(lambda f: st.read_bytes(index.value[f[0]], f[0], f[1], cfg)))
        self.log(f"reading {len(paths) + len(uris)} input files")
        return rdds[0] if len(rdds) == 1 else self.sc.union(rdds)

    def _list_remote(self, uris: list[str]) -> list[str]:
        """List the files under URIs with the Hadoop file system (hdfs://, s3a://, file:// …)."""
        out: list[str] = []
        jvm, conf = self.sc._jvm, self.sc._jsc.hadoopConfiguration()
        for uri in uris:
            path = jvm.org.apache.hadoop.fs.Path(uri)
            fs = path.getFileSystem(conf)
            globbed = fs.globStatus(path)
            if not globbed:
                raise InputError(f"input {uri!r} does not exist; check the URI")
            found: list[str] = []
            for status in globbed:
                if status.isFile():
                    found.append(status.getPath().toString())
                    continue
                root = status.getPath().toString().rstrip("/") + "/"
                it = fs.listFiles(status.getPath(), True)
                while it.hasNext():
                    p = it.next().getPath().toString()
                    # skip hidden and bookkeeping entries below the root (.crc, _SUCCESS …)
                    if not any(part.startswith((".", "_")) for part in p[len(root):].split("/")):
                        found.append(p)
            out.extend(sorted(found))
        return out

    def ingest(self, inputs: list[str], stats: RunStats) -> Any:
        """Read, deduplicate by content hash, extract; write documents, duplicates, failures.

        Return the persisted RDD of slim document dicts (doc_key, doc_id, text, language, published).
        """
        disk, P = _storage(), self._parts()
        items = self._read(inputs).persist(disk)
        ecfg = self.settings.extract
        raws = (items.filter(lambda x: isinstance(x[1], RawDocument))
                .map(lambda x: (st.content_hash(x[1]), (x[0], x[1]))))
        # the earliest copy of each content is extracted and remembers its later copies
        # (ordinal and source only); the map-side combine keeps a text copied ten thousand
        # times from gathering on one task
        reps = raws.mapValues(lambda r: (r, [])).reduceByKey(_keep_first, P)
        extracted = reps.map(lambda hv: (hv[1][0][0], hv[0], hv[1][0][1],
                                         st.extract_or_fail(hv[1][0][1], ecfg), hv[1][1])).persist(disk)
        ok = extracted.filter(lambda r: not isinstance(r[3], Failure))
        keyed = (ok.sortBy(lambda r: r[0], numPartitions=P).zipWithIndex()
                 .map(lambda ri: (ri[1] + 1, ri[0])).persist(disk))   # doc_key from 1, in input order
        ids = self._doc_ids(keyed)
        cols, run_id = self._cols("documents"), RUN_ID
        full = keyed.join(ids, P).map(lambda kv: _doc_row(kv[0], kv[1][0], kv[1][1], run_id))
        self._write("documents", self._df("documents", full.map(lambda d: tuple(d.get(c) for c in cols))))
        docs = full.map(_slim).persist(disk)
        stats.documents_added = stats.indexed = docs.count()
        self._dups_and_failures(items, extracted, keyed, ids, stats)
        for rdd in (items, extracted, keyed, ids):
            rdd.unpersist()
        return docs

    def _cols(self, table: str) -> list[str]:
        return [c for c, _ in self.columns[table]]

    def _doc_ids(self, keyed: Any) -> Any:
        """Return an RDD (doc_key, doc_id): ids unique exactly as the local engine makes them."""
        P = self._parts()
        bases = keyed.map(lambda kr: (_base_id(kr[1][2]), kr[0]))
        ranked = bases.groupByKey(P).flatMap(lambda bk: _rank_ids(bk[0], bk[1])).persist(_storage())
        n = ranked.count()
        if ranked.map(lambda ki: ki[1]).distinct(P).count() == n:
            return ranked
        # a generated id ("x-2") equals another input's id: resolve in order, as the local engine does
        self.log("doc id collisions: assigning ids on the driver")
        ranked.unpersist()
        fixed = st.assign_ids(bases.map(lambda bk: (bk[1], bk[0])).collect())
        return self.sc.parallelize(sorted(fixed.items()), self._parts()).persist(_storage())

    def _dups_and_failures(self, items, extracted, keyed, ids, stats: RunStats) -> None:
        """Write the duplicates and failures tables in input order, as the local engine records them.

        Only the records that are copies or failures come to the driver (ordinals, sources and
        reasons, no text): one pass instead of a chain of joins and sorts over the corpus.
        """
        side = extracted.filter(lambda r: r[4] or isinstance(r[3], Failure)).map(
            lambda r: (r[0], r[1], r[3] if isinstance(r[3], Failure) else None, r[4])).collect()
        read_fails = items.filter(lambda x: isinstance(x[1], Failure)).collect()
        want = self.sc.broadcast({r[0] for r in side if r[2] is None})
        id_of = dict(keyed.filter(lambda kr: kr[1][0] in want.value).map(lambda kr: (kr[0], kr[1][0]))
                     .join(ids).map(lambda kv: kv[1]).collect())                  # rep ordinal → doc_id
        dups, fails = [], list(read_fails)
        for rep, h, failure, copies in side:
            if failure is not None:
                fails.append((rep, failure))
                # a copy of a document that failed extraction fails the same way (the local engine re-extracts it)
                fails += [(o, _refail(failure, src)) for o, src in copies]
            else:
                dups += [(o, (_path_of(src), src, h, id_of[rep], RUN_ID)) for o, src in copies]
        dups.sort(key=lambda x: x[0])
        self._write("duplicates", self._df("duplicates", [d for _, d in dups] or []), 1)
        stats.duplicates = len(dups)
        fails.sort(key=lambda x: x[0])
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        rows = [(i, RUN_ID, f.path, f.position, f.stage, f.reason, now) for i, (_, f) in enumerate(fails, 1)]
        self._write("failures", self._df("failures", rows), 1)
        stats.failures = len(fails)
        reasons: dict[str, int] = {}
        for _, f in fails:
            reasons[_reason_key(f.reason)] = reasons.get(_reason_key(f.reason), 0) + 1
        stats.failure_reasons = reasons

    # segment + index ------------------------------------------------------
    def index(self, docs: Any, stats: RunStats) -> tuple[Any, Any]:
        """Write sentences and shingles. Return the persisted shingles DataFrame (hash, doc_key)
        and the documents prepared for alignment, (doc_key, (doc_id, text, language,
        published, compact)), persisted for the align stage."""
        n = self.settings.align.ngram
        # ≈ 3 bytes per character of prepared arrays besides text, sentences and shingles: on
        # disk, where a 2g local[2] heap does not have to hold them (50k documents: 1.5 GB)
        indexed = docs.map(lambda d: st.index_record(d, n)).persist(_storage(disk_only=True))
        self._write("sentences", self._df("sentences", indexed.flatMap(lambda x: x[0])))
        sh = indexed.flatMap(lambda x: [(h, x[2][0]) for h in x[1]])
        shingles = self._df("shingles", sh).persist(_storage())
        self._write("shingles", shingles)
        prepared = indexed.map(lambda x: x[2]).persist(_storage(disk_only=True))
        prepared.count()
        indexed.unpersist()
        return shingles, prepared

    # candidates + align ---------------------------------------------------
    def align(self, docs: Any, shingles: Any, prepared: Any, stats: RunStats) -> None:
        """Find candidate pairs with the distributed shingle join and align them; write pairs, passages."""
        from pyspark.sql import functions as F
        from .spark_candidates import candidate_pairs_df
        cfg, scfg = self.settings.align, self.settings.spark
        max_df = scfg.max_df or cfg.max_df
        cands, info, cached = candidate_pairs_df(self.spark, shingles, cfg, max_df, scfg.broadcast_heads)
        self.log(f"candidate join: {info['hot_shingles']} hot shingles (df > {max_df})")
        # pairs are cut in two dimensions: documents fall in B buckets and a pair goes to the
        # partition of its two buckets, so a partition needs the documents of two buckets only
        # (2/B of the corpus, within the per-task cache of prepared documents) and receives each
        # of their documents once, prepared by the index stage (≈ 3 bytes per character besides
        # the text). Partitioned by one key, a partition's pairs touched nearly the whole corpus
        # and its cache thrashed (50k documents: 2,537 executor-s in 4 tasks); with texts only,
        # each document was prepared again in each of the B partitions that needed it.
        P, chars = self._parts(), scfg.align_cache_chars
        B = _buckets(P, docs.map(lambda d: len(d["text"] or "")).sum(), chars)
        n_parts = B * (B + 1) // 2
        self.log(f"align: {B} document buckets, {n_parts} pair partitions")
        keyed = cands.rdd.map(lambda r: ((_pair_part(r[0], r[1], B), 1, r[0], r[1]), r[2])).persist(_storage())
        keyed.count()              # the candidates are materialised: the join's caches can go
        for df in cached:
            df.unpersist()
        need = keyed.flatMap(lambda kv: [(kv[0][2], kv[0][0]), (kv[0][3], kv[0][0])]).distinct(P)
        texts = prepared.join(need, P).map(lambda kv: ((kv[1][1], 0, kv[0]), kv[1][0]))
        work = keyed.union(texts).repartitionAndSortWithinPartitions(n_parts, partitionFunc=lambda k: k[0])
        aligned_rdd = work.mapPartitions(lambda items: st.align_copartition(items, cfg))
        aligned = self.spark.createDataFrame(aligned_rdd, _aligned_schema()).persist(_storage())
        pairs = aligned.select(F.col("a").alias("a_key"), F.col("b").alias("b_key"), "shared",
                               F.size("passages").alias("n_passages"), F.lit(RUN_ID).alias("run_id"))
        self._write("pairs", pairs.orderBy("a_key", "b_key"))     # store column types already
        self.lex = self._passages_df(aligned)
        counts = aligned.select(F.count(F.lit(1)), F.sum((F.size("passages") > 0).cast("int")),
                                F.sum(F.size("passages"))).first()
        stats.pairs_compared, stats.pairs_with_reuse, stats.passages = (int(c or 0) for c in counts)
        self.lex.count()
        keyed.unpersist()
        aligned.unpersist()
        shingles.unpersist()
        prepared.unpersist()

    def _passages_df(self, aligned: Any) -> Any:
        """Return the lexical passages as a persisted store-table DataFrame, ids in (target, source) order."""
        from pyspark.sql import functions as F
        flat = aligned.select(F.explode("passages").alias("p")).select("p.*")
        ordered = flat.orderBy("target_id", "source_id", "target_begin", "source_begin", "kind")
        cols = self._cols("passages")      # a stage may have added columns: they stay empty here
        pos = {c: i for i, c in enumerate(st.PASSAGE_FIELDS)}

        def to_row(ri: tuple) -> tuple:
            vals = dict(passage_id=ri[1] + 1, run_id=RUN_ID)
            return tuple(vals[c] if c in vals else ri[0][pos[c]] if c in pos else None for c in cols)
        return self._df("passages", ordered.rdd.zipWithIndex().map(to_row)).persist(_storage())

    # later stages ----------------------------------------------------------
    def _table(self, name: str) -> Any:
        return self.spark.read.parquet(str(self.out / name))

    def _write_rows(self, table: str, rdd: Any, names: list[str]) -> None:
        """Write an RDD of row tuples (columns ``names``) as a store table, in the store's column order."""
        cols = self.columns[table]
        pos = {c: i for i, c in enumerate(names)}
        conv = [(pos.get(c), _coercer(ty)) for c, ty in cols]
        rows = rdd.map(lambda r: tuple(None if i is None else f(r[i]) for i, f in conv))
        self._write(table, self._df(table, rows))

    def semantic(self, stats: RunStats) -> None:
        """Embed and align candidate pairs on executors; merge with the lexical passages; write passages."""
        passages = self.lex
        if self.settings.semantic.enabled:
            passages = self._semantic(stats)
        self._write("passages", passages)
        self.lex.unpersist()

    def _semantic(self, stats: RunStats) -> Any:
        from .spark_semantic import SparkSemantic
        sem = SparkSemantic(self.spark, self.settings.semantic, self._parts(),
                            self.settings.spark.ann_max_docs, self.log)
        res = sem.run(self._table("documents"), self._table("pairs"), self.lex, RUN_ID)
        cols = self._cols("passages")
        pos = {c: i for i, c in enumerate(st.PASSAGE_FIELDS)}

        def to_row(im: tuple) -> tuple:
            pid, (p, _sentences) = im
            return tuple(pid if c == "passage_id" else RUN_ID if c == "run_id" else
                         p[pos[c]] if c in pos else None for c in cols)
        new = self._df("passages", res["new"].map(to_row))
        dropped = self.spark.createDataFrame(res["dropped"], "passage_id INT")
        final = self.lex.join(dropped, "passage_id", "left_anti").unionByName(new).orderBy("passage_id")
        for table in ("embeddings", "doc_vectors", "semantic_pairs", "semantic_docs", "passage_sentences"):
            self._write(table, self._df(table, res[table]))
        stats.__dict__["semantic"] = res["stats"]
        self._sem_cache = res["_cached"]
        return final

    def provenance(self, stats: RunStats) -> None:
        """Run infer_provenance per connected component of the passage graph on executors."""
        from .spark_provenance import SparkProvenance, table_columns
        scfg = self.settings.spark
        prov = SparkProvenance(self.spark, self.settings.provenance, self._parts(),
                               scfg.max_component_docs, scfg.component_rounds, self.log,
                               scfg.driver_component_edges)
        tables = prov.run(self._table("documents"), self._table("passages"), RUN_ID)
        for table, rdd in tables.items():
            self._write_rows(table, rdd, table_columns(table))
        prov.release()

    def _release_semantic(self) -> None:
        for x in getattr(self, "_sem_cache", []):
            x.unpersist()

    def claims(self, stats: RunStats) -> None:
        """Extract claims on executors, group them on the driver (mention rows only)."""
        if not self.settings.claims.enabled:
            return
        from .spark_claims import run_claims_spark
        docs = self._table("documents")
        info, failures = run_claims_spark(self.spark, self.out, docs, self.settings.claims, self._parts(),
                                          self.log)
        stats.__dict__["claims"] = info
        if failures:
            self._claims_failures(docs, failures)

    def _claims_failures(self, docs: Any, failures: list[tuple[str, str]]) -> None:
        """Append failure rows for documents the claims extractor broke on, as the local store records them."""
        from pyspark.sql import functions as F
        top = self._table("failures").agg(F.max("failure_id")).first()[0] or 0
        ids = [d for d, _ in failures]
        path = dict(docs.where(F.col("doc_id").isin(ids)).select("doc_id", "path").collect())
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        rows = [(top + i, None, path.get(d, d), d, "claims", reason, now)
                for i, (d, reason) in enumerate(failures, 1)]
        df = self._df("failures", [tuple(dict(zip(("failure_id", "run_id", "path", "position", "stage", "reason",
                                                      "failed_at"), r)).get(c) for c in self._cols("failures"))
                                    for r in rows])
        df.coalesce(1).write.mode("append").parquet(str(self.out / "failures"))

    def _write_run(self, inputs: list[str], stats: RunStats, started: datetime) -> None:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        row = (RUN_ID, "analyze", started, now, "done", self.settings.to_json(), json.dumps(inputs),
               json.dumps(dict(stats.as_dict(), engine="spark")))
        self._write("runs", self._df("runs", [row]), 1)


def _part(key: int, n: int) -> int:
    """Return the bucket (of n) of a document key."""
    return (key * 2654435761) % 2**32 % n


def _buckets(min_parts: int, total_chars: int, cache_chars: int) -> int:
    """Return B: two buckets of documents (2/B of the text) fit the per-task cache with room to
    spare, and there are at least min_parts pair partitions."""
    b = 1
    while b * (b + 1) // 2 < min_parts:
        b += 1
    return max(b, -(-int(2.5 * total_chars) // max(1, cache_chars)))


def _pair_part(a: int, b: int, n: int) -> int:
    """Return the alignment partition of pair (a, b): its two documents' buckets, unordered."""
    i, j = sorted((_part(a, n), _part(b, n)))
    return j * (j + 1) // 2 + i       # the pairs i <= j of n buckets, numbered 0 .. n(n+1)/2 - 1


def _base_id(raw: RawDocument) -> str:
    return (raw.doc_id or _derive_id(raw.source)).strip() or "doc"


def _rank_ids(base: str, keys: Any) -> list[tuple[int, str]]:
    """Give a base id's holders base, base-2, base-3 … in key order."""
    return [(k, base if r == 1 else f"{base}-{r}") for r, k in enumerate(sorted(keys), 1)]


def _keep_first(p: tuple, q: tuple) -> tuple:
    """Keep the earliest (ordinal, record) of one content; list the others as (ordinal, source)."""
    (rp, lp), (rq, lq) = p, q
    first, other = (rp, rq) if rp[0] <= rq[0] else (rq, rp)
    lp.extend(lq)
    lp.append((other[0], other[1].source))
    return first, lp


def _doc_row(doc_key: int, rec: tuple, doc_id: str, run_id: int) -> dict[str, Any]:
    ordinal, h, raw, ex = rec[:4]
    row = document_row(raw, ex, doc_id, h, run_id)
    row.update(doc_key=doc_key, stage="aligned")
    row["char_map"] = json.dumps(row["char_map"], ensure_ascii=False)
    row["meta"] = json.dumps(row["meta"], ensure_ascii=False) if row["meta"] is not None else None
    return row


def _slim(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("doc_key", "doc_id", "text", "language", "published")}


def _storage(disk_only: bool = False) -> Any:
    from pyspark import StorageLevel
    return StorageLevel.DISK_ONLY if disk_only else StorageLevel.MEMORY_AND_DISK


def _refail(f: Failure, source: str) -> Failure:
    from .local import _position_of
    return Failure(_path_of(source), _position_of(source), f.stage, f.reason)


def _reason_key(reason: str) -> str:
    reason = _POSITION_PREFIX.sub("", reason)
    return reason.split(":")[0].split(" (")[0][:60]


def _coercer(ty: str) -> Callable[[Any], Any]:
    """Return a function turning a Python value into what the Spark type of a store column accepts."""
    base = ty.upper()
    if base in ("DOUBLE", "FLOAT"):
        return lambda v: None if v is None else float(v)
    if base in ("INTEGER", "BIGINT", "SMALLINT", "UBIGINT", "HUGEINT"):
        return lambda v: None if v is None else int(v)
    if base in ("VARCHAR", "JSON"):
        return lambda v: None if v is None else v if isinstance(v, str) else str(v)
    return lambda v: v


def _aligned_schema() -> Any:
    from pyspark.sql import types as T
    types = {"target_begin": "INTEGER", "target_end": "INTEGER", "source_begin": "INTEGER",
             "source_end": "INTEGER", "score": "DOUBLE"}
    inner = spark_schema([(c, types.get(c, "VARCHAR")) for c in st.PASSAGE_FIELDS])
    return T.StructType([T.StructField("a", T.IntegerType()), T.StructField("b", T.IntegerType()),
                         T.StructField("shared", T.IntegerType()),
                         T.StructField("passages", T.ArrayType(inner))])


__all__ = ["SparkEngine", "build_session", "require_pyspark", "CORE_TABLES"]
