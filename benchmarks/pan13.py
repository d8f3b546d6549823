"""PAN 2013 text-alignment benchmark: plagdet per obfuscation type, in pairs or all-pairs mode.

    python benchmarks/pan13.py                          # pairs mode: align the 5,185 listed pairs
    python benchmarks/pan13.py --mode all               # no pair list: newstrace finds candidates
    python benchmarks/pan13.py --limit 100 --types 02-no-obfuscation -s align.max_gap=5
    python benchmarks/pan13.py --out benchmarks/results/pan13-pairs.json
    python benchmarks/pan13.py --semantic --emb-cache /tmp/pan13-emb.duckdb   # lexical + semantic

Documents are read as UTF-8 text with newlines kept as they are (``newline=""``);
the gold offsets are code-point offsets into that text, which is what
newstrace's Python API reports (Python ``str`` indices). See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import math
import multiprocessing as mp
import os
import platform
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Mapping

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from plagdet import Span, plagdet  # noqa: E402

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
DEFAULT_DATA = SHARED / "data" / "pan13-train"
NO_PLAG = "01-no-plagiarism"
TYPES = [NO_PLAG, "02-no-obfuscation", "03-random-obfuscation",
         "04-translation-obfuscation", "05-summary-obfuscation"]

Pair = tuple[str, str]  # (suspicious id, source id) == (target, source)


# ---------------------------------------------------------------- corpus

def read_text(path: Path) -> str:
    """The text gold offsets refer to: UTF-8 decoded, newlines untranslated."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def doc_path(data: Path, doc_id: str) -> Path:
    sub = "susp" if doc_id.startswith("suspicious") else "src"
    return data / sub / f"{doc_id}.txt"


def read_pairs(path: Path) -> list[Pair]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            t, s = line.split()
            out.append((t.removesuffix(".txt"), s.removesuffix(".txt")))
    return out


def gold_cases(data: Path, typ: str, pair: Pair) -> list[Span]:
    """The plagiarism cases of one pair, from ``<typ>/<susp>-<src>.xml``."""
    t, s = pair
    root = ET.parse(data / typ / f"{t}-{s}.xml").getroot()
    out = []
    for f in root.iter("feature"):
        if f.get("name") != "plagiarism" or f.get("source_reference") is None:
            continue
        if f.get("source_reference").removesuffix(".txt") != s:
            raise ValueError(f"{typ}/{t}-{s}.xml: case names source {f.get('source_reference')}")
        to, tl = int(f.get("this_offset")), int(f.get("this_length"))
        so, sl = int(f.get("source_offset")), int(f.get("source_length"))
        out.append(Span(t, to, to + tl, s, so, so + sl))
    return out


def all_doc_ids(data: Path) -> list[str]:
    """Every document, sources first.

    Without dates, newstrace's all-pairs mode takes input order for time and makes
    the later document of a pair the target; listing sources first puts the
    suspicious documents on the target side, as in the gold.
    """
    return [p.stem for sub in ("src", "susp") for p in sorted((data / sub).glob("*.txt"))]


# ---------------------------------------------------------------- alignment

def is_flipped(p: Any) -> bool:
    """True when a passage has a source document as target and a suspicious one as source."""
    return p.target_id.startswith("source-") and p.source_id.startswith("suspicious-")


def oriented(p: Any) -> Span:
    """A passage as a Span with the suspicious document as target, as in the gold."""
    if is_flipped(p):
        return Span(p.source_id, p.source_begin, p.source_end,
                    p.target_id, p.target_begin, p.target_end)
    return Span(p.target_id, p.target_begin, p.target_end,
                p.source_id, p.source_begin, p.source_end)


def _oriented_all(passages: Iterable[Any]) -> tuple[list[Span], int]:
    spans, flipped = [], 0
    for p in passages:
        flipped += is_flipped(p)
        spans.append(oriented(p))
    return spans, flipped


_W: dict[str, Any] = {}  # state inherited by forked workers


def _align_chunk(chunk: list[Pair]) -> tuple[list[Span], int]:
    return _oriented_all(_W["align"](_W["docs"], chunk, _W["cfg"]))


def run_alignment(docs: Mapping[str, str], pairs: list[Pair] | None, cfg: Any,
                  jobs: int) -> tuple[list[Span], int, str]:
    """Run newstrace's aligner.

    Returns the detections turned suspicious → source, how many had to be turned,
    and how the work was parallelised.
    """
    from newstrace.align.api import align_documents

    takes_jobs = "jobs" in inspect.signature(align_documents).parameters
    if jobs > 1 and takes_jobs:
        return (*_oriented_all(align_documents(docs, pairs, cfg, jobs=jobs)), f"api jobs={jobs}")
    if jobs <= 1 or pairs is None or len(pairs) < 2:
        return (*_oriented_all(align_documents(docs, pairs, cfg)), "single process")
    # The API has no jobs parameter: chunks of pairs (grouped by suspicious
    # document, so each is prepared about once) go to forked worker processes.
    todo = sorted(pairs)
    size = max(1, min(64, math.ceil(len(todo) / (jobs * 8))))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    _W.update(align=align_documents, docs=docs, cfg=cfg)
    dets, flipped = [], 0
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            for part, n in pool.imap_unordered(_align_chunk, chunks):
                dets += part
                flipped += n
    finally:
        _W.clear()
    return dets, flipped, f"runner pool jobs={jobs}, {len(chunks)} chunks"


