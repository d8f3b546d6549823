"""Per-document preparation for alignment: tokens, sentence units, stems, shingles.

Done once per document and reused for every pair it takes part in.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from ..segment import join_short, split_sentences
from ..segment.lexicon import Lexicon, lexicon, roll
from ..segment.tokens import token_arrays, word_spans


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
        return cls(doc_id, text, tok_begin, (tok_begin + lengths).astype(np.int32), None, spans,
                   _unit_of_tok(spans, len(tok_begin)), ptr.astype(np.int64), terms,
                   tf.astype(np.float32), gram_hash)

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
    return doc, sents, np.unique(roll(stems, n))


def _prepare(doc_id: str, text: str, lang: str | None,
             min_unit_words: int) -> tuple[PreparedDoc, list[tuple[int, int]], np.ndarray]:
    """Prepare a document; also return its sentences and the stem hashes of its content words.

    Every token becomes a row of the language's :class:`Lexicon`, so folding,
    stop words, stems and hashes cost one lookup per distinct form and process.
    The folded word forms are left out (``norms`` None): alignment gets them
    from the text once a pair has seeds.
    """
    lex, b, e, rows = _lexicon_rows(text, lang)
    content = lex.content[rows]
    content_idx = np.flatnonzero(content)
    begins = b.astype(np.int32)
    sents = split_sentences(text)
    spans = _unit_token_spans(sents, begins)
    # a unit with fewer than min_unit_words content words joins the next one
    counts = np.concatenate(([0], np.cumsum(content))).tolist()
    spans = join_short(spans, lambda start, a, z: counts[z] - counts[a] < min_unit_words)
    unit_of_tok = _unit_of_tok(spans, len(rows))
    ptr, terms, tf = _unit_matrix(unit_of_tok[content_idx], rows[content_idx], lex, len(spans))
    doc = PreparedDoc(doc_id, text, begins, e.astype(np.int32), None, spans, unit_of_tok,
                      ptr, terms, tf, roll(lex.norm_hash[rows], GRAM))
    return doc, sents, lex.stem_hash[rows[content_idx]]


def _lexicon_rows(text: str, lang: str | None) -> tuple[Lexicon, np.ndarray, np.ndarray, np.ndarray]:
    """Return the language's lexicon, the tokens' begins and ends, and their lexicon rows."""
    lex = lexicon(lang)
    b, e = word_spans(text)
    return lex, b, e, lex.lookup([text[i:j] for i, j in zip(b.tolist(), e.tolist())])


def _unit_of_tok(spans: list[tuple[int, int]], n_tokens: int) -> np.ndarray:
    """Return the sentence unit of each token (-1 outside every unit)."""
    out = np.full(n_tokens, -1, dtype=np.int32)
    for u, (a, z) in enumerate(spans):
        out[a:z] = u
    return out


def _unit_matrix(units: np.ndarray, rows: np.ndarray, lex: Lexicon,
                 n_units: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Build the CSR arrays of the unit × stem count matrix from the content tokens' units
    and lexicon rows; within a unit, stems come in order of first occurrence."""
    ptr = np.zeros(n_units + 1, dtype=np.int64)
    inside = units >= 0
    units, rows = units[inside].astype(np.int64), rows[inside]
    if not len(rows):
        return ptr, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    keys = (units << 32) | lex.stem_id[rows]
    _, first, tf = np.unique(keys, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")    # units are consecutive runs of tokens
    first, tf = first[order], tf[order]
    ptr[1:] = np.cumsum(np.bincount(units[first], minlength=n_units))
    return ptr, lex.stem_hash[rows[first]].astype(np.int64), tf.astype(np.float32)


GRAM = 5  # word n-gram length of exact-match seeds


def _unit_token_spans(sents: list[tuple[int, int]], begins: np.ndarray) -> list[tuple[int, int]]:
    """Map sentence char spans to token index ranges (tokens assigned by start offset)."""
    if not len(begins):
        return []
    starts = np.searchsorted(begins, [b for b, _ in sents], side="left")
    ends = np.searchsorted(begins, [e for _, e in sents], side="left")
    return [(int(a), int(b)) for a, b in zip(starts, ends) if b > a]


def shingle_hashes(text: str, lang: str | None = "en", n: int = 2) -> np.ndarray:
    """Return the distinct 63-bit hashes of a text's content-stem n-grams (the candidate index).

    Needs only tokens and stems, not a full preparation: the index stage runs
    it on every document.
    """
    lex, _, _, rows = _lexicon_rows(text, lang)
    return np.unique(roll(lex.stem_hash[rows[lex.content[rows]]], n))
