"""Embed each distinct sentence once: an in-memory cache backed by the store's embeddings table."""
from __future__ import annotations

import hashlib

import duckdb
import numpy as np
import pyarrow as pa

from . import Embedder

EMBEDDINGS_DDL = """CREATE TABLE IF NOT EXISTS embeddings (
    model VARCHAR, text_hash BIGINT, vec BLOB)"""


def text_key(text: str) -> int:
    """Return a stable signed 64-bit hash of a sentence's text."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


class EmbeddingCache:
    """Return embeddings for texts, computing only those never seen by this cache or store."""

    def __init__(self, embedder: Embedder, con: duckdb.DuckDBPyConnection | None = None,
                 max_memory: int = 200_000):
        self.emb, self.con, self.max_memory = embedder, con, max_memory
        self.mem: dict[int, np.ndarray] = {}
        self.computed = 0       # sentences actually embedded (the rest came from a cache)
        if con is not None:
            con.execute(EMBEDDINGS_DDL)

    @property
    def dim(self) -> int:
        return self.emb.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an (n, dim) array of unit vectors, one per text, in order."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [text_key(t) for t in texts]
        out = {k: self.mem[k] for k in set(keys) if k in self.mem}
        missing = {k: t for k, t in zip(keys, texts) if k not in out}
        if missing and self.con is not None:
            loaded = self._load(list(missing))
            out.update(loaded)
            self._remember(loaded)
            missing = {k: t for k, t in missing.items() if k not in out}
        if missing:
            new = dict(zip(missing, self.emb.encode(list(missing.values()))))
            self.computed += len(new)
            out.update(new)
            self._remember(new)
            if self.con is not None:
                self._save(new)
        return np.stack([out[k] for k in keys])

    def _remember(self, vecs: dict[int, np.ndarray]) -> None:
        if len(self.mem) + len(vecs) > self.max_memory:
            self.mem.clear()
        self.mem.update(vecs)

    def _load(self, keys: list[int]) -> dict[int, np.ndarray]:
        kt = pa.table({"k": pa.array(keys, pa.int64())})  # noqa: F841 — read by DuckDB by name
        rows = self.con.execute("SELECT text_hash, any_value(vec) FROM embeddings JOIN kt ON text_hash = k "
                                "WHERE model = ? GROUP BY text_hash", [self.emb.name]).fetchall()
        return {int(k): np.frombuffer(blob, dtype=np.float32) for k, blob in rows}

    def _save(self, new: dict[int, np.ndarray]) -> None:
        t = pa.table({"k": pa.array(list(new), pa.int64()),  # noqa: F841
                      "v": pa.array([v.astype(np.float32).tobytes() for v in new.values()], pa.binary())})
        self.con.execute("INSERT INTO embeddings SELECT ?, k, v FROM t", [self.emb.name])
