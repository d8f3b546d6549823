"""Frozen records passed between stages. Offsets are half-open character ranges."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawDocument:
    """One input record before extraction.

    ``content`` is the decoded text (HTML or plain text); ``fmt`` says which
    ("html" or "text"). ``meta`` holds fields given by the input itself
    (JSONL/CSV/Parquet columns, WARC headers), never guessed ones.
    """

    source: str          # file path (and position, e.g. "file.warc.gz#record=3")
    content: str
    fmt: str             # "html" | "text"
    doc_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None


@dataclass(frozen=True)
class Failure:
    """A record that could not be ingested or processed, with the reason."""

    path: str
    position: str        # "" for the whole file, else "line 12", "record 3", "row 7", ...
    stage: str           # ingest | extract | segment | align ...
    reason: str


@dataclass(frozen=True)
class Extracted:
    """Clean article text and metadata.

    ``char_map`` is a list of runs ``(clean_begin, raw_begin, length)``: clean
    ``text[cb:cb+n]`` came from raw ``content[rb:rb+n]`` (after entity/whitespace
    normalisation the characters may differ, the positions do not). Clean
    characters covered by no run were synthesised (e.g. a paragraph break).
    """

    text: str
    char_map: list[tuple[int, int, int]]
    title: str | None = None
    published: str | None = None          # ISO date or datetime
    published_source: str | None = None   # where the date came from: input|text|url|html
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None           # e.g. "MOSCOW (Sputnik)"
    dateline_place: str | None = None
    dateline_agency: str | None = None
    url: str | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    idx: int
    begin: int
    end: int


@dataclass(frozen=True)
class Passage:
    """A span of the target document aligned with a span of the source document."""

    target_id: str
    target_begin: int
    target_end: int
    source_id: str
    source_begin: int
    source_end: int
    kind: str            # verbatim | edited | (later) paraphrase | translation
    score: float
    method: str = "lexical"
