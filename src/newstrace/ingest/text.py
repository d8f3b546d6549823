"""Read whole-file documents: plain text, HTML, and files of unknown type."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..settings import IngestSettings
from ..types import Failure, RawDocument
from .decode import check_printable, decode_bytes, looks_binary
from .detect import SUPPORTED, split_suffix, sniff_markup
from .files import empty_reason, has_min_chars, read_limited
from .html import decode_html

Item = RawDocument | Failure


def read_text(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Read a plain-text file as one document."""
    data = read_limited(path, settings.max_bytes)
    if looks_binary(data):
        raise InputError("binary file: contains NUL bytes, so it is not plain text "
                         "(UTF-16 text needs a byte-order mark)")
    content, enc = decode_bytes(data)
    check_printable(content)
    yield _text_document(path, content, enc, settings)


def read_html(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Read an HTML file as one document."""
    yield from read_html_bytes(path, read_limited(path, settings.max_bytes), settings)


def read_unknown(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Sniff a file with an unknown extension: HTML, plain text, or a failure."""
    data = read_limited(path, settings.max_bytes)
    if looks_binary(data):
        raise InputError(_unsupported(path))
    if sniff_markup(data):
        yield from read_html_bytes(path, data, settings)
        return
    try:
        content, enc = decode_bytes(data)
        check_printable(content)
    except InputError:
        raise InputError(_unsupported(path)) from None
    yield _text_document(path, content, enc, settings)


def read_binary(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Refuse a file whose extension says it is binary (PDF, images, archives...)."""
    raise InputError(_unsupported(path))
    yield  # pragma: no cover - makes this a generator like the other readers


def read_html_bytes(path: Path, data: bytes, settings: IngestSettings) -> Iterator[Item]:
    """Yield one HTML document from bytes already read."""
    content, enc = decode_html(data, None, settings.min_chars, "file")
    yield RawDocument(source=str(path), content=content, fmt="html", encoding=enc)


def _text_document(path: Path, content: str, enc: str, settings: IngestSettings) -> RawDocument:
    if not has_min_chars(content, settings.min_chars):
        raise InputError(empty_reason("file", settings.min_chars))
    return RawDocument(source=str(path), content=content, fmt="text", encoding=enc)


def _unsupported(path: Path) -> str:
    ext = split_suffix(path)[0] or "(no extension)"
    return f"unsupported or binary file (extension {ext}); newstrace reads {SUPPORTED}"
