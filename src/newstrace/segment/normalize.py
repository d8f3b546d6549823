"""Matching normalisation that never moves offsets: tokens keep their spans."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Characters that differ only typographically map to one form before matching.
_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": "...", "\u00a0": " ", "\u0131": "i", "\u00df": "ss",
})


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Return the case-, diacritic- and typography-folded form of one token."""
    w = word.translate(_TRANSLATE).casefold()
    if w.isascii():
        return w
    decomposed = unicodedata.normalize("NFKD", w)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Cyrillic й/ё lose meaning without their marks; keep scripts whose marks are letters.
    return unicodedata.normalize("NFC", stripped) if stripped else w