def run_semantic(docs: Mapping[str, str], pairs: list[Pair], settings: Any, jobs: int,
                 cache_path: str | None) -> tuple[list[Span], int, str]:
    """Lexical alignment (parallel), then the semantic stage merged in, one process.

    Sentence embeddings go to a DuckDB cache file when ``cache_path`` is given,
    so a second run embeds nothing.
    """
    import duckdb
    from newstrace.align.api import align_documents
    from newstrace.align.semantic_api import semantic_documents

    lexical: dict[Pair, list] = {}
    for p in align_documents(docs, pairs, settings.align, jobs=jobs):
        lexical.setdefault((p.target_id, p.source_id), []).append(p)
    con = duckdb.connect(cache_path) if cache_path else None
    try:
        out = [p for _, ps in semantic_documents(docs, sorted(pairs), lexical, settings.semantic,
                                                 con=con) for p in ps]
    finally:
        if con is not None:
            con.close()
    return (*_oriented_all(out), f"lexical jobs={jobs} + semantic (1 process)")


# ---------------------------------------------------------------- run

def machine() -> dict:
    return {"platform": platform.platform(), "machine": platform.machine(),
            "processor": platform.processor(), "cpus": os.cpu_count(),
            "python": platform.python_version()}


def commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def peak_rss_mb() -> dict:
    # ru_maxrss is in KiB on Linux; "children" is the largest reaped child (worker)
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"self": round(self_kb / 1024, 1), "largest_child": round(child_kb / 1024, 1)}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[1:]))
    ap.add_argument("--data", default=str(DEFAULT_DATA),
                    help="PAN13 training corpus (default: %(default)s)")
    ap.add_argument("--types", default=None,
                    help="comma-separated obfuscation types (default: all five in --data)")
    ap.add_argument("--limit", type=int, default=None,
                    help="first N pairs of each type (in all mode: only their documents are read)")
    ap.add_argument("--mode", choices=["pairs", "all"], default="pairs",
                    help="pairs: align the listed pairs; all: pairs=None, candidates by newstrace")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default: %(default)s)")
    ap.add_argument("--out", default=None, help="write results as JSON here")
    ap.add_argument("--semantic", action="store_true",
                    help="pairs mode: add the semantic stage (paraphrase, summary) to lexical alignment")
    ap.add_argument("--emb-cache", default=None, metavar="DUCKDB",
                    help="with --semantic: keep sentence embeddings in this DuckDB file across runs")
    ap.add_argument("-s", action="append", default=[], metavar="SECTION.NAME=VALUE",
                    help="settings override, repeatable (e.g. -s align.min_chars=150)")
    a = ap.parse_args(argv)
    if a.types is None:
        a.types = [t for t in TYPES if (Path(a.data) / t / "pairs").exists()] or TYPES
    else:
        a.types = [t.strip() for t in a.types.split(",") if t.strip()]
    unknown = [t for t in a.types if t not in TYPES]
    if unknown or not a.types:
        ap.error(f"unknown types {unknown}; known: {', '.join(TYPES)}")
    return a


