"""Stages the Spark engine runs on the driver: semantic, provenance, claims.

They run the local engine's very methods on a DuckDB working store built from
the Parquet tables the distributed stages wrote, then write every table they
changed back as Parquet. The results are therefore identical to a local run;
the price is that these stages are bounded by the driver machine (see
docs/SPARK.md for how far that goes and what distributing them would take).
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Callable

from ..settings import Settings
from .local import LocalEngine, RunStats
from .parquet import import_parquet

# tables written by the distributed stages and never changed on the driver
_DISTRIBUTED = {"meta", "documents", "sentences", "shingles", "duplicates", "failures", "pairs", "runs"}


def finish_on_driver(out: Path, settings: Settings, stats: RunStats, log: Callable[[str], None]) -> list[str]:
    """Run semantic, provenance and claims over the output directory; return the tables rewritten."""
    work = out / "_driver.duckdb"
    if work.exists():
        work.unlink()
    import_parquet(out, work)
    from ..store.store import Store
    with Store(work) as store:
        engine = LocalEngine(store, settings)
        for name in ("semantic", "provenance", "claims"):
            t0 = time.perf_counter()
            getattr(engine, name)(stats)
            log(f"{name} on the driver: {time.perf_counter() - t0:.1f} s")
        before = _counts(store.con)
        written = [t for t in before if t not in _DISTRIBUTED]
        for table in written:
            _export(store.con, table, out / table)
    work.unlink()
    wal = Path(str(work) + ".wal")
    if wal.exists():
        wal.unlink()
    return written


def _counts(con) -> dict[str, int]:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_name").fetchall()]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _export(con, table: str, dest: Path) -> None:
    """Replace a table directory with one Parquet file of the store table (JSON as text)."""
    cols = con.execute(f'DESCRIBE "{table}"').fetchall()
    sel = ", ".join(f'"{c}"::VARCHAR AS "{c}"' if ty == "JSON" else f'"{c}"' for c, ty, *_ in cols)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    path = str(dest / "part-00000.parquet").replace("'", "''")
    con.execute(f"COPY (SELECT {sel} FROM \"{table}\") TO '{path}' (FORMAT parquet)")
