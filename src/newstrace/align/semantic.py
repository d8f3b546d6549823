"""Semantic passage alignment of one document pair from sentence embeddings.

The cosine matrix of the two documents' sentence vectors gives seeds: 1–1
sentence pairs above ``seed_sim``, and 1–2 / 2–1 pairs where one sentence was
rendered as two (the two vectors summed and renormalised score clearly higher
than either alone) — and whose margin (how much the pair stands out from both
sentences' other neighbours, see ``Margin``) reaches ``margin_min``, so that two
texts on one topic do not pair their sentences by chance. Seeds are matched
one-to-one (best first), chained monotonically with small gaps (as in the
lexical extension step), validated by their mean similarity, and turned into
passages on sentence boundaries.

A summary condenses a long source section into a few sentences: a block of
consecutive target sentences whose best source matches lie far apart. It is
reported as one passage whose source side spans the matched source section,
widened to the document's edges when the matches reach close to them — if the
pair's document-level evidence agrees: the source's well-matched sentences
find their best match inside the block, the block's matches stand out (mean
margin), and the source side is several times longer than the target side.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..embed import normalize
from ..settings import SemanticSettings
from .extend import monotone_chains
from .semantic_units import SemDoc

Seed = tuple[int, int, int, int, float]     # t0, t1, s0, s1 (inclusive units), similarity


@dataclass
class SemMatch:
    """A semantic passage in character offsets, with its sentence alignment."""

    t_begin: int
    t_end: int
    s_begin: int
    s_end: int
    score: float
    sentences: list[list[float]] = field(default_factory=list)   # [tb, te, sb, se, sim]
    summary: bool = False


class Margin:
    """How much a sentence pair stands out from each sentence's other neighbours.

    margin(i, j) = cos(i, j) − ½ (mean of the k best cos(i, j′), j′ ≠ j
                                 + mean of the k best cos(i′, j), i′ ≠ i)
    (the difference form of Artetxe & Schwenk's 2019 margin, neighbours taken in
    the other document of the pair). Two texts on one topic have many similar
    sentences, so a chance match barely stands out; a sentence rendered in
    other words stands out from the rest of the other text. A side with no
    other sentence contributes no term; with neither, the margin is the cosine.
    """

    def __init__(self, sim: np.ndarray, k: int):
        self.sim, self.k = sim, k
        row, col = self._others(sim, k), self._others(sim.T, k)
        terms = [x for x in (row, None if col is None else col.T) if x is not None]
        self.neigh = sum(terms) / len(terms) if terms else np.zeros_like(sim)   # (nt, ns)

    @staticmethod
    def _others(sim: np.ndarray, k: int) -> np.ndarray | None:
        """Mean of each cell's row's k best other values (None when rows have one value)."""
        n = sim.shape[1]
        if n < 2 or sim.shape[0] == 0:
            return None
        m = min(k + 1, n)
        top = -np.partition(-sim, m - 1, axis=1)[:, :m] if m < n else sim
        kth = top.min(1, keepdims=True)
        total = top.sum(1, keepdims=True)
        rest = (total - kth) / (m - 1)            # the m-1 best: used when the cell is not among the m best
        return np.where(sim >= kth, (total - sim) / (m - 1), rest).astype(np.float32)

    def __call__(self, i: int, j: int, x: float | None = None) -> float:
        """Return the margin of target unit i and source unit j (x: the pair's similarity)."""
        x = float(self.sim[i, j]) if x is None else x
        return x - float(self.neigh[i, j])


def seeds(t: SemDoc, s: SemDoc, cfg: SemanticSettings) -> tuple[list[Seed], np.ndarray]:
    """Return one-to-one sentence seeds (1–1, 1–2, 2–1) and the 1–1 similarity matrix."""
    sim = t.vecs @ s.vecs.T
    # neighbour term of the margin (a merged seed is measured against its units' neighbours)
    neigh = Margin(sim, cfg.margin_k).neigh if cfg.margin_k > 0 else None
    floor = cfg.margin_min if neigh is not None else -np.inf
    if neigh is None:
        neigh = np.zeros_like(sim)
    cand: list[Seed] = [(int(i), int(i), int(j), int(j), float(sim[i, j]))
                        for i, j in zip(*np.nonzero((sim >= cfg.seed_sim) & (sim - neigh >= floor)))]
    if len(s.spans) > 1:
        s2 = normalize(s.vecs[:-1] + s.vecs[1:])
        m = t.vecs @ s2.T
        best = np.maximum(sim[:, :-1], sim[:, 1:]) + cfg.merge_margin
        ok = (m >= cfg.seed_sim) & (m > best) & (m - (neigh[:, :-1] + neigh[:, 1:]) / 2 >= floor)
        cand += [(int(i), int(i), int(j), int(j) + 1, float(m[i, j])) for i, j in zip(*np.nonzero(ok))]
    if len(t.spans) > 1:
        t2 = normalize(t.vecs[:-1] + t.vecs[1:])
        m = t2 @ s.vecs.T
        best = np.maximum(sim[:-1, :], sim[1:, :]) + cfg.merge_margin
        ok = (m >= cfg.seed_sim) & (m > best) & (m - (neigh[:-1, :] + neigh[1:, :]) / 2 >= floor)
        cand += [(int(i), int(i) + 1, int(j), int(j), float(m[i, j])) for i, j in zip(*np.nonzero(ok))]
    used_t: set[int] = set()
    used_s: set[int] = set()
    out = []
    for sd in sorted(cand, key=lambda x: -x[4]):
        ts, ss = range(sd[0], sd[1] + 1), range(sd[2], sd[3] + 1)
        if used_t.isdisjoint(ts) and used_s.isdisjoint(ss):
            out.append(sd)
            used_t.update(ts)
            used_s.update(ss)
    return out, sim


def chains(found: list[Seed], cfg: SemanticSettings) -> list[list[Seed]]:
    """Group seeds into monotone chains and keep those whose similarity validates."""
    by_anchor = {(sd[0], sd[2]): sd for sd in found}
    out = []
    for ch in monotone_chains(list(by_anchor), cfg.max_gap, cfg.max_gap):
        group = [by_anchor[a] for a in ch]
        mean = float(np.mean([g[4] for g in group]))
        need = cfg.single_sim if len(group) == 1 else cfg.validate_sim
        if mean >= need:
            out.append(group)
    return out


def summaries(t: SemDoc, s: SemDoc, sim: np.ndarray, cfg: SemanticSettings) -> list[SemMatch]:
    """Find target blocks that summarise a long source section (see module docstring)."""
    if not cfg.summary or sim.size == 0 or len(s.spans) < cfg.summary_min_units * cfg.summary_ratio:
        return []
    best_j = sim.argmax(1)
    best = sim.max(1)
    hits = [i for i in range(len(t.spans)) if best[i] >= cfg.summary_sim]
    out = []
    for block in _runs(hits, 1):
        if len(block) < cfg.summary_min_units:
            continue
        js = [int(best_j[i]) for i in block]
        spread = max(js) - min(js) + 1
        mean = float(np.mean([best[i] for i in block]))
        if spread < cfg.summary_ratio * len(block) or mean < cfg.summary_validate \
                or spread < cfg.summary_cover * len(s.spans):
            continue
        # a summary jumps through the source; a copy (or a close paraphrase) steps by one
        steps = [abs(b - a) > 1 for a, b in zip(js, js[1:])]
        if sum(steps) < cfg.summary_jumps * len(steps) or not _summary_evidence(sim, block, js, cfg):
            continue
        m = _summary_match(t, s, block, js, best, mean, cfg)
        if m.s_end - m.s_begin >= cfg.summary_condense * (m.t_end - m.t_begin):
            out.append(m)
    return sorted(out, key=lambda m: -m.score)[:1]    # a source is summarised once per target


def _summary_evidence(sim: np.ndarray, block: list[int], js: list[int], cfg: SemanticSettings) -> bool:
    """Return whether the whole pair points at this block as the source's summary.

    Two tests on document-level evidence: the source sentences that have a close
    match anywhere in the target find it mostly inside the block (a copy or
    paraphrase elsewhere in the target pulls them away), and the block's
    matches stand out from their sentences' other neighbours (mean margin, and
    every sentence a little: no filler): two texts that merely share a topic
    match everything a little.
    """
    col_best, col_arg = sim.max(0), sim.argmax(0)
    close = col_best >= cfg.summary_focus_sim
    if close.any() and float(np.isin(col_arg[close], block).mean()) < cfg.summary_focus:
        return False
    if cfg.margin_k <= 0:
        return True
    mg = Margin(sim, cfg.margin_k)
    margins = [mg(i, j) for i, j in zip(block, js)]
    return float(np.mean(margins)) >= cfg.summary_margin and min(margins) >= cfg.summary_min_margin


def _runs(xs: list[int], gap: int) -> list[list[int]]:
    runs: list[list[int]] = []
    for x in xs:
        if runs and x - runs[-1][-1] <= gap + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    return runs


def _summary_match(t: SemDoc, s: SemDoc, block: list[int], js: list[int], best: np.ndarray,
                   mean: float, cfg: SemanticSettings) -> SemMatch:
    n = len(s.text)
    sb, se = s.spans[min(js)][0], s.spans[max(js)][1]
    if sb <= cfg.summary_edge * n:
        sb = s.spans[0][0]
    if n - se <= cfg.summary_edge * n:
        se = s.spans[-1][1]
    sents = [[t.spans[i][0], t.spans[i][1], s.spans[j][0], s.spans[j][1], round(float(best[i]), 4)]
             for i, j in zip(block, js)]
    return SemMatch(t.spans[block[0]][0], t.spans[block[-1]][1], sb, se, round(mean, 4), sents, True)


def align_semantic(t: SemDoc, s: SemDoc, cfg: SemanticSettings) -> list[SemMatch]:
    """Find the passages target t shares in meaning with source s."""
    if not t.spans or not s.spans:
        return []
    found, sim = seeds(t, s, cfg)
    out = [_match(t, s, g) for g in chains(found, cfg)]
    out = [m for m in out if min(m.t_end - m.t_begin, m.s_end - m.s_begin) >= cfg.min_chars]
    summ = summaries(t, s, sim, cfg)
    if summ:   # a summary replaces the chains it overlaps on the target side
        out = [m for m in out if all(m.t_end <= x.t_begin or m.t_begin >= x.t_end for x in summ)] + summ
    return sorted(out, key=lambda m: m.t_begin)


def _match(t: SemDoc, s: SemDoc, group: list[Seed]) -> SemMatch:
    group = sorted(group)
    t0, t1 = min(g[0] for g in group), max(g[1] for g in group)
    s0, s1 = min(g[2] for g in group), max(g[3] for g in group)
    sents = [[t.spans[a][0], t.spans[b][1], s.spans[c][0], s.spans[d][1], round(x, 4)]
             for a, b, c, d, x in group]
    score = float(np.mean([g[4] for g in group]))
    return SemMatch(t.spans[t0][0], t.spans[t1][1], s.spans[s0][0], s.spans[s1][1], round(score, 4), sents)
