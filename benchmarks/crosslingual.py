"""Cross-lingual recall: translated stories (de/fr/es/ru) aligned against their English originals.

    python benchmarks/crosslingual.py [--out benchmarks/results/crosslingual.json] [-s semantic.seed_sim=0.6]

benchmarks/data/crosslingual.json holds four five-sentence stories written for
newstrace, with our own translations. Every translated story is paired with
every English story: the matching pair should give one 'translation' passage
(sentence recall = share of the five sentence pairs in its sentence alignment,
char recall = share of both texts covered); the other pairs should give none.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "crosslingual.json"


def run(overrides: list[str]) -> dict:
    from newstrace.align.semantic_api import SemanticAligner
    from newstrace.settings import Settings

    cfg = Settings.load(overrides=overrides).semantic
    data = json.loads(DATA.read_text(encoding="utf-8"))
    langs = [k for k in data if k not in ("note", "en")]
    docs, lang_of, starts = {}, {}, {}
    for lang in ["en"] + langs:
        for k, story in enumerate(data[lang]):
            doc_id = f"{lang}-{k}"
            docs[doc_id], lang_of[doc_id] = " ".join(story), lang
            pos, offs = 0, []
            for sent in story:
                offs.append((pos, pos + len(sent)))
                pos += len(sent) + 1
            starts[doc_id] = offs
    pairs = [(f"{lang}-{k}", f"en-{j}") for lang in langs for k in range(len(data[lang]))
             for j in range(len(data["en"]))]
    t0 = time.perf_counter()
    al = SemanticAligner(cfg)
    al.prefetch((i, docs[i], lang_of[i]) for i in docs)
    found = {(t, s): al.align_pair(al.doc(t, docs[t], lang_of[t]), al.doc(s, docs[s], lang_of[s]), [])[0]
             for t, s in pairs}
    secs = time.perf_counter() - t0
    rows = {}
    for lang in langs:
        sent_hit = sent_all = char_hit = char_all = false = kinds_ok = 0
        for t, s in (p for p in pairs if p[0].startswith(lang)):
            combined = found[(t, s)]
            ps = [c.passage for c in combined]
            if t.split("-")[1] != s.split("-")[1]:
                false += len(ps)
                continue
            kinds_ok += all(p.kind == "translation" for p in ps) and bool(ps)
            covered_t = sum(min(e, max(p.target_end for p in ps)) - max(b, min(p.target_begin for p in ps))
                            for b, e in starts[t]) if ps else 0
            covered_s = sum(min(e, max(p.source_end for p in ps)) - max(b, min(p.source_begin for p in ps))
                            for b, e in starts[s]) if ps else 0
            char_hit += max(covered_t, 0) + max(covered_s, 0)
            char_all += len(docs[t]) + len(docs[s])
            sents = _sentence_pairs(combined, starts[t], starts[s])
            sent_hit += sum(1 for i in range(len(starts[t])) if (i, i) in sents)
            sent_all += len(starts[t])
        rows[lang] = {"sentence_recall": round(sent_hit / sent_all, 3),
                      "char_recall": round(char_hit / char_all, 3),
                      "stories_found_as_translation": kinds_ok, "stories": len(data[lang]),
                      "false_passages": false}
    return {"benchmark": "crosslingual", "model": cfg.model, "rows": rows,
            "seconds": round(secs, 2), "overrides": overrides}


def _sentence_pairs(combined, t_offs, s_offs) -> set[tuple[int, int]]:
    """Return (target sentence, source sentence) index pairs named by the passages' sentence alignments."""
    out = set()
    for c in combined:
        for tb, te, sb, se, _ in c.sentences or []:
            ti = {i for i, (b, e) in enumerate(t_offs) if b < te and tb < e}
            si = {i for i, (b, e) in enumerate(s_offs) if b < se and sb < e}
            out |= {(a, b) for a in ti for b in si}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=None)
    ap.add_argument("-s", action="append", default=[], metavar="SECTION.NAME=VALUE")
    a = ap.parse_args(argv)
    res = run(a.s)
    for lang, r in res["rows"].items():
        print(f"{lang}->en  sentence recall {r['sentence_recall']:.3f}  char recall {r['char_recall']:.3f}  "
              f"found as translation {r['stories_found_as_translation']}/{r['stories']}  "
              f"false passages {r['false_passages']}")
    print(f"{res['seconds']} s, model {res['model']}")
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
