"""Word tokens with character offsets, and the content-word stems used for matching."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import Stemmer

from .normalize import fold
from .stopwords import STOPWORDS

# A word is a run of letters/digits, allowing inner apostrophes, dots in numbers
# ("3.5", "1,000"); hyphens split ("US-led" matches "US led"). word_spans below
# finds exactly these matches with array operations (the hot path).
WORD_RE = re.compile(r"\w+(?:[’'.,]\w+)*", re.UNICODE)

# the characters WORD_RE joins between two word characters: "3.5", "1,000", "don't"
JOINERS = "’'.,"


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Return, for every code point, whether ``\\w`` matches it and whether it is a joiner."""
    every = "".join(map(chr, range(0x110000)))
    marked = re.sub(r"\w", "\x01", every)   # \w decides per character, so this is exact
    word = np.frombuffer(marked.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 1
    word[1] = False                          # U+0001 itself is not a word character
    joiner = np.zeros(0x110000, dtype=bool)
    joiner[[ord(c) for c in JOINERS]] = True
    return word, joiner


def word_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Return begin and end offsets (int64, end exclusive) of the ``WORD_RE`` tokens of text.

    A token is a run of word characters, with single joiners between two word
    characters kept inside it: exactly ``WORD_RE.finditer``'s matches, found with
    array operations instead of one Python object per match.
    """
    if not text:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    word, joiner = _tables()
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    w = word[cp]
    inside = w.copy()
    if len(cp) > 2:
        inside[1:-1] |= joiner[cp[1:-1]] & w[:-2] & w[2:]
    edges = np.diff(inside.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


_STEMMER_LANGS = {
    "en": "english", "fr": "french", "de": "german", "es": "spanish", "ru": "russian",
    "it": "italian", "pt": "portuguese", "nl": "dutch", "sv": "swedish", "no": "norwegian",
    "da": "danish", "fi": "finnish", "hu": "hungarian", "ro": "romanian", "tr": "turkish",
    "ar": "arabic",
}


@dataclass(frozen=True)
class Token:
    begin: int
    end: int
    norm: str        # folded surface form


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with half-open character offsets."""
    return [Token(b, e, n) for b, e, n in zip(*token_arrays(text))]


def token_arrays(text: str) -> tuple[list[int], list[int], list[str]]:
    """Return begins, ends and folded forms of the word tokens (the fast path)."""
    b, e = word_spans(text)
    begins, ends = b.tolist(), e.tolist()
    return begins, ends, [fold(text[i:j]) for i, j in zip(begins, ends)]


@lru_cache(maxsize=32)
def _stemmer(lang: str) -> "Stemmer.Stemmer":
    return Stemmer.Stemmer(_STEMMER_LANGS.get(lang, "english"))


_STEM_CACHE: dict[str, dict[str, str]] = {}
_STEM_CACHE_MAX = 500_000


def stem_words(words: list[str], lang: str | None = "en") -> list[str]:
    """Stem folded words with the Snowball stemmer of the language (English if unknown).

    Words seen before come from a per-language dictionary: a lookup costs a
    fraction of a call into the stemmer, and news vocabulary repeats.
    """
    cache = _STEM_CACHE.get(lang or "en")
    if cache is None:
        cache = _STEM_CACHE[lang or "en"] = {}
    get = cache.get
    out = [get(w) for w in words]
    if None in out:
        missing = list({w for w, st in zip(words, out) if st is None})
        if len(cache) + len(missing) > _STEM_CACHE_MAX:
            cache.clear()
            missing = list(set(words))
        cache.update(zip(missing, _stemmer(lang or "en").stemWords(missing)))
        out = [cache[w] for w in words]
    return out


def is_content(norm: str, lang: str | None = "en") -> bool:
    """Say whether a folded token carries content (not a stop word, not one letter)."""
    return content_mask([norm], lang)[0]


def content_mask(norms: list[str], lang: str | None = "en") -> list[bool]:
    """Say for each folded token whether it carries content (the hot-path form)."""
    stops = STOPWORDS.get(lang or "en", STOPWORDS["en"])
    return [(len(n) > 1 or n.isdigit()) and n not in stops for n in norms]
