"""Lexical passage alignment of one document pair.

Seed-extend-filter, after Sanchez-Perez, Sidorov & Gelbukh (PAN 2014), with
three changes for news: exact word n-gram seeds join the tf-isf sentence
seeds (a quote wrapped in a different sentence still seeds), passage edges
are refined to the first and last matching word (quotes cut out of longer
sentences get exact offsets), and an adaptive source-side gap finds
summaries. Units are sentences; short sentences are merged with the next.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from ..settings import AlignSettings
from ..segment.stopwords import STOPWORDS
from .extend import extend, resolve_overlaps
from .prepare import PreparedDoc
from .prescreen import may_seed

_EDGE_STOPS = STOPWORDS["en"]
_TRAIL = set(".!?…\"'”’»)]:;,")


@dataclass
class Aligned:
    """A passage in character offsets, before it gets document ids."""

    t_begin: int
    t_end: int
    s_begin: int
    s_end: int
    kind: str
    score: float


class PairModel:
    """tf-isf weights of both documents' units over the pair's vocabulary.

    Only the stems both documents hold can make two units alike, so the unit
    × unit products run over dense matrices of those shared stems alone; the
    row norms still count every stem. Lookups into each document's sorted
    stem table replace any per-pair sort.
    """

    def __init__(self, t: PreparedDoc, s: PreparedDoc):
        self.t, self.s = t, s
        n_t, n_s = len(t.unit_spans), len(s.unit_spans)
        n_units = max(n_t + n_s, 1)
        in_t, in_s = _shared_stems(t, s)
        self.wt, t_col = _weights(t, s, in_t, in_s, n_units)
        self.ws, s_col = _weights(s, t, in_s, in_t, n_units)
        self.tn = np.sqrt(np.bincount(t.entry_unit, self.wt.astype(np.float64) ** 2, minlength=n_t)) + 1e-12
        self.sn = np.sqrt(np.bincount(s.entry_unit, self.ws.astype(np.float64) ** 2, minlength=n_s)) + 1e-12
        self.Tc = _dense(t, t_col, self.wt, len(in_t), n_t)
        self.Sc = _dense(s, s_col, self.ws, len(in_t), n_s)
        self.cos = np.zeros((n_t, n_s))

    def seeds(self, cos_th: float, dice_th: float) -> set[tuple[int, int]]:
        """Return unit pairs whose cosine and Dice both pass the thresholds.

        Dice is only computed for the few unit pairs whose cosine passes (most
        candidate pairs have none).
        """
        if self.Tc.shape[0] == 0 or self.Sc.shape[0] == 0 or self.Tc.shape[1] == 0:
            return set()
        cos = (self.Tc @ self.Sc.T) / np.outer(self.tn, self.sn)
        self.cos = cos
        ii, jj = np.nonzero(cos > cos_th)
        if not len(ii):
            return set()
        inter = np.count_nonzero((self.Tc[ii] > 0) & (self.Sc[jj] > 0), axis=1)
        sizes = np.diff(self.t.unit_ptr)[ii] + np.diff(self.s.unit_ptr)[jj]
        ok = 2 * inter / np.maximum(sizes, 1) > dice_th
        return set(zip(ii[ok].tolist(), jj[ok].tolist()))

    def grow(self, b: tuple[int, int, int, int], th: float) -> tuple[int, int, int, int]:
        """Take in neighbouring sentence pairs at both ends while they still look alike.

        Obfuscation often leaves the first or last sentence of a passage too
        changed to seed; its similarity to its counterpart is still well above
        chance.
        """
        cos = self.cos
        t0, t1, s0, s1 = b
        n_t, n_s = cos.shape
        while t0 > 0 and s0 > 0 and cos[t0 - 1, s0 - 1] >= th:
            t0, s0 = t0 - 1, s0 - 1
        while t1 + 1 < n_t and s1 + 1 < n_s and cos[t1 + 1, s1 + 1] >= th:
            t1, s1 = t1 + 1, s1 + 1
        return t0, t1, s0, s1

    def range_cosine(self, t0: int, t1: int, s0: int, s1: int) -> float:
        """Cosine of the summed tf-isf vectors of two unit ranges."""
        dot = float(self.Tc[t0:t1 + 1].sum(0, dtype=np.float64) @ self.Sc[s0:s1 + 1].sum(0, dtype=np.float64))
        d = _range_norm(self.t, self.wt, t0, t1) * _range_norm(self.s, self.ws, s0, s1)
        return dot / d if d else 0.0


def _shared_stems(t: PreparedDoc, s: PreparedDoc) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions in t.uniq_terms and in s.uniq_terms of the stems both hold (ascending)."""
    if not len(t.uniq_terms) or not len(s.uniq_terms):
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    pos = np.minimum(np.searchsorted(s.uniq_terms, t.uniq_terms), len(s.uniq_terms) - 1)
    in_t = np.flatnonzero(s.uniq_terms[pos] == t.uniq_terms)
    return in_t, pos[in_t]


