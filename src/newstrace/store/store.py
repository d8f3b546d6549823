"""The DuckDB store: opening, schema, and every write."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import duckdb
import numpy as np
import pyarrow as pa

from ..errors import StoreError
from ..types import Failure, Passage

SCHEMA_VERSION = "1"


def schema_sql() -> str:
    """Return the schema DDL: schema.sql, then each stage's schema_<stage>.sql in name order."""
    pkg = resources.files("newstrace.store")
    parts = [(pkg / "schema.sql").read_text(encoding="utf-8")]
    extra = sorted(p.name for p in pkg.iterdir() if p.name.startswith("schema_") and p.name.endswith(".sql"))
    parts += [(pkg / name).read_text(encoding="utf-8") for name in extra]
    return "\n".join(parts)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    """A newstrace store in one DuckDB file (or in memory with path ':memory:')."""

    def __init__(self, path: str | Path = "newstrace.duckdb", read_only: bool = False):
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}; run `newstrace analyze INPUT --db {self.path}` first")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        if not read_only:
            self.con.execute(schema_sql())
            self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # runs -----------------------------------------------------------------
    def start_run(self, command: str, settings_json: str, inputs: list[str]) -> int:
        run_id = self.con.execute("SELECT nextval('run_seq')").fetchone()[0]
        self.con.execute("INSERT INTO runs VALUES (?, ?, ?, NULL, 'running', ?, ?, NULL)",
                         [run_id, command, _now(), settings_json, json.dumps(inputs)])
        return int(run_id)

    def finish_run(self, run_id: int, status: str, stats: dict[str, Any]) -> None:
        self.con.execute("UPDATE runs SET finished = ?, status = ?, stats = ? WHERE run_id = ?",
                         [_now(), status, json.dumps(stats), run_id])

    # ingest ---------------------------------------------------------------
    def add_failures(self, run_id: int, failures: Iterable[Failure]) -> int:
        rows = [(run_id, f.path, f.position, f.stage, f.reason, _now()) for f in failures]
        if rows:
            self.con.executemany(
                "INSERT INTO failures VALUES (nextval('failure_seq'), ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def known_hash(self, content_hash: str) -> tuple[str, str] | None:
        """Return (doc_id, source) of the document with this content hash, if any."""
        row = self.con.execute("SELECT doc_id, source FROM documents WHERE content_hash = ?",
                               [content_hash]).fetchone()
        return (row[0], row[1]) if row else None

    def known_hashes(self, hashes: list[str]) -> dict[str, tuple[str, str]]:
        """Return {content hash: (doc_id, source)} for those of hashes already stored."""
        if not hashes:
            return {}
        rows = self.con.execute("SELECT content_hash, doc_id, source FROM documents WHERE content_hash IN "
                                "(SELECT unnest(?::VARCHAR[]))", [hashes]).fetchall()
        return {h: (d, s) for h, d, s in rows}

    def known_duplicate(self, source: str, content_hash: str) -> bool:
        return self.con.execute("SELECT 1 FROM duplicates WHERE source = ? AND content_hash = ?",
                                [source, content_hash]).fetchone() is not None

    def add_duplicate(self, run_id: int, path: str, source: str, content_hash: str, doc_id: str) -> None:
        self.con.execute("INSERT INTO duplicates VALUES (?, ?, ?, ?, ?)",
                         [path, source, content_hash, doc_id, run_id])

    def doc_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT doc_id FROM documents").fetchall()}

    def add_documents(self, rows: list[dict[str, Any]]) -> None:
        """Insert extracted documents (dicts keyed by column name) in one batch."""
        if not rows:
            return
        keys = self.con.execute(f"SELECT nextval('doc_seq') FROM range({len(rows)})").fetchall()
        cols = [c[0] for c in self.con.execute("DESCRIBE documents").fetchall()]
        data = {c: [] for c in cols}
        for (key,), r in zip(keys, rows):
            r = dict(r, doc_key=int(key))
            for c in cols:
                v = r.get(c)
                data[c].append(json.dumps(v, ensure_ascii=False) if c in ("char_map", "meta") and v is not None else v)
        tbl = pa.table(data)  # noqa: F841
        self.con.execute(f"INSERT INTO documents ({', '.join(cols)}) SELECT {', '.join(cols)} FROM tbl")

    # index ----------------------------------------------------------------
    def docs_at_stage(self, stage: str) -> list[tuple[int, str, str, str | None]]:
        """Return (doc_key, doc_id, text, language) of documents at a stage."""
        return self.con.execute(
            "SELECT doc_key, doc_id, text, language FROM documents WHERE stage = ? ORDER BY doc_key",
            [stage]).fetchall()

    def add_index(self, sentences: list[tuple[int, int, int, int]], shingles: list[tuple[int, np.ndarray]],
                  keys: list[int]) -> None:
        """Store sentences and shingles of some documents and mark them indexed, atomically."""
        from ..align.candidates import add_shingles_batch
        self.con.execute("BEGIN")
        try:
            if sentences:
                a = np.asarray(sentences, dtype=np.int64)
                tbl = pa.table({"doc_key": a[:, 0].astype(np.int32), "idx": a[:, 1].astype(np.int32),  # noqa: F841
                                "b": a[:, 2].astype(np.int32), "e": a[:, 3].astype(np.int32)})
                self.con.execute('INSERT INTO sentences SELECT doc_key, idx, b, e FROM tbl')
            add_shingles_batch(self.con, shingles)
            self._set_stage(keys, "indexed")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _set_stage(self, keys: list[int], stage: str) -> None:
        if keys:
            kt = pa.table({"k": np.asarray(keys, dtype=np.int32)})  # noqa: F841
            self.con.execute("UPDATE documents SET stage = ? WHERE doc_key IN (SELECT k FROM kt)", [stage])

    # align ----------------------------------------------------------------
    def compared_pairs(self) -> set[tuple[int, int]]:
        return {(a, b) for a, b in self.con.execute("SELECT a_key, b_key FROM pairs").fetchall()}

    def add_alignments(self, run_id: int, pairs: list[tuple[int, int, int, int]], passages: list[Passage]) -> None:
        """Record compared pairs (a, b, shared, n_passages) and their passages atomically."""
        self.con.execute("BEGIN")
        try:
            if pairs:
                a, b, sh, n = (list(c) for c in zip(*pairs))
                pt = pa.table({"a": pa.array(a, pa.int32()), "b": pa.array(b, pa.int32()),  # noqa: F841
                               "s": pa.array(sh, pa.int32()), "n": pa.array(n, pa.int32())})
                self.con.execute("INSERT INTO pairs SELECT a, b, s, n, ? FROM pt", [run_id])
            if passages:
                cols = ("target_id", "target_begin", "target_end", "source_id", "source_begin",
                        "source_end", "kind", "score", "method")
                qt = pa.table({c: [getattr(p, c) for p in passages] for c in cols})  # noqa: F841
                self.con.execute(f"INSERT INTO passages SELECT nextval('passage_seq'), {', '.join(cols)}, ? FROM qt",
                                 [run_id])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def mark_aligned(self, keys: list[int]) -> None:
        self._set_stage(keys, "aligned")
