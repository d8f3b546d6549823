"""newstrace's boilerplate remover for scraped plain text, with a char map back to the raw input.

The text is cut into units (a line, or the hard-wrapped lines of one paragraph)
described by features: words, final punctuation, stop-word and link density,
title case, indentation, blank lines around. Rules (vocabulary in metadata.py)
give each a kind: ``prose``, ``lede`` (a sentence without final stop),
``heading``, ``other`` (candidate content); ``junk`` (share buttons, photo
credits, captions, tweets, menus, tags, link lists); ``meta`` (bylines, date
lines); ``end`` (after which no article text follows: comments, legal footers).

The body lies between two ``end`` units: the first stretch holding a real amount
of prose wins, so a long comment thread never outweighs the article. Prose units
group into blocks across cheap gaps; the largest block plus nearby blocks of two
or more paragraphs form the body, bounded above by the headline and widened back
to a standfirst. Kept units are joined with blank lines; runs
``(clean_begin, raw_begin, length)`` map clean characters to raw ones.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import metadata as md

Run = tuple[int, int, int]
CONTENT = ("prose", "lede", "heading", "other")
CLOSE_CHARS = 200       # a stretch with this much prose is the article; later ones are not
JOIN_COST = 2.5         # prose units this close (in gap cost) form one block
MERGE_COST = 5.0        # a block of 2+ paragraphs this close to the main block joins it
_GAP_COST = {"heading": 1.0, "lede": 0.5, "other": 0.5, "junk": 0.2, "meta": 0.2}
_WHY_COST = {"list-open": 5.0, "credit": 3.0}   # a related list, a credit: the article may end


@dataclass(slots=True)
class Unit:
    """A logical line: one raw line, or the hard-wrapped raw lines of one paragraph."""

    parts: list[tuple[int, str]]    # (raw offset, line without indentation) per raw line
    indent: int
    blank_before: bool
    blank_after: bool = True
    kind: str = "other"
    why: str = ""                   # the rule that decided the kind
    text: str = ""
    plain: str = ""                 # markdown links unwrapped, URLs removed
    words: int = 0
    stop: float = 0.0               # share of stop words
    links: float = 0.0              # share of characters inside links and URLs
    caps: float = 0.0               # share of capitalised content words
    punct: str = ""                 # final sentence punctuation, if any


@dataclass
class Page:
    """A cleaned page: text, char map, and the classified units behind them."""

    text: str
    char_map: list[Run]
    units: list[Unit]
    keep: list[int] = field(default_factory=list)
    start: int = 0                  # body range [start, end) in units
    end: int = 0
    title: int | None = None        # index of the headline unit


def remove_boilerplate(raw: str, enabled: bool = True, title: str | None = None) -> Page:
    """Classify the units of raw text, keep the article body and render it with a char map."""
    units = split_units(raw if isinstance(raw, str) else "")
    for u in units:
        u.kind, u.why = classify(u)
    apply_context(units)
    start, end, head = find_body(units, title)
    keep = kept_units(units, start, end, head) if enabled else list(range(len(units)))
    text, runs = render(units, keep)
    return Page(text, runs, units, keep, start, end, head)


# -- units ---------------------------------------------------------------------------------

def split_units(raw: str) -> list[Unit]:
    """Cut raw text into units, joining the lines of hard-wrapped paragraphs."""
    lines = _raw_lines(raw)
    width = _wrap_width([t for _, _, t, _ in lines])
    units: list[Unit] = []
    for off, indent, text, blank in lines:
        prev = units[-1] if units else None
        if prev is not None and not blank and width and _continues(prev, indent, text, width):
            prev.parts.append((off, text))
            continue
        if prev is not None:
            prev.blank_after = blank
        units.append(Unit([(off, text)], indent, blank))
    for u in units:
        _features(u)
    return units


def _raw_lines(raw: str) -> list[tuple[int, int, str, bool]]:
    """Return (offset, indentation, stripped text, blank line before) of each non-blank line."""
    out, pos, blank = [], 0, True
    for chunk in raw.splitlines(keepends=True):
        stripped = chunk.strip()
        if stripped:
            indent = len(chunk) - len(chunk.lstrip())
            out.append((pos + indent, indent, stripped, blank))
            blank = False
        else:
            blank = True
        pos += len(chunk)
    return out


def _wrap_width(texts: list[str]) -> int:
    """Return the column a hard-wrapped text is wrapped at, or 0 when lines are not wrapped."""
    lens = sorted(len(t) for t in texts if len(t) >= 20)
    if len(lens) < 6:
        return 0
    width = lens[int(len(lens) * 0.9)]
    if not 50 <= width <= 100:
        return 0
    return width if sum(n >= 0.75 * width for n in lens) >= 0.5 * len(lens) else 0


def _continues(prev: Unit, indent: int, text: str, width: int) -> bool:
    last = prev.parts[-1][1]
    if len(last) < 0.6 * width or indent > prev.indent or md.BULLET.match(text):
        return False
    return not (md.END_PUNCT.search(last) and len(text) < 0.5 * width)


def _features(u: Unit) -> None:
    u.text = " ".join(t for _, t in u.parts)
    sample = u.text[:5000]
    u.plain = md.strip_markdown(sample).strip() if "[" in sample or "http" in sample else sample
    toks = u.plain.lower().split()
    u.words = md.word_count(u.plain, len(toks))
    u.stop = sum(map(md.STOP.__contains__, toks)) / len(toks) if toks else 0.0
    if "[" in sample or "http" in sample:
        u.links = sum(m.end() - m.start() for m in md.LINK.finditer(sample)) / len(sample)
    m = md.END_PUNCT.search(u.plain[-12:])
    u.punct = m.group(0).strip()[:1] if m else ""
    if u.words < 40 and u.punct not in (".", ":", ";"):   # needed for unpunctuated lines only
        u.caps = md.title_case_ratio(u.plain)


# -- classification --------------------------------------------------------------------------

Rule = tuple[str, str, Callable[[Unit, str], object]]
RULES: list[Rule] = [
    ("junk", "clock", lambda u, k: u.words <= 6 and md.CLOCK.match(u.plain)),
    ("end", "comments", lambda u, k: u.words <= 12 and (md.END_SHORT.match(k)
                                                        or md.COMMENT_ANY.search(k))),
    ("junk", "credit", lambda u, k: u.words <= 20 and _has(k, md.CREDIT_HINTS)
                                    and md.credit(u.text)),
    ("junk", "photo", lambda u, k: u.words <= 25 and md.PHOTO.match(k)),
    ("end", "legal", lambda u, k: md.LEGAL.match(u.plain) or (
        u.words <= 150 and _has(k, md.LEGAL_HINTS) and md.LEGAL_ANY.search(k))),
    ("junk", "cookie", lambda u, k: u.words <= 80 and _has(k, md.COOKIE_HINTS)
                                    and md.COOKIE.search(k)),
    ("junk", "list-open", lambda u, k: u.words <= 8 and md.LIST_OPEN.fullmatch(k.rstrip(" :|»›>"))),
    ("junk", "widget", lambda u, k: u.words <= 8 and md.WIDGET.fullmatch(k.rstrip(" :.!|»›>"))),
    ("junk", "widget", lambda u, k: u.words <= 25 and md.WIDGET_PREFIX.match(k)),
    ("junk", "tweet-by", lambda u, k: u.words <= 20 and md.TWEET_BY.match(u.text)),
    ("junk", "embed", lambda u, k: u.words <= 80 and md.EMBED.search(u.text[:2000])),
    ("junk", "caption", lambda u, k: 3 <= u.words <= 60 and (u.plain[-1:].isalpha()
                                                             or u.plain.endswith(")"))
                                     and md.CAPTION_END.search(u.plain[-120:])),
    ("meta", "byline", lambda u, k: u.words <= 12 and md.byline(u.text)),
    ("meta", "date", lambda u, k: u.words <= 12 and u.punct != "." and md.DIGIT.search(u.plain)
                                  and md.find_date(u.plain)),
    ("junk", "links", lambda u, k: _link_only(u)),
    ("junk", "nav", lambda u, k: u.words <= 30 and md.NAV_HINT.search(u.plain)
                                 and md.is_menu(u.plain)),
    ("junk", "tags", lambda u, k: u.words <= 40 and md.is_tag_line(u.plain)),
    ("junk", "contact", lambda u, k: u.words <= 6 and md.CONTACT.match(k)),
]


def _has(key: str, hints: tuple[str, ...]) -> bool:
    return any(h in key for h in hints)


def classify(u: Unit) -> tuple[str, str]:
    """Return (kind, rule) for one unit."""
    if not any(c.isalnum() for c in u.text[:2000]):
        return "junk", "symbols"
    key = md.match_key(u.text)
    for kind, why, test in RULES:
        if test(u, key):
            return kind, why
    return _content_kind(u)


def _content_kind(u: Unit) -> tuple[str, str]:
    w, p = u.words, u.punct
    if w >= 40:
        return "prose", "long"
    if p and w >= 6:
        if p in "?!" and w <= 15 and u.caps >= 0.8:
            return "heading", "headline"
        return "prose", "sentence"
    if w >= 8 and (u.caps < 0.5 or (u.caps < 0.75 and u.stop >= 0.2)):
        return "lede", "unpunctuated sentence"
    if not p and 1 <= w <= 30:
        return "heading", "short"
    return "other", ""


def _link_only(u: Unit) -> bool:
    if u.links == 0.0:
        return False
    rest = md.LINK.sub(" ", u.text[:2000])
    rest_words = sum(1 for t in rest.split() if any(c.isalnum() for c in t))
    many = u.links >= 0.6 and u.words <= 30 and len(md.LINK.findall(u.text[:2000])) >= 2
    return rest_words <= 2 or many


def apply_context(units: list[Unit]) -> None:
    """Relabel units by their neighbours: tweet bodies, comment handles, link lists."""
    first_prose = next((i for i, u in enumerate(units) if u.kind == "prose"), len(units))
    listing = False
    for i, u in enumerate(units):
        if u.why == "tweet-by" and i > 0 and units[i - 1].kind in CONTENT:
            units[i - 1].kind, units[i - 1].why = "junk", "tweet"
        if u.kind == "heading" and _comment_handle(units, i):
            u.kind, u.why = "end", "comment handle"
        if i > first_prose:
            listing = _mark_list(units, i, listing)


def _comment_handle(units: list[Unit], i: int) -> bool:
    """Say whether a unit is '• name' followed by a more indented comment."""
    u = units[i]
    return (bool(md.BULLET.match(u.text)) and u.words <= 3 and i + 1 < len(units)
            and units[i + 1].indent > u.indent)


def _mark_list(units: list[Unit], i: int, listing: bool) -> bool:
    """Mark related-link lists: items after 'Related:' and runs of adjacent headings."""
    u, prev = units[i], units[i - 1]
    if u.why == "list-open":
        return True
    if u.kind == "prose":
        return False
    if listing and u.kind in ("heading", "lede", "meta", "other"):
        u.kind, u.why = "junk", "list"
    elif (u.kind == "heading" and not u.blank_before and prev.why in ("short", "headline", "list")
          and not md.BULLET.match(u.text)):
        u.kind, u.why = "junk", "list"
        if prev.kind == "heading":
            prev.kind, prev.why = "junk", "list"
    return listing


# -- body ----------------------------------------------------------------------------------

def find_body(units: list[Unit], given_title: str | None = None) -> tuple[int, int, int | None]:
    """Return the body range [start, end) and the headline index of classified units."""
    lo, hi = _main_segment(units)
    blocks = _blocks(units, lo, hi)
    if not blocks:
        start, end = _no_prose(units)
        return start, end, _given_title(units, len(units), given_title)
    s0 = _grow(units, blocks)[0]
    head = _pick_title(units, s0, given_title)
    if head is not None and head >= lo:
        lo = head + 1
        blocks = _blocks(units, lo, hi) or blocks
    start, end = _grow(units, blocks)
    return _standfirst(units, start, lo), end, head


def _main_segment(units: list[Unit]) -> tuple[int, int]:
    """Return the stretch between 'end' units holding the article.

    Prose after a comment marker weighs a tenth: readers' comments can outweigh a short
    article, never replace one.
    """
    best, best_score, lo, weight = (0, 0), -1.0, 0, 1.0
    for i in range(len(units) + 1):
        if i < len(units) and units[i].kind != "end":
            continue
        chars = _prose_chars(units, range(lo, i))
        if chars * weight > best_score:
            best, best_score = (lo, i), chars * weight
        if chars >= CLOSE_CHARS:
            break
        if i < len(units) and units[i].why in ("comments", "comment handle") and best_score > 0:
            weight = 0.1
        lo = i + 1
    return best


def _prose_chars(units: list[Unit], idx: range | list[int]) -> int:
    return sum(len(units[i].plain) for i in idx if units[i].kind == "prose")


def _blocks(units: list[Unit], lo: int, hi: int) -> list[list[int]]:
    """Group prose units into blocks separated by costly gaps."""
    blocks: list[list[int]] = []
    cost = 0.0
    for i in range(lo, hi):
        u = units[i]
        if u.kind == "prose":
            if blocks and cost < JOIN_COST:
                blocks[-1].append(i)
            else:
                blocks.append([i])
            cost = 0.0
        else:
            cost += _cost(u)
    return blocks


def _cost(u: Unit) -> float:
    """Return how much a non-prose unit separates the prose around it."""
    if u.why in _WHY_COST:
        return _WHY_COST[u.why]
    return 0.3 if u.kind == "heading" and md.BULLET.match(u.text) else _GAP_COST.get(u.kind, 1.0)


def _gap(units: list[Unit], a: int, b: int) -> float:
    return sum(_cost(units[i]) for i in range(a + 1, b))


def _grow(units: list[Unit], blocks: list[list[int]]) -> tuple[int, int]:
    """Return [start, end) of the largest block plus nearby blocks of two or more paragraphs."""
    best = max(range(len(blocks)), key=lambda k: _prose_chars(units, blocks[k]))
    a = b = best

    def near(block: list[int], gap: float) -> bool:
        return gap < MERGE_COST and (len(block) >= 2 or _prose_chars(units, block) >= 300)

    while a > 0 and near(blocks[a - 1], _gap(units, blocks[a - 1][-1], blocks[a][0])):
        a -= 1
    while b + 1 < len(blocks) and near(blocks[b + 1], _gap(units, blocks[b][-1], blocks[b + 1][0])):
        b += 1
    return blocks[a][0], blocks[b][-1] + 1


def _pick_title(units: list[Unit], before: int, given: str | None) -> int | None:
    """Return the index of the headline among the units before the body."""
    hit = _given_title(units, before + 3, given)
    if hit is not None:
        return hit
    return md.pick_title([
        (i, u.plain, u.blank_before and u.blank_after, _masthead_like(units, i),
         _follow_bonus(units, i))
        for i, u in enumerate(units[:before]) if u.kind in ("heading", "lede", "other")])


def _given_title(units: list[Unit], before: int, given: str | None) -> int | None:
    """Return the index of the unit repeating the input-given title, if any."""
    want = _norm(given) if given else None
    return next((i for i, u in enumerate(units[:before]) if _norm(u.plain) == want), None)


def _follow_bonus(units: list[Unit], i: int) -> float:
    """Score what follows unit i as a headline's company: a byline or date line, a standfirst."""
    nxt = [v.kind for v in units[i + 1:i + 6] if v.kind != "junk"][:2]
    if nxt[:1] == ["meta"]:
        return 1.0
    return 0.75 if nxt[:1] == ["lede"] else (0.5 if nxt[1:] == ["meta"] else 0.0)


