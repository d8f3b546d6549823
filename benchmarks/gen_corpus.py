"""Generate a synthetic news-like corpus with planted reuse, for scaling benchmarks.

Words follow a Zipf law over a pseudo-vocabulary; sentences are 8–28 words;
articles are 12–40 sentences in paragraphs. A share of articles copies one to
three passages of 2–6 sentences from an earlier article, verbatim or with 10 %
of words substituted. The ground truth (which document copied which) is
written beside the corpus.

    python benchmarks/gen_corpus.py 10000 out/synth10k.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import string


def vocabulary(rng: random.Random, n: int) -> list[str]:
    """Return n distinct pronounceable pseudo-words."""
    cons, vows = "bcdfghklmnprstvz", "aeiou"
    words: set[str] = set()
    while len(words) < n:
        k = rng.choice((1, 2, 2, 3, 3, 4))
        words.add("".join(rng.choice(cons) + rng.choice(vows) for _ in range(k)))
    out = sorted(words)
    rng.shuffle(out)
    return out


class Writer:
    def __init__(self, seed: int, vocab_size: int = 30000):
        self.rng = random.Random(seed)
        self.vocab = vocabulary(self.rng, vocab_size)
        self.cum: list[float] = []
        total = 0.0
        for r in range(vocab_size):
            total += 1 / (r + 1) ** 1.05
            self.cum.append(total)

    def sentence(self) -> str:
        words = self.rng.choices(self.vocab, cum_weights=self.cum, k=self.rng.randint(8, 28))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def edit(self, sent: str, rate: float) -> str:
        words = sent[:-1].split()
        for i in range(len(words)):
            if self.rng.random() < rate:
                words[i] = self.rng.choices(self.vocab, cum_weights=self.cum)[0]
        return " ".join(words) + "."


def generate(n: int, seed: int = 7, reuse_share: float = 0.3):
    w = Writer(seed)
    docs: list[list[str]] = []
    truth = []
    for i in range(n):
        sents = [w.sentence() for _ in range(w.rng.randint(12, 40))]
        if i > 10 and w.rng.random() < reuse_share:
            for _ in range(w.rng.randint(1, 3)):
                j = w.rng.randrange(max(0, i - 5000), i)
                src = docs[j]
                a = w.rng.randrange(0, max(1, len(src) - 6))
                k = w.rng.randint(2, 6)
                rate = w.rng.choice((0.0, 0.1))
                piece = [w.edit(s, rate) if rate else s for s in src[a:a + k]]
                at = w.rng.randrange(0, len(sents))
                sents[at:at] = piece
                truth.append({"target": f"d{i}", "source": f"d{j}", "sentences": k, "edit_rate": rate})
        docs.append(sents)
    return docs, truth


def to_text(sents: list[str], rng: random.Random) -> str:
    paras, cur = [], []
    for s in sents:
        cur.append(s)
        if len(cur) >= rng.randint(2, 5):
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    docs, truth = generate(a.n, a.seed)
    rng = random.Random(a.seed + 1)
    with open(a.out, "w", encoding="utf-8") as f:
        for i, sents in enumerate(docs):
            day = 1 + (i * 28) // max(1, a.n)
            f.write(json.dumps({"id": f"d{i}", "text": to_text(sents, rng), "date": f"2025-02-{day:02d}",
                                "outlet": "outlet" + rng.choice(string.ascii_uppercase[:12])}) + "\n")
    with open(a.out + ".truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f)


if __name__ == "__main__":
    main()
