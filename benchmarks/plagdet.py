"""PAN's plagdet measure (Potthast, Stein, Barrón-Cedeño & Rosso, COLING 2010).

A *case* (gold) and a *detection* are each a pair of half-open character
ranges: one in the suspicious (target) document, one in the source document.
A detection r *detects* a case s when both name the same two documents and
their ranges overlap in the suspicious document **and** in the source
document. Each annotation is taken as the disjoint union of its suspicious
characters and its source characters (``|s| = susp length + source length``),
and ``s ⊓ r`` is their overlap on both sides:

    recall(S, R)    = 1/|S| · Σ_{s ∈ S} |∪_{r ∈ R detecting s} (s ⊓ r)| / |s|
    precision(S, R) = recall(R, S)            (the same formula, roles swapped)
    granularity     = mean, over the cases detected at least once, of the
                      number of detections detecting them
    plagdet         = F1(precision, recall) / log2(1 + granularity)

This mirrors ``perfmeasures.py`` of the PAN evaluation (v1.3) line for line
in its results, including its edge cases:

* annotations are *sets*: a detection reported twice counts once;
* recall is 1 when there are neither cases nor detections, and 0 when only
  one of the two is empty (so precision — recall with roles swapped — is 1
  with neither, and 0 with detections but no cases, or cases but no
  detections);
* granularity is 1 when there are no detections or none detects a case;
* plagdet is 0 when precision and recall are both 0.

Consequence for a subset without reuse (PAN13's ``01-no-plagiarism``): no
detections scores 1.0, any detection scores 0.0. Such a subset is better
reported by its number of (false) detections, which is what ``pan13.py`` does.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
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


def detects(a: Span, b: Span) -> bool:
    """True when a and b name the same documents and overlap in both of them."""
    return (a.target == b.target and a.source == b.source
            and a.t0 < b.t1 and b.t0 < a.t1 and a.s0 < b.s1 and b.s0 < a.s1)


def _union_len(ranges: list[tuple[int, int]]) -> int:
    total, end = 0, None
    for lo, hi in sorted(r for r in ranges if r[0] < r[1]):
        if end is None or lo >= end:
            total += hi - lo
            end = hi
        elif hi > end:
            total += hi - end
            end = hi
    return total


def covered(x: Span, others: list[Span]) -> int:
    """|∪_{o ∈ others} (x ⊓ o)|: characters of x, both sides, that the others overlap.

    The caller passes only annotations that detect x (overlap on both sides).
    """
    t = [(max(x.t0, o.t0), min(x.t1, o.t1)) for o in others]
    s = [(max(x.s0, o.s0), min(x.s1, o.s1)) for o in others]
    return _union_len(t) + _union_len(s)


def _by_pair(spans: Iterable[Span]) -> dict[tuple[str, str], list[Span]]:
    index: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for x in spans:
        index[(x.target, x.source)].append(x)
    return index


def macro_recall(cases: list[Span], detections: list[Span]) -> float:
    """Macro-averaged recall; ``macro_recall(detections, cases)`` is precision."""
    if not cases and not detections:
        return 1.0
    if not cases or not detections:
        return 0.0
    index = _by_pair(detections)
    total = 0.0
    for c in cases:
        hits = [d for d in index.get((c.target, c.source), ()) if detects(c, d)]
        if hits and c.size:
            total += covered(c, hits) / c.size
    return total / len(cases)


def granularity(cases: list[Span], detections: list[Span]) -> float:
    """Mean number of detections per case, over the cases detected at least once."""
    index = _by_pair(detections)
    counts = [sum(detects(c, d) for d in index.get((c.target, c.source), ())) for c in cases]
    counts = [n for n in counts if n]
    return sum(counts) / len(counts) if counts else 1.0


def plagdet_score(precision: float, recall: float, gran: float) -> float:
    if precision <= 0 and recall <= 0:
        return 0.0
    return 2 * precision * recall / (precision + recall) / math.log2(1 + gran)


@dataclass
class Score:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int
    detected_cases: int      # cases detected by at least one detection
    true_detections: int     # detections that detect at least one case

    def as_dict(self, digits: int = 4) -> dict:
        return {k: (round(v, digits) if isinstance(v, float) else v)
                for k, v in asdict(self).items()}


def plagdet(cases: Iterable[Span], detections: Iterable[Span]) -> Score:
    """Score detections against cases with PAN's macro precision, recall and granularity."""
    cs = list(dict.fromkeys(cases))          # sets, as in the official evaluation
    ds = list(dict.fromkeys(detections))
    p, r, g = macro_recall(ds, cs), macro_recall(cs, ds), granularity(cs, ds)
    c_index, d_index = _by_pair(cs), _by_pair(ds)
    detected = sum(any(detects(c, d) for d in d_index.get((c.target, c.source), ())) for c in cs)
    true_dets = sum(any(detects(d, c) for c in c_index.get((d.target, d.source), ())) for d in ds)
    return Score(p, r, g, plagdet_score(p, r, g), len(cs), len(ds), detected, true_dets)
