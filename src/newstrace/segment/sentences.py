"""Fast rule-based sentence splitting with character offsets.

A regex splitter rather than pysbd: pysbd manages ~0.3 MB/s, too slow for the
hot path of every document; these rules cover news prose (datelines,
abbreviations, initials, quotes closing a sentence, paragraph breaks).
"""
from __future__ import annotations

import re

_ABBREV = frozenset("""
mr mrs ms dr prof gen maj col lt capt sgt cpl adm gov sen rep rev st jr sr co corp inc ltd vs etc
jan feb mar apr jun jul aug sep sept oct nov dec no nos fig approx dept univ est mt ft u.s u.k e.g i.e
a.m p.m al
""".split())

# End punctuation, optional closing quotes/brackets, then space and a plausible sentence start.
_BOUNDARY = re.compile(
    r"""([.!?…]+["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[\w¿¡])""", re.UNICODE)
_PARA = re.compile(r"\n\s*\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (begin, end) spans of the sentences of text, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for para in _paragraphs(text):
        start = para[0]
        for m in _BOUNDARY.finditer(text, para[0], para[1]):
            cut = m.end(1)
            if _is_abbreviation(text, start, m.start(1)) or _lowercase_next(text, m.end()):
                continue
            _add(text, start, cut, spans)
            start = m.end()
        _add(text, start, para[1], spans)
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    j = dot
    while j > start and not text[j - 1].isspace() and text[j - 1] not in "(\"'“«":
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():       # initials: "John F. Kennedy"
        return True
    return word in _ABBREV or bool(re.fullmatch(r"(?:\w\.)+\w", word))


def _lowercase_next(text: str, pos: int) -> bool:
    # "e.g. the" or an ellipsis inside a quote continues the sentence.
    return pos < len(text) and text[pos].islower()


def _add(text: str, b: int, e: int, spans: list[tuple[int, int]]) -> None:
    while b < e and text[b].isspace():
        b += 1
    while e > b and text[e - 1].isspace():
        e -= 1
    if e > b:
        spans.append((b, e))


def join_short(spans: list[tuple[int, int]], too_short) -> list[tuple[int, int]]:
    """Join each span that ``too_short(start, begin, end)`` rejects to the span after it.

    ``start`` is where the pending join began, so a predicate may judge the piece
    alone (begin, end) or everything gathered so far (start, end). A short tail
    joins the last kept span.
    """
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for b, e in spans:
        start = b if pending is None else pending
        if too_short(start, b, e):
            pending = start
            continue
        out.append((start, e))
        pending = None
    if pending is not None:
        out[-1:] = [(out[-1][0], spans[-1][1])] if out else [(pending, spans[-1][1])]
    return out
