"""PAN's plagdet measure (Potthast, Stein, Barrón-Cedeño & Rosso 2010).

A case and a detection are each a pair of character ranges: one in the
suspicious (target) document, one in the source document. A detection
*detects* a case when they overlap in both documents. With every range taken
as a set of characters tagged by document,

    recall    = mean over cases s of |∪_{r detects s} (s ∩ r)| / |s|
    precision = mean over detections r of |∪_{s detected by r} (s ∩ r)| / |r|
    granularity = mean over detected cases of the number of detections detecting it
    plagdet = F1(precision, recall) / log2(1 + granularity)

Macro averages, as in the official evaluation. With no detections precision is
0 (nothing found); with no cases recall is taken as 1 only when there are no
detections either (otherwise 0), so a corpus without reuse scores its false
positives.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Span:
    """A case or a detection: target (suspicious) and source ranges, half-open."""

    target: str
    t0: int
    t1: int
    source: str
    s0: int
    s1: int

    @property
    def size(self) -> int:
        return (self.t1 - self.t0) + (self.s1 - self.s0)


def _detects(a: Span, b: Span) -> bool:
    return a.t0 < b.t1 and b.t0 < a.t1 and a.s0 < b.s1 and b.s0 < a.s1


def _union_len(ranges: list[tuple[int, int]]) -> int:
    total, end = 0, None
    for lo, hi in sorted(ranges):
        if end is None or lo > end:
            total += hi - lo
            end = hi
        elif hi > end:
            total += hi - end
            end = hi
    return total


def _covered(x: Span, others: list[Span]) -> int:
    """Characters of x (both sides) covered by the overlaps with others."""
    t = [(max(x.t0, o.t0), min(x.t1, o.t1)) for o in others]
    s = [(max(x.s0, o.s0), min(x.s1, o.s1)) for o in others]
    return _union_len([r for r in t if r[0] < r[1]]) + _union_len([r for r in s if r[0] < r[1]])


@dataclass
class Score:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def plagdet(cases: Iterable[Span], detections: Iterable[Span]) -> Score:
    """Score detections against cases with PAN's macro precision, recall and granularity."""
    cases, dets = list(cases), list(detections)
    by_pair_c: dict[tuple[str, str], list[Span]] = defaultdict(list)
    by_pair_d: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for c in cases:
        by_pair_c[(c.target, c.source)].append(c)
    for d in dets:
        by_pair_d[(d.target, d.source)].append(d)
    rec, gran = [], []
    for c in cases:
        hits = [d for d in by_pair_d.get((c.target, c.source), []) if _detects(c, d)]
        rec.append(_covered(c, hits) / c.size if c.size else 0.0)
        if hits:
            gran.append(len(hits))
    prec = []
    for d in dets:
        hits = [c for c in by_pair_c.get((d.target, d.source), []) if _detects(c, d)]
        prec.append(_covered(d, hits) / d.size if d.size else 0.0)
    r = sum(rec) / len(rec) if rec else (1.0 if not dets else 0.0)
    p = sum(prec) / len(prec) if prec else 0.0
    g = sum(gran) / len(gran) if gran else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, g, f / math.log2(1 + g), len(cases), len(dets))
