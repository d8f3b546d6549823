"""A per-process table of word forms: fold, stop word, stem and hashes, once per form.

Preparing a document for matching used to fold, judge, stem and hash every
token through Python calls and dictionary caches, a dozen calls per token.
Here each distinct surface form ("Ministry", "ministry", "1,000") is worked
out once per process and gets a row; a document becomes an array of rows, and
its stems, shingles and n-gram hashes are array lookups. The values are the
same as the token-at-a-time path's (tests compare both).
"""
from __future__ import annotations

import hashlib

import numpy as np

from .normalize import fold
from .tokens import _stemmer, content_mask

_MASK = (1 << 63) - 1


def stable_hash(word: str) -> int:
    """Return the 64-bit hash of a word that every process and machine agrees on."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little")


def roll(ids: np.ndarray, n: int) -> np.ndarray:
    """Hash every run of n consecutive word hashes (uint64) into 63 bits (int64)."""
    if len(ids) < n:
        return np.zeros(0, dtype=np.int64)
    m = len(ids) - n + 1
    h = np.zeros(m, dtype=np.uint64)
    mult = np.uint64(1099511628211)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * mult + ids[k:m + k]
    return (h & np.uint64(_MASK)).astype(np.int64)


class Lexicon:
    """The word forms of one language met so far in this process, one row each.

    Per row: the stable hash of the folded form (exact-match n-grams), whether
    it is a content word (not a stop word, not a single letter), and for content
    words the stable hash of the Snowball stem (shingles, sentence vectors) and a
    small stem number. The table starts again when it holds ``MAX_FORMS`` forms.
    """

    MAX_FORMS = 600_000

    def __init__(self, lang: str):
        self.lang = lang
        self._stemmer = _stemmer(lang)
        self.clear()

    def clear(self) -> None:
        self.rows: dict[str, int] = {}
        self._stem_ids: dict[str, int] = {}
        self.norm_hash = np.zeros(1024, dtype=np.uint64)
        self.stem_hash = np.zeros(1024, dtype=np.uint64)
        self.stem_id = np.full(1024, -1, dtype=np.int64)
        self.content = np.zeros(1024, dtype=bool)

    def __len__(self) -> int:
        return len(self.rows)

    def lookup(self, forms: list[str]) -> np.ndarray:
        """Return the row of each surface form (int64), adding the forms not seen yet."""
        if len(self.rows) > self.MAX_FORMS:
            self.clear()
        rows = list(map(self.rows.get, forms))
        if None in rows:
            self._add({f for f, r in zip(forms, rows) if r is None})
            rows = list(map(self.rows.__getitem__, forms))
        return np.fromiter(rows, dtype=np.int64, count=len(rows))

    def _add(self, forms: set[str]) -> None:
        start = len(self.rows)
        new = list(forms)
        self._reserve(start + len(new))
        norms = [fold(f) for f in new]
        content = content_mask(norms, self.lang)
        words = [n for n, c in zip(norms, content) if c]
        stem_of = dict(zip(words, self._stemmer.stemWords(words)))
        hashes: dict[str, int] = {}
        sids = self._stem_ids
        for i, (form, norm, c) in enumerate(zip(new, norms, content)):
            row = start + i
            h = hashes.get(norm)
            if h is None:
                h = hashes[norm] = stable_hash(norm)
            self.norm_hash[row] = h
            if c:
                stem = stem_of[norm]
                sh = hashes.get(stem)
                if sh is None:
                    sh = hashes[stem] = stable_hash(stem)
                self.content[row] = True
                self.stem_hash[row] = sh
                self.stem_id[row] = sids.setdefault(stem, len(sids))
            self.rows[form] = row

    def _reserve(self, n: int) -> None:
        cap = len(self.norm_hash)
        if n <= cap:
            return
        cap = max(n, 2 * cap)
        for name, fill in (("norm_hash", 0), ("stem_hash", 0), ("stem_id", -1), ("content", False)):
            old = getattr(self, name)
            grown = np.full(cap, fill, dtype=old.dtype)
            grown[:len(old)] = old
            setattr(self, name, grown)


_LEXICONS: dict[str, Lexicon] = {}


def lexicon(lang: str | None) -> Lexicon:
    """Return this process's table for a language (English rules for unknown languages)."""
    key = lang or "en"
    lex = _LEXICONS.get(key)
    if lex is None:
        lex = _LEXICONS[key] = Lexicon(key)
    return lex