def _weights(d: PreparedDoc, other: PreparedDoc, in_d: np.ndarray, in_other: np.ndarray,
             n_units: int) -> tuple[np.ndarray, np.ndarray]:
    """Return tf-isf weights of d's entries (isf over both documents) and their shared-stem columns.

    An entry whose stem the other document lacks gets column len(in_d), one past the shared ones.
    """
    sf = d.uniq_sf.copy()
    sf[in_d] += other.uniq_sf[in_other]
    isf = (np.log(n_units / np.maximum(sf, 1)) + 1e-9).astype(np.float32)
    col = np.full(len(d.uniq_terms), len(in_d), dtype=np.intp)
    col[in_d] = np.arange(len(in_d))
    return d.unit_tf * isf[d.entry_uniq], col[d.entry_uniq]


def _dense(d: PreparedDoc, col: np.ndarray, w: np.ndarray, n_common: int, n: int) -> np.ndarray:
    """Return the units × shared-stems weight matrix of d (unshared stems fill a dropped last column)."""
    m = np.zeros((n, n_common + 1), dtype=np.float32)
    m[d.entry_unit, col] = w
    return m[:, :n_common]


def _range_norm(d: PreparedDoc, w: np.ndarray, u0: int, u1: int) -> float:
    """Euclidean norm of the summed weight vectors of units u0..u1."""
    a, b = int(d.unit_ptr[u0]), int(d.unit_ptr[u1 + 1])
    if a == b:
        return 0.0
    _, inv = np.unique(d.unit_terms[a:b], return_inverse=True)
    sums = np.bincount(inv, w[a:b].astype(np.float64))
    return float(np.sqrt(sums @ sums))


def exact_seeds(t: PreparedDoc, s: PreparedDoc) -> set[tuple[int, int]]:
    """Return unit pairs sharing at least one exact folded word n-gram."""
    if not len(t.gram_hash) or not len(s.gram_sorted):
        return set()
    pos = np.searchsorted(s.gram_sorted, t.gram_hash)
    hit = pos < len(s.gram_sorted)
    hit[hit] = s.gram_sorted[pos[hit]] == t.gram_hash[hit]
    t_pos = np.nonzero(hit)[0]
    if not len(t_pos):
        return set()
    s_pos = s.gram_order[pos[t_pos]]
    tu = t.unit_of_tok[t_pos]
    su = s.unit_of_tok[s_pos]
    ok = (tu >= 0) & (su >= 0)
    return set(zip(tu[ok].tolist(), su[ok].tolist()))


