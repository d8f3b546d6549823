"""The local engine: run every stage on one machine, reading and writing the store."""
from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import re
import resource
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import duckdb

from ..align.api import BLOCK_CHARS as PREPARED_CHARS
from ..align.api import iter_aligned
from ..align.candidates import candidate_pairs
from ..align.prepare import prepare_indexed, shingle_hashes
from ..errors import ConfigError, NewstraceError
from ..extract import extract
from ..ingest import iter_inputs
from ..segment import split_sentences
from ..settings import Settings
from ..store.store import Store
from ..types import Failure, RawDocument

BATCH = 200
INGEST_AHEAD = 2       # batches being extracted while this process stores an earlier one
INDEX_BATCH = 1000     # documents indexed per transaction
ALIGN_BATCH = 20_000   # compared pairs stored per transaction
ALIGN_FLUSH_S = 10.0   # ... or after this many seconds


@dataclass
class RunStats:
    """What one analyze run did, for the CLI summary and the runs table."""

    run_id: int = 0
    documents_added: int = 0
    duplicates: int = 0
    skipped_known: int = 0
    failures: int = 0
    indexed: int = 0
    pairs_compared: int = 0
    pairs_with_reuse: int = 0
    passages: int = 0
    failure_reasons: dict[str, int] = field(default_factory=dict)
    # per stage: wall seconds and CPU seconds of this process and its finished workers
    stage_seconds: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _StageTimer:
    """Add a stage's wall and CPU time (this process + reaped worker processes) to stats."""

    def __init__(self, stats: RunStats, name: str):
        self.stats, self.name = stats, name

    @staticmethod
    def _cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    def __enter__(self) -> "_StageTimer":
        self.wall, self.cpu = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc: Any) -> None:
        t = self.stats.stage_seconds.setdefault(self.name, {"wall": 0.0, "cpu": 0.0})
        t["wall"] = round(t["wall"] + time.perf_counter() - self.wall, 3)
        t["cpu"] = round(t["cpu"] + self._cpu() - self.cpu, 3)


Progress = Callable[[str, Iterable, int | None], Iterable]


def _no_progress(label: str, it: Iterable, total: int | None = None) -> Iterable:
    return it


