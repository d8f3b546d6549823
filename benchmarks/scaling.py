"""Scaling benchmark: `newstrace analyze` on generated corpora of growing size.

For each size, a synthetic corpus with planted reuse (gen_corpus.py) is
analysed into a fresh store in a child process; wall time, peak RSS, and the
recall of planted reuse pairs are reported, plus a projection to one million
documents from the largest run's per-document cost.

    python benchmarks/scaling.py --sizes 10000,20000,40000,80000 [--jobs 2] [--out results.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent


def run_one(n: int, work: Path, jobs: int, overrides: list[str] = ()) -> dict:
    corpus = work / f"synth{n}.jsonl"
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(n), str(corpus)], check=True)
    db = work / f"synth{n}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_start = _load()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newstrace", "analyze", str(corpus), "--db", str(db),
                    "--quiet", "--jobs", str(jobs), *[x for o in overrides for x in ("-s", o)]], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_end = _load()
    truth = {(t["target"], t["source"]) for t in json.loads(Path(str(corpus) + ".truth.json").read_text())}
    con = duckdb.connect(str(db), read_only=True)
    found = {tuple(sorted(r)) for r in con.execute("SELECT DISTINCT target_id, source_id FROM passages").fetchall()}
    n_pass = con.execute("SELECT count(*) FROM passages").fetchone()[0]
    run = con.execute("SELECT stats FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
    stages = json.loads(run[0]).get("stage_seconds", {}) if run else {}
    con.close()
    hit = sum(tuple(sorted(p)) in found for p in truth)
    return {"documents": n, "seconds": round(wall, 1), "docs_per_second": round(n / wall, 1),
            "peak_rss_mb": round(after.ru_maxrss / 1024), "cpu_seconds": round(
                (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
            "planted_pairs": len(truth), "planted_pairs_found": hit,
            "recall": round(hit / max(1, len(truth)), 4), "passages": n_pass,
            "store_mb": round(db.stat().st_size / 2**20, 1), "load_start": load_start, "load_end": load_end,
            "stage_seconds": stages,
            "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(time.time() - wall))}


def _load() -> str:
    """Return the 1/5/15-minute load averages (other jobs on the machine distort wall time)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,20000,40000,80000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default="/tmp/newstrace-scaling")
    ap.add_argument("--out", default=None)
    ap.add_argument("-s", dest="overrides", action="append", default=[], metavar="SECTION.NAME=VALUE",
                    help="settings override passed to analyze, e.g. -s claims.enabled=false (repeatable)")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in (int(x) for x in a.sizes.split(",")):
        r = run_one(n, work, a.jobs, a.overrides)
        rows.append(r)
        print(json.dumps(r), flush=True)
    last = rows[-1]
    projection_h = 1_000_000 / last["docs_per_second"] / 3600
    cpu_h = 1_000_000 * last["cpu_seconds"] / last["documents"] / 3600
    print(f"projection for 1,000,000 documents at {last['docs_per_second']} docs/s: {projection_h:.1f} h "
          f"({cpu_h:.1f} CPU hours, {cpu_h / (os.cpu_count() or 1):.1f} h with every core busy)")
    if a.out:
        Path(a.out).write_text(json.dumps({"machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                                           "python": platform.python_version()}, "overrides": a.overrides, "rows": rows,
                                           "projection_hours_1m": round(projection_h, 2),
                                           "projection_cpu_hours_1m": round(cpu_h, 2)}, indent=2))


if __name__ == "__main__":
    main()