def align_pair(t: PreparedDoc, s: PreparedDoc, cfg: AlignSettings) -> list[Aligned]:
    """Find the passages target t shares with source s, in character offsets."""
    if not t.unit_spans or not s.unit_spans:
        return []
    if not may_seed(t, s, cfg.seed_cosine, cfg.seed_dice):
        return []  # no seed possible: the common case of a chance candidate, at a tenth of the cost
    model = PairModel(t, s)
    seeds = model.seeds(cfg.seed_cosine, cfg.seed_dice) | exact_seeds(t, s)
    if not seeds:
        return []
    t.ensure_norms()
    s.ensure_norms()
    found = extend(seeds, cfg.max_gap, cfg.max_gap, model.range_cosine, cfg.validate_cosine)
    found, summary = _prefer_summary(found, seeds, model, cfg)
    if cfg.grow_cosine < 1 and not summary:
        found = [(model.grow(b, cfg.grow_cosine), sim) for b, sim in found]
    out = [a for b, sim in found for a in to_passages(t, s, b, sim, cfg, split=not summary)]
    out = [a for a in out if min(a.t_end - a.t_begin, a.s_end - a.s_begin) >= cfg.min_chars]
    return resolve_overlaps(out, key_len=lambda a: (a.t_end - a.t_begin) * (0.5 + a.score),
                            t_range=lambda a: (a.t_begin, a.t_end))


def _prefer_summary(found, seeds, model: PairModel, cfg: AlignSettings):
    """Swap in a wide source-gap alignment when the target reads as a summary of the source.

    A summary condenses many source sentences into few: its seeds are dense on
    the target side and sparse on the source side, so the normal gap breaks it
    into fragments that each fail validation. Returns (matches, is_summary).
    """
    if cfg.max_gap_summary <= cfg.max_gap:
        return found, False
    wide = extend(seeds, cfg.max_gap, cfg.max_gap_summary, model.range_cosine, cfg.validate_cosine)
    best = max(wide, key=lambda x: (x[0][3] - x[0][2]) / (x[0][1] - x[0][0] + 1), default=None)
    if best is None:
        return found, False
    (t0, t1, s0, s1), _ = best
    if (s1 - s0 + 1) < cfg.summary_ratio * (t1 - t0 + 1):
        return found, False
    # A summary jumps through the source: most consecutive target sentences match
    # source sentences far apart. A copy with one stray far seed mostly steps by one.
    inside = sorted((a, b) for a, b in seeds if t0 <= a <= t1 and s0 <= b <= s1)
    per_unit: dict[int, int] = {}
    for a, b in inside:
        per_unit.setdefault(a, b)
    srcs = [per_unit[a] for a in sorted(per_unit)]
    steps = [abs(y - x) for x, y in zip(srcs, srcs[1:])]
    if steps and sum(st > cfg.max_gap for st in steps) >= cfg.summary_jumps * len(steps):
        return wide, True
    return found, False


def to_passages(t: PreparedDoc, s: PreparedDoc, b: tuple[int, int, int, int], sim: float,
                cfg: AlignSettings, split: bool = True) -> list[Aligned]:
    """Turn an inclusive unit-range match into passages in character offsets.

    Where the words of both spans line up well, edges are trimmed to the first
    and last matching words, and a long run of unmatched words on either side
    (a paragraph of the outlet's own between two copied ones) splits the match.
    """
    t0, t1, s0, s1 = b
    ta, tb = t.unit_spans[t0][0], t.unit_spans[t1][1]
    sa, sb = s.unit_spans[s0][0], s.unit_spans[s1][1]
    tw, sw = t.norms[ta:tb], s.norms[sa:sb]
    blocks = [m for m in Indel.opcodes(tw, sw).as_matching_blocks() if m.size]
    groups = _split_blocks(blocks, cfg.split_gap) if split and cfg.refine_edges else [blocks]
    if len(groups) == 1:
        ratio = Indel.normalized_similarity(tw, sw)
        if not (cfg.refine_edges and ratio >= cfg.refine_min_ratio):
            return [_make(t, s, (ta, tb, sa, sb), ratio, sim, cfg)]
    out = []
    for g in groups:
        edges = _matched_edges(g, tw)
        if edges is None:
            continue
        (dt0, dt1), (ds0, ds1) = edges
        span = (ta + dt0, ta + dt1, sa + ds0, sa + ds1)
        if len(groups) > 1:
            span = _realign(t, s, span)
            if span is None:
                continue
        ratio = Indel.normalized_similarity(t.norms[span[0]:span[1]], s.norms[span[2]:span[3]])
        if len(groups) == 1 or ratio >= cfg.refine_min_ratio:
            out.append(_make(t, s, span, ratio, sim if len(groups) == 1 else ratio, cfg))
    return out