class LocalEngine:
    """Run ingest → extract → segment/index → candidates → align into a store."""

    def __init__(self, store: Store, settings: Settings, jobs: int | None = None,
                 progress: Progress = _no_progress):
        self.store, self.settings, self.progress = store, settings, progress
        self.jobs = jobs or min(2, os.cpu_count() or 1)
        self._prepared: dict[str, Any] = {}   # documents the index stage prepared for alignment
        limit = settings.store.memory_limit.strip()
        if limit:
            # DuckDB's default (80 % of RAM) let the candidate join of 80,000 articles take 8 GB;
            # bounded, it spills to <store>.tmp at the same speed (2.1 GB, 40,000 articles, 2GB)
            try:
                store.con.execute(f"SET memory_limit = '{limit}'")
            except duckdb.Error as e:
                raise ConfigError(f"store.memory_limit={limit!r}: {e}") from e

    def analyze(self, inputs: list[str]) -> RunStats:
        """Run all stages over inputs; resume whatever an earlier run left unfinished."""
        stats = RunStats()
        stats.run_id = self.store.start_run("analyze", self.settings.to_json(), inputs)
        try:
            with _StageTimer(stats, "ingest"):
                self.ingest(inputs, stats)
            for name in ("index", "align", "semantic", "provenance", "claims"):
                with _StageTimer(stats, name):
                    getattr(self, name)(stats)
        except BaseException:
            self.store.finish_run(stats.run_id, "failed", stats.as_dict())
            raise
        self.store.finish_run(stats.run_id, "done", stats.as_dict())
        return stats

    # ingest + extract -------------------------------------------------------
    def ingest(self, inputs: list[str], stats: RunStats) -> None:
        """Read inputs, set duplicates aside, extract the rest, store them in input order.

        Extraction runs in worker processes up to INGEST_AHEAD batches ahead of this
        process, which meanwhile reads and hashes the next records and stores finished
        batches (run one after the other, the workers waited for the store and the
        store for the workers: 25 % of the stage on 5,000 synthetic articles).
        """
        taken = self.store.doc_ids()
        buf: list[tuple[RawDocument, str]] = []
        ahead: deque[_Batch] = deque()
        inflight: dict[str, _Batch] = {}    # content hash → the unstored batch extracting it
        with _Pool(self.jobs) as pool:
            for item in self.progress("ingest", iter_inputs(inputs, self.settings.ingest), None):
                if isinstance(item, Failure):
                    self._fail(stats, item)
                    continue
                buf.append((item, hashlib.sha256(item.content.encode("utf-8", "surrogatepass")).hexdigest()))
                if len(buf) >= BATCH:
                    ahead.append(self._dispatch(pool, buf, inflight, stats))
                    buf = []
                    while len(ahead) > INGEST_AHEAD:
                        self._store_batch(ahead.popleft(), inflight, taken, stats)
            ahead.append(self._dispatch(pool, buf, inflight, stats))
            while ahead:
                self._store_batch(ahead.popleft(), inflight, taken, stats)

    def _dispatch(self, pool: "_Pool", buf: list[tuple[RawDocument, str]], inflight: dict[str, "_Batch"],
                  stats: RunStats) -> "_Batch":
        """Set duplicates aside and start extracting the rest of a batch in the workers.

        A record whose content is stored already is a duplicate now; one whose twin is
        still being extracted (this batch or one ahead) waits for that batch to be stored.
        """
        known = self.store.known_hashes(sorted({h for _, h in buf if h not in inflight}))
        batch = _Batch()
        for raw, h in buf:
            if h in inflight:
                inflight[h].repeats.append((raw, h))
            elif h in known:
                self._duplicate(stats, raw, h, known[h])
            else:
                inflight[h] = batch
                batch.todo.append((raw, h))
        batch.results = pool.submit(_extract_one, [(raw, self.settings.extract) for raw, _ in batch.todo])
        return batch

    def _store_batch(self, batch: "_Batch", inflight: dict[str, "_Batch"], taken: set[str],
                     stats: RunStats) -> None:
        """Wait for a batch's extractions, store its documents, then record its repeats."""
        rows, stored = [], {}
        for (raw, h), (ex, error) in zip(batch.todo, batch.results()):
            row = self._document(raw, h, ex, error, taken, stats)
            if row is not None:
                stored[h] = (row["doc_id"], row["source"])
                rows.append(row)
        self.store.add_documents(rows)
        for _, h in batch.todo:
            del inflight[h]
        for raw, h in batch.repeats:   # the same content twice before it was stored
            if h in stored:
                self._duplicate(stats, raw, h, stored[h])
            else:                      # its twin failed extraction: so does it, and it is recorded
                ex, error = _extract_one((raw, self.settings.extract))
                self._document(raw, h, ex, error, taken, stats)

    def _fail(self, stats: RunStats, f: Failure) -> None:
        self.store.add_failures(stats.run_id, [f])
        stats.failures += 1
        # group "line 7: invalid JSON: …" with "line 9: invalid JSON: …"
        reason = _POSITION_PREFIX.sub("", f.reason)
        key = reason.split(":")[0].split(" (")[0][:60]
        stats.failure_reasons[key] = stats.failure_reasons.get(key, 0) + 1

    def _duplicate(self, stats: RunStats, item: RawDocument, h: str, known: tuple[str, str]) -> None:
        doc_id, source = known
        if source == item.source or self.store.known_duplicate(item.source, h):
            stats.skipped_known += 1     # seen in an earlier run: idempotent re-run
            return
        self.store.add_duplicate(stats.run_id, _path_of(item.source), item.source, h, doc_id)
        stats.duplicates += 1

    def _document(self, raw: RawDocument, h: str, ex, error: Failure | None, taken: set[str],
                  stats: RunStats) -> dict[str, Any] | None:
        if error is not None:
            self._fail(stats, error)
            return None
        doc_id = unique_id(raw.doc_id or _derive_id(raw.source), taken)
        taken.add(doc_id)
        stats.documents_added += 1
        return document_row(raw, ex, doc_id, h, stats.run_id)

    # segment + index --------------------------------------------------------
    def index(self, stats: RunStats) -> None:
        docs = self.store.docs_at_stage("extracted")
        n = self.settings.align.ngram
        # documents are prepared for alignment here, from the same tokenisation, and kept
        # (packed, ≈ 9 bytes per character) up to a budget for the align stage of this run
        keep, budget = [], PREPARED_CHARS
        for _, _, text, _ in docs:
            keep.append(budget >= len(text))
            budget -= len(text) if keep[-1] else 0
        jobs = ((key, doc_id, text, lang, n, k) for (key, doc_id, text, lang), k in zip(docs, keep))
        done: list = []
        with _Pool(self.jobs) as pool:
            # the workers run ahead while this process stores finished batches
            for item in self.progress("index", pool.imap(_index_one, jobs, len(docs)), len(docs)):
                done.append(item)
                if item[3] is not None:
                    self._prepared[item[3].doc_id] = item[3]
                if len(done) >= INDEX_BATCH:
                    self._store_index(done)
                    done = []
            self._store_index(done)
        stats.indexed += len(docs)

    def _store_index(self, done: list) -> None:
        if done:
            sentences = [(key, j, b, e) for key, sents, _, _ in done for j, (b, e) in enumerate(sents)]
            self.store.add_index(sentences, [(key, sh) for key, _, sh, _ in done], [k for k, *_ in done])

    # candidates + align -----------------------------------------------------
    def align(self, stats: RunStats) -> None:
        todo = self.store.docs_at_stage("indexed")
        if not todo:
            self._prepared = {}
            return
        cands = candidate_pairs(self.store.con, self.settings.align, [k for k, *_ in todo])
        done = self.store.compared_pairs()
        cands = [c for c in cands if (c[0], c[1]) not in done]
        info = self._doc_info({k for a, b, _ in cands for k in (a, b)})
        oriented = [orient(a, b, shared, info) for a, b, shared in cands]
        texts = {info[k]["doc_id"]: info[k]["text"] for k in info}
        langs = {info[k]["doc_id"]: info[k]["language"] or "en" for k in info}
        id2key = {info[k]["doc_id"]: k for k in info}
        self._align_pairs(oriented, texts, langs, id2key, stats)
        self._prepared = {}
        self.store.mark_aligned([k for k, *_ in todo])

    # later stages: each reads what the earlier ones stored ---------------
    def semantic(self, stats: RunStats) -> None:
        """Paraphrase/translation passages from sentence embeddings (issue 3)."""
        if self.settings.semantic.enabled:
            from ..align.semantic_stage import run_semantic_stage
            run_semantic_stage(self.store, self.settings, stats, self.progress)

    def provenance(self, stats: RunStats) -> None:
        """Recompute pair directions, external sources, families and the graph over the whole store."""
        from ..provenance.io import run_provenance
        run_provenance(self.store.con, self.settings.provenance, stats.run_id, jobs=self.jobs)

    def claims(self, stats: RunStats) -> None:
        """Extract claims of new documents, then regroup claims over the whole store (issue 5)."""
        from .claims_run import run_claims
        if self.settings.claims.enabled:
            # kept in the run's stats (runs table) next to the other stages' counts
            stats.__dict__["claims"] = run_claims(self.store.con, self.settings.claims, self.progress,
                                                  jobs=self.jobs)

    def _doc_info(self, keys: set[int]) -> dict[int, dict[str, Any]]:
        if not keys:
            return {}
        rows = self.store.con.execute(
            "SELECT doc_key, doc_id, text, language, published FROM documents WHERE doc_key IN "
            "(SELECT unnest(?::INTEGER[]))", [sorted(keys)]).fetchall()
        return {r[0]: {"doc_id": r[1], "text": r[2], "language": r[3], "published": r[4], "key": r[0]}
                for r in rows}

    def _align_pairs(self, oriented, texts, langs, id2key, stats: RunStats) -> None:
        shared = {(t, s): n for t, s, n in oriented}
        pairs = sorted(shared)
        results = iter_aligned(texts, pairs, self.settings.align, self.jobs, langs, self._prepared)
        rows, passages, flushed = [], [], time.monotonic()
        for (t, s), ps in self.progress("align", results, len(pairs)):
            a, b = sorted((id2key[t], id2key[s]))
            rows.append((a, b, shared[(t, s)], len(ps)))
            passages.extend(ps)
            stats.pairs_compared += 1
            stats.pairs_with_reuse += bool(ps)
            stats.passages += len(ps)
            # every commit has a fixed cost (2.8 ms measured for 200 pairs, 0.3 ms per 200 in
            # batches of 20,000): store big batches, but at least every ALIGN_FLUSH_S seconds,
            # so that an interrupted run keeps most of its work
            if len(rows) >= ALIGN_BATCH or (len(rows) >= BATCH and time.monotonic() - flushed > ALIGN_FLUSH_S):
                self.store.add_alignments(stats.run_id, rows, passages)
                rows, passages, flushed = [], [], time.monotonic()
        self.store.add_alignments(stats.run_id, rows, passages)


