"""Sentence units for semantic alignment: sentence spans with their embedding text."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..segment import split_sentences


@dataclass
class SemDoc:
    """One document's sentence units and their unit vectors."""

    doc_id: str
    text: str
    spans: list[tuple[int, int]]     # half-open char spans of the units
    vecs: np.ndarray                 # (len(spans), dim) float32 unit vectors
    lang: str | None = None

    def unit_texts(self) -> list[str]:
        return [unit_text(self.text, b, e) for b, e in self.spans]


def unit_text(text: str, begin: int, end: int) -> str:
    """Return the text a unit is embedded as: its characters with whitespace runs collapsed."""
    return " ".join(text[begin:end].split())


def sentence_units(text: str, min_chars: int = 25) -> list[tuple[int, int]]:
    """Split text into sentence spans, trimmed, with fragments shorter than min_chars joined to the next."""
    spans = []
    for b, e in split_sentences(text):
        while b < e and text[b].isspace():
            b += 1
        while e > b and text[e - 1].isspace():
            e -= 1
        if e > b:
            spans.append((b, e))
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for b, e in spans:
        start = b if pending is None else pending
        if e - start < min_chars:
            pending = start
            continue
        out.append((start, e))
        pending = None
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], spans[-1][1])
        else:
            out.append((pending, spans[-1][1]))
    return out
