"""Direct quotations and their speakers, found with rules over the clean text.

A quotation is text between paired quote marks (" ", “ ”, « », „ “, and straight
single quotes around a sentence) of at least ``min_words`` words. Its speaker comes
from the attribution clause after it ("…," the ministry said / said Marta Lind) or
before it (the ministry said: "…" / Putin said Washington « … »); a quotation without
one continues the previous quotation when only a short attribution separates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import SPEECH_WORDS

_PAIRS = [
    re.compile(r"“([^”“]{1,3000})”"),
    re.compile(r"«([^»«]{1,3000})»"),
    re.compile(r"„([^“”„]{1,3000})[“”]"),
    re.compile(r'"([^"]{1,3000})"'),
    re.compile(r"(?<![\w'])'(?=[A-Z])([^'\n]{10,600}?[\w.,!?])'(?![\w])"),
]
_VERBS = "|".join(SPEECH_WORDS)
_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,.;:—–-]*(?:{_VERBS})\s+(?P<spk>[^,;:\n«»“”\"]{{1,80}}?)"
    rf"(?=\s*(?:[,;:\n]|\.\s|\.$|$|\s(?:in|on|at|during|after|before|when|as|adding|commenting|told)\b))"
)
_AFTER_SPEAKER_FIRST = re.compile(
    rf"^[\s,.;:—–-]*(?P<spk>[^,;:\n«»“”\"!?]{{1,80}}?)\s+(?:{_VERBS})\b"
)
_BEFORE = re.compile(
    rf"(?:^|[.!?\n»”\"—–]\s*)(?P<spk>[^.!?\n«»“”\"—–]{{1,80}}?)\s+(?:{_VERBS})\b[^.!?\n«»“”\"]{{0,80}}$"
)
_NOT_SPEAKER = re.compile(r"\b(?:and|but|which|who|that|if|when|while|because)\b", re.I)


@dataclass
class Quote:
    """A direct quotation: the quoted text's span and the raw speaker phrase's span."""

    begin: int  # span of the quoted words, without the quote marks
    end: int
    speaker_begin: int | None = None
    speaker_end: int | None = None
    inherited: bool = False  # speaker taken from the previous quotation

    def speaker_text(self, text: str) -> str | None:
        if self.speaker_begin is None or self.speaker_end is None:
            return None
        return text[self.speaker_begin : self.speaker_end]


def find_quotes(text: str, min_words: int = 4) -> list[Quote]:
    """Return the direct quotations of text, in order, each with its speaker span if found."""
    spans = _quote_spans(text, min_words)
    quotes = [Quote(b, e) for b, e in spans]
    for q in quotes:
        _attach_speaker(text, q)
    _inherit(text, quotes)
    return quotes


def _quote_spans(text: str, min_words: int) -> list[tuple[int, int]]:
    """Return non-overlapping (begin, end) spans of quoted text, earliest first."""
    found: list[tuple[int, int]] = []
    for pattern in _PAIRS:
        for m in pattern.finditer(text):
            b, e = m.start(1), m.end(1)
            inner = text[b:e].strip()
            if len(inner.split()) < min_words:
                continue
            if any(b < fe and fb < e for fb, fe in found):
                continue
            lead = len(text[b:e]) - len(text[b:e].lstrip())
            trail = len(text[b:e]) - len(text[b:e].rstrip())
            found.append((b + lead, e - trail))
    return sorted(found)


def _attach_speaker(text: str, q: Quote) -> None:
    """Find the speaker phrase after the quotation, else before it."""
    close = q.end + 1 if q.end < len(text) and text[q.end] in "\"”»'“ " else q.end
    while close < len(text) and text[close] in "\"”»' ":
        close += 1
    after = text[close : close + 160]
    last = text[q.begin : q.end].rstrip()[-1:]
    if text[close - 1 : close + 1].strip().startswith(",") or text[close : close + 1] == ",":
        last = ","  # 'upstairs', said Marta Lind: the comma outside the marks
    if last not in ",?!—–-…":
        after = ""  # a full stop ends the sentence: what follows is new
    elif last != ",":
        after = after.split("\n", 1)[0]
    for pattern in (_AFTER_VERB_FIRST, _AFTER_SPEAKER_FIRST):
        m = pattern.match(after)
        if m and _plausible(m.group("spk")):
            s = close + m.start("spk")
            q.speaker_begin, q.speaker_end = _trim(text, s, close + m.end("spk"))
            return
    start = max(0, q.begin - 200)
    before = text[start : q.begin].rstrip().rstrip("\"“«„'").rstrip()
    m = _BEFORE.search(before)
    if m and _plausible(m.group("spk")):
        q.speaker_begin, q.speaker_end = _trim(text, start + m.start("spk"), start + m.end("spk"))


def _plausible(phrase: str) -> bool:
    """Return whether a phrase can name a speaker (short, no clause words)."""
    words = phrase.split()
    return 0 < len(words) <= 9 and not _NOT_SPEAKER.search(phrase)


def _trim(text: str, b: int, e: int) -> tuple[int, int]:
    """Trim spaces and punctuation off a span."""
    while b < e and not text[b].isalnum():
        b += 1
    while e > b and not (text[e - 1].isalnum() or text[e - 1] == "."):
        e -= 1
    return b, e


def _inherit(text: str, quotes: list[Quote], max_gap: int = 120) -> None:
    """Give a speakerless quotation the speaker of the one just before it, if close."""
    for prev, q in zip(quotes, quotes[1:]):
        if q.speaker_begin is not None or prev.speaker_begin is None:
            continue
        gap_start = max(prev.end, prev.speaker_end or 0)
        if q.begin - gap_start <= max_gap or q.begin - prev.end <= max_gap:
            q.speaker_begin, q.speaker_end, q.inherited = prev.speaker_begin, prev.speaker_end, True