@dataclass
class _Batch:
    """Records being extracted ahead of the store: the first of each content, and repeats."""

    todo: list[tuple[RawDocument, str]] = field(default_factory=list)
    repeats: list[tuple[RawDocument, str]] = field(default_factory=list)
    results: Callable[[], list] = list


def _extract_one(job: tuple[RawDocument, Any]) -> tuple[Any, Failure | None]:
    """Extract one raw document; a failure comes back as a Failure, never as an exception."""
    raw, cfg = job
    where = (_path_of(raw.source), _position_of(raw.source))
    try:
        ex = extract(raw, cfg)
    except NewstraceError as e:
        return None, Failure(*where, "extract", str(e))
    except Exception as e:  # noqa: BLE001 — a bad document must never stop the run
        return None, Failure(*where, "extract", f"extraction failed: {type(e).__name__}: {e}")
    if not ex.text.strip():
        return None, Failure(*where, "extract", "no article text left after boilerplate removal")
    return ex, None


def _index_one(job: tuple[int, str, str, str | None, int, bool]) -> tuple[int, list[tuple[int, int]], Any, Any]:
    """Split one document into sentences and hash its shingles; prepare it for alignment if asked."""
    key, doc_id, text, lang, n, keep = job
    if not keep:
        return key, split_sentences(text), shingle_hashes(text, lang, n), None
    doc, sents, shingles = prepare_indexed(doc_id, text, lang or "en", n)
    return key, sents, shingles, doc.packed()


