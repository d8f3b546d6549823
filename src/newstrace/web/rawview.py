"""Show the raw input with what extraction kept and what it removed, from documents.char_map."""
from __future__ import annotations

from typing import Any

MAX_RAW_CHARS = 400_000


def raw_segments(raw: str, char_map: list[list[int]] | None) -> dict[str, Any]:
    """Cut the raw input into runs ``{"text", "kept"}`` using the char map's raw ranges.

    ``kept`` marks raw characters that became clean text; the rest is what
    extraction removed (markup, boilerplate, comments).
    """
    truncated = len(raw) > MAX_RAW_CHARS
    raw = raw[:MAX_RAW_CHARS]
    ranges = sorted((int(rb), int(rb) + int(n)) for _, rb, n in (char_map or []) if int(n) > 0)
    runs: list[dict[str, Any]] = []
    pos = 0
    for b, e in ranges:
        b, e = max(b, pos), min(e, len(raw))
        if e <= b:
            continue
        if b > pos:
            runs.append({"text": raw[pos:b], "kept": False})
        _append(runs, raw[b:e], True)
        pos = e
    if pos < len(raw):
        runs.append({"text": raw[pos:], "kept": False})
    kept = sum(len(r["text"]) for r in runs if r["kept"])
    return {"runs": runs, "kept_chars": kept, "removed_chars": len(raw) - kept,
            "truncated": truncated, "mapped": bool(ranges)}


def _append(runs: list[dict[str, Any]], text: str, kept: bool) -> None:
    if runs and runs[-1]["kept"] == kept:
        runs[-1]["text"] += text
    else:
        runs.append({"text": text, "kept": kept})
