"""Write a ~10,000-document corpus of real English text: every PAN13 training document cut in two.

    python benchmarks/pan13_halves.py /tmp/pan13-halves.jsonl [--data ../shared/data/pan13-train]

Each source and suspicious document of the PAN13 text-alignment training corpus is
split at the sentence boundary nearest its middle (documents under four sentences
stay whole), giving 10,008 news-article-sized documents (~3 KB) that keep PAN13's
planted reuse. Used by ``semantic_share.py`` where a generated pseudo-word corpus
would mislead (the embedder sees all pseudo-word sentences as alike).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def halves(text: str) -> list[str]:
    """Return the text cut at the sentence start nearest its middle (whole if short)."""
    from newstrace.segment import split_sentences
    sents = split_sentences(text)
    if len(sents) < 4:
        return [text]
    mid = sents[len(sents) // 2][0]
    return [text[:mid], text[mid:]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "pan13-train"))
    a = ap.parse_args(argv)
    n = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for sub in ("src", "susp"):
            for f in sorted(Path(a.data, sub).glob("*.txt")):
                text = f.read_text(encoding="utf-8", errors="replace")
                for i, part in enumerate(halves(text)):
                    if part.strip():
                        out.write(json.dumps({"id": f"{f.stem}-{i}", "text": part, "language": "en"}) + "\n")
                        n += 1
    print(f"{n} documents -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
