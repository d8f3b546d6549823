"""Provenance benchmark: generated corpora with known truth, and PAN13 pair orientation.

    python benchmarks/provenance.py synth --stories 120 --out benchmarks/results/provenance-synth.json
    python benchmarks/provenance.py pan13 --limit 1000 --out benchmarks/results/provenance-pan13.json

``synth`` writes a generated corpus (benchmarks/prov_corpus.py) as JSONL, runs the whole
local engine on it (ingest → align → provenance) and scores the stored decisions:
orientation macro-F1 over a->b / b->a / siblings (abstentions count against recall),
parent-attachment accuracy, origin top-1 accuracy, and a risk–coverage curve.
``pan13`` aligns PAN13 training pairs (source → suspicious is known), runs the
provenance function on each pair with reuse and reports orientation accuracy.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import prov_corpus  # noqa: E402

CLASSES = ("a->b", "b->a", "siblings")


def write_jsonl(stories: list, path: Path) -> int:
    """Write every story's documents to one JSONL file; return the number of documents."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for st in stories:
            for d in st.docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
                n += 1
    return n


def analyze(path: Path, db: Path, overrides: list[str] | None = None) -> dict[str, float]:
    """Run the local engine over a JSONL corpus; return stage timings."""
    from newstrace.engines.local import LocalEngine
    from newstrace.provenance.io import run_provenance
    from newstrace.settings import Settings
    from newstrace.store.store import Store
    settings = Settings.load(None, overrides or [])
    with Store(db) as store:
        t0 = time.perf_counter()
        eng = LocalEngine(store, settings, jobs=1)
        eng.analyze([str(path)])
        t1 = time.perf_counter()
        run_provenance(store.con, settings.provenance)    # timed alone: the stage itself
        t2 = time.perf_counter()
    return {"analyze_s": round(t1 - t0, 2), "provenance_s": round(t2 - t1, 3)}


def _rows(con, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def evaluate(stories: list, con) -> dict[str, Any]:
    """Score the store's provenance decisions against the stories' truth."""
    pairs = {(r["a_id"], r["b_id"]): r for r in _rows(con, "SELECT * FROM prov_pairs")}
    edges = _rows(con, "SELECT * FROM prov_edges")
    fams = _rows(con, "SELECT * FROM prov_families")
    members = _rows(con, "SELECT family_id, doc_id FROM prov_family_members")
    return {"orientation": orientation(stories, pairs), "parents": parents(stories, edges),
            "origins": origins(stories, fams, members),
            "risk_coverage": risk_coverage(stories, pairs),
            "by_shape": by_shape(stories, pairs, edges, fams, members)}


def _truth_pairs(stories: list) -> dict[tuple[str, str], str]:
    return {k: v for st in stories for k, v in st.pairs.items()}


def orientation(stories: list, pairs: dict) -> dict[str, Any]:
    """Macro-F1 over the three classes; undetermined and missing pairs lose recall only."""
    truth = _truth_pairs(stories)
    pred = {k: (pairs[k]["direction"] if k in pairs else "missing") for k in truth}
    f1s, per = [], {}
    for c in CLASSES:
        tp = sum(1 for k in truth if truth[k] == c and pred[k] == c)
        n_pred = sum(1 for k in truth if pred[k] == c)
        n_true = sum(1 for k in truth if truth[k] == c)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_true if n_true else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[c] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "n": n_true}
        if n_true:
            f1s.append(f)
    decided = [k for k in truth if pred[k] in CLASSES]
    correct = sum(pred[k] == truth[k] for k in decided)
    return {"macro_f1": round(sum(f1s) / len(f1s), 3) if f1s else 0.0, "per_class": per,
            "pairs": len(truth), "aligned": sum(pred[k] != "missing" for k in truth),
            "decided": len(decided), "accuracy_decided": round(correct / len(decided), 3) if decided else 0.0,
            "coverage": round(len(decided) / len(truth), 3) if truth else 0.0,
            "predictions": dict(Counter(pred.values()))}


def _best_parent(edges: list[dict], doc: str) -> str | None:
    inc = [e for e in edges if e["target_id"] == doc and e["relation"] != "sibling_of"]
    if not inc:
        return None
    return max(inc, key=lambda e: e["confidence"])["source_id"]


