"""Cut a text into segments at span boundaries, for highlighting (report and web UI).

Spans are half-open ``[begin, end)`` code-point ranges into the text, exactly as
stored; they may overlap, so a segment carries every span key that covers it.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import pairwise

ELLIPSIS = "…"


@dataclass(frozen=True)
class Span:
    """A half-open character range with a key (e.g. a passage number)."""

    begin: int
    end: int
    key: Hashable


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same set of spans (``keys``, in span order).

    ``gap`` marks elided text (shown as an ellipsis) in excerpt mode.
    """

    begin: int
    end: int
    text: str
    keys: tuple = ()
    gap: bool = False


def clip(spans: Iterable[Span], length: int) -> list[Span]:
    """Clamp spans to [0, length] and drop empty ones, keeping their order."""
    out = []
    for s in spans:
        b, e = max(0, min(s.begin, length)), max(0, min(s.end, length))
        if e > b:
            out.append(Span(b, e, s.key))
    return out


def segment(text: str, spans: Iterable[Span], lo: int = 0, hi: int | None = None) -> list[Segment]:
    """Split text[lo:hi] at every span boundary; each segment lists the spans covering it."""
    hi = len(text) if hi is None else hi
    spans = clip(spans, len(text))
    cuts = sorted({lo, hi} | {p for s in spans for p in (s.begin, s.end) if lo < p < hi})
    starts: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        starts.setdefault(max(s.begin, lo), []).append(i)
    active: set[int] = set()
    out = []
    for b, e in pairwise(cuts):
        active.update(starts.get(b, ()))
        active = {i for i in active if spans[i].end > b}
        keys = tuple(spans[i].key for i in sorted(active))
        out.append(Segment(b, e, text[b:e], keys))
    return out


def windows(spans: Iterable[Span], length: int, context: int) -> list[tuple[int, int]]:
    """Return the merged ranges of the spans widened by ``context`` characters each side."""
    ranges = sorted((max(0, s.begin - context), min(length, s.end + context))
                    for s in clip(spans, length))
    merged: list[list[int]] = []
    for b, e in ranges:
        if merged and b <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([b, e])
    return [(b, e) for b, e in merged]


def excerpt(text: str, spans: Iterable[Span], context: int) -> list[Segment]:
    """Segment only the spans plus ``context`` characters around them; elide the rest."""
    spans = clip(spans, len(text))
    out: list[Segment] = []
    pos = 0
    for b, e in windows(spans, len(text), context):
        if b > pos:
            out.append(Segment(pos, b, ELLIPSIS, gap=True))
        out.extend(segment(text, spans, b, e))
        pos = e
    if pos < len(text):
        out.append(Segment(pos, len(text), ELLIPSIS, gap=True))
    return out


def first_segments(segments: Iterable[Segment]) -> dict[Hashable, int]:
    """Return, for each span key, the index of the first segment it covers (its anchor)."""
    first: dict[Hashable, int] = {}
    for i, seg in enumerate(segments):
        for k in seg.keys:
            first.setdefault(k, i)
    return first