def _realign(t: PreparedDoc, s: PreparedDoc, span: tuple[int, int, int, int]):
    """Re-align a split-off piece within its whole sentences and trim it again.

    The global word alignment may have matched a repeated phrase elsewhere; a
    local pass over the piece's own sentences recovers its true first words.
    """
    ta, tb, sa, sb = span
    ta = t.unit_spans[t.unit_of_tok[ta]][0]
    tb = t.unit_spans[t.unit_of_tok[tb - 1]][1]
    sa = s.unit_spans[s.unit_of_tok[sa]][0]
    sb = s.unit_spans[s.unit_of_tok[sb - 1]][1]
    blocks = [m for m in Indel.opcodes(t.norms[ta:tb], s.norms[sa:sb]).as_matching_blocks() if m.size]
    edges = _matched_edges(blocks, t.norms[ta:tb])
    if edges is None:
        return None
    (dt0, dt1), (ds0, ds1) = edges
    return ta + dt0, ta + dt1, sa + ds0, sa + ds1


def _make(t: PreparedDoc, s: PreparedDoc, span: tuple[int, int, int, int], ratio: float, sim: float,
          cfg: AlignSettings) -> Aligned:
    ta, tb, sa, sb = span
    kind = "verbatim" if ratio >= cfg.verbatim_ratio else "edited"
    score = ratio if kind == "verbatim" else max(ratio, sim)
    return Aligned(int(t.tok_begin[ta]), _end(t, tb), int(s.tok_begin[sa]), _end(s, sb), kind,
                   round(score, 4))


def _split_blocks(blocks: list, gap: int) -> list[list]:
    """Split matching blocks where no run of 2+ words matches for more than gap tokens."""
    groups: list[list] = [[]]
    last = None
    for m in blocks:
        if m.size >= 2:
            if last is not None and (m.a - last.a - last.size > gap or m.b - last.b - last.size > gap):
                groups.append([])
            last = m
        groups[-1].append(m)
    return [g for g in groups if g]


def _matched_edges(blocks: list, words: list[str] | None = None, near: int = 3):
    """Return token ranges from the first to the last matching word of some blocks.

    Edges start at a matching run of two or more words and take in single
    matching words that lie within ``near`` tokens of it on both sides, so a
    stray "the" far away does not stretch the passage but a changed first word
    does not cut the next one either.
    """
    strong = [i for i, m in enumerate(blocks) if m.size >= 2]
    if not strong:
        return None
    i = strong[0]
    while i > 0 and blocks[i].a - (blocks[i - 1].a + blocks[i - 1].size) <= near \
            and blocks[i].b - (blocks[i - 1].b + blocks[i - 1].size) <= near:
        i -= 1
    j = strong[-1]
    while j + 1 < len(blocks) and blocks[j + 1].a - (blocks[j].a + blocks[j].size) <= near \
            and blocks[j + 1].b - (blocks[j].b + blocks[j].size) <= near:
        j += 1
    first, last = blocks[i], blocks[j]
    a0, a1, b0, b1 = first.a, last.a + last.size, first.b, last.b + last.size
    if words is not None:
        # a lone matching stop word at an edge ("…community," the ministry's) is chance
        if j != strong[-1] and last.size == 1 and words[last.a] in _EDGE_STOPS \
                and last.a + 1 < len(words):
            a1, b1 = blocks[j - 1].a + blocks[j - 1].size, blocks[j - 1].b + blocks[j - 1].size
        if i != strong[0] and first.size == 1 and words[first.a] in _EDGE_STOPS \
                and (first.a, first.b) != (0, 0):
            a0, b0 = blocks[i + 1].a, blocks[i + 1].b
    return (a0, a1), (b0, b1)


def _end(d: PreparedDoc, tok_end: int) -> int:
    """Character end of the token range, taking in closing punctuation after it."""
    e = int(d.tok_end[tok_end - 1])
    text = d.text
    while e < len(text) and text[e] in _TRAIL:
        e += 1
    return e
