"""Reuse families: the same text across many documents, with origin, spread order and variants."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .evidence import parse_date

_NONWORD = re.compile(r"\W+")


@dataclass
class Family:
    """One passage family: member spans per document, in spread order."""

    family_id: str
    members: list[dict[str, Any]] = field(default_factory=list)   # doc_id, begin, end, published…
    origin_id: str | None = None
    origin_confidence: float = 0.0
    n_variants: int = 0

    @property
    def doc_ids(self) -> list[str]:
        return [m["doc_id"] for m in self.members]


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def _sides(passages: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """Return both sides of every passage as (doc_id, begin, end); side 2i is the target of passage i."""
    out = []
    for p in passages:
        out.append((p["target_id"], p["target_begin"], p["target_end"]))
        out.append((p["source_id"], p["source_begin"], p["source_end"]))
    return out


def cluster(passages: list[dict[str, Any]], overlap: float = 0.5) -> list[list[int]]:
    """Group passage sides into families: a passage joins its two sides, overlapping spans join too."""
    sides = _sides(passages)
    uf = _UnionFind(len(sides))
    for i in range(0, len(sides), 2):
        uf.union(i, i + 1)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, (doc, _, _) in enumerate(sides):
        by_doc[doc].append(i)
    for idx in by_doc.values():
        idx.sort(key=lambda i: (sides[i][1], sides[i][2]))
        active: list[int] = []
        for i in idx:
            b, e = sides[i][1], sides[i][2]
            active = [j for j in active if sides[j][2] > b]
            for j in active:
                shared = min(e, sides[j][2]) - b
                if shared >= overlap * max(1, min(e - b, sides[j][2] - sides[j][1])):
                    uf.union(i, j)
            active.append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(sides)):
        groups[uf.find(i)].append(i)
    return list(groups.values())


def build_families(docs: dict[str, dict[str, Any]], passages: list[dict[str, Any]],
                   overlap: float = 0.5) -> list[Family]:
    """Return the passage families, members ordered by publication date, with variants."""
    sides = _sides(passages)
    fams = []
    for group in cluster(passages, overlap):
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i in group:
            doc, b, e = sides[i]
            spans[doc].append((b, e))
        if len(spans) < 2:
            continue
        members = [_member(doc, sp, docs.get(doc, {})) for doc, sp in spans.items()]
        fams.append(Family("", _spread_order(members)))
    fams.sort(key=_family_key)
    for f in fams:      # ids from content, not counters: the same in any subset holding the family
        f.family_id = f"fam-{_digest(f)}"
        f.n_variants = _variants(f, docs)
    return fams


def _member(doc_id: str, spans: list[tuple[int, int]], doc: dict[str, Any]) -> dict[str, Any]:
    return {"doc_id": doc_id, "begin": min(b for b, _ in spans), "end": max(e for _, e in spans),
            "n_spans": len(spans), "published": doc.get("published")}


def _spread_order(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order members by date (undated last), number them and give hours since the first."""
    def key(m: dict[str, Any]) -> tuple:
        d = parse_date(m["published"])
        return (d is None, d.isoformat() if d else "", m["doc_id"])
    members.sort(key=key)
    first = next((parse_date(m["published"]) for m in members if parse_date(m["published"])), None)
    for rank, m in enumerate(members, 1):
        d = parse_date(m["published"])
        m["rank"] = rank
        m["hours_after_first"] = round((d - first).total_seconds() / 3600, 2) if d and first else None
    return members


def _family_key(f: Family) -> tuple:
    m = f.members[0]
    return (m["published"] is None, m["published"] or "", m["doc_id"], m["begin"])


def _digest(f: Family) -> str:
    key = "|".join(f"{m['doc_id']}:{m['begin']}:{m['end']}" for m in sorted(f.members, key=lambda m: m["doc_id"]))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _variants(f: Family, docs: dict[str, dict[str, Any]]) -> int:
    """Number each member's text variant (identical after folding case and punctuation)."""
    seen: dict[str, int] = {}
    for m in f.members:
        text = (docs.get(m["doc_id"], {}).get("text") or "")[m["begin"]:m["end"]]
        key = _NONWORD.sub(" ", text.lower()).strip()
        m["variant"] = seen.setdefault(key, len(seen) + 1)
    return len(seen)
