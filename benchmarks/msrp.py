"""MSRP paraphrase benchmark: each pair as two one-sentence documents, aligned by newstrace.

    python benchmarks/msrp.py                       # training split, default settings
    python benchmarks/msrp.py --sweep               # also accuracy/F1 over seed thresholds
    python benchmarks/msrp.py -s semantic.seed_sim=0.7 --out benchmarks/results/msrp.json

A pair counts as "paraphrase" when one aligned passage (lexical or semantic)
covers at least --cover of both sentences. References on this split's test
counterpart: majority class 66.5 % accuracy; Wan et al. 2006: 75.6 % / 83.0 F1.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
DEFAULT = SHARED / "data" / "msrp" / "msr_paraphrase_train.txt"


def read_msrp(path: Path) -> list[tuple[int, str, str]]:
    """Return (label, sentence 1, sentence 2) rows of an MSRP tab-separated file."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(r) == 5 and r[0] in ("0", "1"):
                rows.append((int(r[0]), r[3], r[4]))
    if not rows:
        raise SystemExit(f"no MSRP rows in {path}")
    return rows


def scores(y: np.ndarray, pred: np.ndarray) -> dict:
    tp = int((y & pred).sum())
    fp = int((~y & pred).sum())
    fn = int((y & ~pred).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"accuracy": round(float((y == pred).mean()), 4), "precision": round(prec, 4),
            "recall": round(rec, 4), "f1": round(f1, 4)}


def covers(p, len_t: int, len_s: int, cover: float) -> bool:
    return (p.target_end - p.target_begin) >= cover * len_t and (p.source_end - p.source_begin) >= cover * len_s


def run(a: argparse.Namespace) -> dict:
    from newstrace.align.api import align_documents
    from newstrace.align.semantic_api import SemanticAligner, semantic_documents
    from newstrace.settings import Settings

    settings = Settings.load(overrides=a.s)
    rows = read_msrp(Path(a.data))[: a.limit]
    docs, pairs = {}, []
    for k, (_, s1, s2) in enumerate(rows):
        docs[f"{k}a"], docs[f"{k}b"] = s1, s2
        pairs.append((f"{k}b", f"{k}a"))
    y = np.array([lab == 1 for lab, _, _ in rows])
    t0 = time.perf_counter()
    lexical: dict = {}
    for p in align_documents(docs, pairs, settings.align):
        lexical.setdefault((p.target_id, p.source_id), []).append(p)
    t_lex = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = dict(semantic_documents(docs, pairs, lexical, settings.semantic))
    t_sem = time.perf_counter() - t0
    pred = np.array([any(covers(p, len(docs[t]), len(docs[s]), a.cover) for p in found[(t, s)])
                     for t, s in pairs])
    lex_pred = np.array([any(covers(p, len(docs[t]), len(docs[s]), a.cover) for p in lexical.get((t, s), []))
                         for t, s in pairs])
    res = {"benchmark": "msrp", "data": str(a.data), "pairs": len(rows),
           "positives": int(y.sum()), "majority_accuracy": round(float(max(y.mean(), 1 - y.mean())), 4),
           "lexical": scores(y, lex_pred), "lexical+semantic": scores(y, pred),
           "seconds": {"lexical": round(t_lex, 2), "semantic": round(t_sem, 2)},
           "model": settings.semantic.model, "overrides": a.s, "cover": a.cover}
    if a.sweep:
        al = SemanticAligner(settings.semantic)
        ea = al.cache.encode([s1 for _, s1, _ in rows])
        eb = al.cache.encode([s2 for _, _, s2 in rows])
        cos = (ea * eb).sum(1)
        res["sweep_cosine"] = {f"{th:.2f}": scores(y, cos >= th) for th in np.arange(0.5, 0.91, 0.02)}
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[1:]))
    ap.add_argument("--data", default=str(DEFAULT), help="MSRP file (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=None, help="first N pairs only")
    ap.add_argument("--cover", type=float, default=0.8, help="share of both sentences a passage must cover")
    ap.add_argument("--sweep", action="store_true", help="accuracy/F1 of a plain cosine threshold sweep")
    ap.add_argument("--out", default=None, help="write results as JSON here")
    ap.add_argument("-s", action="append", default=[], metavar="SECTION.NAME=VALUE",
                    help="settings override, repeatable")
    a = ap.parse_args(argv)
    res = run(a)
    for k in ("lexical", "lexical+semantic"):
        r = res[k]
        print(f"{k:18s} accuracy {r['accuracy']:.3f}  F1 {r['f1']:.3f}  "
              f"(precision {r['precision']:.3f}, recall {r['recall']:.3f})")
    print(f"pairs {res['pairs']}, majority {res['majority_accuracy']:.3f}; seconds {res['seconds']}")
    if a.sweep:
        best = max(res["sweep_cosine"].items(), key=lambda kv: kv[1]["accuracy"])
        print("cosine sweep:", " ".join(f"{k}:{v['accuracy']:.3f}/{v['f1']:.3f}"
                                        for k, v in res["sweep_cosine"].items()))
        print(f"best plain-cosine threshold {best[0]}: {best[1]}")
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