def run(a: argparse.Namespace) -> dict:
    from newstrace.settings import Settings

    settings = Settings.load(overrides=a.s)
    cfg = settings.align
    data = Path(a.data)
    t_start = time.perf_counter()

    pairs = {typ: read_pairs(data / typ / "pairs")[:a.limit] for typ in a.types}
    cases = {typ: [c for p in pairs[typ] for c in gold_cases(data, typ, p)] for typ in a.types}
    listed_anywhere = set(read_pairs(data / "pairs")) if (data / "pairs").exists() else set()
    for typ in TYPES:
        if (data / typ / "pairs").exists():
            listed_anywhere |= set(read_pairs(data / typ / "pairs"))
    selected = sorted({p for ps in pairs.values() for p in ps})

    if a.mode == "pairs":
        ids = sorted({i for p in selected for i in p})
    elif a.limit is None:
        ids = all_doc_ids(data)
    else:  # sources first, as in all_doc_ids
        ids = sorted({i for p in selected for i in p},
                     key=lambda i: (not i.startswith("source"), i))
    docs = {i: read_text(doc_path(data, i)) for i in ids}
    t_read = time.perf_counter() - t_start

    t0 = time.perf_counter()
    todo = selected if a.mode == "pairs" else None
    if a.semantic:
        if todo is None:
            raise SystemExit("--semantic needs --mode pairs")
        dets, flipped, parallel = run_semantic(docs, todo, settings, a.jobs, a.emb_cache)
    else:
        dets, flipped, parallel = run_alignment(docs, todo, cfg, a.jobs)
    t_align = time.perf_counter() - t0

    t0 = time.perf_counter()
    rows, all_cases, all_dets = [], [], []
    for typ in a.types:
        ps = set(pairs[typ])
        d = [x for x in dets if (x.target, x.source) in ps]
        sc = plagdet(cases[typ], d)
        rows.append({"type": typ, "pairs": len(ps), **sc.as_dict(),
                     "false_detections": sc.detections - sc.true_detections})
        all_cases += cases[typ]
        all_dets += d
    overall = plagdet(all_cases, all_dets)
    rows.append({"type": "overall", "pairs": len(selected), **overall.as_dict(),
                 "false_detections": overall.detections - overall.true_detections})
    t_score = time.perf_counter() - t0

    sel = set(selected)
    unlisted = [x for x in dets if (x.target, x.source) not in listed_anywhere]
    kinds = Counter("susp-src" if x.target.startswith("susp") and x.source.startswith("source")
                    else "susp-susp" if x.target.startswith("susp") else
                    "src-src" if x.source.startswith("source") else "src-susp" for x in unlisted)
    return {
        "benchmark": "pan13-text-alignment",
        "mode": a.mode,
        "data": str(data),
        "types": a.types,
        "limit": a.limit,
        "jobs": a.jobs,
        "parallelism": parallel,
        "documents": len(docs),
        "pairs_selected": len(selected),
        "seconds": {"read": round(t_read, 2), "align": round(t_align, 2),
                    "score": round(t_score, 2)},
        "pairs_per_second": (round(len(selected) / t_align, 1)
                             if a.mode == "pairs" and t_align else None),
        "documents_per_second": round(len(docs) / t_align, 1) if t_align else None,
        "peak_rss_mb": peak_rss_mb(),
        "detections": {
            "total": len(dets),
            "turned_around": flipped,
            "on_selected_pairs": sum((x.target, x.source) in sel for x in dets),
            "on_listed_pairs_not_selected": sum((x.target, x.source) in listed_anywhere
                                                and (x.target, x.source) not in sel for x in dets),
            "on_unlisted_pairs": len(unlisted),
            "on_unlisted_pairs_by_kind": dict(kinds),
        },
        "rows": rows,
        "settings": dataclasses.asdict(cfg),
        "semantic": dataclasses.asdict(settings.semantic) if a.semantic else None,
        "overrides": a.s,
        "commit": commit(),
        "machine": machine(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def table(res: dict) -> str:
    head = (f"{'type':28s} {'pairs':>6s} {'cases':>6s} {'dets':>6s} {'prec':>6s} "
            f"{'rec':>6s} {'gran':>6s} {'plagdet':>7s}")
    lines = [head, "-" * len(head)]
    for r in res["rows"]:
        if r["cases"] == 0:  # nothing to find: plagdet is 1 or 0, the false detections tell more
            lines.append(f"{r['type']:28s} {r['pairs']:6d} {0:6d} {r['detections']:6d} "
                         f"{'–':>6s} {'–':>6s} {'–':>6s} {'–':>7s}  "
                         f"({r['false_detections']} false)")
            continue
        lines.append(f"{r['type']:28s} {r['pairs']:6d} {r['cases']:6d} {r['detections']:6d} "
                     f"{r['precision']:6.3f} {r['recall']:6.3f} {r['granularity']:6.3f} "
                     f"{r['plagdet']:7.3f}")
    d, s, m = res["detections"], res["seconds"], res["peak_rss_mb"]
    rate = (f"{res['pairs_per_second']} pairs/s" if res["pairs_per_second"] is not None
            else f"{res['documents_per_second']} documents/s")
    lines.append(f"mode={res['mode']} documents={res['documents']} pairs={res['pairs_selected']} "
                 f"({res['parallelism']})")
    lines.append(f"wall: read {s['read']}s, align {s['align']}s ({rate}), score {s['score']}s; "
                 f"peak RSS {m['self']} MB (largest worker {m['largest_child']} MB)")
    fp = next((r["detections"] for r in res["rows"] if r["type"] == NO_PLAG), None)
    lines.append(f"detections: {d['total']} total, "
                 f"{d['on_unlisted_pairs']} on pairs the gold does not list"
                 + (f", {fp} on {NO_PLAG} pairs (false positives)" if fp is not None else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    from newstrace.errors import ConfigError
    try:
        res = run(a)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(table(res))
    if a.out:
        text = json.dumps(res, indent=2, ensure_ascii=False) + "\n"
        Path(a.out).write_text(text, encoding="utf-8")
        print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
