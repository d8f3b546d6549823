"""Per-document preparation for alignment: tokens, sentence units, stems, shingles.

Done once per document and reused for every pair it takes part in.
"""
from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field

import numpy as np

from ..segment import join_short, split_sentences, stem_words
from ..segment.tokens import content_mask, token_arrays

_MASK = (1 << 63) - 1


@dataclass
class PreparedDoc:
    """What the aligner needs to know about one document."""

    doc_id: str
    text: str
    tok_begin: np.ndarray      # int32, char offset of each word token
    tok_end: np.ndarray
    norms: list[str] | None    # folded surface form of each token (None: dropped, see packed())
    unit_spans: list[tuple[int, int]]     # (first token, end token) of each sentence unit
    unit_of_tok: np.ndarray    # int32, sentence unit of each token (-1: none)
    unit_ptr: np.ndarray       # int64, CSR row pointer of the unit × term matrix
    unit_terms: np.ndarray     # int64, stable hash of each (unit, distinct stem)
    unit_tf: np.ndarray        # float32, count of that stem in that unit
    gram_hash: np.ndarray      # int64, hash of the folded word n-gram starting at each token
    # derived once here so that a pair costs only lookups, not sorts:
    entry_unit: np.ndarray = field(init=False)   # unit of each (unit, stem) entry
    uniq_terms: np.ndarray = field(init=False)   # sorted distinct stem hashes
    uniq_sf: np.ndarray = field(init=False)      # units of this document holding each of them
    entry_uniq: np.ndarray = field(init=False)   # index of each entry's stem in uniq_terms
    gram_order: np.ndarray = field(init=False)   # argsort of gram_hash (stable)
    gram_sorted: np.ndarray = field(init=False)  # gram_hash in that order

    def __post_init__(self) -> None:
        self.entry_unit = np.repeat(np.arange(len(self.unit_ptr) - 1, dtype=np.int32),
                                    np.diff(self.unit_ptr))
        self.uniq_terms, self.uniq_sf = np.unique(self.unit_terms, return_counts=True)
        self.entry_uniq = np.searchsorted(self.uniq_terms, self.unit_terms)
        self.gram_order = np.argsort(self.gram_hash, kind="stable")
        self.gram_sorted = self.gram_hash[self.gram_order]

    @property
    def length(self) -> int:
        return len(self.text)

    def packed(self) -> "PreparedDoc":
        """Return a copy without text and word forms, to send between processes.

        The numeric arrays are what a pair costs; the word forms (a Python list,
        as large as all arrays together) are only needed once a pair has seeds
        and come back from the text with :meth:`ensure_norms`.
        """
        out = copy.copy(self)
        out.text, out.norms = "", None
        return out

    def with_text(self, text: str) -> "PreparedDoc":
        """Attach the text a packed document was sent without; return the document."""
        if not self.text:
            self.text = text
        return self

    def compact(self) -> tuple:
        """Return the smallest picklable form (≈ 3 bytes per character of text, a third of
        :meth:`packed`): no text, no word forms, no derived arrays, narrow integer types.

        For shipping prepared documents between machines (the Spark engine), where
        preparing again costs ≈ 15 times as much as :meth:`from_compact`.
        """
        lengths = self.tok_end - self.tok_begin
        wide = bool(len(lengths)) and int(lengths.max()) > 65535
        return (self.doc_id, self.tok_begin, lengths.astype(np.int32 if wide else np.uint16),
                np.asarray(self.unit_spans, dtype=np.int32).reshape(-1),
                self.unit_ptr.astype(np.int32), self.unit_terms, self.unit_tf.astype(np.uint16)
                if not len(self.unit_tf) or float(self.unit_tf.max()) <= 65535 else self.unit_tf,
                self.gram_hash)

    @classmethod
    def from_compact(cls, state: tuple, text: str) -> "PreparedDoc":
        """Rebuild a document from :meth:`compact` and its text; equal to the one compacted
        (word forms come back from the text on demand, as after :meth:`packed`)."""
        doc_id, tok_begin, lengths, flat_spans, ptr, terms, tf, gram_hash = state
        spans = [(int(a), int(b)) for a, b in flat_spans.reshape(-1, 2)]
        unit_of_tok = np.full(len(tok_begin), -1, dtype=np.int32)
        for u, (a, b) in enumerate(spans):
            unit_of_tok[a:b] = u
        return cls(doc_id, text, tok_begin, (tok_begin + lengths).astype(np.int32), None, spans,
                   unit_of_tok, ptr.astype(np.int64), terms, tf.astype(np.float32), gram_hash)

    def ensure_norms(self) -> list[str]:
        """Return the folded word forms, recomputing them from the text if they were dropped."""
        if self.norms is None:
            self.norms = token_arrays(self.text)[2]
        return self.norms


def prepare(doc_id: str, text: str, lang: str | None = "en", min_unit_words: int = 3) -> PreparedDoc:
    """Tokenise, stem and split a clean text into sentence units."""
    return _prepare(doc_id, text, lang, min_unit_words)[0]


