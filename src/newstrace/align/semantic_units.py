"""Sentence units for semantic alignment: sentence spans with their embedding text."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..segment import join_short, split_sentences


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
    """Split text into sentence spans (already trimmed), fragments shorter than min_chars joined to the next."""
    return join_short(split_sentences(text), lambda start, b, e: e - start < min_chars)