def _masthead_like(units: list[Unit], i: int) -> bool:
    """Say whether unit i opens the page glued to navigation or a date (a site name)."""
    return (i == 0 and not units[0].blank_after and len(units) > 1
            and units[1].kind in ("junk", "meta"))


def _standfirst(units: list[Unit], start: int, lo: int) -> int:
    """Widen the body back over a standfirst (sentences without final stop) before it."""
    i, s = start - 1, start
    while i >= lo and units[i].kind in ("junk", "meta", "lede"):
        if units[i].kind == "lede":
            s = i
        i -= 1
    return s


def _no_prose(units: list[Unit]) -> tuple[int, int]:
    """Without any prose keep every content unit: the body is the whole page."""
    idx = [i for i, u in enumerate(units) if u.kind in CONTENT]
    return (idx[0], idx[-1] + 1) if idx else (0, 0)


def kept_units(units: list[Unit], start: int, end: int, head: int | None) -> list[int]:
    """Return the indices of the units of the body that are article text."""
    title = _norm(units[head].plain) if head is not None else None
    whole = not any(units[i].kind == "prose" for i in range(start, end))   # no article: keep all
    keep = []
    for i in range(start, end):
        u = units[i]
        if u.kind not in CONTENT or (title and _norm(u.plain) == title):
            continue
        if whole:
            keep.append(i)
            continue
        if u.kind == "heading" and not (_subhead(units, i, end) or _list_item(u)):
            continue
        if u.kind == "other" and not u.punct and u.words < 3:
            continue
        keep.append(i)
    return keep