def prepare_indexed(doc_id: str, text: str, lang: str | None, n: int,
                    min_unit_words: int = 3) -> tuple[PreparedDoc, list[tuple[int, int]], np.ndarray]:
    """Return prepare()'s document and what the index stage stores, from one tokenisation.

    The sentences are ``split_sentences(text)`` and the shingles equal
    ``shingle_hashes(text, lang, n)``: the index stage can hand the prepared
    document on to alignment instead of alignment tokenising it again.
    """
    doc, sents, stems = _prepare(doc_id, text, lang, min_unit_words)
    return doc, sents, np.unique(_rolling(stems, n))


def _prepare(doc_id: str, text: str, lang: str | None,
             min_unit_words: int) -> tuple[PreparedDoc, list[tuple[int, int]], list[str]]:
    tb, te, norms = token_arrays(text)
    is_content = content_mask(norms, lang)
    content_idx = [i for i, c in enumerate(is_content) if c]
    stems = stem_words([norms[i] for i in content_idx], lang)
    stem_of = dict(zip(content_idx, stems))
    begins = np.asarray(tb, dtype=np.int32)
    ends = np.asarray(te, dtype=np.int32)
    sents = split_sentences(text)
    spans = _unit_token_spans(sents, begins)
    spans = _merge_short(spans, is_content, min_unit_words)
    unit_stems = [[stem_of[i] for i in range(a, b) if i in stem_of] for a, b in spans]
    unit_of_tok = np.full(len(norms), -1, dtype=np.int32)
    for u, (a, b) in enumerate(spans):
        unit_of_tok[a:b] = u
    ptr, terms, tf = _unit_matrix(unit_stems)
    doc = PreparedDoc(doc_id, text, begins, ends, norms, spans, unit_of_tok,
                      ptr, terms, tf, _rolling(norms, GRAM))
    return doc, sents, stems


def _unit_matrix(unit_stems: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Build the CSR arrays of the unit × stem count matrix, stems as stable hashes."""
    hashes = _hashes_for([st for u in unit_stems for st in u])
    ptr = np.zeros(len(unit_stems) + 1, dtype=np.int64)
    terms: list[int] = []
    tf: list[int] = []
    for i, stems in enumerate(unit_stems):
        counts: dict[int, int] = {}
        for st in stems:
            h = hashes[st]
            counts[h] = counts.get(h, 0) + 1
        terms.extend(counts)
        tf.extend(counts.values())
        ptr[i + 1] = len(terms)
    return ptr, np.asarray(terms, dtype=np.uint64).astype(np.int64), np.asarray(tf, dtype=np.float32)


GRAM = 5  # word n-gram length of exact-match seeds


def _rolling(words: list[str], n: int) -> np.ndarray:
    """Hash every word n-gram (stable across processes) into 63 bits."""
    if len(words) < n:
        return np.zeros(0, dtype=np.int64)
    ids = np.fromiter(map(_hashes_for(words).__getitem__, words), dtype=np.uint64, count=len(words))
    m = len(words) - n + 1
    h = np.zeros(m, dtype=np.uint64)
    mult = np.uint64(1099511628211)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * mult + ids[k:m + k]
    return (h & np.uint64(_MASK)).astype(np.int64)


def _unit_token_spans(sents: list[tuple[int, int]], begins: np.ndarray) -> list[tuple[int, int]]:
    """Map sentence char spans to token index ranges (tokens assigned by start offset)."""
    if not len(begins):
        return []
    starts = np.searchsorted(begins, [b for b, _ in sents], side="left")
    ends = np.searchsorted(begins, [e for _, e in sents], side="left")
    return [(int(a), int(b)) for a, b in zip(starts, ends) if b > a]


def _merge_short(spans: list[tuple[int, int]], is_content: list[bool], min_words: int) -> list[tuple[int, int]]:
    """Join units with fewer than min_words content words to the following unit."""
    return join_short(spans, lambda start, a, b: sum(is_content[a:b]) < min_words)


def shingle_hashes(text: str, lang: str | None = "en", n: int = 2) -> np.ndarray:
    """Return the distinct 63-bit hashes of a text's content-stem n-grams (the candidate index).

    Needs only tokens and stems, not a full preparation: the index stage runs
    it on every document.
    """
    norms = token_arrays(text)[2]
    stems = stem_words([w for w, c in zip(norms, content_mask(norms, lang)) if c], lang)
    return np.unique(_rolling(stems, n))


_HASH_CACHE: dict[str, int] = {}


def _hashes_for(words: list[str]) -> dict[str, int]:
    """Return the stable hash of every distinct word, from a process-wide cache."""
    cache = _HASH_CACHE
    missing = set(words).difference(cache)
    if len(cache) + len(missing) > 2_000_000:
        cache.clear()
    for w in missing:
        cache[w] = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
    return cache