def parents(stories: list, edges: list[dict]) -> dict[str, Any]:
    """Share of non-origin documents whose most confident parent edge is the true parent."""
    n = ok = answered = 0
    for st in stories:
        for child, parent in st.parents.items():
            got = _best_parent(edges, child)
            n += 1
            answered += got is not None
            ok += got is not None and (got == parent or (parent == "ext" and got.startswith("ext:")))
    return {"accuracy": round(ok / n, 3) if n else 0.0, "answered": answered, "n": n,
            "accuracy_answered": round(ok / answered, 3) if answered else 0.0}


def origins(stories: list, fams: list[dict], members: list[dict]) -> dict[str, Any]:
    """Top-1 origin: the origin of the story's largest family (ext:* matches an absent source)."""
    size = {f["family_id"]: f["n_docs"] for f in fams}
    origin = {f["family_id"]: f["origin_id"] for f in fams}
    fam_of: dict[str, set[str]] = {}
    for m in members:
        fam_of.setdefault(m["doc_id"], set()).add(m["family_id"])
    n = ok = answered = 0
    for st in stories:
        cands = {f for d in st.docs for f in fam_of.get(d["id"], ())}
        n += 1
        if not cands:
            continue
        best = max(cands, key=lambda f: (size[f], origin[f] is not None))
        got = origin[best]
        answered += got is not None
        ok += got is not None and (got == st.origin or (st.origin == "ext" and got.startswith("ext:")))
    return {"top1": round(ok / n, 3) if n else 0.0, "answered": answered, "n": n,
            "top1_answered": round(ok / answered, 3) if answered else 0.0}


def risk_coverage(stories: list, pairs: dict) -> list[dict[str, float]]:
    """Risk (error rate) at each coverage when answering the most confident pairs first.

    Abstentions are forced to the direction their score leans to, so the curve reaches
    full coverage; missing pairs (no shared passage found) stay unanswered.
    """
    truth = _truth_pairs(stories)
    scored = []
    for k, t in truth.items():
        if k not in pairs:
            continue
        r = pairs[k]
        d = r["direction"]
        if d == "undetermined":
            d = "a->b" if (r["score"] or 0) > 0 else "b->a"
        scored.append((r["confidence"], d == t))
    scored.sort(key=lambda x: -x[0])
    out = []
    for cov in (0.1, 0.25, 0.5, 0.75, 0.9, 1.0):
        k = max(1, round(cov * len(scored)))
        top = scored[:k]
        out.append({"coverage": cov, "risk": round(1 - sum(ok for _, ok in top) / len(top), 3),
                    "min_confidence": round(top[-1][0], 3)})
    return out


def by_shape(stories: list, pairs: dict, edges: list, fams: list, members: list) -> dict[str, Any]:
    """The three scores per story shape and per date variant."""
    out = {}
    groups: dict[str, list] = {}
    for st in stories:
        groups.setdefault(st.shape, []).append(st)
        groups.setdefault(f"dates:{st.variant}", []).append(st)
    for name, sts in sorted(groups.items()):
        o = orientation(sts, pairs)
        out[name] = {"stories": len(sts), "orientation_accuracy_decided": o["accuracy_decided"],
                     "orientation_coverage": o["coverage"], "macro_f1": o["macro_f1"],
                     "parents": parents(sts, edges)["accuracy"],
                     "origin_top1": origins(sts, fams, members)["top1"]}
    return out


def direct(stories: list, overrides: list[str] | None = None) -> tuple[Any, dict[str, float]]:
    """Align the generated texts lexically (all candidate pairs) and run the provenance function."""
    from newstrace.align.api import align_documents
    from newstrace.provenance import infer_provenance
    from newstrace.settings import Settings
    settings = Settings.load(None, overrides or [])
    docs = [dict(d, doc_id=d["id"], published_source="input" if d.get("published") else None)
            for st in stories for d in st.docs]
    t0 = time.perf_counter()
    passages = [p.__dict__ for p in align_documents({d["doc_id"]: d["text"] for d in docs}, None, settings.align)]
    t1 = time.perf_counter()
    result = infer_provenance(docs, passages, settings.provenance)
    t2 = time.perf_counter()
    return result, {"align_s": round(t1 - t0, 2), "provenance_s": round(t2 - t1, 3), "passages": len(passages)}


def evaluate_rows(stories: list, result: Any) -> dict[str, Any]:
    """Score a ProvenanceResult against the stories' truth."""
    pairs = {(r["a_id"], r["b_id"]): r for r in result.pairs}
    return {"orientation": orientation(stories, pairs), "parents": parents(stories, result.edges),
            "origins": origins(stories, result.families, result.members),
            "risk_coverage": risk_coverage(stories, pairs),
            "by_shape": by_shape(stories, pairs, result.edges, result.families, result.members)}


