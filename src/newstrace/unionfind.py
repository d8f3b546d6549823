"""Connected components by union-find, shared by claims (independent sources) and Spark provenance."""
from __future__ import annotations

from typing import Iterable


def components(doc_ids: Iterable[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return a representative per node (the smallest id of its component); links may add nodes."""
    parent: dict[str, str] = {d: d for d in doc_ids}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {d: find(d) for d in list(parent)}
