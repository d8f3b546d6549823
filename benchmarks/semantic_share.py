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
import sys
import tempfile
import time
from pathlib import Path


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
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "s.duckdb"))
        eng = LocalEngine(store, settings, jobs=2)
        stats = RunStats()
        stats.run_id = store.start_run("benchmark", settings.to_json(), [a.corpus])
        times = {}
        for name, fn in (("ingest", lambda: eng.ingest([a.corpus], stats)), ("index", lambda: eng.index(stats)),
                         ("align", lambda: eng.align(stats)), ("semantic", lambda: eng.semantic(stats))):
            t = time.perf_counter()
            fn()
            times[name] = round(time.perf_counter() - t, 2)
        store.close()
    total = sum(times.values())
    n = stats.documents_added
    res = {"documents": n, "seconds": times, "semantic_share": round(times["semantic"] / total, 3),
           "semantic_stats": stats.__dict__.get("semantic"),
           "projection_1M_semantic_hours": round(times["semantic"] / max(n, 1) * 1_000_000 / 3600, 1)}
    print(json.dumps(res, indent=2))
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
