"""Plain-text article extraction: newstrace's own boilerplate remover for scraped text.

Lines are classified (prose, heading, soft furniture such as photo credits or
embedded tweets, hard furniture such as comment threads, related links and
legal footers). The article body is the block of lines between hard furniture
with the most prose, cut to its first and last prose line; the first hard line
after a substantial block ends the article, so a long comment thread never
outweighs it. Headline, dates, byline and credits come from the lines around
the body. The clean text keeps runs mapping every character to the raw input.
"""
from __future__ import annotations

from ..settings import ExtractSettings
from ..types import Extracted, RawDocument
from . import metadata as md
from .lines import MD_LINK, URL_ONLY, Line, classify, is_title_case, split_lines

MIN_BLOCK_CHARS = 300


def extract_text(raw: RawDocument, settings: ExtractSettings | None = None) -> Extracted:
    """Extract the article body and metadata from scraped plain text."""
    settings = settings or ExtractSettings()
    lines = split_lines(raw.content)
    for ln in lines:
        ln.kind = classify(ln)
    if settings.boilerplate:
        start, end = body_range(lines)
    else:
        start, end = 0, len(lines)
    body = [ln for ln in lines[start:end] if ln.kind != "soft" or not settings.boilerplate]
    text, runs = render(body)
    return Extracted(text=text, char_map=runs, **describe(raw, lines, start, end, text, settings))


def body_range(lines: list[Line]) -> tuple[int, int]:
    """Return [start, end) line indices of the article body."""
    blocks: list[tuple[int, int]] = []
    begin = 0
    for i, ln in enumerate(lines + [Line(0, 0, "", "hard")]):
        if ln.kind != "hard":
            continue
        blocks.append((begin, i))
        begin = i + 1
        if _prose_chars(lines, blocks[-1]) >= MIN_BLOCK_CHARS:
            break   # the first furniture after a real article ends it
    best = max(blocks, key=lambda b: _prose_chars(lines, b), default=(0, 0))
    prose = [i for i in range(*best) if lines[i].kind == "prose"]
    if not prose:
        # no prose at all: keep whatever is not furniture
        keep = [i for i in range(len(lines)) if lines[i].kind not in ("hard", "soft")]
        return (keep[0], keep[-1] + 1) if keep else (0, 0)
    start = prose[0]
    # a photo caption can precede the headline: the body starts after a headline
    # found among its first lines
    for i in range(start, min(prose[min(2, len(prose) - 1)], best[1])):
        if lines[i].kind == "heading" and is_title_case(lines[i].text):
            start = next((j for j in prose if j > i), start)
    return start, prose[-1] + 1


def _prose_chars(lines: list[Line], block: tuple[int, int]) -> int:
    return sum(len(lines[i].text) for i in range(*block) if lines[i].kind == "prose")


def render(body: list[Line]) -> tuple[str, list[tuple[int, int, int]]]:
    """Join body lines into paragraphs, unwrapping markdown links; return text and runs."""
    parts: list[str] = []
    runs: list[tuple[int, int, int]] = []
    pos = 0
    for ln in body:
        pieces = _pieces(ln)
        if not pieces:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        for raw_off, piece in pieces:
            parts.append(piece)
            runs.append((pos, raw_off, len(piece)))
            pos += len(piece)
    return "".join(parts), runs


def _pieces(ln: Line) -> list[tuple[int, str]]:
    """Return (raw offset, text) pieces of a line with link markup and bare URLs removed."""
    out: list[tuple[int, str]] = []
    cur = 0
    t = ln.text
    spans = sorted([(m.start(), m.end(), m.start(1), m.end(1)) for m in MD_LINK.finditer(t)]
                   + [(m.start(), m.end(), m.start(), m.start()) for m in URL_ONLY.finditer(t)])
    for b, e, kb, ke in spans:
        if b < cur:
            continue
        if b > cur:
            out.append((ln.begin + cur, t[cur:b]))
        if ke > kb:
            out.append((ln.begin + kb, t[kb:ke]))
        cur = e
    if cur < len(t):
        out.append((ln.begin + cur, t[cur:]))
    out = _trim(out)
    return out


def _trim(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop empty pieces and whitespace at the line's ends, keeping offsets exact."""
    pieces = [(o, s) for o, s in pieces if s]
    if pieces:
        o, s = pieces[0]
        k = len(s) - len(s.lstrip())
        pieces[0] = (o + k, s[k:])
        o, s = pieces[-1]
        pieces[-1] = (o, s.rstrip())
    return [(o, s) for o, s in pieces if s]


def describe(raw: RawDocument, lines: list[Line], start: int, end: int, text: str,
             settings: ExtractSettings) -> dict:
    """Collect metadata: input fields first, then what the text around the body says."""
    meta = raw.meta
    head = lines[:start]
    extra: dict = {}
    title = meta.get("title") or _title(head)
    byline = meta.get("author") or meta.get("byline") or next(
        (b for ln in head if (b := md.byline(ln.text))), None)
    published, source = _published(meta, head, lines[start:start + 1], extra)
    credit = next((c for ln in lines[start:] if ln.kind in ("hard", "soft") and (c := md.credit(ln.text))), None)
    if credit:
        extra["credit"] = credit
    dl = md.dateline(text)
    outlet = meta.get("outlet") or next((o for ln in head if (o := md.outlet_from_line(ln.text))), None) \
        or (dl[2] if dl else None)
    language = meta.get("language") or (md.detect_language(text) if settings.detect_language else None)
    return {"title": title, "published": published, "published_source": source, "outlet": outlet,
            "byline": byline, "dateline": dl[0] if dl else None, "dateline_place": dl[1] if dl else None,
            "dateline_agency": dl[2] if dl else None, "url": meta.get("url"), "language": language,
            "extra": extra}


def _title(head: list[Line]) -> str | None:
    """Pick the headline among the lines before the body."""
    cands = [ln for ln in head if ln.kind == "heading" and 3 <= ln.words <= 40
             and not md.find_date(ln.text) and not md.byline(ln.text)]
    titled = [ln for ln in cands if is_title_case(md.strip_markdown(ln.text))]
    pick = titled[-1] if titled else (cands[0] if cands else None)
    return md.strip_markdown(pick.text).strip() if pick else None


def _published(meta: dict, head: list[Line], first: list[Line], extra: dict) -> tuple[str | None, str | None]:
    """Return (date, where it came from); page clocks and crawl times are not publication dates."""
    if meta.get("published"):
        return str(meta["published"]), "input"
    for ln in head + first:
        if md.CLOCK_LINE.match(ln.text):
            extra.setdefault("page_clock", ln.text)
            continue
        if ln.kind in ("heading", "other", "soft") or ln in first:
            d = md.find_date(ln.text) if ln.words <= 20 else None
            if d:
                return d, "text"
    d = md.date_from_url(meta.get("url"))
    return (d, "url") if d else (None, None)