def _subhead(units: list[Unit], i: int, end: int) -> bool:
    """Say whether a heading inside the body is a section title followed by text."""
    u = units[i]
    if not 2 <= u.words <= 20 or not (u.blank_before or u.blank_after):
        return False
    nxt = next((j for j in range(i + 1, end) if units[j].kind not in ("junk", "meta")), None)
    return nxt is not None and units[nxt].kind in ("prose", "lede")


def _list_item(u: Unit) -> bool:
    return u.words >= 2 and bool(md.BULLET.match(u.text))


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


# -- rendering --------------------------------------------------------------------------------

def render(units: list[Unit], keep: list[int]) -> tuple[str, list[Run]]:
    """Join kept units into paragraphs, unwrapping link markup; return text and char runs."""
    out: list[str] = []
    runs: list[Run] = []
    pos = 0
    for i in keep:
        para = _paragraph(units[i])
        if not para:
            continue
        if out:
            out.append("\n\n")
            pos += 2
        for off, s in para:
            out.append(s)
            if off >= 0:
                _add_run(runs, pos, off, len(s))
            pos += len(s)
    return "".join(out), runs


def _add_run(runs: list[Run], cb: int, rb: int, n: int) -> None:
    if runs and runs[-1][0] + runs[-1][2] == cb and runs[-1][1] + runs[-1][2] == rb:
        runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + n)
    else:
        runs.append((cb, rb, n))


