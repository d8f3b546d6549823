"""Align documents given as id → clean text: the library behind `newstrace align`."""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import OrderedDict
from typing import Any, Iterable, Iterator, Mapping

import duckdb

from ..settings import AlignSettings
from ..types import Passage
from .candidates import SHINGLES_DDL, add_shingles_batch, candidate_pairs
from .lexical import align_pair
from .prepare import PreparedDoc, prepare, shingle_hashes
from .prescreen import warm_up

_DOCS: Mapping[str, str] = {}
_LANGS: Mapping[str, str] = {}
_CFG: AlignSettings | None = None


class DocCache:
    """Prepare each document once; keep recent ones up to a budget of text characters."""

    def __init__(self, texts: Mapping[str, str], langs: Mapping[str, str] | None = None,
                 max_chars: int = 100_000_000, prepared: Mapping[str, PreparedDoc] | None = None):
        self.texts, self.langs, self.max_chars = texts, (langs if langs is not None else {}), max_chars
        self.cache: OrderedDict[str, PreparedDoc] = OrderedDict()
        self.chars = 0
        self.prepared = prepared if prepared is not None else {}

    def get(self, doc_id: str) -> PreparedDoc:
        d = self.cache.get(doc_id)
        if d is not None:
            self.cache.move_to_end(doc_id)
            return d
        d = self.prepared.get(doc_id)
        if d is not None:   # prepared earlier (the index stage): only the text to attach
            return d.with_text(self.texts[doc_id])
        d = prepare(doc_id, self.texts[doc_id], self.langs.get(doc_id, "en"))
        self.cache[doc_id] = d
        self.chars += d.length
        while self.chars > self.max_chars and len(self.cache) > 2:
            _, old = self.cache.popitem(last=False)
            self.chars -= old.length
        return d


def align_one(cache: DocCache, target_id: str, source_id: str, cfg: AlignSettings) -> list[Passage]:
    """Align one (target, source) pair and return its passages."""
    t, s = cache.get(target_id), cache.get(source_id)
    return [Passage(target_id, a.t_begin, a.t_end, source_id, a.s_begin, a.s_end, a.kind, a.score)
            for a in align_pair(t, s, cfg)]