class _Pool:
    """Map over worker processes when there are several jobs and enough items, else in-process."""

    MIN_ITEMS = 32

    def __init__(self, jobs: int):
        self.jobs, self.pool = jobs, None

    def submit(self, fn: Callable, items: list) -> Callable[[], list]:
        """Start fn over items in the workers; return a function that waits for the results."""
        if self.jobs <= 1 or len(items) < self.MIN_ITEMS:
            return lambda: [fn(x) for x in items]
        return self._started().map_async(fn, items, chunksize=max(1, len(items) // (self.jobs * 4))).get

    def imap(self, fn: Callable, items: Iterable, n: int, chunksize: int = 16) -> Iterator:
        """Yield fn(x) in order, computed ahead in the workers while the caller stores results."""
        if self.jobs <= 1 or n < self.MIN_ITEMS:
            return map(fn, items)
        return self._started().imap(fn, items, chunksize=chunksize)

    def _started(self) -> Any:
        if self.pool is None:
            ctx = mp.get_context("fork") if os.name == "posix" else mp.get_context()
            self.pool = ctx.Pool(self.jobs)
        return self.pool

    def __enter__(self) -> "_Pool":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.pool is not None:
            self.pool.terminate() if exc[0] else self.pool.close()
            self.pool.join()


def orient(a: int, b: int, shared: int, info: dict[int, dict[str, Any]]) -> tuple[str, str, int]:
    """Return (target_id, source_id, shared): the earlier-published document is the source.

    Without two dates the earlier-ingested document is the source. This is only
    a storage convention; the provenance stage decides the real direction.
    """
    da, db = info[a]["published"], info[b]["published"]
    src, tgt = (b, a) if (da and db and db < da) else (a, b)
    return info[tgt]["doc_id"], info[src]["doc_id"], shared


def document_row(raw: RawDocument, ex, doc_id: str, h: str, run_id: int) -> dict[str, Any]:
    """Build a documents-table row from a raw document and its extraction."""
    meta = {k: v for k, v in raw.meta.items() if k not in
            ("url", "outlet", "title", "published", "language", "text", "id")}
    if ex.extra:
        meta["extraction"] = ex.extra
    return {
        "doc_id": doc_id, "path": _path_of(raw.source), "source": raw.source,
        "url": ex.url or raw.meta.get("url"), "outlet": ex.outlet, "title": ex.title,
        "published": ex.published, "published_source": ex.published_source, "byline": ex.byline,
        "dateline": ex.dateline, "dateline_place": ex.dateline_place,
        "dateline_agency": ex.dateline_agency, "language": ex.language, "fmt": raw.fmt,
        "encoding": raw.encoding, "content_hash": h, "raw": raw.content, "text": ex.text,
        "char_map": [list(r) for r in ex.char_map], "meta": meta or None,
        "n_chars": len(ex.text), "stage": "extracted", "run_id": run_id,
    }


_POSITION_PREFIX = re.compile(r"^(?:line|record|row)\s+\d+[^:]*:\s*")
_POS = re.compile(r"#(line|record|row)=(\d+)$")


def _path_of(source: str) -> str:
    return _POS.sub("", source)


def _position_of(source: str) -> str:
    m = _POS.search(source)
    return f"{m.group(1)} {m.group(2)}" if m else ""


def _derive_id(source: str) -> str:
    m = _POS.search(source)
    stem = Path(_path_of(source)).name
    for suffix in (".gz", ".warc", ".jsonl", ".json", ".ndjson", ".csv", ".parquet", ".txt", ".html", ".htm"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return f"{stem}-{m.group(2)}" if m else stem


def unique_id(base: str, taken: set[str]) -> str:
    """Return base, or base-2, base-3 … if base is taken."""
    base = base.strip() or "doc"
    if base not in taken:
        return base
    k = 2
    while f"{base}-{k}" in taken:
        k += 1
    return f"{base}-{k}"
