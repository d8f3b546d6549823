"""The web app's view of the store: one connection, one lock, cached per-document stats."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..store import queries
from ..store.store import Store


class WebStore:
    """Serialise access to one DuckDB connection and keep the doc_stats temp table fresh."""

    def __init__(self, path: str | Path, writable: bool = False):
        self.path = str(path)
        if self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"no store at {self.path}; run `newstrace analyze INPUT --db {self.path}` first")
        self.store = Store(self.path, read_only=not writable)
        self.writable = writable
        self._lock = threading.RLock()
        self._version: tuple[int, int, int] | None = None

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self.store.close()

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the connection, locked, with up-to-date stats."""
        with self._lock:
            self._refresh()
            yield self.store.con

    def invalidate(self) -> None:
        """Force the stats to be rebuilt on next use (after an ingest)."""
        with self._lock:
            self._version = None

    def _refresh(self) -> None:
        """Rebuild the doc_stats temp table when passages or documents changed."""
        version = queries.passages_version(self.store.con)
        if version != self._version:
            queries.create_doc_stats(self.store.con)
            self._version = version
