"""The web app's view of the store: one locked connection, cached stats and a search index.

Read-only stores are attached to an in-memory database, so the app can keep its own
tables (per-document reuse stats, a word index for search) without writing to the store.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError
from ..store import queries
from ..store.store import Store

INDEX_DB = "webidx"


class WebStore:
    """Serialise access to one connection; rebuild stats, caches and index when data change."""

    def __init__(self, path: str | Path, writable: bool = False, search_index: bool = True):
        self.path = str(path)
        if not Path(self.path).is_file():
            raise StoreError(f"no store at {self.path}; run `newstrace analyze INPUT --db {self.path}` first")
        self.writable, self.search_index = writable, search_index
        self.store: Store | None = Store(self.path) if writable else None
        self.con = self.store.con if self.store else _attach_read_only(self.path)
        self.con.execute(f"ATTACH ':memory:' AS {INDEX_DB}")
        self._documents = _documents_table(self.con, writable)
        self._lock = threading.RLock()
        self._version: tuple[int, int, int] | None = None
        self._cache: dict[str, Any] = {}
        self.terms: str | None = None            # name of the ready word index, if any
        self._builder: threading.Thread | None = None
        self._builder_cursor: duckdb.DuckDBPyConnection | None = None
        self._generation = 0
        self._closed = False

    def close(self) -> None:
        """Stop an index build under way, then close the connection."""
        if self._builder is not None and self._builder.is_alive() and self._builder_cursor is not None:
            self._builder_cursor.interrupt()
            self._builder.join(10)
        with self._lock:
            self._closed = True
            self.con.close()

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the connection, locked, with up-to-date stats."""
        with self._lock:
            self._refresh()
            yield self.con

    def cached(self, key: str, fn: Callable[[], Any]) -> Any:
        """Return fn() computed once per version of the data (call inside connection())."""
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def wait_index(self, timeout: float | None = None) -> bool:
        """Bring the data up to date, wait for the word index build, and say whether it is ready."""
        with self._lock:
            self._refresh()
        if self._builder is not None:
            self._builder.join(timeout)
        return self.terms is not None

    def invalidate(self) -> None:
        """Force stats, caches and index to be rebuilt on next use (after an ingest)."""
        with self._lock:
            self._version = None

    def _refresh(self) -> None:
        """Rebuild the documents list table and drop caches when documents or passages changed."""
        version = queries.passages_version(self.con)
        if version == self._version:
            return
        queries.create_doc_list(self.con)
        self._version, self._cache, self.terms = version, {}, None
        if self.search_index:
            self._generation += 1
            cur = self.con.cursor()                  # made here: the connection is not thread-safe
            self._builder_cursor = cur
            self._builder = threading.Thread(target=self._build_terms, args=(self._generation, cur),
                                             daemon=True)
            self._builder.start()

    def _build_terms(self, generation: int, cur: duckdb.DuckDBPyConnection) -> None:
        """Build the word index in a second connection; publish it if the data did not change since."""
        name = f"{INDEX_DB}.main.terms_{generation}"
        try:
            queries.create_terms(cur, name, self._documents)
        except duckdb.Error:
            return                                   # search keeps scanning the texts
        finally:
            cur.close()
        with self._lock:
            if self._closed:
                return
            if generation == self._generation:
                old, self.terms = self.terms, name
                if old:
                    self.con.execute(f"DROP TABLE IF EXISTS {old}")
            else:
                self.con.execute(f"DROP TABLE IF EXISTS {name}")


def _attach_read_only(path: str) -> duckdb.DuckDBPyConnection:
    """Return an in-memory connection with the store attached read-only as its default database."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS store (READ_ONLY)", [path])
    except duckdb.Error as e:
        con.close()
        raise StoreError(f"cannot open store {path}: {e}") from e
    con.execute("USE store")
    return con


def _documents_table(con: duckdb.DuckDBPyConnection, writable: bool) -> str:
    """Return the qualified documents table (cursors do not inherit USE)."""
    if writable:
        return con.execute("SELECT current_database()").fetchone()[0] + ".main.documents"
    return "store.main.documents"