def _paragraph(u: Unit) -> list[tuple[int, str]]:
    """Return (raw offset or -1 when synthesised, text) pieces of one unit."""
    para: list[tuple[int, str]] = []
    for off, line in u.parts:
        pieces = _pieces(off, line)
        if pieces:
            if para:
                para.append((-1, " "))
            para.extend(pieces)
    return para


def _pieces(off: int, line: str) -> list[tuple[int, str]]:
    """Return (raw offset, text) pieces of a line without link markup, embeds and control chars."""
    if not md.DEBRIS_HINT.search(line):
        return [(off, line)]
    out: list[tuple[int, str]] = []
    cur = 0
    for m in md.DEBRIS.finditer(line):
        _push(out, off + cur, line[cur:m.start()])
        if m.group("text"):
            _push(out, off + m.start("text"), m.group("text"))
        cur = m.end()
    _push(out, off + cur, line[cur:])
    while out and not out[0][1].strip():
        out.pop(0)
    while out and not out[-1][1].strip():
        out.pop()
    if out:
        o, s = out[0]
        out[0] = (o + len(s) - len(s.lstrip()), s.lstrip())
        out[-1] = (out[-1][0], out[-1][1].rstrip())
    return out


def _push(out: list[tuple[int, str]], off: int, s: str) -> None:
    """Append a piece, dropping a space that would double the one before it."""
    if not s:
        return
    if out and out[-1][1][-1:].isspace() and s[0].isspace():
        k = len(s) - len(s.lstrip())
        off, s = off + k, s[k:]
    if s:
        out.append((off, s))
