"""Cut a document's text at passage boundaries in O((passages + cuts) log passages).

Hub documents (a wire story reused thousands of times) have thousands of
overlapping passages; each run of text shows the narrowest passage covering it
(its colour and link) and how many passages cover it, never the full list.
"""
from __future__ import annotations

import heapq
from typing import Any

from ..report.build import KINDS
from ..report.spans import ELLIPSIS, Span, windows

MAX_IDS = 5        # passage ids listed per run of text (the narrowest first)


def highlight(text: str, passages: list[dict[str, Any]], excerpt_chars: int,
              context: int = 300, mark: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Return the text as runs; covered runs carry kind class, pair link, ids and a count.

    ``mark`` is one more range (e.g. a claim mention) whose runs are flagged ``marked``.
    """
    n = len(text)
    spans = [(max(0, min(p["begin"], n)), max(0, min(p["end"], n)), p) for p in passages]
    spans = sorted((s for s in spans if s[1] > s[0]), key=lambda s: s[0])
    if mark is not None:
        mark = (max(0, min(mark[0], n)), max(0, min(mark[1], n)))
    if n > excerpt_chars:
        extra = [Span(*mark, -1)] if mark else []
        ranges = windows([Span(b, e, i) for i, (b, e, _) in enumerate(spans)] + extra, n, context)
    else:
        ranges = [(0, n)]
    out: list[dict[str, Any]] = []
    pos = 0
    for lo, hi in ranges:
        if lo > pos:
            out.append(_gap())
        out.extend(_runs(text, spans, lo, hi, mark))
        pos = hi
    if pos < n and n > excerpt_chars:
        out.append(_gap())
    return out


def _gap() -> dict[str, Any]:
    return {"text": ELLIPSIS, "gap": True, "passages": [], "count": 0, "cls": "", "href": None, "kinds": [],
            "marked": False}


def _runs(text: str, spans: list[tuple[int, int, dict[str, Any]]], lo: int, hi: int,
          mark: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Sweep text[lo:hi]: a heap of the active passages ordered by (length, kind rank, id)."""
    rank = {k: i for i, k in enumerate(KINDS)}
    extra = {p for p in (mark or ()) if lo < p < hi}
    cuts = sorted({lo, hi} | extra | {p for b, e, _ in spans for p in (b, e) if lo < p < hi})
    heap: list[tuple[int, int, int, int, dict[str, Any]]] = []
    ends: list[int] = []             # min-heap of active ends, to count the active passages
    i, out = 0, []
    while i < len(spans) and spans[i][1] <= lo:
        i += 1
    for b, e in zip(cuts, cuts[1:]):
        while i < len(spans) and spans[i][0] <= b:
            sb, se, p = spans[i]
            if se > b:
                heapq.heappush(heap, (se - sb, rank.get(p["kind"], len(rank)), p["passage_id"], se, p))
                heapq.heappush(ends, se)
            i += 1
        while heap and heap[0][3] <= b:
            heapq.heappop(heap)
        while ends and ends[0] <= b:
            heapq.heappop(ends)
        if len(ends) <= MAX_IDS < len(heap):            # few live passages: drop the stale entries
            heap = [h for h in heap if h[3] > b]
            heapq.heapify(heap)
        out.append(_run(text[b:e], heap, len(ends), b))
        out[-1]["marked"] = bool(mark) and mark[0] <= b < mark[1]
    return out


def _run(chunk: str, heap: list, count: int, at: int) -> dict[str, Any]:
    """Return one run of text with the narrowest passage covering it (all of them when few)."""
    if not count:
        return {"text": chunk, "gap": False, "passages": [], "count": 0, "cls": "", "href": None, "kinds": []}
    live = sorted(h for h in heap if h[3] > at) if count <= MAX_IDS else [heap[0]]
    top = live[0][4]
    return {"text": chunk, "gap": False, "passages": [h[2] for h in live], "count": count,
            "cls": top["cls"] + (" multi" if count > 1 else ""), "href": top["pair_href"],
            "kinds": sorted({h[4]["kind"] or "unknown" for h in live})}
