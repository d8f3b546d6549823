"""The array tokeniser and the per-process lexicon give exactly what the token-at-a-time path gave.

The reference below is the earlier preparation (one regex match, one fold, one
stem-cache lookup and one hash-cache lookup per token), kept here as the oracle.
"""
import hashlib
import random

import numpy as np
import pytest

from conftest import PAN13, SEEDS
from newstrace.align import prepare as P
from newstrace.segment import join_short, split_sentences
from newstrace.segment import lexicon as L
from newstrace.segment.normalize import fold
from newstrace.segment.tokens import WORD_RE, content_mask, stem_words, token_arrays, word_spans


def _hash(w: str) -> int:
    return int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")


def _rolling(words, n):
    if len(words) < n:
        return np.zeros(0, dtype=np.int64)
    ids = np.array([_hash(w) for w in words], dtype=np.uint64)
    m = len(words) - n + 1
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * np.uint64(1099511628211) + ids[k:m + k]
    return (h & np.uint64((1 << 63) - 1)).astype(np.int64)


def _reference(text, lang, n=2, min_words=3):
    """The token-at-a-time preparation: (tokens, units, unit matrix, gram hashes, shingles)."""
    ms = list(WORD_RE.finditer(text))
    tb, te = [m.start() for m in ms], [m.end() for m in ms]
    norms = [fold(m.group()) for m in ms]
    is_content = content_mask(norms, lang)
    cidx = [i for i, c in enumerate(is_content) if c]
    stems = stem_words([norms[i] for i in cidx], lang)
    stem_of = dict(zip(cidx, stems))
    begins = np.asarray(tb, dtype=np.int32)
    spans = []
    if len(begins):
        sents = split_sentences(text)
        a = np.searchsorted(begins, [b for b, _ in sents])
        z = np.searchsorted(begins, [e for _, e in sents])
        spans = [(int(x), int(y)) for x, y in zip(a, z) if y > x]
    spans = join_short(spans, lambda s, a, b: sum(is_content[a:b]) < min_words)
    ptr, terms, tf = [0], [], []
    for a, b in spans:
        counts = {}
        for i in range(a, b):
            if i in stem_of:
                h = _hash(stem_of[i])
                counts[h] = counts.get(h, 0) + 1
        terms.extend(counts)
        tf.extend(counts.values())
        ptr.append(len(terms))
    return (tb, te, norms, spans, ptr, np.asarray(terms, dtype=np.uint64).astype(np.int64).tolist(),
            tf, _rolling(norms, P.GRAM).tolist(), np.unique(_rolling(stems, n)).tolist())


def _ours(text, lang, n=2):
    doc, _, shingles = P.prepare_indexed("d", text, lang, n)
    assert shingles.tolist() == P.shingle_hashes(text, lang, n).tolist()
    return (doc.tok_begin.tolist(), doc.tok_end.tolist(), doc.ensure_norms(), doc.unit_spans,
            doc.unit_ptr.tolist(), doc.unit_terms.tolist(), doc.unit_tf.tolist(),
            doc.gram_hash.tolist(), shingles.tolist())


ALPHABET = ["a", "b", "Z", "1", "9", "_", " ", " ", "\n", ".", ",", "'", "’", "-", "é", "ß", "İ", "ı",
            "ё", "Й", "д", "٣", "中", "\u0301", "\u00a0", "…", "“", "\U0001d400", "😀", "\ud800", "\x01"]


def test_word_spans_equal_the_regex_on_random_unicode():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 40)))
        b, e = word_spans(text)
        assert list(zip(b.tolist(), e.tolist())) == [m.span() for m in WORD_RE.finditer(text)], repr(text)
        assert token_arrays(text)[2] == [fold(m.group()) for m in WORD_RE.finditer(text)]


@pytest.mark.parametrize("lang", ["en", "ru", "fr", "de", None, "xx"])
def test_prepare_equals_the_token_at_a_time_reference(lang):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    rng = random.Random(11)
    words = ["The", "the", "ministry", "Ministry", "said", "100", "1,000", "3.5", "don't", "Дейр", "ез-Зор",
             "été", "Straße", "a", "I", "of", "killed", "wounded", "…", "—", "U.S.", "coalition's"]
    for _ in range(200):
        sent = lambda: " ".join(rng.choice(words) for _ in range(rng.randrange(1, 14)))  # noqa: E731
        texts.append(". ".join(sent() for _ in range(rng.randrange(0, 6))) + rng.choice(["", ".", "\n\n"]))
    texts += ["", " ", "one", "a b c d e", "Word. Word. Word word word word."]
    for text in texts:
        assert _ours(text, lang) == _reference(text, lang), text[:80]


def test_prepare_equals_the_reference_on_pan13_documents():
    src = PAN13 / "src"
    if not src.is_dir():
        pytest.skip("PAN13 corpus not found")
    for path in sorted(src.glob("*.txt"))[:40]:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _ours(text, "en", 2) == _reference(text, "en", 2), path.name


def test_lexicon_starts_again_when_full_and_keeps_answers(monkeypatch):
    monkeypatch.setattr(L.Lexicon, "MAX_FORMS", 5)
    lex = L.Lexicon("en")
    text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa alpha Beta"
    forms = text.split()
    first = lex.lookup(forms)
    assert len(lex) == 12                    # "alpha" and "Alpha" are two forms
    before = lex.norm_hash[first].tolist()
    again = lex.lookup(forms)                # over the limit: the table starts again
    assert len(lex) == 12 and lex.norm_hash[again].tolist() == before
    assert before[0] == before[10] == _hash("alpha")
    assert lex.stem_hash[again].tolist() == [_hash(s) if c else 0 for s, c in zip(
        stem_words([fold(f) for f in forms]), content_mask([fold(f) for f in forms]))]
    # the arrays grow past their first capacity without losing rows
    many = [f"w{i}" for i in range(3000)]
    monkeypatch.setattr(L.Lexicon, "MAX_FORMS", 10_000)
    rows = lex.lookup(many)
    assert lex.norm_hash[rows].tolist() == [_hash(w) for w in many]
