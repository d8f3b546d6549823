"""Word-level differences and sentence-level similarity between the two sides of a passage."""
from __future__ import annotations

import math
from collections import Counter
from difflib import SequenceMatcher
from typing import Any

from ..segment import split_sentences
from ..segment.tokens import token_arrays

MAX_DIFF_WORDS = 5_000


def word_diff(source: str, target: str) -> dict[str, list[dict[str, str]]]:
    """Return both texts cut into runs marked equal / changed by a word-level diff.

    Each side is a list of ``{"text", "op"}`` with op ``equal``, ``delete`` (only in
    the source), ``insert`` (only in the target) or ``replace``; concatenating a side's
    runs gives back its text exactly.
    """
    sb, se, sn = token_arrays(source)
    tb, te, tn = token_arrays(target)
    if len(sn) > MAX_DIFF_WORDS or len(tn) > MAX_DIFF_WORDS:
        return {"source": [{"text": source, "op": "equal"}], "target": [{"text": target, "op": "equal"}],
                "truncated": True}
    src: list[dict[str, str]] = []
    tgt: list[dict[str, str]] = []
    spos = tpos = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, sn, tn, autojunk=False).get_opcodes():
        spos = _emit(src, source, spos, sb, se, i1, i2, "equal" if op == "equal" else
                     ("delete" if op == "delete" else "replace"))
        tpos = _emit(tgt, target, tpos, tb, te, j1, j2, "equal" if op == "equal" else
                     ("insert" if op == "insert" else "replace"))
    _tail(src, source, spos)
    _tail(tgt, target, tpos)
    return {"source": _merge(src), "target": _merge(tgt), "truncated": False}


def _emit(out: list[dict[str, str]], text: str, pos: int, begins: list[int], ends: list[int],
          i: int, j: int, op: str) -> int:
    """Append the text between pos and the words i..j (marked op); return the new position."""
    if i >= j:
        return pos
    if begins[i] > pos:
        out.append({"text": text[pos:begins[i]], "op": "equal"})
    out.append({"text": text[begins[i]:ends[j - 1]], "op": op})
    return ends[j - 1]


def _tail(out: list[dict[str, str]], text: str, pos: int) -> None:
    if pos < len(text):
        out.append({"text": text[pos:], "op": "equal"})


def _merge(runs: list[dict[str, str]]) -> list[dict[str, str]]:
    """Join neighbouring runs with the same op."""
    out: list[dict[str, str]] = []
    for r in runs:
        if out and out[-1]["op"] == r["op"]:
            out[-1] = {"text": out[-1]["text"] + r["text"], "op": r["op"]}
        elif r["text"]:
            out.append(r)
    return out


def _vector(text: str) -> Counter:
    return Counter(token_arrays(text)[2])


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    na, nb = math.sqrt(sum(v * v for v in a.values())), math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def sentence_pairs(source: str, target: str, stored: list[list[float]] | None = None,
                   source_offset: int = 0, target_offset: int = 0) -> dict[str, Any]:
    """Return the sentences of a passage's two sides paired, each pair with a similarity.

    ``stored`` holds the semantic stage's alignments ``[sb, se, tb, te, sim]`` in
    document offsets when present; otherwise each target sentence is paired with the
    most similar source sentence by word cosine (basis ``lexical``).
    """
    if stored:
        rows = []
        for sb, se, tb, te, sim in (tuple(x)[:5] for x in stored):
            rows.append({"source": source[int(sb) - source_offset:int(se) - source_offset],
                         "target": target[int(tb) - target_offset:int(te) - target_offset],
                         "similarity": float(sim)})
        return {"basis": "semantic", "pairs": rows}
    ss = [source[b:e] for b, e in split_sentences(source)] or [source]
    ts = [target[b:e] for b, e in split_sentences(target)] or [target]
    svec = [_vector(s) for s in ss]
    rows = []
    for t in ts:
        tv = _vector(t)
        sims = [_cosine(tv, sv) for sv in svec]
        best = max(range(len(ss)), key=sims.__getitem__)
        rows.append({"source": ss[best], "target": t, "similarity": round(sims[best], 3)})
    return {"basis": "lexical", "pairs": rows}
