"""CPU seconds per analyze stage on a generated corpus, in one process.

Generates N documents with gen_corpus.py (cached in the work folder), runs the
local engine with one job into a fresh store, and times each stage (ingest +
extract, segment + index, candidates, lexical align, semantic, provenance,
claims) with process CPU time and wall time. Prints a table and writes JSON.

    python benchmarks/stage_cpu.py 2000 [--no-claims] [-s align.min_chars=80] [--out r.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("ingest", "index", "align", "semantic", "provenance", "claims")


def _timed(cpu: dict, name: str, fn):
    """Wrap fn so its CPU and wall seconds accumulate under name."""
    def wrapper(*a, **k):
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            c, w = cpu.setdefault(name, [0.0, 0.0])
            cpu[name] = [c + time.process_time() - c0, w + time.perf_counter() - w0]
    return wrapper


def corpus_path(n: int, work: Path) -> Path:
    """Return the generated corpus of n documents, generating it once."""
    path = work / f"synth{n}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(n), str(path)], check=True)
    return path


def run(n: int, work: Path, overrides: list[str]) -> dict:
    """Analyse n generated documents in this process; return CPU/wall seconds per stage."""
    from newstrace.engines import local
    from newstrace.settings import Settings
    from newstrace.store.store import Store

    corpus = corpus_path(n, work)
    db = work / f"stagecpu{n}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    settings = Settings.load(overrides=overrides, env={})
    cpu: dict[str, list[float]] = {}
    # candidates are timed apart from the alignment itself (both run in the align slot)
    local.candidate_pairs = _timed(cpu, "candidates", local.candidate_pairs)
    engine = local.LocalEngine(Store(str(db)), settings, jobs=1)
    for name in STAGES:
        setattr(engine, name, _timed(cpu, name, getattr(engine, name)))
    stats = engine.analyze([str(corpus)])
    if "candidates" in cpu and "align" in cpu:
        cpu["align"] = [a - b for a, b in zip(cpu["align"], cpu["candidates"])]
    order = ["ingest", "index", "candidates", "align", "semantic", "provenance", "claims"]
    stages = {k: {"cpu_s": round(cpu[k][0], 2), "wall_s": round(cpu[k][1], 2),
                  "cpu_ms_per_doc": round(1000 * cpu[k][0] / n, 2)} for k in order if k in cpu}
    total = sum(v["cpu_s"] for v in stages.values())
    return {"documents": n, "overrides": overrides, "stages": stages, "total_cpu_s": round(total, 2),
            "total_cpu_ms_per_doc": round(1000 * total / n, 2), "pairs_compared": stats.pairs_compared,
            "passages": stats.passages}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of generated documents")
    ap.add_argument("--work", default="/tmp/newstrace-stagecpu", help="folder for corpus and store")
    ap.add_argument("--no-claims", action="store_true", help="leave the claims stage out")
    ap.add_argument("--semantic", action="store_true", help="run the semantic stage (off by default)")
    ap.add_argument("-s", dest="overrides", action="append", default=[], metavar="SECTION.NAME=VALUE")
    ap.add_argument("--out", default=None, help="write the result as JSON here")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    overrides = list(a.overrides)
    overrides.append(f"semantic.enabled={'true' if a.semantic else 'false'}")
    if a.no_claims:
        overrides.append("claims.enabled=false")
    load0 = _load()
    r = run(a.n, work, overrides)
    r.update(load_start=load0, load_end=_load(), machine={"platform": platform.platform(),
             "cpus": os.cpu_count(), "python": platform.python_version()},
             at=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    print(f"{'stage':<12}{'CPU s':>9}{'ms/doc':>9}{'wall s':>9}")
    for k, v in r["stages"].items():
        print(f"{k:<12}{v['cpu_s']:>9.2f}{v['cpu_ms_per_doc']:>9.2f}{v['wall_s']:>9.2f}")
    print(f"{'total':<12}{r['total_cpu_s']:>9.2f}{r['total_cpu_ms_per_doc']:>9.2f}")
    print(f"pairs compared {r['pairs_compared']}, passages {r['passages']}, load {load0} -> {r['load_end']}")
    if a.out:
        Path(a.out).write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
