"""Parquet output of the Spark engine: table layout, column types, and import into a store.

The Spark engine writes one directory of Parquet part files per store table,
with the store's column names and types (read from the store schema itself, so
tables other stages add appear automatically). ``import_parquet`` loads such a
directory into a DuckDB store so that the report, exports and web UI work.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from ..errors import InputError, StoreError

MARKER = "_newstrace.json"
# tables written in this order, loaded in this order; other store tables are loaded if present
CORE_TABLES = ["runs", "documents", "duplicates", "failures", "sentences", "shingles", "pairs", "passages"]
SEQUENCES = {"runs": ("run_seq", "run_id"), "documents": ("doc_seq", "doc_key"),
             "failures": ("failure_seq", "failure_id"), "passages": ("passage_seq", "passage_id")}


def store_columns() -> dict[str, list[tuple[str, str]]]:
    """Return every store table's (column, DuckDB type) list, from the store schema."""
    from ..store.store import schema_sql
    con = duckdb.connect()
    try:
        con.execute(schema_sql())
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "ORDER BY table_name").fetchall()]
        return {t: [(c, ty) for c, ty, *_ in con.execute(f'DESCRIBE "{t}"').fetchall()] for t in tables}
    finally:
        con.close()


def spark_schema(columns: list[tuple[str, str]]) -> Any:
    """Return the Spark StructType for a store table's columns (JSON is stored as a string)."""
    from pyspark.sql import types as T
    simple = {"INTEGER": T.IntegerType(), "BIGINT": T.LongType(), "DOUBLE": T.DoubleType(),
              "FLOAT": T.FloatType(), "BOOLEAN": T.BooleanType(), "VARCHAR": T.StringType(),
              "JSON": T.StringType(), "TIMESTAMP": T.TimestampNTZType(), "DATE": T.DateType(),
              "SMALLINT": T.ShortType(), "UBIGINT": T.LongType(), "HUGEINT": T.LongType(),
              "BLOB": T.BinaryType()}
    fields = []
    for name, ty in columns:
        base = ty.upper()
        if base.endswith("[]"):
            inner = simple.get(base[:-2], T.StringType())
            fields.append(T.StructField(name, T.ArrayType(inner)))
        else:
            fields.append(T.StructField(name, simple.get(base, T.StringType())))
    return T.StructType(fields)


def write_marker(out: Path, info: dict[str, Any]) -> None:
    """Mark a directory as newstrace Spark output (lets a later run overwrite it)."""
    (out / MARKER).write_text(json.dumps(info, indent=2, sort_keys=True), encoding="utf-8")


def check_out_dir(out: Path) -> None:
    """Refuse an output directory that holds something other than an earlier newstrace output."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise InputError(f"--out {out} is not empty and holds no newstrace output; "
                         f"choose a new directory")


def table_dirs(src: Path) -> dict[str, Path]:
    """Return the table directories of a Spark output directory, checking it is one."""
    if not src.is_dir():
        raise InputError(f"{src} is not a directory; give the --out directory of a Spark run")
    if not (src / MARKER).exists():
        raise InputError(f"{src} holds no {MARKER}; it is not the output of `newstrace analyze --engine spark`")
    return {p.name: p for p in sorted(src.iterdir()) if p.is_dir() and any(p.glob("*.parquet"))}


def import_parquet(src: str | Path, db: str | Path) -> dict[str, int]:
    """Load a Spark output directory into a new or empty DuckDB store; return rows per table."""
    from ..store.store import Store
    dirs = table_dirs(Path(src))
    with Store(db) as store:
        con = store.con
        if con.execute("SELECT count(*) FROM documents").fetchone()[0]:
            raise StoreError(f"store {db} already holds documents; import into a new store file")
        cols = {t: [c for c, _ in cs] for t, cs in store_columns().items()}
        order = [t for t in CORE_TABLES if t in dirs] + [t for t in dirs if t not in CORE_TABLES]
        counts: dict[str, int] = {}
        con.execute("BEGIN")
        try:
            for table in order:
                if table not in cols:
                    raise StoreError(f"{src}/{table} is not a table of this store schema; "
                                     f"is newstrace older than the run that wrote it?")
                counts[table] = _load_table(con, table, dirs[table], cols[table])
            _advance_sequences(con)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return counts


def _load_table(con: duckdb.DuckDBPyConnection, table: str, path: Path, cols: list[str]) -> int:
    pattern = str(path / "*.parquet")
    have = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{_q(pattern)}')").fetchall()}
    missing = [c for c in cols if c not in have]
    if missing:
        raise StoreError(f"{path}: columns {missing} missing; the output does not match this store schema")
    names = ", ".join(f'"{c}"' for c in cols)
    before = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    con.execute(f"INSERT INTO \"{table}\" ({names}) SELECT {names} FROM read_parquet('{_q(pattern)}')")
    return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] - before


def _advance_sequences(con: duckdb.DuckDBPyConnection) -> None:
    """Restart the store's id sequences after the imported ids, so later local runs append."""
    for table, (seq, col) in SEQUENCES.items():
        top = con.execute(f'SELECT coalesce(max("{col}"), 0) FROM "{table}"').fetchone()[0]
        con.execute(f"CREATE OR REPLACE SEQUENCE {seq} START {int(top) + 1}")


def _q(s: str) -> str:
    return s.replace("'", "''")
