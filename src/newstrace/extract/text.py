"""Plain-text article extraction: clean body with a char map (boilerplate.py) plus metadata.

Fields given by the input (``RawDocument.meta``) win over guessed ones. Guesses
come from the units around the body: the headline, byline and date lines above
it, a masthead or site name, the dateline that opens it, and the credit lines
(``La source originale de cet article est …``) dropped after it.
"""
from __future__ import annotations

import math
from typing import Any

from ..settings import ExtractSettings
from ..types import Extracted, RawDocument
from . import metadata as md
from .boilerplate import Page, Unit, remove_boilerplate

_DATE_KEYS = ("published", "date", "pub_date", "published_at", "publication_date",
              "datePublished", "date_published", "pubdate")
_PUBLISHED = ("published", "posted", "submitted", "publié", "veröffentlicht", "publicado",
              "опубликовано", "erschienen", "date:")
_UPDATED = ("updated", "modified", "mis à jour", "aktualisiert", "actualizado", "обновлено")


def extract_text(raw: RawDocument, settings: ExtractSettings | None = None) -> Extracted:
    """Extract the article body and metadata from scraped plain text."""
    settings = settings or ExtractSettings()
    meta = raw.meta if isinstance(raw.meta, dict) else {}
    content = raw.content if isinstance(raw.content, str) else ""
    page = remove_boilerplate(content, enabled=settings.boilerplate, title=given(meta, "title"))
    return Extracted(text=page.text, char_map=page.char_map, **describe(page, meta, settings))


def given(meta: dict[str, Any], *keys: str) -> str | None:
    """Return the first non-empty input field among keys, as a stripped string."""
    for key in keys:
        value = meta.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value if v)
        text = str(value).strip()
        if text:
            return text
    return None


def describe(page: Page, meta: dict[str, Any], settings: ExtractSettings) -> dict[str, Any]:
    """Collect metadata: input fields first, then what the text around the body says."""
    extra: dict[str, Any] = {}
    published, source = _published(page, meta, extra)
    dl = md.dateline(page.text)
    credit = _credit(page)
    if credit:
        extra["credit"] = credit
    title = given(meta, "title") or _title(page)
    language = given(meta, "language", "lang")
    if language is None and settings.detect_language:
        language = md.detect_language(page.text) or md.detect_language(title or "")
    return {
        "title": title, "published": published, "published_source": source,
        "outlet": given(meta, "outlet", "site", "sitename", "publisher") or _outlet(page, dl),
        "byline": given(meta, "byline", "author", "authors") or _byline(page),
        "dateline": dl[0] if dl else None, "dateline_place": dl[1] if dl else None,
        "dateline_agency": dl[2] if dl else None, "url": given(meta, "url"),
        "language": language, "extra": extra,
    }


def _title(page: Page) -> str | None:
    if page.title is None:
        return None
    return " ".join(page.units[page.title].plain.split()) or None


def _around(page: Page) -> list[tuple[int, Unit]]:
    """Return the units above the body and the furniture dropped inside it, with indices."""
    head = list(enumerate(page.units[:page.start]))
    inside = [(i, u) for i, u in enumerate(page.units[page.start:page.end], page.start)
              if u.kind in ("meta", "junk")]
    return head + inside


def _byline(page: Page) -> str | None:
    return next((b for _, u in _around(page) if u.kind == "meta" and (b := md.byline(u.text))),
                None)


def _published(page: Page, meta: dict[str, Any],
               extra: dict[str, Any]) -> tuple[str | None, str | None]:
    """Return (date, where it came from); page clocks and crawl times are not publication dates."""
    for key in _DATE_KEYS:
        if meta.get(key) is not None:
            iso = md.normalize_date(meta[key])
            if iso:
                return iso, "input"
            extra.setdefault("published_given", str(meta[key])[:100])
    iso = _date_in_text(page, extra)
    if iso:
        return iso, "text"
    iso = md.date_from_url(given(meta, "url"))
    return (iso, "url") if iso else (None, None)


def _date_in_text(page: Page, extra: dict[str, Any]) -> str | None:
    """Return the best date line near the headline: 'Published …' first, then lines after it."""
    best: tuple[float, int, str] | None = None
    for i, u in _around(page):
        if u.why == "clock":
            extra.setdefault("page_clock", u.plain)
            continue
        if u.kind not in ("meta", "heading", "other") or u.words > 20:
            continue
        iso = md.find_date(u.plain)
        if not iso:
            continue
        low = u.plain.lower()
        score = 2.0 if low.startswith(_PUBLISHED) else (-1.0 if low.startswith(_UPDATED) else 0.0)
        score += 1.0 if page.title is not None and i > page.title else 0.0
        if best is None or score > best[0]:
            best = (score, i, iso)
    return best[2] if best else None


def _credit(page: Page) -> str | None:
    """Return the source credited by a dropped line ('Source: X', 'originally published by X')."""
    for u in page.units[page.start:] + page.units[:page.start]:
        if u.why == "credit":
            found = md.credit(u.text)
            if found:
                return found
    return None


def _outlet(page: Page, dl: tuple[str, str, str | None] | None) -> str | None:
    """Guess the publishing site: a site name in the header, the masthead, the wire, a widget."""
    for u in page.units[:page.start]:
        found = md.outlet_from_line(u.text) if u.kind in ("meta", "heading", "junk") else None
        if found:
            return found
    found = _masthead(page)
    if found:
        return found
    if dl and dl[2]:
        return dl[2]
    for u in page.units[page.end:]:
        found = md.outlet_from_widget(u.text) if u.kind == "end" else None
        if found:
            return found
    return None


def _masthead(page: Page) -> str | None:
    """Return the site name from a first line glued to a menu or date line, if there is one."""
    units = page.units
    if len(units) < 2 or page.title == 0 or units[0].blank_after or page.start == 0:
        return None
    if units[0].why not in ("short", "nav", "") or units[1].kind not in ("junk", "meta"):
        return None
    found = md.masthead(units[0].text)
    return found if found and not md.WIDGET.fullmatch(found.lower()) else None
