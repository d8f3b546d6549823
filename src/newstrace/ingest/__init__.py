"""Read every supported input format into RawDocument rows; bad input becomes Failure rows.

Example:
    for item in iter_inputs(["corpus/", "crawl/*.warc.gz"], IngestSettings()):
        if isinstance(item, Failure): print(item.reason)
"""
from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import InputError
from ..settings import IngestSettings
from ..types import Failure, RawDocument
from .detect import detect_format, expand_inputs
from .files import fail
from .jsonl import read_json, read_jsonl
from .tabular import read_csv, read_parquet, read_tsv
from .text import read_binary, read_html, read_text, read_unknown
from .warc import read_warc

__all__ = ["iter_inputs", "expand_inputs", "read_file", "detect_format"]

Reader = Callable[[Path, IngestSettings], Iterator[RawDocument | Failure]]
READERS: dict[str, Reader] = {
    "text": read_text, "html": read_html, "warc": read_warc,
    "jsonl": read_jsonl, "json": read_json, "csv": read_csv, "tsv": read_tsv,
    "parquet": read_parquet, "unknown": read_unknown, "binary": read_binary,
}

_RECORD_FORMATS = {"jsonl", "json", "csv", "tsv", "parquet"}


def iter_inputs(inputs: list[str], settings: IngestSettings | None = None
                ) -> Iterator[RawDocument | Failure]:
    """Stream documents and failures from files, directories and glob patterns.

    Raises InputError at once if an input matches nothing.
    """
    paths = expand_inputs(inputs)  # eager: a bad argument fails before any work
    return _iter_paths(paths, settings or IngestSettings())


def _iter_paths(paths: list[Path], settings: IngestSettings) -> Iterator[RawDocument | Failure]:
    for path in paths:
        yield from read_file(path, settings)


def read_file(path: Path, settings: IngestSettings) -> Iterator[RawDocument | Failure]:
    """Stream one file's documents; any error becomes a Failure, never an exception."""
    fmt = detect_format(path)
    count = 0
    try:
        for item in READERS[fmt](path, settings):
            count += 1
            yield item
        if count == 0 and fmt in _RECORD_FORMATS:
            yield fail(path, "", "empty file: no records found")
    except InputError as e:
        yield fail(path, "", str(e))
    except PermissionError:
        yield fail(path, "", "cannot read file: permission denied; check the file's permissions")
    except FileNotFoundError:
        yield fail(path, "", "file disappeared while the run was reading the inputs")
    except (OSError, EOFError, zlib.error) as e:
        yield fail(path, "", f"cannot read file: {e} (truncated or corrupt compressed file?)")
    except Exception as e:  # noqa: BLE001 - one bad file must never stop a run
        yield fail(path, "", f"unexpected error while reading ({type(e).__name__}: {e}); "
                   f"please report this with the file")
