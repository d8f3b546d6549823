"""Turn bytes into text: BOM, UTF-8, declared charset, then charset-normalizer."""
from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
# WHATWG: pages labelled latin-1/ascii are decoded as windows-1252 by every browser
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
            "iso8859-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
SNIFF_BYTES = 8192


def looks_binary(data: bytes) -> bool:
    """Tell whether bytes are binary (NUL bytes outside a UTF-16/32 BOM)."""
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def declared_charset(data: bytes) -> str | None:
    """Return the charset an HTML/XML document declares in its first bytes."""
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def decode_bytes(data: bytes, hints: tuple[str | None, ...] = ()) -> tuple[str, str]:
    """Decode bytes to (text, encoding); raise InputError if no encoding fits.

    Order: byte-order mark, strict UTF-8, each hint (HTTP header, <meta
    charset>), then charset-normalizer's best guess.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _strict(data, enc, "utf-8" if enc == "utf-8-sig" else enc)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for hint in hints:
        codec = _codec(hint)
        if codec and codec != "utf-8":
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    return _guess(data)


def check_printable(text: str, what: str = "file") -> None:
    """Raise InputError when decoded text is mostly control characters."""
    head = text[:SNIFF_BYTES]
    if head and len(_CONTROL.findall(head)) > 0.05 * len(head):
        raise InputError(f"binary {what}: too many control characters to be text")


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as e:
        raise InputError(f"cannot decode as {label} despite its byte-order mark: {e.reason} "
                         f"at byte {e.start}; re-save the file as UTF-8") from None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # imported late: rarely needed, slow to import

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot detect the text encoding (not UTF-8, no usable charset "
                         "declaration); convert the file to UTF-8, e.g. with iconv")
    return str(best), best.encoding
