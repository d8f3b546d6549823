"""Merge semantic matches with the lexical passages of the same pair, so no text is counted twice."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..types import Passage
from .extend import resolve_overlaps
from .semantic import SemMatch


@dataclass
class Combined:
    """A passage to store, with its sentence alignment (None for untouched lexical passages)."""

    passage: Passage
    sentences: list[list[float]] | None = None
    absorbed: list[Passage] = field(default_factory=list)   # lexical passages merged into it
    summary: bool = False


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _covered(spans: list[tuple[int, int]], lo: int, hi: int) -> int:
    """Characters of [lo, hi) covered by the union of spans."""
    total, end = 0, lo
    for a, b in sorted(spans):
        a, b = max(a, end), min(b, hi)
        if b > a:
            total += b - a
            end = b
    return total


def _near(m: SemMatch, p: Passage, gap: int) -> bool:
    """True when p overlaps m, or lies within gap characters of it, on both sides."""
    return (p.target_begin < m.t_end + gap and m.t_begin < p.target_end + gap
            and p.source_begin < m.s_end + gap and m.s_begin < p.source_end + gap)


def _beyond(m: SemMatch, hit: list[Passage]) -> int:
    """Characters of m's shorter side that lie outside every passage of hit."""
    t = (m.t_end - m.t_begin) - _covered([(p.target_begin, p.target_end) for p in hit], m.t_begin, m.t_end)
    s = (m.s_end - m.s_begin) - _covered([(p.source_begin, p.source_end) for p in hit], m.s_begin, m.s_end)
    return min(t, s)


def merge_one(m: SemMatch, lexical: list[Passage], t_id: str, s_id: str, sem_kind: str,
              paraphrase_below: float = 0.5, adjacent: int = 0, beyond: int = 0) -> Combined | None:
    """Fold the lexical passages m overlaps (or touches) on both sides into one passage; None if m adds nothing.

    A lexical passage with a word similarity of at least ``paraphrase_below``
    wins over a semantic match that overlaps it (its edges are exact) unless
    the match reaches at least ``beyond`` characters past it on both sides
    (0: never); only a summary absorbs it regardless. Below that, most words
    differ: the merged passage is a paraphrase (or translation) spanning both.
    Lexical passages within ``adjacent`` characters on both sides are joined
    too, so a passage continued in other words stays one passage.
    """
    hit = [p for p in lexical if _near(m, p, adjacent)]
    over = [p for p in hit if _overlaps(m.t_begin, m.t_end, p.target_begin, p.target_end)
            and _overlaps(m.s_begin, m.s_end, p.source_begin, p.source_end)]
    wordy_over = any(p.score >= paraphrase_below for p in over)
    if wordy_over and not m.summary and (beyond <= 0 or _beyond(m, over) < beyond):
        return None     # word evidence is the more exact: semantic neighbours would only blur its edges
    tb = min([m.t_begin] + [p.target_begin for p in hit])
    te = max([m.t_end] + [p.target_end for p in hit])
    sb = min([m.s_begin] + [p.source_begin for p in hit])
    se = max([m.s_end] + [p.source_end for p in hit])
    lex_t = _covered([(p.target_begin, p.target_end) for p in hit], tb, te)
    wordy = bool(hit) and max(p.score for p in hit) >= paraphrase_below
    if wordy and lex_t >= 0.5 * (te - tb):
        main = max(hit, key=lambda p: p.target_end - p.target_begin)
        kind, score = ("edited" if main.kind == "verbatim" and len(hit) > 1 else main.kind), main.score
    else:
        kind, score = sem_kind, m.score
    method = "lexical+semantic" if hit else "semantic"
    return Combined(Passage(t_id, tb, te, s_id, sb, se, kind, score, method), m.sentences, hit, m.summary)


def combine(t_id: str, s_id: str, lexical: list[Passage], matches: list[SemMatch], sem_kind: str,
            paraphrase_below: float = 0.5, adjacent: int = 0,
            beyond: int = 0) -> tuple[list[Combined], list[Passage]]:
    """Return (new or merged passages to store, lexical passages they replace).

    Lexical passages not returned as replaced stay as they are. Where passages
    still overlap on the target side, a lexical passage with word similarity
    (``paraphrase_below``) or a summary wins, then the longer one: a semantic
    chain never cuts into a passage the words already establish.
    """
    made = [c for c in (merge_one(m, lexical, t_id, s_id, sem_kind, paraphrase_below, adjacent, beyond)
                     for m in matches) if c]
    if not made:
        return [], []
    absorbed_ids = {id(p) for c in made for p in c.absorbed}
    pool = [Combined(p) for p in lexical if id(p) not in absorbed_ids] + made
    def rank(c: Combined) -> tuple[bool, float]:
        p = c.passage
        firm = c.summary or (c.sentences is None and p.score >= paraphrase_below)
        return firm, (p.target_end - p.target_begin) + (p.source_end - p.source_begin) * 0.25

    kept = resolve_overlaps(pool, key_len=rank, t_range=lambda c: (c.passage.target_begin, c.passage.target_end))
    kept_ids = {id(c) for c in kept}
    new = [c for c in kept if c.sentences is not None]
    replaced = [p for p in lexical if id(p) in absorbed_ids and any(id(c) in kept_ids for c in made if p in c.absorbed)]
    replaced += [c.passage for c in pool if c.sentences is None and id(c) not in kept_ids]
    # a lexical passage absorbed only by dropped matches stays
    replaced = list({id(p): p for p in replaced}.values())
    return new, replaced
