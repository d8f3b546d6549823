"""Expand input arguments into files and pick a reader for each file."""
from __future__ import annotations

import glob
import os
import re
from pathlib import Path

from ..errors import InputError

COMPRESSIONS = (".gz", ".bz2", ".xz")
_FORMATS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv",
    ".parquet": "parquet", ".pq": "parquet",
}
# formats read as a byte stream by another library, where our decompression does not apply
_NATIVE = {"warc": (".gz",), "parquet": ()}
_BINARY_EXT = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".tar",
    ".7z", ".rar", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".mp3", ".mp4",
    ".wav", ".avi", ".mov", ".exe", ".dll", ".so", ".bin", ".pkl", ".db", ".duckdb", ".sqlite",
}
SUPPORTED = ".txt, .html/.htm, .warc/.warc.gz, .jsonl/.ndjson/.json, .csv/.tsv, .parquet " \
            "(text formats may also be .gz/.bz2/.xz compressed)"
_GLOB_CHARS = re.compile(r"[*?\[]")
_HTML_SNIFF = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(p|div|article)[\s>]", re.I)


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Expand files, directories (recursively) and glob patterns into a list of files."""
    out: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        for path in _expand_one(str(item)):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                out.append(path)
    return out


def _expand_one(item: str) -> list[Path]:
    path = Path(item).expanduser()
    if path.is_file():
        return [path]  # named explicitly: read it even if hidden
    if path.is_dir():
        return _walk(path)
    if path.exists():
        raise InputError(f"input {item!r} is neither a file nor a directory")
    if _GLOB_CHARS.search(item):
        matches = sorted(glob.glob(os.path.expanduser(item), recursive=True))
        files: list[Path] = []
        for m in matches:
            p = Path(m)
            files.extend(_walk(p) if p.is_dir() else [p] if p.is_file() else [])
        if files:
            return files
        raise InputError(f"pattern {item!r} matches no files; check the pattern "
                         f"(and quote it so the shell does not expand it)")
    raise InputError(f"input {item!r} does not exist; check the path")


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        # prune hidden directories in place so os.walk never descends into them
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(Path(dirpath, f) for f in filenames if not f.startswith("."))
    return sorted((p for p in files if p.is_file()), key=str)


def split_suffix(path: Path) -> tuple[str, str | None]:
    """Return (format suffix, compression suffix or None), both lower-case."""
    suffixes = [s.lower() for s in path.suffixes]
    comp = suffixes[-1] if suffixes and suffixes[-1] in COMPRESSIONS else None
    if comp:
        suffixes = suffixes[:-1]
    return (suffixes[-1] if suffixes else ""), comp


def detect_format(path: Path) -> str:
    """Name the reader for a file from its extension: text, html, warc, ... or unknown."""
    ext, comp = split_suffix(path)
    fmt = _FORMATS.get(ext)
    if fmt is None:
        return "binary" if ext in _BINARY_EXT and comp is None else "unknown"
    if comp and fmt in _NATIVE and comp not in _NATIVE[fmt]:
        return "unknown"
    return fmt


def sniff_markup(data: bytes) -> bool:
    """Tell whether the start of a file looks like HTML."""
    return _HTML_SNIFF.search(data[:4096]) is not None
