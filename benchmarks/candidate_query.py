"""Time the candidate step alone on an existing store (a copy: it writes temporary tables).

Runs ``align.candidates.candidate_pairs`` over every document of the store under
DuckDB's memory limit (the engine's ``store.memory_limit``, 4GB by default) and
prints the number of pairs, wall and CPU seconds and peak RSS. With ``--save``
the pairs are written as JSON, with ``--compare`` they are checked against such
a file (to show that a change to the query keeps its answer).

    cp /tmp/newstrace-scaling/synth80000.duckdb /tmp/c80.duckdb
    python benchmarks/candidate_query.py /tmp/c80.duckdb [--memory-limit 4GB] [--save a.json | --compare a.json]
"""
from __future__ import annotations

import argparse
import json
import resource
import time

import duckdb


def main() -> None:
    from newstrace.align.candidates import candidate_pairs
    from newstrace.settings import Settings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", help="a newstrace store (DuckDB file); use a copy")
    ap.add_argument("--memory-limit", default="4GB", help="DuckDB memory_limit ('' for DuckDB's default)")
    ap.add_argument("-s", dest="overrides", action="append", default=[], metavar="SECTION.NAME=VALUE")
    ap.add_argument("--save", default=None, help="write the pairs here as JSON")
    ap.add_argument("--compare", default=None, help="compare the pairs with a file written by --save")
    a = ap.parse_args()
    con = duckdb.connect(a.store)
    if a.memory_limit:
        con.execute(f"SET memory_limit = '{a.memory_limit}'")
    cfg = Settings.load(overrides=a.overrides, env={}).align
    keys = [k for (k,) in con.execute("SELECT doc_key FROM documents").fetchall()]
    t0, c0 = time.perf_counter(), time.process_time()
    pairs = candidate_pairs(con, cfg, keys)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"documents": len(keys), "pairs": len(pairs), "wall_s": round(wall, 1),
                      "cpu_s": round(cpu, 1), "peak_rss_mb": rss, "memory_limit": a.memory_limit}))
    if a.save:
        with open(a.save, "w") as f:
            json.dump(pairs, f)
    if a.compare:
        with open(a.compare) as f:
            same = [tuple(p) for p in json.load(f)] == pairs
        print("identical to", a.compare, same)
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