def find_candidates(docs: Mapping[str, str], cfg: AlignSettings,
                    langs: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """Return candidate (target, source) id pairs; the later document in input order is the target."""
    ids = list(docs)
    langs = langs or {}
    con = duckdb.connect()
    con.execute(SHINGLES_DDL)
    batch = []
    for k, doc_id in enumerate(ids):
        batch.append((k, shingle_hashes(docs[doc_id], langs.get(doc_id, "en"), cfg.ngram)))
        if len(batch) >= 500:
            add_shingles_batch(con, batch)
            batch = []
    add_shingles_batch(con, batch)
    return [(ids[b], ids[a]) for a, b, _ in candidate_pairs(con, cfg)]


def align_documents(
    docs: Mapping[str, str],
    pairs: Iterable[tuple[str, str]] | None,
    settings: AlignSettings,
    jobs: int = 1,
    langs: Mapping[str, str] | None = None,
) -> Iterator[Passage]:
    """Align the given (target_id, source_id) pairs, or all candidates when pairs is None."""
    todo = find_candidates(docs, settings, langs) if pairs is None else list(pairs)
    missing = {i for p in todo for i in p if i not in docs}
    if missing:
        from ..errors import InputError
        raise InputError(f"pairs name {len(missing)} unknown document ids, e.g. {sorted(missing)[:3]}")
    for _, passages in iter_aligned(docs, sorted(todo), settings, jobs, langs):
        yield from passages


def iter_aligned(
    docs: Mapping[str, str],
    pairs: list[tuple[str, str]],
    cfg: AlignSettings,
    jobs: int = 1,
    langs: Mapping[str, str] | None = None,
    prepared: Mapping[str, PreparedDoc] | None = None,
) -> Iterator[tuple[tuple[str, str], list[Passage]]]:
    """Yield ((target, source), passages) for every pair, in parallel when jobs > 1.

    In parallel, pairs are taken in blocks whose documents fit a budget
    (``BLOCK_CHARS`` characters of text). For each block the worker processes
    first prepare every document once, between them, and send the numeric
    arrays back; a second set of workers, forked after that, reads them from
    the parent's memory and aligns the block's pairs. Without this each worker
    prepared nearly every document itself (a chance partner can be anywhere in
    the corpus), which cost as much again as all the pairs together. Pairs
    come back in chunks as workers finish, so a caller can store results as
    they arrive and an interrupted run loses at most the chunks in flight.
    ``prepared`` holds documents prepared earlier (packed, e.g. by the index
    stage); they are used as they are and cost nothing against the budget.
    """
    pre = prepared if prepared is not None else {}
    if jobs <= 1 or len(pairs) < 16:
        cache = DocCache(docs, langs, prepared=pre)
        for t, s in pairs:
            yield (t, s), align_one(cache, t, s, cfg)
        return
    global _DOCS, _CFG, _LANGS, _PREPARED
    _DOCS, _CFG, _LANGS = docs, cfg, (langs if langs is not None else {})
    ctx = mp.get_context("fork") if os.name == "posix" else mp.get_context()
    warm_up()  # compile the pair prescreen once, before the workers fork
    try:
        for block, ids in _blocks(pairs, docs, BLOCK_CHARS, pre):
            _PREPARED = {}
            need = []
            for i in ids:
                if i in pre:
                    _PREPARED[i] = pre[i].with_text(docs[i])
                else:
                    need.append(i)
            if need:
                with ctx.Pool(jobs) as pool:
                    size = max(1, min(64, len(need) // (jobs * 8) or 1))
                    for d in pool.imap_unordered(_prepare_packed, need, chunksize=size):
                        _PREPARED[d.doc_id] = d.with_text(docs[d.doc_id])
            size = max(8, min(256, len(block) // (jobs * 4) or 1))
            chunks = [block[i:i + size] for i in range(0, len(block), size)]
            with ctx.Pool(jobs) as pool:
                for out in pool.imap_unordered(_work, chunks):
                    yield from out
    finally:
        _PREPARED = {}


BLOCK_CHARS = 200_000_000  # text per block; prepared arrays take ≈ 9 bytes per character

_PREPARED: dict[str, PreparedDoc] = {}


def _blocks(pairs: list[tuple[str, str]], docs: Mapping[str, str], budget: int,
            free: Mapping[str, Any] | None = None) -> Iterator[tuple[list[tuple[str, str]], list[str]]]:
    """Cut pairs (in order) into blocks whose distinct documents hold at most budget characters.

    Documents in ``free`` (already prepared) do not count against the budget.
    """
    free = free if free is not None else {}

    def cost(ids: list[str]) -> int:
        return sum(len(docs[i]) for i in ids if i not in free)
    block: list[tuple[str, str]] = []
    seen: dict[str, None] = {}
    chars = 0
    for pair in pairs:
        new = [i for i in dict.fromkeys(pair) if i not in seen]
        add = cost(new)
        if block and chars + add > budget:
            yield block, list(seen)
            block, seen, chars = [], {}, 0
            new = list(dict.fromkeys(pair))
            add = cost(new)
        block.append(pair)
        seen.update(dict.fromkeys(new))
        chars += add
    if block:
        yield block, list(seen)


def _prepare_packed(doc_id: str) -> PreparedDoc:
    return prepare(doc_id, _DOCS[doc_id], _LANGS.get(doc_id, "en")).packed()


def _work(chunk: list[tuple[str, str]]) -> list[tuple[tuple[str, str], list[Passage]]]:
    # the block's documents were prepared before this worker forked: no per-worker preparation
    assert _CFG is not None
    out = []
    for t, s in chunk:
        td, sd = _PREPARED[t], _PREPARED[s]
        out.append(((t, s), [Passage(t, a.t_begin, a.t_end, s, a.s_begin, a.s_end, a.kind, a.score)
                             for a in align_pair(td, sd, _CFG)]))
    return out
