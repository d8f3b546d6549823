"""The claims stage parses only sentences that can hold a claim, with the same results."""
from __future__ import annotations

import pytest

from newstrace.claims.extract import extract_document
from newstrace.claims.nlp import parse_many
from newstrace.claims.numbers import find_numbers
from newstrace.claims.prefilter import claim_sentences, focus_text, has_cue
from newstrace.claims.stage import mention_rows

FILLER = "the weather was mild and the market stayed quiet all day long."
TEXT = (
    "KARVEN — Rescue teams worked through the night. "
    + " ".join(f"Then {FILLER}" for _ in range(3)) + "\n\n"
    + " ".join(f"And {FILLER}" for _ in range(4))
    + " The ministry said 14 people were killed. "
    + " ".join(f"So {FILLER}" for _ in range(4))
    + ' "We will rebuild the dam within a year," the mayor told reporters.'
)


def test_has_cue():
    assert has_cue("At least 14 people died.")
    assert has_cue("Officials confirmed the toll.")
    assert has_cue("the toll rose to fourteen.")
    assert has_cue("the river rose near Karven.")
    assert has_cue("the mayor spoke of “a disaster” there.")
    assert not has_cue("Then the weather was mild and the market stayed quiet.")


def test_focus_text_keeps_offsets_and_blanks_only_cue_free_sentences():
    out = focus_text(TEXT)
    assert len(out) == len(TEXT)
    assert out.count("\n") == TEXT.count("\n")
    kept = claim_sentences(TEXT)
    for b, e in kept:
        assert out[b:e] == TEXT[b:e]
    assert "14 people were killed" in out and "rebuild the dam" in out
    # the lead (3 sentences) and the 2 sentences before each cue sentence stay
    assert out.startswith(TEXT[:kept[2][1]])
    assert 0 < out.split().count("mild") < TEXT.split().count("mild")


def test_focus_text_of_text_without_sentences():
    assert focus_text("") == ""
    assert focus_text("   \n ") == "   \n "


def test_numbers_skip_blanked_runs():
    text = "x" + " " * 500 + "about 62 soldiers"
    assert [(n.begin, n.value_low) for n in find_numbers(text)] == [(501, 62.0)]


def _rows(docs, focus):
    texts = [focus_text(t) if focus else t for _, t in docs]
    return [mention_rows(d, t, extract_document(t, "en", doc=doc))
            for (d, t), doc in zip(docs, parse_many(texts))]


def test_same_mentions_as_a_full_parse_on_handmade_text():
    docs = [("a", TEXT)]
    full, focused = _rows(docs, False), _rows(docs, True)
    assert full == focused
    assert any(r["kind"] == "figure" and r["value_low"] == 14 for r in full[0])
    assert any(r["kind"] == "quote" for r in full[0])


def test_same_mentions_as_a_full_parse_on_the_seeds(seeds_dir):
    from newstrace.extract import extract
    from newstrace.ingest import iter_inputs
    from newstrace.settings import Settings

    s = Settings()
    docs = []
    for raw in iter_inputs([str(seeds_dir)], s.ingest):
        ex = extract(raw, s.extract)
        if (ex.language or "en").startswith("en"):
            docs.append((raw.source, ex.text))
    if not docs:
        pytest.skip("no English seeds")
    assert _rows(docs, False) == _rows(docs, True)


def test_sentences_inside_a_long_quotation_are_kept():
    from newstrace.claims.prefilter import _quoted_sentences
    sents = [(0, 10), (11, 20), (21, 30), (31, 40), (45, 50)]
    assert _quoted_sentences(sents, [(5, 25), (41, 46)]) == {0, 1, 2, 4}
    assert _quoted_sentences(sents, []) == set()
