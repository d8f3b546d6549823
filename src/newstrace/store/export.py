"""Export store tables as JSONL, CSV or Parquet, streaming Arrow record batches."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import ConfigError
from . import queries

FORMATS = ("jsonl", "csv", "parquet")


def export_table(con: duckdb.DuckDBPyConnection, table: str, fmt: str, out: str) -> int:
    """Write a table (documents, passages, failures) to a file or '-' (stdout); return rows written.

    Example: ``export_table(store.con, "passages", "csv", "passages.csv")``
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    reader = queries.export_reader(con, table)
    with _sink(out) as sink:
        return _WRITERS[fmt](reader, sink)


@contextmanager
def _sink(out: str) -> Iterator[IO[bytes]]:
    """Open the output as a binary stream ('-' is stdout) and flush it at the end."""
    if out == "-":
        stream = sys.stdout.buffer
        sys.stdout.flush()
        yield stream
        stream.flush()
        return
    try:
        f = open(out, "wb")  # noqa: SIM115 - closed below; only the open is guarded
    except OSError as e:
        raise ConfigError(f"cannot write {out}: {e.strerror or e}; check the output path") from e
    with f:
        yield f


def _write_jsonl(reader: pa.RecordBatchReader, sink: IO[bytes]) -> int:
    """Write one JSON object per line."""
    n = 0
    for batch in reader:
        lines = [json.dumps(row, ensure_ascii=False, default=_json_value) for row in batch.to_pylist()]
        if lines:
            sink.write(("\n".join(lines) + "\n").encode("utf-8"))
        n += batch.num_rows
    return n


def _json_value(value: Any) -> Any:
    """Encode values JSON does not know: dates as ISO strings, decimals as floats."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def _write_csv(reader: pa.RecordBatchReader, sink: IO[bytes]) -> int:
    """Write CSV with a header row, quoting as needed."""
    n = 0
    with pacsv.CSVWriter(sink, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            n += batch.num_rows
    return n


def _write_parquet(reader: pa.RecordBatchReader, sink: IO[bytes]) -> int:
    """Write one Parquet file, a row group per batch or so."""
    n = 0
    with pq.ParquetWriter(sink, reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
            n += batch.num_rows
    return n


_WRITERS: dict[str, Callable[[pa.RecordBatchReader, IO[bytes]], int]] = {
    "jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet,
}
