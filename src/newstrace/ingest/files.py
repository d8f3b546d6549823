"""Open (possibly compressed) files, enforce size limits, build failure rows."""
from __future__ import annotations

import bz2
import gzip
import lzma
import re
from itertools import islice
from pathlib import Path
from collections.abc import Callable
from typing import Any, BinaryIO

from ..errors import InputError
from ..types import Failure
from .detect import split_suffix

_NON_SPACE = re.compile(r"\S")
_OPENERS: dict[str, Callable[..., Any]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def fail(path: Path | str, position: str, reason: str) -> Failure:
    """Build an ingest failure row."""
    return Failure(path=str(path), position=position, stage="ingest", reason=reason)


def open_binary(path: Path) -> BinaryIO:
    """Open a file for binary reading, decompressing .gz/.bz2/.xz transparently."""
    _, comp = split_suffix(path)
    if comp:
        fh: BinaryIO = _OPENERS[comp](path, "rb")
        return fh
    return open(path, "rb")


def too_large(size: int, max_bytes: int, what: str = "file") -> str:
    """Explain that something exceeds ingest.max_bytes and how to raise the limit."""
    return (f"{what} too large: {size:,} bytes > ingest.max_bytes={max_bytes:,}; "
            f"split it or raise the limit, e.g. -s ingest.max_bytes={max(size, max_bytes) * 2}")


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a whole file, refusing (before reading) files over max_bytes."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(too_large(size, max_bytes))
    with open_binary(path) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(too_large(len(data), max_bytes, "file (decompressed)"))
    return data


def has_min_chars(text: str, min_chars: int) -> bool:
    """Tell whether text has at least min_chars non-space characters (stops early)."""
    if min_chars <= 0:
        return True
    return sum(1 for _ in islice(_NON_SPACE.finditer(text), min_chars)) >= min_chars


def empty_reason(what: str, min_chars: int) -> str:
    """Explain an empty (whitespace-only or too short) input."""
    if min_chars <= 1:
        return f"empty {what}: no text, only whitespace"
    return (f"empty {what}: fewer than ingest.min_chars={min_chars} non-space characters "
            f"(lower it with -s ingest.min_chars=N)")
