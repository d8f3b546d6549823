"""Candidate-step benchmark on PAN13: newstrace's shingle index vs datasketch MinHash-LSH.

Both see all ~5,000 documents with no pair list and must propose the pairs
worth aligning. Reported: recall of the gold plagiarism pairs per obfuscation
type, candidate count, wall time and peak memory of each, side by side.

    python benchmarks/candidates.py [--data ../shared/data/pan13-train] [--out results.json]
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation", "05-summary-obfuscation"]


def load(data: Path) -> tuple[dict[str, str], dict[str, set[tuple[str, str]]]]:
    docs = {}
    for sub in ("susp", "src"):
        for p in sorted((data / sub).glob("*.txt")):
            docs[p.stem] = p.read_text(encoding="utf-8")
    gold = {}
    for t in TYPES:
        gold[t] = {tuple(x[:-4] for x in line.split()) for line in open(data / t / "pairs") if line.strip()}
    return docs, gold


def run_newstrace(docs: dict[str, str]) -> set[frozenset]:
    from newstrace.align.api import find_candidates
    from newstrace.settings import Settings
    return {frozenset(p) for p in find_candidates(docs, Settings.load().align)}


def run_minhash(docs: dict[str, str], threshold: float, num_perm: int = 128) -> set[frozenset]:
    from datasketch import MinHash, MinHashLSH
    from newstrace.segment import stem_words
    from newstrace.segment.tokens import content_mask, token_arrays
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    out: set[frozenset] = set()
    for doc_id, text in docs.items():
        norms = token_arrays(text)[2]
        stems = stem_words([w for w, c in zip(norms, content_mask(norms)) if c])
        m = MinHash(num_perm=num_perm)
        m.update_batch([" ".join(stems[i:i + 3]).encode() for i in range(max(0, len(stems) - 2))])
        for other in lsh.query(m):
            out.add(frozenset((doc_id, other)))
        lsh.insert(doc_id, m)
    return out


def measure(fn, *args):
    tracemalloc.start()
    t0 = time.perf_counter()
    res = fn(*args)
    wall = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return res, wall, peak / 2**20


def recall(cands: set[frozenset], gold: dict[str, set[tuple[str, str]]]) -> dict[str, float]:
    return {t: round(sum(frozenset(p) in cands for p in g) / len(g), 4) for t, g in gold.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "pan13-train"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--thresholds", default="0.02,0.05")
    a = ap.parse_args()
    docs, gold = load(Path(a.data))
    rows = []
    cands, wall, peak = measure(run_newstrace, docs)
    rows.append({"tool": "newstrace shingle index (DuckDB)", "candidates": len(cands), "seconds": round(wall, 1),
                 "peak_python_mb": round(peak), "recall": recall(cands, gold)})
    for th in (float(x) for x in a.thresholds.split(",") if x):
        cands, wall, peak = measure(run_minhash, docs, th)
        rows.append({"tool": f"datasketch MinHashLSH t={th} (128 perm)", "candidates": len(cands),
                     "seconds": round(wall, 1), "peak_python_mb": round(peak), "recall": recall(cands, gold)})
    for r in rows:
        print(f"{r['tool']:42s} cands={r['candidates']:7d} {r['seconds']:7.1f}s "
              f"peak={r['peak_python_mb']}MB recall={r['recall']}")
    result = {"documents": len(docs), "machine": {"platform": platform.platform(),
              "cpus": __import__("os").cpu_count(), "python": platform.python_version()},
              "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "rows": rows}
    if a.out:
        Path(a.out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
