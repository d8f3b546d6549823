"""PAN13 text-alignment benchmark: plagdet per obfuscation type, pairs or all-pairs mode.

    python benchmarks/pan13.py                       # pairs mode, all types
    python benchmarks/pan13.py --mode all            # no pair list: candidates found by newstrace
    python benchmarks/pan13.py --limit 200 -s align.max_gap=5

Offsets in the gold XML are character (code point) offsets into the UTF-8
decoded files, which is what newstrace reports. PAN's minimum case length is
150 characters, so the runner sets align.min_chars=150 unless -s says otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plagdet import Span, plagdet  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation",
         "04-translation-obfuscation", "05-summary-obfuscation"]
FEATURE = re.compile(r"<feature[^>]*name=\"plagiarism\"[^>]*/>")


def gold_cases(data: Path, typ: str, t: str, s: str) -> list[Span]:
    xml = (data / typ / f"{t}-{s}.xml").read_text(encoding="utf-8")
    out = []
    for f in FEATURE.findall(xml):
        g = {k: int(v) for k, v in re.findall(r'(\w+_(?:offset|length))="(\d+)"', f)}
        out.append(Span(t, g["this_offset"], g["this_offset"] + g["this_length"],
                        s, g["source_offset"], g["source_offset"] + g["source_length"]))
    return out


def load(data: Path, types: list[str], limit: int | None):
    pairs = {typ: [tuple(x[:-4] for x in ln.split()) for ln in open(data / typ / "pairs") if ln.strip()][:limit]
             for typ in types}
    docs = {}
    for typ_pairs in pairs.values():
        for t, s in typ_pairs:
            docs.setdefault(t, (data / "susp" / f"{t}.txt").read_text(encoding="utf-8"))
            docs.setdefault(s, (data / "src" / f"{s}.txt").read_text(encoding="utf-8"))
    return docs, pairs


def all_docs(data: Path) -> dict[str, str]:
    """Read every document, sources first: input order stands in for time when dates are missing."""
    return {p.stem: p.read_text(encoding="utf-8") for sub in ("src", "susp") for p in sorted((data / sub).glob("*.txt"))}


def oriented(p) -> Span:
    """Flip a passage so the suspicious document is the target, as in the gold."""
    if p.target_id.startswith("source") and p.source_id.startswith("suspicious"):
        return Span(p.source_id, p.source_begin, p.source_end, p.target_id, p.target_begin, p.target_end)
    return Span(p.target_id, p.target_begin, p.target_end, p.source_id, p.source_begin, p.source_end)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "pan13-train"))
    ap.add_argument("--types", default=",".join(TYPES))
    ap.add_argument("--limit", type=int, default=None, help="pairs per type")
    ap.add_argument("--mode", choices=["pairs", "all"], default="pairs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=None)
    ap.add_argument("-s", action="append", default=[], metavar="SECTION.NAME=VALUE")
    a = ap.parse_args()
    from newstrace.align.api import align_documents
    from newstrace.settings import Settings
    overrides = (["align.min_chars=150"] if not any(x.startswith("align.min_chars") for x in a.s) else []) + a.s
    cfg = Settings.load(overrides=overrides).align
    data, types = Path(a.data), a.types.split(",")
    docs, pairs = load(data, types, a.limit)
    t0 = time.perf_counter()
    if a.mode == "pairs":
        todo = sorted({p for ps in pairs.values() for p in ps})
        dets = [oriented(p) for p in align_documents(docs, todo, cfg, jobs=a.jobs)]
    else:
        docs = all_docs(data)
        dets = [oriented(p) for p in align_documents(docs, None, cfg, jobs=a.jobs)]
    wall = time.perf_counter() - t0
    rows, all_cases, all_dets = [], [], []
    listed: set[tuple[str, str]] = set()
    for typ in types:
        ps = set(pairs[typ])
        listed |= ps
        cases = [c for t, s in pairs[typ] for c in gold_cases(data, typ, t, s)]
        d = [x for x in dets if (x.target, x.source) in ps]
        sc = plagdet(cases, d)
        rows.append({"type": typ, "pairs": len(ps), **sc.as_dict()})
        all_cases += cases
        all_dets += d
    overall = plagdet(all_cases, all_dets)
    rows.append({"type": "overall", "pairs": len(listed), **overall.as_dict()})
    unlisted = sum((x.target, x.source) not in listed for x in dets)
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"{'type':28s} {'pairs':>6s} {'cases':>6s} {'dets':>6s} {'prec':>6s} {'rec':>6s} {'gran':>6s} {'plagdet':>7s}")
    for r in rows:
        print(f"{r['type']:28s} {r['pairs']:6d} {r['cases']:6d} {r['detections']:6d} {r['precision']:6.3f} "
              f"{r['recall']:6.3f} {r['granularity']:6.3f} {r['plagdet']:7.3f}")
    print(f"mode={a.mode} documents={len(docs)} wall={wall:.1f}s peak_rss={peak // 1024} MB "
          f"detections on unlisted pairs={unlisted}")
    if a.out:
        Path(a.out).write_text(json.dumps({
            "mode": a.mode, "documents": len(docs), "seconds": round(wall, 1), "peak_rss_mb": peak // 1024,
            "unlisted_detections": unlisted, "rows": rows, "settings": cfg.__dict__,
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()},
        }, indent=2))


if __name__ == "__main__":
    main()
