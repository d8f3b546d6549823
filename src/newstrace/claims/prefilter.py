"""Choose the sentences worth parsing: only they can hold a figure, a quotation or reported speech.

spaCy's parse is nearly all of the claims stage's cost. A sentence with no
digit, number word, quotation mark or reporting cue cannot yield a mention,
so it is blanked out (replaced by spaces, newlines kept) before parsing: every
character offset stays valid, and spaCy spends almost nothing on a run of
spaces. The sentences just before a kept one stay too, because a figure takes
its place and date from up to two preceding sentences, and so do the opening
sentences, where datelines and full names usually sit.
"""

from __future__ import annotations

import bisect
import re

from ..segment import split_sentences
from .lexicon import SPEECH_VERBS, SPEECH_WORDS
from .numbers import SCALES, SINGLE, TENS, UNITS, VAGUE
from .quotes import _quote_spans

CONTEXT_BEFORE = 2   # preceding sentences kept with each cue sentence (figure_context's window)
LEAD = 3             # opening sentences always kept


def _speech_forms() -> set[str]:
    """Return inflected forms of the reporting verbs (said, tells, confirmed, speaking …)."""
    forms = {w.lower() for w in SPEECH_WORDS}
    for v in SPEECH_VERBS:
        stem = v[:-1] if v[-1] in "ey" else v
        forms |= {v, v + "s", v + "es", v + "d", v + "ed", stem + "ed", stem + "ing", v + "ing"}
        if v.endswith("y"):
            forms |= {stem + "ied", stem + "ies"}
    forms |= {"said", "told", "wrote", "written", "spoke", "spoken", "admitted", "admitting", "putting",
              "according", "statement"}
    return forms


_NUMBER_WORDS = {w for k in (*UNITS, *TENS, *SCALES, *SINGLE, *VAGUE) for w in k.split()} - {"a", "of", "several", "few"}
_NUMBER_WORDS |= {w + "s" for w in SCALES}
_CUE_WORDS = frozenset(_NUMBER_WORDS | _speech_forms())
_WORDS = re.compile(r"\w+")
_CUE_CHARS = re.compile(r"[\d\"“”„«»‘’‹›]")


def has_cue(sentence: str) -> bool:
    """Say whether a sentence may hold a figure, a quotation, a reporting cue or a name.

    Names (a word after the first that starts upper-case) are kept because places,
    people and bodies named anywhere resolve pronouns and give figures their place.
    """
    if _CUE_CHARS.search(sentence):
        return True
    words = _WORDS.findall(sentence)
    return any(w[0].isupper() for w in words[1:]) or not _CUE_WORDS.isdisjoint(w.lower() for w in words)


def claim_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (begin, end) spans of the sentences to parse: cues, their context, the lead."""
    sents = split_sentences(text)
    keep = [False] * len(sents)
    quoted = _quoted_sentences(sents, _quote_spans(text, 1))
    for i, (b, e) in enumerate(sents):
        if i < LEAD or i in quoted or has_cue(text[b:e]):
            for j in range(max(0, i - CONTEXT_BEFORE), i + 1):
                keep[j] = True
    return [s for s, k in zip(sents, keep) if k]


def _quoted_sentences(sents: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> set[int]:
    """Return the indices of the sentences that overlap a quotation."""
    begins = [b for b, _ in sents]
    out: set[int] = set()
    for qb, qe in quotes:
        i = max(0, bisect.bisect_right(begins, qb) - 1)
        while i < len(sents) and sents[i][0] < qe:
            if qb < sents[i][1]:
                out.add(i)
            i += 1
    return out


_BLANK = re.compile(r"[^\n]")


def focus_text(text: str) -> str:
    """Return text with every sentence that cannot hold a claim blanked (same length, same offsets)."""
    spans = claim_sentences(text)
    out, pos = [], 0
    for b, e in spans:
        if b > pos:
            out.append(_BLANK.sub(" ", text[pos:b]))
        out.append(text[b:e])
        pos = e
    if pos < len(text):
        out.append(_BLANK.sub(" ", text[pos:]))
    return "".join(out)
