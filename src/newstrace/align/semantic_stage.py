"""The semantic stage of `analyze`: candidates by nearest neighbours + lexical pairs, then alignment.

Only what candidate selection needs is embedded: every document's leading
sentences (its document vector); whole documents only when they are in a
candidate pair. Embeddings are cached in the store.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Callable, Iterable

import numpy as np
import pyarrow as pa

from ..settings import Settings
from ..types import Passage
from .combine import Combined
from .semantic_api import SemanticAligner

BATCH = 200


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def doc_vectors(store: Any, al: SemanticAligner, rows: list[tuple]) -> dict[int, np.ndarray]:
    """Return {doc_key: vector} for rows (doc_key, text, ...), computing and storing missing ones."""
    con, model = store.con, al.cfg.model
    keys = [r[0] for r in rows]
    kt = pa.table({"k": pa.array(keys, pa.int32())})  # noqa: F841
    have = {int(k): np.frombuffer(v, dtype=np.float32) for k, v in con.execute(
        "SELECT doc_key, vec FROM doc_vectors JOIN kt ON doc_key = k WHERE model = ?", [model]).fetchall()}
    missing = [r for r in rows if r[0] not in have]
    new: dict[int, np.ndarray] = {}
    for i in range(0, len(missing), 1000):
        part = missing[i:i + 1000]
        new.update(zip([r[0] for r in part], al.doc_vectors([r[1] for r in part])))
    if new:
        t = pa.table({"k": pa.array(list(new), pa.int32()),  # noqa: F841
                      "v": pa.array([v.tobytes() for v in new.values()], pa.binary())})
        con.execute("INSERT INTO doc_vectors SELECT k, ?, v FROM t", [model])
    return {**have, **new}


def ann_pairs(vecs: dict[int, np.ndarray], new_keys: list[int], days: dict[int, int | None],
              cfg: Any) -> set[tuple[int, int]]:
    """Return (a, b) key pairs, a < b, linking each new document to its nearest documents."""
    import faiss
    keys = sorted(vecs)
    if len(keys) < 2 or not new_keys:
        return set()
    mat = np.stack([vecs[k] for k in keys]).astype(np.float32)
    index = faiss.IndexFlatIP(mat.shape[1]) if len(keys) <= 50_000 else faiss.IndexHNSWFlat(
        mat.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.add(mat)
    pos = {k: i for i, k in enumerate(keys)}
    q = mat[[pos[k] for k in new_keys]]
    sims, idx = index.search(q, min(cfg.k_neighbours + 1, len(keys)))
    out = set()
    for k, row_s, row_i in zip(new_keys, sims, idx):
        for sim, i in zip(row_s, row_i):
            if i < 0 or sim < cfg.doc_sim or keys[i] == k:
                continue
            other = keys[i]
            da, db = days.get(k), days.get(other)
            if cfg.window_days and da is not None and db is not None and abs(da - db) > cfg.window_days:
                continue
            out.add((min(k, other), max(k, other)))
    return out


def run_semantic_stage(store: Any, settings: Settings, stats: Any,
                       progress: Callable[[str, Iterable, int | None], Iterable]) -> None:
    """Compare new documents semantically and store paraphrase/translation passages."""
    from ..engines.local import orient
    cfg, con = settings.semantic, store.con
    new_keys = [r[0] for r in con.execute(
        "SELECT doc_key FROM documents WHERE stage = 'aligned' AND doc_key NOT IN "
        "(SELECT doc_key FROM semantic_docs) ORDER BY doc_key").fetchall()]
    if not new_keys:
        return
    al = SemanticAligner(cfg, con)
    meta = con.execute("SELECT doc_key, published FROM documents WHERE stage = 'aligned'").fetchall()
    days = {k: _day(p) for k, p in meta}
    pairs = _lexical_pairs(con, new_keys) if cfg.lexical_pairs else set()
    origin = {p: "lexical" for p in pairs}
    if cfg.k_neighbours > 0:
        rows = con.execute("SELECT doc_key, text FROM documents WHERE stage = 'aligned'").fetchall()
        for p in ann_pairs(doc_vectors(store, al, rows), new_keys, days, cfg):
            origin.setdefault(p, "ann")
    done = {(a, b) for a, b in con.execute("SELECT a_key, b_key FROM semantic_pairs").fetchall()}
    todo = sorted(p for p in origin if p not in done)
    info = _info(con, {k for p in todo for k in p})
    made = 0
    rows_out: list[tuple] = []
    for n, (a, b) in enumerate(progress("semantic", todo, len(todo))):
        if n % 200 == 0:   # embed the next pairs' documents in one batch
            al.prefetch((info[k]["doc_id"], info[k]["text"], info[k]["language"])
                        for p in todo[n:n + 200] for k in p)
        t_id, s_id, _ = orient(a, b, 0, info)
        n = _align_and_store(store, al, info, t_id, s_id, stats.run_id)
        made += n
        rows_out.append((a, b, origin[(a, b)], n))
        if len(rows_out) >= BATCH:
            _record_pairs(con, rows_out, stats.run_id)
            rows_out = []
    _record_pairs(con, rows_out, stats.run_id)
    kt = pa.table({"k": pa.array(new_keys, pa.int32())})  # noqa: F841
    con.execute("INSERT INTO semantic_docs SELECT k, ? FROM kt", [stats.run_id])
    stats.__dict__["semantic"] = {"pairs_compared": len(todo), "passages": made,
                                  "sentences_embedded": al.cache.computed}


def _lexical_pairs(con: Any, new_keys: list[int]) -> set[tuple[int, int]]:
    kt = pa.table({"k": pa.array(new_keys, pa.int32())})  # noqa: F841
    return {(a, b) for a, b in con.execute(
        "SELECT a_key, b_key FROM pairs WHERE a_key IN (SELECT k FROM kt) OR b_key IN (SELECT k FROM kt)"
    ).fetchall()}


def _info(con: Any, keys: set[int]) -> dict[int, dict[str, Any]]:
    if not keys:
        return {}
    rows = con.execute("SELECT doc_key, doc_id, text, language, published FROM documents WHERE doc_key IN "
                       "(SELECT unnest(?::INTEGER[]))", [sorted(keys)]).fetchall()
    return {r[0]: {"doc_id": r[1], "text": r[2], "language": r[3], "published": r[4], "key": r[0]}
            for r in rows}


def _record_pairs(con: Any, rows: list[tuple], run_id: int) -> None:
    if rows:
        con.executemany("INSERT INTO semantic_pairs VALUES (?, ?, ?, ?, ?)",
                        [(a, b, o, n, run_id) for a, b, o, n in rows])


def _align_and_store(store: Any, al: SemanticAligner, info: dict, t_id: str, s_id: str, run_id: int) -> int:
    """Align one pair, replace merged lexical passages, insert new ones; return how many were added."""
    con = store.con
    by_id = {v["doc_id"]: v for v in info.values()}
    lex_rows = con.execute(
        "SELECT passage_id, target_id, target_begin, target_end, source_id, source_begin, source_end, "
        "kind, score, method FROM passages WHERE target_id = ? AND source_id = ?", [t_id, s_id]).fetchall()
    lexical = [Passage(*r[1:]) for r in lex_rows]
    ids = {id(p): r[0] for p, r in zip(lexical, lex_rows)}
    t, s = by_id[t_id], by_id[s_id]
    new, replaced = al.align_pair(al.doc(t_id, t["text"], t["language"]),
                                  al.doc(s_id, s["text"], s["language"]), lexical)
    if not new:
        return 0
    _write(con, new, [ids[id(p)] for p in replaced], run_id)
    return len(new)


def _write(con: Any, new: list[Combined], drop_ids: list[int], run_id: int) -> None:
    con.execute("BEGIN")
    try:
        if drop_ids:
            con.execute("DELETE FROM passages WHERE passage_id IN (SELECT unnest(?::INTEGER[]))", [drop_ids])
            con.execute("DELETE FROM passage_sentences WHERE passage_id IN (SELECT unnest(?::INTEGER[]))",
                        [drop_ids])
        for c in new:
            p = c.passage
            pid = con.execute("SELECT nextval('passage_seq')").fetchone()[0]
            con.execute("INSERT INTO passages (passage_id, target_id, target_begin, target_end, source_id, "
                        "source_begin, source_end, kind, score, method, run_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [pid, p.target_id, p.target_begin, p.target_end, p.source_id, p.source_begin,
                         p.source_end, p.kind, p.score, p.method, run_id])
            con.execute("INSERT INTO passage_sentences VALUES (?, ?)", [pid, json.dumps(c.sentences)])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
