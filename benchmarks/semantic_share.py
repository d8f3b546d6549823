"""Share of `analyze` time spent in the semantic stage, on a synthetic corpus (benchmarks/gen_corpus.py).

    python benchmarks/gen_corpus.py 10000 /tmp/synth10k.jsonl
    python benchmarks/semantic_share.py /tmp/synth10k.jsonl [--out benchmarks/results/semantic-share.json]

Runs the local engine's stages one by one on a fresh store and times each;
projects the semantic stage linearly to a million articles (it is linear in
documents: ANN queries plus a bounded number of pairs per document).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and its reaped children so far."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    from newstrace.engines.local import LocalEngine, RunStats
    from newstrace.settings import Settings
    from newstrace.store.store import Store
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--out", default=None)
    ap.add_argument("-s", action="append", default=[])
    a = ap.parse_args(argv)
    settings = Settings.load(overrides=a.s)
    load_start = os.getloadavg()
    cpu = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "s.duckdb"))
        eng = LocalEngine(store, settings, jobs=2)
        stats = RunStats()
        stats.run_id = store.start_run("benchmark", settings.to_json(), [a.corpus])
        times = {}
        for name, fn in (("ingest", lambda: eng.ingest([a.corpus], stats)), ("index", lambda: eng.index(stats)),
                         ("align", lambda: eng.align(stats)), ("semantic", lambda: eng.semantic(stats))):
            t, c = time.perf_counter(), cpu_seconds()
            fn()
            times[name] = round(time.perf_counter() - t, 2)
            cpu[name] = round(cpu_seconds() - c, 2)
        store.close()
    total = sum(times.values())
    n = stats.documents_added
    sem = stats.__dict__.get("semantic") or {}
    res = {"documents": n, "seconds": times, "cpu_seconds": cpu,
           "semantic_share": round(times["semantic"] / total, 3),
           "semantic_share_cpu": round(cpu["semantic"] / max(sum(cpu.values()), 1e-9), 3),
           "semantic_stats": sem,
           "sentences_embedded_per_second": round(sem.get("sentences_embedded", 0) / max(times["semantic"], 1e-9), 1),
           "projection_1M_semantic_hours": round(times["semantic"] / max(n, 1) * 1_000_000 / 3600, 1),
           "projection_1M_semantic_cpu_hours": round(cpu["semantic"] / max(n, 1) * 1_000_000 / 3600, 1),
           "load_average": {"start": [round(x, 2) for x in load_start],
                            "end": [round(x, 2) for x in os.getloadavg()]},
           "overrides": a.s, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    print(json.dumps(res, indent=2))
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
