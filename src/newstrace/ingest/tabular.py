"""Read CSV/TSV (streaming, csv module) and Parquet (pyarrow row batches)."""
from __future__ import annotations

import codecs
import csv
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..settings import IngestSettings
from ..types import Failure, RawDocument
from .decode import decode_bytes, looks_binary
from .files import fail, open_binary, too_large
from .records import Position, build_record

Item = RawDocument | Failure
_SAMPLE = 1 << 16
_BATCH_ROWS = 256
# csv's default 128 KiB field limit is far below a long article; size is checked per row instead
_FIELD_LIMIT = 2**31 - 1


def read_csv(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Yield one document per CSV row; a header row names the columns."""
    yield from _read_delimited(path, settings, None)


def read_tsv(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Yield one document per tab-separated row; a header row names the columns."""
    yield from _read_delimited(path, settings, "\t")


def _read_delimited(path: Path, settings: IngestSettings, delimiter: str | None) -> Iterator[Item]:
    csv.field_size_limit(_FIELD_LIMIT)
    with open_binary(path) as raw:
        codec, label = _sniff_encoding(raw)
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=codec, newline="")
        try:
            header_line = text.readline()
        except UnicodeDecodeError as e:
            raise InputError(_undecodable("header", label, e)) from None
        header = next(csv.reader([header_line], delimiter=delimiter or _delimiter(header_line)), [])
        if not header or not any(h.strip() for h in header):
            raise InputError("empty file: no header row")
        _check_columns([h.strip() for h in header], settings, "CSV")
        rows = csv.reader(text, delimiter=delimiter or _delimiter(header_line))
        yield from _rows(rows, [h.strip() for h in header], path, settings, label)


def _rows(rows: Iterator[list[str]], header: list[str], path: Path,
          settings: IngestSettings, label: str) -> Iterator[Item]:
    n = 0
    while True:
        pos = Position(str(path), "row", n + 1)
        try:
            row = next(rows)
        except StopIteration:
            return
        except UnicodeDecodeError as e:
            yield pos.fail(_undecodable("rest of the file", label, e))
            return
        except (OSError, EOFError, zlib.error) as e:
            yield pos.fail(f"cannot read further ({e}); the rows before it were kept "
                           f"(truncated or corrupt compressed file?)")
            return
        except csv.Error as e:  # e.g. a NUL byte: the reader resumes on the next line
            n += 1
            yield pos.fail(f"malformed CSV: {e}")
            continue
        if not row:
            continue  # a blank line is not a record
        n += 1
        if len(row) > len(header):
            yield pos.fail(f"{len(row)} fields but the header has {len(header)}; quote fields "
                           f"that contain the delimiter")
            continue
        size = sum(len(cell) for cell in row)
        if size > settings.max_bytes:
            yield pos.fail(too_large(size, settings.max_bytes, "row"))
            continue
        yield build_record(dict(zip(header, row, strict=False)), pos, settings, label)


def _sniff_encoding(raw: BinaryIO) -> tuple[str, str]:
    sample = raw.read(_SAMPLE)
    if looks_binary(sample):
        raise InputError("binary file: contains NUL bytes, not CSV text")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8"
    if len(sample) == _SAMPLE:  # don't let a character cut at the sample's end spoil detection
        sample = sample[: sample.rfind(b"\n") + 1] or sample[:-4]
    _, enc = decode_bytes(sample)
    return enc, enc


def _delimiter(header_line: str) -> str:
    if "," in header_line:
        return ","
    counts = {d: header_line.count(d) for d in (";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_columns(names: list[str], settings: IngestSettings, kind: str) -> None:
    if settings.text_column in names or settings.html_column in names:
        return
    raise InputError(
        f"{kind} has no text column {settings.text_column!r} (columns found: {', '.join(names)}); "
        f"name the column holding the article text, e.g. -s ingest.text_column={names[0]}"
    )


def _undecodable(what: str, enc: str, e: UnicodeDecodeError) -> str:
    return (f"cannot decode the {what} as {enc} ({e.reason}); the encoding changes inside the "
            f"file: convert it to UTF-8, e.g. with iconv")


def read_parquet(path: Path, settings: IngestSettings) -> Iterator[Item]:
    """Yield one document per Parquet row, reading row batches."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        names = list(pf.schema_arrow.names)
    except (pa.ArrowException, OSError, ValueError) as e:
        raise InputError(f"not a readable Parquet file ({e}); "
                         f"check that it was written completely") from None
    _check_columns(names, settings, "Parquet file")
    n = 0
    try:
        for batch in pf.iter_batches(batch_size=_BATCH_ROWS):
            for fields in batch.to_pylist():
                n += 1
                yield build_record(fields, Position(str(path), "row", n), settings, "utf-8")
    except (pa.ArrowException, OSError, ValueError) as e:
        yield fail(path, f"row {n + 1}", f"row {n + 1}: corrupt Parquet data ({e}); "
                   f"the {n} rows before it were kept, the rest of the file was skipped")
