"""Turn one structured record (JSON object, CSV row, Parquet row) into a RawDocument."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from ..settings import IngestSettings
from ..types import Failure, RawDocument
from .files import empty_reason, fail, has_min_chars, too_large
from .html import has_visible_text

# input field name (lower-case) -> canonical meta key; earlier aliases win on conflicts
_ALIASES = {
    "published": "published", "date": "published", "pub_date": "published",
    "outlet": "outlet", "series": "outlet", "source": "outlet", "site": "outlet",
    "language": "language", "lang": "language",
    "url": "url", "title": "title",
}
_RANK = {name: i for i, name in enumerate(_ALIASES)}


class Position:
    """Where a record sits in its file: ``line 7`` / ``path#line=7``."""

    __slots__ = ("path", "kind", "number")

    def __init__(self, path: str, kind: str, number: int) -> None:
        self.path, self.kind, self.number = path, kind, number

    @property
    def label(self) -> str:
        """Return the failure position, e.g. ``line 7``."""
        return f"{self.kind} {self.number}"

    @property
    def source(self) -> str:
        """Return the document source, e.g. ``path#line=7``."""
        return f"{self.path}#{self.kind}={self.number}"

    def fail(self, reason: str) -> Failure:
        """Build a failure at this position, the position repeated in the reason."""
        return fail(self.path, self.label, f"{self.label}: {reason}")


def build_record(fields: dict[str, Any], pos: Position, settings: IngestSettings,
                 encoding: str | None) -> RawDocument | Failure:
    """Build a RawDocument from a record's fields, or a Failure saying what is wrong."""
    text = fields.get(settings.text_column)
    html = fields.get(settings.html_column)
    fmt = "text"
    if _blank(text) and isinstance(html, str) and html.strip():
        text, fmt = html, "html"
    if text is None:
        return pos.fail(_missing_text(fields, settings))
    if not isinstance(text, str):
        if isinstance(text, (dict, list, bytes)):
            return pos.fail(f"field {settings.text_column!r} is a {type(text).__name__}, not text")
        text = str(text)
    if len(text) > settings.max_bytes:
        return pos.fail(too_large(len(text), settings.max_bytes, "record"))
    if not has_min_chars(text, settings.min_chars):
        return pos.fail(empty_reason("text", settings.min_chars))
    if fmt == "html" and not has_visible_text(text, settings.min_chars):
        return pos.fail("no visible text in the HTML field (empty page or malformed HTML)")
    skip = {settings.text_column, settings.html_column, settings.id_column}
    return RawDocument(
        source=pos.source, content=text, fmt=fmt, doc_id=_doc_id(fields.get(settings.id_column)),
        meta=normalise_meta({k: v for k, v in fields.items() if k not in skip}), encoding=encoding,
    )


def normalise_meta(fields: dict[str, Any]) -> dict[str, Any]:
    """Rename known fields (date→published, series→outlet, lang→language); drop empties."""
    clean = {str(k): jsonable(v) for k, v in fields.items()}
    clean = {k: v for k, v in clean.items() if v is not None and v != ""}
    chosen: dict[str, str] = {}  # canonical key -> the input key it is taken from
    for key in clean:
        canon = _ALIASES.get(key.lower())
        if canon and (canon not in chosen or _RANK[key.lower()] < _RANK[chosen[canon].lower()]):
            chosen[canon] = key
    meta = {canon: clean[key] for canon, key in chosen.items()}
    taken = set(chosen.values())
    for key, value in clean.items():
        if key not in taken:  # displaced aliases (e.g. "source" beside "outlet") keep their name
            meta.setdefault(key, value)
    return meta


def jsonable(value: Any) -> Any:
    """Convert a value to something json.dumps accepts (None for unrepresentable ones)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _doc_id(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    text = str(value).strip()
    return text or None


def _missing_text(fields: dict[str, Any], settings: IngestSettings) -> str:
    found = ", ".join(map(str, fields)) or "none"
    return (f"no {settings.text_column!r} field (fields found: {found}); "
            f"set ingest.text_column to the field holding the article text")