def run_synth(n_stories: int, seed: int, overrides: list[str] | None = None,
              engine: bool = False) -> dict[str, Any]:
    """Generate and score one synthetic corpus, directly or through the whole local engine."""
    stories = prov_corpus.generate(n_stories, seed)
    n_docs = sum(len(st.docs) for st in stories)
    if not engine:
        result, timing = direct(stories, overrides)
        return {"stories": n_stories, "seed": seed, "documents": n_docs, "mode": "direct",
                **timing, **evaluate_rows(stories, result)}
    import duckdb
    with tempfile.TemporaryDirectory() as tmp:
        path, db = Path(tmp) / "corpus.jsonl", Path(tmp) / "prov.duckdb"
        write_jsonl(stories, path)
        timing = analyze(path, db, overrides)
        con = duckdb.connect(str(db), read_only=True)
        try:
            res = evaluate(stories, con)
        finally:
            con.close()
    return {"stories": n_stories, "seed": seed, "documents": n_docs, "mode": "engine", **timing, **res}


# -- PAN13 ----------------------------------------------------------------------------------

def run_pan13(limit: int, seed: int, overrides: list[str] | None = None) -> dict[str, Any]:
    """Orientation accuracy on PAN13 training pairs with detected reuse (source → suspicious)."""
    import random
    import pan13
    from newstrace.align.api import align_documents
    from newstrace.provenance import infer_provenance
    from newstrace.settings import Settings
    data = pan13.DEFAULT_DATA
    pairs = []
    for typ in pan13.TYPES[1:]:
        pairs += [(typ, p) for p in pan13.read_pairs(data / typ / "pairs")]
    random.Random(seed).shuffle(pairs)
    pairs = pairs[:limit]
    settings = Settings.load(None, overrides or [])
    t0 = time.perf_counter()
    res: Counter = Counter()
    per_type: dict[str, Counter] = {}
    scored = []
    for typ, (susp, src) in pairs:
        texts = {susp: pan13.read_text(pan13.doc_path(data, susp)), src: pan13.read_text(pan13.doc_path(data, src))}
        ps = [p.__dict__ for p in align_documents(texts, [(susp, src)], settings.align)]
        c = per_type.setdefault(typ, Counter())
        if not ps:
            c["no_reuse"] += 1
            continue
        r = infer_provenance([{"doc_id": k, "text": v} for k, v in texts.items()], ps, settings.provenance)
        d = r.pairs[0]
        if d["direction"] in ("a->b", "b->a"):
            verdict = "right" if d["source_id"] == src else "wrong"
        else:
            verdict = d["direction"]
        lean = (d["score"] > 0) == (d["a_id"] == src) if d["score"] else None
        scored.append((d["confidence"], lean))
        c[verdict] += 1
        c["lean_right" if lean else "lean_wrong" if lean is False else "lean_none"] += 1
        res.update([verdict])
    elapsed = time.perf_counter() - t0
    with_reuse = sum(v for k, v in res.items())
    decided = res["right"] + res["wrong"]
    leans = [x for _, x in scored if x is not None]
    return {"pairs": len(pairs), "with_reuse": with_reuse, "decided": decided,
            "accuracy_decided": round(res["right"] / decided, 3) if decided else None,
            "coverage": round(decided / with_reuse, 3) if with_reuse else None,
            "forced_accuracy": round(sum(leans) / len(leans), 3) if leans else None,
            "verdicts": dict(res), "per_type": {k: dict(v) for k, v in per_type.items()},
            "seconds": round(elapsed, 1)}


def machine() -> dict[str, Any]:
    import os
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("synth", help="generated corpus with known truth")
    s.add_argument("--stories", type=int, default=120)
    s.add_argument("--seed", type=int, default=13)
    s.add_argument("-s", "--set", dest="overrides", action="append", default=[])
    s.add_argument("--engine", action="store_true", help="run the whole local engine (ingest, extract, "
                   "lexical and semantic alignment) instead of lexical alignment of the raw texts")
    s.add_argument("--out")
    p = sub.add_parser("pan13", help="PAN13 training pairs orientation")
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-s", "--set", dest="overrides", action="append", default=[])
    p.add_argument("--out")
    a = ap.parse_args(argv)
    res = (run_synth(a.stories, a.seed, a.overrides, a.engine) if a.cmd == "synth"
           else run_pan13(a.limit, a.seed, a.overrides))
    res["machine"] = machine()
    text = json.dumps(res, indent=1)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
