"""Word tokens with character offsets, and the content-word stems used for matching."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from .lexicon import word_spans
from .normalize import fold
from .stopwords import STOPWORDS

# A word is a run of letters/digits, allowing inner apostrophes, dots in numbers
# ("3.5", "1,000"); hyphens split ("US-led" matches "US led"). lexicon.word_spans
# finds exactly these matches with array operations (the hot path).
WORD_RE = re.compile(r"\w+(?:[’'.,]\w+)*", re.UNICODE)

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
