"""Read HTML responses from WARC files (plain or gzip), one record at a time."""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..settings import IngestSettings
from ..types import Failure, RawDocument
from .files import fail, too_large
from .html import decode_html
from .records import Position

Item = RawDocument | Failure
_HTML_TYPES = ("text/html", "application/xhtml")


class _Truncated(Exception):
    pass


def read_warc(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Yield 200 text/html response records; stop with a failure at corruption."""
    from fastwarc.warc import ArchiveIterator  # imported late: only WARC input needs it

    n, kept, offset = 0, 0, 0
    try:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, parse_http=True):
                n, offset = n + 1, rec.stream_pos
                item = _record(rec, Position(str(path), "record", n), settings)
                if item is not None:
                    kept += isinstance(item, RawDocument)
                    yield item
    except _Truncated as e:
        yield fail(path, f"record {n}",
                   f"record {n} (byte {offset:,}): truncated WARC record: {e}; the {kept} "
                   f"documents before it were kept. Re-download or re-create the file")
    except (OSError, ValueError) as e:
        yield fail(path, f"record {n + 1}",
                   f"record {n + 1} (after byte {offset:,}): corrupt WARC data ({e}); the {kept} "
                   f"documents before it were kept, the rest of the file was skipped")


def _record(rec: Any, pos: Position, settings: IngestSettings) -> Item | None:
    if rec.headers.get("Content-Length") is None:
        raise _Truncated("the file ends inside its header")
    if rec.headers.get("WARC-Type") != "response" or not rec.is_http:
        return None
    ctype = (rec.http_content_type or "").lower()
    if ctype and not ctype.startswith(_HTML_TYPES):
        return None  # images, PDFs...: skipped unread
    if rec.content_length > settings.max_bytes:
        return pos.fail(too_large(rec.content_length, settings.max_bytes, "HTML response"))
    body = rec.reader.read()
    if len(body) < rec.content_length:
        raise _Truncated(f"the file ends after {len(body):,} of {rec.content_length:,} body bytes")
    status = rec.http_headers.status_code
    if status != 200 or not ctype:
        return None
    try:
        body = _decode_transfer(body, rec.http_headers)
        html, enc = decode_html(body, rec.http_charset, settings.min_chars, "page")
    except InputError as e:
        return pos.fail(str(e))
    meta = {"url": rec.headers.get("WARC-Target-URI"), "crawled": rec.headers.get("WARC-Date"),
            "warc_record_id": rec.headers.get("WARC-Record-ID")}
    return RawDocument(source=pos.source, content=html, fmt="html",
                       meta={k: v for k, v in meta.items() if v}, encoding=enc)


def _decode_transfer(body: bytes, headers: Any) -> bytes:
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        body = _dechunk(body)
    coding = (headers.get("Content-Encoding") or "").strip().lower()
    if coding in ("", "identity", "none"):
        return body
    if coding in ("gzip", "x-gzip", "deflate"):
        try:  # wbits 47 accepts gzip and zlib headers; -15 is raw deflate sent as "deflate"
            return zlib.decompress(body, 47)
        except zlib.error:
            try:
                return zlib.decompress(body, -15)
            except zlib.error as e:
                raise InputError(f"cannot decompress {coding} response body: {e}") from None
    raise InputError(f"unsupported Content-Encoding {coding!r} (supported: gzip, deflate)")


def _dechunk(body: bytes) -> bytes:
    out, i = [], 0
    while i < len(body):
        eol = body.find(b"\r\n", i)
        if eol < 0:
            break
        try:
            size = int(body[i:eol].split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return body  # not really chunked (the crawler already decoded it)
        if size == 0:
            break
        out.append(body[eol + 2:eol + 2 + size])
        i = eol + 2 + size + 2
    return b"".join(out)
