"""The compiled prescreen never drops a pair that the pair model would seed."""
from __future__ import annotations

import itertools

import pytest

from newstrace.align import lexical, prescreen
from newstrace.align.prepare import prepare
from newstrace.settings import AlignSettings

from conftest import PAN13

CFG = AlignSettings()

SHARED = ("The coalition aircraft struck the army positions near the airport on Saturday evening, "
          "killing sixty-two soldiers and wounding a hundred more, the ministry said.")
TEXT_A = ("Officials in the capital met on Monday to discuss the harvest. " + SHARED +
          " Farmers complained about the price of diesel and fertiliser this spring.")
TEXT_B = ("A new bridge over the river opened to traffic after three years of work. " + SHARED +
          " The mayor thanked the engineers and promised a second bridge by autumn.")
TEXT_C = ("The orchestra played Brahms and Dvorak to a full hall in the old opera house, "
          "and the young violinist received a long ovation from the audience.")


def _seeds(t, s) -> set:
    model = lexical.PairModel(t, s)
    return model.seeds(CFG.seed_cosine, CFG.seed_dice) | lexical.exact_seeds(t, s)


def _screen(t, s) -> bool:
    return prescreen.may_seed(t, s, CFG.seed_cosine, CFG.seed_dice)


@pytest.mark.skipif(not prescreen.ENABLED, reason="numba not installed")
def test_prescreen_passes_shared_sentence_and_rejects_unrelated():
    a, b, c = (prepare(k, x) for k, x in (("a", TEXT_A), ("b", TEXT_B), ("c", TEXT_C)))
    assert _seeds(a, b) and _screen(a, b) and _screen(b, a)
    assert not _seeds(a, c) and not _screen(a, c) and not _screen(c, a)


@pytest.mark.skipif(not prescreen.ENABLED, reason="numba not installed")
def test_prescreen_passes_an_exact_phrase_inside_different_sentences():
    # one shared 5-word phrase and little else: only the exact n-gram seed fires
    t = prepare("t", "Yesterday the committee said that prices will rise again next year in the north. "
                     "Nobody else commented on the plan.")
    s = prepare("s", "Bakers across the country worry that prices will rise again next year, "
                     "a union leader told the radio station. The strike continues.")
    assert lexical.exact_seeds(t, s)
    assert _screen(t, s)


def test_prescreen_off_answers_true(monkeypatch):
    monkeypatch.setattr(prescreen, "ENABLED", False)
    c, a = prepare("c", TEXT_C), prepare("a", TEXT_A)
    assert prescreen.may_seed(c, a, CFG.seed_cosine, CFG.seed_dice) is True


def _pan13_doc(doc_id: str):
    sub = "susp" if doc_id.startswith("suspicious") else "src"
    with open(PAN13 / sub / f"{doc_id}.txt", encoding="utf-8", newline="") as f:
        return prepare(doc_id, f.read())


@pytest.mark.skipif(not prescreen.ENABLED, reason="numba not installed")
def test_prescreen_is_conservative_on_pan13_pairs():
    """Listed PAN13 pairs (every obfuscation type) and chance pairs among source documents:
    whenever the pair model finds a seed the prescreen lets the pair through, and it rejects
    most chance pairs (that is what it is for)."""
    if not (PAN13 / "pairs").exists():
        pytest.skip("PAN13 not available")
    listed = []
    for typ in ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation",
                "04-translation-obfuscation", "05-summary-obfuscation"):
        lines = (PAN13 / typ / "pairs").read_text(encoding="utf-8").split("\n")
        listed += [tuple(x.removesuffix(".txt") for x in ln.split()) for ln in lines[:30] if ln.strip()]
    sources = sorted({s for _, s in listed})[:40]
    chance = list(itertools.combinations(sources, 2))
    docs = {i: _pan13_doc(i) for i in {x for p in listed + chance for x in p}}
    seeded = rejected = 0
    for t_id, s_id in listed + chance:
        t, s = docs[t_id], docs[s_id]
        has = bool(_seeds(t, s))
        screen = _screen(t, s)
        assert screen or not has, (t_id, s_id)
        seeded += has
        rejected += not screen
    assert seeded >= 90                       # the listed plagiarism pairs seed (101 of 150)
    assert rejected >= 0.8 * len(chance)      # and most chance pairs are skipped (829 of 930)
