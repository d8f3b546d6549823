"""The report's Claims section: each claim, its sources, carriers and conflicts, with highlighted spans."""

from __future__ import annotations

from typing import Any

import duckdb

from ..store import queries

CONTEXT = 160


def claims_section(con: duckdb.DuckDBPyConnection, limit: int | None = 500) -> list[dict[str, Any]]:
    """Return claim views for the report ([] when the store has no claims tables)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'claims'"
    ).fetchone()[0]
    if not found:
        return []
    claims = queries.claims_list(con)[:limit]
    wanted = {c["claim_id"] for c in claims}
    mentions: dict[int, list[dict[str, Any]]] = {}
    rows = [m for m in queries.claim_mentions(con) if m["claim_id"] in wanted]
    texts = {
        d: doc["text"]
        for d, doc in queries.documents_by_id(con, sorted({m["doc_id"] for m in rows})).items()
    }
    for m in rows:
        mentions.setdefault(m["claim_id"], []).append(mention_view(m, texts.get(m["doc_id"], "")))
    labels = {c["claim_id"]: c["label"] for c in claims}
    for c in claims:
        c["mention_views"] = mentions.get(c["claim_id"], [])
        c["conflict_labels"] = [(i, labels.get(i, "")) for i in c["conflicts_with"]]
        c["compatible_labels"] = [(i, labels.get(i, "")) for i in c["compatible_with"]]
    return claims


def mention_view(m: dict[str, Any], text: str) -> dict[str, Any]:
    """Return a mention with its text cut as before / highlighted span / after (speaker marked too)."""
    b, e = m["begin"], m["end"]
    lo, hi = max(0, b - CONTEXT), min(len(text), e + CONTEXT)
    parts = [("", text[lo:b]), ("claim", text[b:e]), ("", text[e:hi])]
    sb, se = m.get("speaker_begin"), m.get("speaker_end")
    if sb is not None and se is not None and lo <= sb and se <= hi and (se <= b or sb >= e):
        parts = _mark_speaker(text, lo, hi, b, e, sb, se)
    return {**m, "parts": parts, "cut_before": lo > 0, "cut_after": hi < len(text)}


def _mark_speaker(
    text: str, lo: int, hi: int, b: int, e: int, sb: int, se: int
) -> list[tuple[str, str]]:
    """Cut [lo, hi) into plain, claim and speaker runs."""
    marks = sorted([(b, e, "claim"), (sb, se, "speaker")])
    out, pos = [], lo
    for s, t, cls in marks:
        out.append(("", text[pos:s]))
        out.append((cls, text[s:t]))
        pos = t
    out.append(("", text[pos:hi]))
    return out
