"""Read passim-style JSON Lines and JSON files one record at a time."""
from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..settings import IngestSettings
from ..types import Failure, RawDocument
from .files import fail, open_binary, too_large
from .records import Position, build_record

Item = RawDocument | Failure
_CHUNK = 1 << 20
_WS = " \t\r\n"


def read_jsonl(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Yield one document per JSON line; a broken line becomes a failure."""
    with open_binary(path) as fh:
        yield from _lines(fh, path, settings)


def read_json(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Read a .json file holding a list of records, one object, or JSON lines."""
    with open_binary(path) as fh:
        first = _first_char(fh)
        fh.seek(0)
        first_line = fh.readline(settings.max_bytes + 1)
        fh.seek(0)
        if first == "[":
            yield from _values(fh, path, settings, bracketed=True)
        elif first != "{" or _parses(first_line):
            yield from _lines(fh, path, settings)
        else:  # one pretty-printed object (or several): decode as a stream of values
            yield from _values(fh, path, settings, bracketed=False)


def _lines(fh: BinaryIO, path: Path, settings: IngestSettings) -> Iterator[Item]:
    limit = settings.max_bytes
    n = 0
    while True:
        try:
            line = fh.readline(limit + 1)
        except (OSError, EOFError, zlib.error) as e:
            yield fail(path, f"line {n + 1}", f"line {n + 1}: cannot read further ({e}); "
                       f"the lines before it were kept (truncated or corrupt compressed file?)")
            return
        if not line:
            return
        n += 1
        pos = Position(str(path), "line", n)
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line) + _skip_line(fh)
            yield pos.fail(too_large(size, limit, "record"))
        elif line.strip():  # blank lines separate nothing and are not records
            yield _parse_line(line, pos, settings)


def _skip_line(fh: BinaryIO) -> int:
    skipped = 0
    while chunk := fh.readline(_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _parse_line(line: bytes, pos: Position, settings: IngestSettings) -> Item:
    try:
        obj = json.loads(line)  # bytes: json detects UTF-8/16/32 and a UTF-8 BOM itself
    except json.JSONDecodeError as e:
        return pos.fail(f"invalid JSON: {e.msg} at column {e.colno}")
    except UnicodeDecodeError as e:
        return pos.fail(f"not UTF-8 ({e.reason} at byte {e.start}); JSON must be UTF-8, "
                        f"convert the file with iconv -t utf-8")
    return _object(obj, pos, settings)


def _object(obj: Any, pos: Position, settings: IngestSettings) -> Item:
    if not isinstance(obj, dict):
        return pos.fail(f"expected a JSON object with a {settings.text_column!r} field, "
                        f"got {type(obj).__name__}")
    return build_record(_scrub(obj), pos, settings, "utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrub(value: Any) -> Any:
    """Replace lone UTF-16 surrogates (JSON escapes like "\\ud800" with no partner, which no
    UTF-8 store can hold) by U+FFFD, one character for one, so offsets keep their meaning."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _first_char(fh: BinaryIO) -> str:
    head = fh.read(4096).lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    return head[:1].decode("ascii", "replace")


class _Stream:
    """A growing text window over a binary file, for incremental JSON decoding."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.eof = False

    def fill(self) -> bool:
        """Read one more chunk; return False at end of file."""
        if self.eof:
            return False
        chunk = self.fh.read(_CHUNK)
        self.eof = not chunk
        self.buf = self.buf[self.pos:] + self.decoder.decode(chunk, final=self.eof)
        self.pos = 0
        return True

    def peek(self) -> str:
        """Skip whitespace and return the next character ("" at end of file)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf) or not self.fill():
                return self.buf[self.pos:self.pos + 1]


def _values(fh: BinaryIO, path: Path, settings: IngestSettings, bracketed: bool) -> Iterator[Item]:
    stream = _Stream(fh)
    dec = json.JSONDecoder()
    if bracketed:
        stream.peek()
        stream.pos += 1  # the opening "["
    n = 0
    while (c := stream.peek()) != ("]" if bracketed else ""):
        n += 1
        pos = Position(str(path), "record", n)
        if c == "":
            yield pos.fail("file ends inside the JSON list (truncated?); "
                           "records before it were kept")
            return
        try:
            obj = _decode_value(stream, dec, settings.max_bytes)
        except (ValueError, _TooLarge) as e:
            yield fail(path, pos.label, f"{pos.label}: {e}; the rest of the file was skipped "
                       f"(fix the JSON, or convert it to JSON Lines so one bad record "
                       f"costs one line)")
            return
        yield _object(obj, pos, settings)
        if stream.peek() == ",":
            stream.pos += 1


class _TooLarge(Exception):
    pass


def _decode_value(stream: _Stream, dec: json.JSONDecoder, limit: int) -> Any:
    while True:
        try:
            obj, end = dec.raw_decode(stream.buf, stream.pos)
        except json.JSONDecodeError as e:
            if not stream.eof and len(stream.buf) - stream.pos <= limit:
                stream.fill()
                continue
            if len(stream.buf) - stream.pos > limit:
                raise _TooLarge(too_large(len(stream.buf) - stream.pos, limit, "record")) from None
            raise ValueError(f"invalid JSON: {e.msg}") from None
        # a number or literal ending exactly at the window's edge may continue in the next chunk
        if end < len(stream.buf) or stream.eof:
            stream.pos = end
            return obj
        stream.fill()
