"""Turn a RawDocument into clean text plus metadata."""
from __future__ import annotations

from ..settings import ExtractSettings
from ..types import Extracted, RawDocument


def extract(raw: RawDocument, settings: ExtractSettings) -> Extracted:
    """Extract the article body and metadata of one raw document."""
    if raw.fmt == "html":
        from .html import extract_html
        return extract_html(raw, settings)
    from .text import extract_text
    return extract_text(raw, settings)


__all__ = ["extract"]
