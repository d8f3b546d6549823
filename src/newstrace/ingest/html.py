"""Decode HTML bytes and check that a page has any visible text at all."""
from __future__ import annotations

import re

from ..errors import InputError
from .decode import check_printable, decode_bytes, declared_charset, looks_binary

# Skip comments and invisible elements; the second group captures visible text runs.
_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|title)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<[A-Za-z/!?][^>]*>?|([^<]+|<)",
    re.S | re.I,
)
_NON_SPACE = re.compile(r"[^\s&]|&(?!nbsp;)")


def has_visible_text(html: str, min_chars: int) -> bool:
    """Tell whether an HTML page has at least min_chars visible non-space characters."""
    need = max(min_chars, 1)
    for m in _SCAN.finditer(html):
        run = m.group(2)
        if run:
            need -= len(_NON_SPACE.findall(run))
            if need <= 0:
                return True
    return False


def decode_html(data: bytes, charset_hint: str | None, min_chars: int,
                what: str) -> tuple[str, str]:
    """Decode an HTML page to (text, encoding); raise InputError if unusable."""
    if looks_binary(data):
        raise InputError(f"binary {what}: contains NUL bytes, not HTML")
    text, enc = decode_bytes(data, (charset_hint, declared_charset(data)))
    check_printable(text, what)
    if not text.strip():
        raise InputError(f"empty {what}: no text, only whitespace")
    if not has_visible_text(text, min_chars):
        raise InputError(f"no visible text in HTML {what} (empty page or malformed HTML: "
                         f"only tags, scripts or comments)")
    return text, enc
