"""Claims benchmark: figure extraction P/R, quote-speaker accuracy, independent-source exact match.

Two sets:
- gold: ``gold/claims_gold.jsonl``, hand-labelled on the seeds and the demo corpus (offsets into
  the clean text, values, units, canonical source ids; no article text);
- generated: events told by several outlets from templates (numbers as digits, words, bounds;
  attributed, unattributed, copied), with the true figures and source counts known.

Usage: ``python benchmarks/claims.py [--out results/claims.json] [--events 60]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.engines.local import LocalEngine  # noqa: E402
from newstrace.errors import ConfigError  # noqa: E402
from newstrace.settings import Settings  # noqa: E402
from newstrace.store.store import Store  # noqa: E402

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
GOLD = Path(__file__).with_name("gold") / "claims_gold.jsonl"


def analyze(inputs: list[str], db: Path, semantic: bool = True) -> Store:
    """Run all stages into db (the semantic stage can be left off where no text is translated)."""
    settings = Settings()
    if not semantic:
        try:
            settings.set("semantic.enabled", "false")
        except ConfigError:
            pass
    store = Store(db)
    LocalEngine(store, settings, jobs=1).analyze(inputs)
    return store


def rows(store: Store, sql: str) -> list[dict[str, Any]]:
    cur = store.con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def overlap(a: list[int], b: list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_figures(pred: list[dict], gold: list[dict]) -> dict[str, Any]:
    """Return P/R of figures (span, value and unit) and attribution accuracy on matched figures."""
    used, tp, span_tp, attr_ok = set(), 0, 0, 0
    for g in gold:
        for i, p in enumerate(pred):
            if (
                i in used
                or p["doc_id"] != g["doc"]
                or not overlap([p["num_begin"], p["num_end"]], g["num"])
            ):
                continue
            used.add(i)
            span_tp += 1
            if (
                p["value_low"] == g["value_low"]
                and p["value_high"] == g["value_high"]
                and p["unit"] == g["unit"]
            ):
                tp += 1
            attr_ok += p["attributed_to"] == g["attributed_to"]
            break
    return {
        "gold": len(gold),
        "predicted": len(pred),
        "precision": _div(tp, len(pred)),
        "recall": _div(tp, len(gold)),
        "f1": _f1(tp, len(pred), len(gold)),
        "span_precision": _div(span_tp, len(pred)),
        "span_recall": _div(span_tp, len(gold)),
        "attribution_accuracy": _div(attr_ok, span_tp),
        "matched": span_tp,
    }


def score_quotes(pred: list[dict], gold: list[dict]) -> dict[str, Any]:
    """Return quote detection P/R and speaker accuracy on matched quotations."""
    used, found, ok = set(), 0, 0
    for g in gold:
        for i, p in enumerate(pred):
            if (
                i in used
                or p["doc_id"] != g["doc"]
                or not overlap([p["begin"], p["end"]], g["span"])
            ):
                continue
            used.add(i)
            found += 1
            ok += p["attributed_to"] == g["speaker"]
            break
    return {
        "gold": len(gold),
        "predicted": len(pred),
        "precision": _div(found, len(pred)),
        "recall": _div(found, len(gold)),
        "speaker_accuracy": _div(ok, found),
        "speaker_accuracy_all_gold": _div(ok, len(gold)),
    }


def score_claims(claims: list[dict], gold: list[dict]) -> dict[str, Any]:
    """Return the exact-match rate of independent_sources over gold claims (missing claims count wrong)."""
    hits, detail = 0, []
    for g in gold:
        cands = [
            c
            for c in claims
            if c["kind"] == "figure"
            and c["unit"] == g["unit"]
            and c["value_low"] == g["value_low"]
            and c["value_high"] == g["value_high"]
        ]
        best = max(cands, key=lambda c: c["mentions"], default=None)
        got = best["independent_sources"] if best else None
        hits += got == g["independent_sources"]
        detail.append(
            {
                "claim": f"{g['value_low']}-{g['value_high']} {g['unit']}",
                "gold": g["independent_sources"],
                "got": got,
                "mentions": best["mentions"] if best else 0,
            }
        )
    return {"claims": len(gold), "exact_match": _div(hits, len(gold)), "detail": detail}


def _div(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def _f1(tp: int, npred: int, ngold: int) -> float:
    p, r = _div(tp, npred), _div(tp, ngold)
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def run_gold(tmp: Path) -> dict[str, Any]:
    """Score the hand-labelled seeds and demo corpus."""
    gold = [
        json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    out = {}
    for corpus, inputs in (
        ("seeds", [str(SHARED / "seeds")]),
        ("demo", [str(ROOT / "examples" / "demo")]),
    ):
        if not Path(inputs[0]).exists():
            continue
        t0 = time.perf_counter()
        with analyze(inputs, tmp / f"{corpus}.duckdb") as store:
            secs = time.perf_counter() - t0
            figs = rows(store, "SELECT * FROM claim_mentions WHERE kind = 'figure'")
            quotes = rows(store, "SELECT * FROM claim_mentions WHERE kind = 'quote'")
            claims = rows(store, "SELECT * FROM claims")
            chars = store.con.execute("SELECT sum(length(text)) FROM documents").fetchone()[0]
        g = [x for x in gold if x["corpus"] == corpus]
        out[corpus] = {
            "figures": score_figures(figs, [x for x in g if x["kind"] == "figure"]),
            "quotes": score_quotes(quotes, [x for x in g if x["kind"] == "quote"]),
            "independent_sources": score_claims(claims, [x for x in g if x["kind"] == "claim"]),
            "analyze_seconds": round(secs, 2),
            "chars": chars,
        }
    return out


AGENCIES = [
    (
        "the Interior Ministry of Norland",
        "Norland's Interior Ministry",
        "norland/interior-ministry",
    ),
    ("the Health Ministry of Ostrava", "Ostrava's Health Ministry", "ostrava/health-ministry"),
    ("the Red Lake Observatory", "the Red Lake Observatory", "red-lake-observatory"),
    ("the Tarsk Medics Union", "the Tarsk Medics Union", "tarsk-medics-union"),
]
PLACES = ["Tarsk", "Brenmoor", "Kallis", "Ostrow", "Vigmar", "Delna", "Pirin", "Suvalo"]
SUFFIXES = ["", "ovo", "ica", "berg", "vik", "ani", "ora", "esti", "holm", "ac"]
WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
    30: "thirty",
    40: "forty",
}
TEMPLATES = [
    "{A} said {N} people were killed in the blast in {P} on Monday.",
    "{N_cap} people died in {P} on Monday, {B} said.",
    "According to {A}, {N} people were killed in {P} on Monday.",
    "A blast in {P} killed {N} people on Monday, {B} said in a statement.",
    "{N_cap} people were killed in {P} on Monday, {A} told reporters.",
]
FILLER = (
    "Rescue work went on through the night and roads into the town were closed while engineers inspected "
    "the damaged buildings. Schools in the district will stay shut for the rest of the week, officials said."
)


def _num(n: int, rng: random.Random) -> str:
    return WORDS[n] if n in WORDS and rng.random() < 0.4 else str(n)


def generate(events: int, seed: int = 7) -> tuple[list[tuple[str, str]], list[dict], list[dict]]:
    """Return (documents, gold figures, gold claims) of a generated corpus."""
    rng = random.Random(seed)
    docs, gold_figs, gold_claims = [], [], []
    for e in range(events):
        place = PLACES[e % len(PLACES)] + SUFFIXES[(e // len(PLACES)) % len(SUFFIXES)]
        a_full, a_short, a_id = rng.choice(AGENCIES)
        n = rng.choice([3, 5, 7, 9, 12, 15, 20, 30, 40, 44, 61, 87])
        outlets = rng.randint(1, 5)
        copies = rng.randint(0, 2)
        for k in range(outlets):
            num = _num(n, rng)
            text = rng.choice(TEMPLATES).format(
                A=a_full, B=a_short, N=num, N_cap=num[0].upper() + num[1:], P=place
            )
            doc_id = f"ev{e}-o{k}"
            docs.append(
                (doc_id, f"{text} {FILLER} Reported by desk {e}-{k}.")
            )  # no exact duplicates
            i = text.find(num)
            gold_figs.append(
                {
                    "doc": doc_id,
                    "num": [i, i + len(num)],
                    "value_low": float(n),
                    "value_high": float(n),
                    "unit": "people killed",
                    "attributed_to": a_id,
                }
            )
        for c in range(copies):  # unattributed verbatim copies of outlet 0's opening, longer text
            base = docs[-outlets][1]
            doc_id = f"ev{e}-copy{c}"
            docs.append(
                (
                    doc_id,
                    base.replace(f", {a_short} said", "").replace(
                        f" {a_full} said", " It emerged that"
                    ),
                )
            )
        gold_claims.append(
            {
                "unit": "people killed",
                "value_low": float(n),
                "value_high": float(n),
                "independent_sources": 1,
                "place": place,
            }
        )
        if rng.random() < 0.3:  # a second, independent body with another figure
            m = n + rng.choice([5, 10, 20])
            other = next(x for x in AGENCIES if x[2] != a_id)
            doc_id = f"ev{e}-indep"
            docs.append(
                (
                    doc_id,
                    f"At least {m} people were killed in {place} on Monday, {other[1]} said. {FILLER}",
                )
            )
            i = docs[-1][1].find(f"At least {m}")
            gold_figs.append(
                {
                    "doc": doc_id,
                    "num": [i, i + len(f"At least {m}")],
                    "value_low": float(m),
                    "value_high": None,
                    "unit": "people killed",
                    "attributed_to": other[2],
                }
            )
            gold_claims.append(
                {
                    "unit": "people killed",
                    "value_low": float(m),
                    "value_high": None,
                    "independent_sources": 1,
                    "place": place,
                }
            )
    return docs, gold_figs, gold_claims


def run_generated(tmp: Path, events: int) -> dict[str, Any]:
    """Score the generated corpus (figures of the attributed outlets; one claim per event and body)."""
    docs, gold_figs, gold_claims = generate(events)
    path = tmp / "generated.jsonl"
    path.write_text(
        "".join(json.dumps({"id": d, "text": t}) + "\n" for d, t in docs), encoding="utf-8"
    )
    t0 = time.perf_counter()
    with analyze([str(path)], tmp / "generated.duckdb", semantic=False) as store:
        secs = time.perf_counter() - t0
        figs = rows(store, "SELECT * FROM claim_mentions WHERE kind = 'figure'")
        claims = rows(
            store,
            "SELECT c.*, (SELECT min(place) FROM claim_mentions m WHERE m.claim_id = c.claim_id) "
            "AS any_place FROM claims c",
        )
    attributed_docs = {g["doc"] for g in gold_figs}
    figs_scored = [f for f in figs if f["doc_id"] in attributed_docs]
    hits, detail = 0, []
    for g in gold_claims:
        cands = [
            c
            for c in claims
            if c["unit"] == g["unit"]
            and c["value_low"] == g["value_low"]
            and c["value_high"] == g["value_high"]
            and (c["place"] or "").lower() == g["place"].lower()
        ]
        got = cands[0]["independent_sources"] if len(cands) == 1 else None
        hits += got == g["independent_sources"]
        if got != g["independent_sources"]:
            detail.append(
                {
                    "claim": f"{g['value_low']} {g['unit']} {g['place']}",
                    "got": got,
                    "candidates": len(cands),
                }
            )
    from newstrace.claims.stage import extract_rows

    extract_rows([("warm", "Warm up the model: 3 people were killed.", "en")])
    t0 = time.perf_counter()
    mentions, _ = extract_rows([(d, t, "en") for d, t in docs])
    ext = time.perf_counter() - t0
    chars = sum(len(t) for _, t in docs)
    return {
        "documents": len(docs),
        "figures": score_figures(figs_scored, gold_figs),
        "extract_seconds": round(ext, 2),
        "docs_per_second": round(len(docs) / ext, 1),
        "chars_per_second": round(chars / ext),
        "independent_sources": {
            "claims": len(gold_claims),
            "exact_match": _div(hits, len(gold_claims)),
            "misses": detail[:10],
        },
        "analyze_seconds": round(secs, 2),
    }


def run_grouping(n_mentions: int, seed: int = 3) -> dict[str, Any]:
    """Time regrouping n synthetic mentions (the work every claims run does over the whole store)."""
    from newstrace.claims.corroboration import group_claims

    rng = random.Random(seed)
    units = [
        "people killed",
        "people wounded",
        "soldiers killed",
        "strikes",
        "civilians killed",
        "trucks",
    ]
    ms = []
    for _ in range(n_mentions):
        ev = rng.randrange(n_mentions // 20)
        ms.append(
            {
                "doc_id": f"d{rng.randrange(n_mentions // 4)}",
                "kind": "figure",
                "unit": rng.choice(units),
                "value_low": float(rng.choice([5, 12, 40, 62, 80, 100]) + ev % 7),
                "value_high": None if rng.random() < 0.2 else 0.0,
                "qualifier": "exact",
                "attributed_to": f"body-{rng.randrange(200)}" if rng.random() < 0.7 else None,
                "attributed_label": "Body",
                "place_key": f"place{ev % 500}",
                "place": f"Place {ev % 500}",
                "date": None,
            }
        )
    for m in ms:
        if m["value_high"] == 0.0:
            m["value_high"] = m["value_low"]
    links = [
        (f"d{rng.randrange(n_mentions // 4)}", f"d{rng.randrange(n_mentions // 4)}")
        for _ in range(n_mentions // 10)
    ]
    t0 = time.perf_counter()
    claims = group_claims(ms, links)
    secs = time.perf_counter() - t0
    return {
        "mentions": n_mentions,
        "claims": len(claims),
        "seconds": round(secs, 2),
        "mentions_per_second": round(n_mentions / secs),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).with_name("results") / "claims.json"))
    ap.add_argument("--events", type=int, default=60)
    ap.add_argument(
        "--group-mentions",
        type=int,
        default=200_000,
        help="synthetic mentions for the grouping timing",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        res = {
            "gold": run_gold(tmp),
            "generated": run_generated(tmp, args.events),
            "grouping": run_grouping(args.group_mentions),
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
            },
        }
    Path(args.out).write_text(json.dumps(res, indent=2), encoding="utf-8")
    print_table(res)


def print_table(res: dict[str, Any]) -> None:
    """Print the BENCHMARKS.md table."""
    print(
        "| set | figures P | figures R | F1 | attribution acc. | quotes P/R | speaker acc. | independent_sources exact |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in res["gold"].items():
        f, q, c = r["figures"], r["quotes"], r["independent_sources"]
        print(
            f"| {name} (gold) | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | "
            f"{f['attribution_accuracy']:.3f} | {q['precision']:.2f}/{q['recall']:.2f} | {q['speaker_accuracy']:.3f} | "
            f"{c['exact_match']:.3f} ({c['claims']}) |"
        )
    g = res["generated"]
    f = g["figures"]
    print(
        f"| generated ({g['documents']} docs) | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | "
        f"{f['attribution_accuracy']:.3f} | – | – | {g['independent_sources']['exact_match']:.3f} "
        f"({g['independent_sources']['claims']}) |"
    )
    print(
        f"\nextraction: {g['docs_per_second']} documents/s, {g['chars_per_second']:,} characters/s "
        f"({g['documents']} documents, spaCy parse + rules, one process)"
    )
    gr = res["grouping"]
    print(
        f"grouping: {gr['mentions']:,} mentions into {gr['claims']:,} claims in {gr['seconds']} s "
        f"({gr['mentions_per_second']:,} mentions/s)"
    )


if __name__ == "__main__":
    main()
