"""Per-document and per-pair evidence for the direction of reuse.

Every feature is a plain function over plain values (texts, spans, metadata dicts)
so the local and Spark engines share it. Pair features are *signed*: positive
means the first document (A) is the source of the second (B).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

# Where a date came from → how far it can be trusted (documents.published_source).
DATE_RELIABILITY = {"input": 0.9, "html": 0.7, "url": 0.6, "text": 0.5}

WIRE_AGENCIES = ("AP", "AFP", "Reuters", "Sputnik", "dpa", "DPA", "ANSA", "EFE", "TASS",
                 "Xinhua", "UPI", "Bloomberg", "RIA Novosti", "Interfax", "PA", "ANI", "IANS",
                 "Kyodo", "Yonhap", "AAP", "CP", "APA", "Anadolu", "KUNA", "WAFA")

_QUOTES = "\"“”„«»‘’‹›"
_SPEECH = re.compile(
    r"\b(?:said|says|say|stated|states|added|adds|warned|noted|told|wrote|writes|continued|"
    r"declared|announced|explained|insisted|stressed|claimed|reads|read|quoted|quoting|"
    r"according\s+to|in\s+a\s+statement|in\s+a\s+press\s+release|statement\s+(?:said|reads)|"
    r"sagte|erklärte|teilte\s+mit|laut|zufolge|selon|a\s+déclaré|a\s+dit|según|dijo|secondo)\b",
    re.IGNORECASE)
_WIRE_CREDIT = re.compile(
    r"\((?P<a>" + "|".join(re.escape(a) for a in WIRE_AGENCIES) + r")\)|"
    r"(?:^|\n)\s*(?:[-—–]\s*)?(?P<b>" + "|".join(re.escape(a) for a in WIRE_AGENCIES) + r")\s*$")
_REPUBLISH = re.compile(
    r"(?:originally\s+(?:published|appeared)|first\s+(?:published|appeared)|republished\s+"
    r"(?:with\s+permission\s+)?(?:from|by)|la\s+source\s+originale|source\s+originale|"
    r"ursprünglich\s+erschienen|zuerst\s+erschienen|publicado\s+originalmente|"
    r"this\s+(?:article|story)\s+(?:was|is)\s+(?:originally\s+)?(?:published|reproduced)\s+"
    r"(?:by|in|on|at|from))\s*(?:(?:by|in|on|at|from|de\s+cet\s+article\s+est|est)\s+)?"
    r"\[?(?P<src>[^\]\n.,;(]{2,60})", re.IGNORECASE)
_STATEMENT_TITLE = re.compile(
    r"^\s*(?:(?:joint\s+)?statement|comment|press\s+release|communiqu[eé]|declaration|"
    r"remarks|briefing|transcript|readout|foreign\s+ministry\s+spokes\w+|"
    r"pressemitteilung|erklärung|mitteilung|communiqué\s+de\s+presse|déclaration)\b",
    re.IGNORECASE)
_FIRST_PLURAL = re.compile(r"\b(?:we|our|us|ours|wir|unser\w*|nous|notre|nos)\b", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]')
_WE = re.compile(r"\b(?:we|wir|nous)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Cues:
    """Attribution cues found around one reused span in one document."""

    quoted: bool = False          # the span sits inside quotation marks
    speech: bool = False          # a reporting verb or "according to" next to the span
    wire: str | None = None       # a wire credit such as "(AP)" in the same paragraph

    @property
    def attributed(self) -> bool:
        return self.quoted or self.speech or self.wire is not None

    def labels(self) -> list[str]:
        out = (["quoted"] if self.quoted else []) + (["speech"] if self.speech else [])
        return out + ([f"wire:{self.wire}"] if self.wire else [])


# -- dates --------------------------------------------------------------------------------------

def parse_date(value: str | None) -> datetime | None:
    """Parse an ISO date or datetime (offsets dropped), or return None."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip().replace("Z", "")
    v = re.sub(r"[+-]\d\d:?\d\d$", "", v) if "T" in v or " " in v else v
    for n in (19, 16, 10):
        try:
            return datetime.fromisoformat(v[:n])
        except ValueError:
            continue
    return None


def date_reliability(doc: dict[str, Any]) -> float:
    """Return how far a document's published date can be trusted (0 when it has none)."""
    if parse_date(doc.get("published")) is None:
        return 0.0
    return DATE_RELIABILITY.get(doc.get("published_source") or "", 0.4)


def date_signal(a: dict[str, Any], b: dict[str, Any]) -> tuple[float, float, dict[str, Any]]:
    """Return (signal in -1..1, reliability, evidence): positive when A was published first."""
    da, db = parse_date(a.get("published")), parse_date(b.get("published"))
    rel = min(date_reliability(a), date_reliability(b))
    ev = {"a": a.get("published"), "b": b.get("published"),
          "a_from": a.get("published_source"), "b_from": b.get("published_source")}
    if da is None or db is None:
        return 0.0, 0.0, ev
    timed = _has_time(a.get("published")) and _has_time(b.get("published"))
    hours = (db - da).total_seconds() / 3600
    if not timed and da.date() == db.date():
        hours = 0.0
    ev["hours"] = round(hours, 2)
    # with times, an hour's lead already counts; whole days count fully
    strength = min(1.0, 0.5 + abs(hours) / 24) if hours else 0.0
    return math.copysign(strength, hours) if hours else 0.0, rel, ev


def _has_time(value: str | None) -> bool:
    return bool(value) and len(value.strip()) > 10 and ("T" in value or " " in value.strip())


# -- attribution cues ---------------------------------------------------------------------------

def paragraph_bounds(text: str, begin: int, end: int) -> tuple[int, int]:
    """Return the start and end of the paragraph(s) holding text[begin:end]."""
    lo = text.rfind("\n\n", 0, begin)
    hi = text.find("\n\n", end)
    return (0 if lo < 0 else lo + 2), (len(text) if hi < 0 else hi)


def span_cues(text: str, begin: int, end: int, window: int = 160, outlet: str | None = None) -> Cues:
    """Find quotation marks, reporting verbs and wire credits around one reused span.

    Reporting verbs count in the same sentence as the span (before or after it), or
    inside the span only when the span is quoted ('"…," the ministry said'): an
    unquoted "said" inside shared text is part of the text, not its attribution.
    """
    p_lo, p_hi = paragraph_bounds(text, begin, end)
    lo, hi = max(p_lo, begin - window), min(p_hi, end + window)
    before, after = _same_sentence_before(text[lo:begin]), _same_sentence_after(text[end:hi])
    if text[begin:end].rstrip()[-1:] in (".", "!", "?") and not any(q in after[:2] for q in _QUOTES):
        after = ""      # the span closes its sentence: what follows is another sentence
    quoted = inside_quotes(text, p_lo, begin, end)
    span = text[begin:end]
    speech = bool(_SPEECH.search(before) or _SPEECH.search(after)
                  or (quoted and (_SPEECH.search(span[:80]) or _SPEECH.search(span[-80:]))))
    wire = _wire(text[p_lo:p_hi])
    if wire and outlet and wire.lower() == outlet.strip().lower():
        wire = None
    return Cues(quoted=quoted, speech=speech, wire=wire)


_SENT_END = re.compile(r"[.!?][\"”»’']?\s+")


def _same_sentence_before(before: str) -> str:
    """Return the part of the text before a span that belongs to the span's sentence."""
    ends = list(_SENT_END.finditer(before))
    return before[ends[-1].end():] if ends else before


def _same_sentence_after(after: str) -> str:
    """Return the rest of the span's sentence after it (quotes closing it included)."""
    m = re.search(r"[.!?]", after)
    return after[: m.end()] if m else after


_OPEN, _CLOSE = "“«‹„", "”»›"


def inside_quotes(text: str, p_lo: int, begin: int, end: int) -> bool:
    """Say whether the middle of a span lies inside quotation marks opened in its paragraph."""
    mid = (begin + end) // 2
    head = text[p_lo:mid]
    if head.count('"') % 2 == 1:
        return True
    opened = sum(head.count(c) for c in _OPEN) - sum(head.count(c) for c in _CLOSE)
    if opened > 0:
        return True
    # a span that is wholly a quotation: marks right at both of its ends
    qs = _QUOTES
    return any(q in text[max(p_lo, begin - 2):begin + 2] for q in qs) and \
        any(q in text[max(begin, end - 3):end + 3] for q in qs) and head.count('"') % 2 == 0 and \
        text[begin:end].count('"') >= 1


def quoted_share(text: str, begin: int, end: int) -> float:
    """Return the share of a span's characters that lie inside quotation marks (opened in its paragraph)."""
    if end <= begin:
        return 0.0
    p_lo, _ = paragraph_bounds(text, begin, end)
    head = text[p_lo:begin]
    straight = head.count('"') % 2 == 1
    depth = max(0, sum(head.count(c) for c in _OPEN) - sum(head.count(c) for c in _CLOSE))
    inside = 0
    for ch in text[begin:end]:
        if ch == '"':
            straight = not straight
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        inside += straight or depth > 0
    return inside / (end - begin)


def _wire(paragraph: str) -> str | None:
    m = _WIRE_CREDIT.search(paragraph)
    return (m.group("a") or m.group("b")) if m else None


def attribution_share(text: str, spans: Iterable[tuple[int, int]], window: int = 160,
                      outlet: str | None = None) -> tuple[float, list[list[str]]]:
    """Return the character-weighted share of spans carrying a cue, and each span's cue labels."""
    total = hit = 0
    labels = []
    for b, e in spans:
        c = span_cues(text, b, e, window, outlet)
        total += max(1, e - b)
        hit += max(1, e - b) if c.attributed else 0
        labels.append(c.labels())
    return (hit / total if total else 0.0), labels


# -- credits, genre, containment ----------------------------------------------------------------

def _memo(doc: dict[str, Any], key: str, fn: Any) -> Any:
    """Compute a per-document feature once per stage row (rows marked '_row' are the stage's own copies)."""
    if not doc.get("_row"):
        return fn(doc)
    if key not in doc:
        doc[key] = fn(doc)
    return doc[key]


def credits(doc: dict[str, Any]) -> list[str]:
    """Return the sources a document credits: extraction credit, 'originally published' lines."""
    return list(_memo(doc, "_credits", _credits))


def _credits(doc: dict[str, Any]) -> list[str]:
    out: list[str] = []
    meta = doc.get("meta") or {}
    extra = meta.get("extraction") or {} if isinstance(meta, dict) else {}
    if isinstance(extra, dict) and extra.get("credit"):
        out.append(str(extra["credit"]).strip())
    text = doc.get("text") or ""
    for m in (_REPUBLISH.finditer(text) if _may_credit(text) else ()):
        src = m.group("src").strip(" []#()")
        if src and src.lower() not in (c.lower() for c in out):
            out.append(src)
    own = (doc.get("outlet") or "").lower()
    return [c for c in out if c.lower() != own]


# characters that re.IGNORECASE matches to the ASCII letters of _REPUBLISH although lower() does not
_FOLD_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _may_credit(text: str) -> bool:
    """Say whether text holds the words every _REPUBLISH match needs (a quick necessary test)."""
    t = text.translate(_FOLD_FIXES).lower()
    published = "published" in t or "appeared" in t
    return ("republished" in t or "originale" in t
            or ("erschienen" in t and ("ursprünglich" in t or "zuerst" in t))
            or ("publicado" in t and "originalmente" in t)
            or (published and ("originally" in t or "first" in t))
            or ("this" in t and ("article" in t or "story" in t) and (published or "reproduced" in t)))


_DATELINE_AGENCY = re.compile(r"(?:^|\n)[A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я .,'-]{2,40}\s*\((?P<a>[A-Z][\w .&-]{1,30})\)\s*[—–-]")


def wire_credit(doc: dict[str, Any]) -> str | None:
    """Return the agency a document credits in a dateline ("KARVEN (AP) —"), unless it is its own outlet."""
    return _memo(doc, "_wire_credit", _wire_credit)


def _wire_credit(doc: dict[str, Any]) -> str | None:
    agency = doc.get("dateline_agency")
    if not agency:
        m = _DATELINE_AGENCY.search((doc.get("text") or "")[:1500])
        agency = m.group("a") if m else None
    if agency and agency.strip().lower() != (doc.get("outlet") or "").strip().lower():
        return agency.strip()
    return None


def genre(doc: dict[str, Any]) -> str:
    """Classify a document as 'statement' (press release, official comment), 'wire' or 'report'."""
    return _memo(doc, "_genre", _genre)


def _genre(doc: dict[str, Any]) -> str:
    title = doc.get("title") or ""
    text = doc.get("text") or ""
    if _STATEMENT_TITLE.match(title):
        return "statement"
    if not doc.get("dateline") and not doc.get("byline"):
        own = _QUOTED.sub(" ", text[:4000])      # first person inside quotes is someone else's voice
        subjects = len(_WE.findall(own))          # "our reporter" alone is a newsroom, not a speaker
        words = _WORD.findall(own) if subjects >= 2 else []
        if (words and len(_FIRST_PLURAL.findall(own)) / len(words) >= 0.015
                and not _SPEECH.search(text[:600])):
            return "statement"
    outlet = (doc.get("outlet") or "").strip().lower()
    agency = (doc.get("dateline_agency") or "").strip().lower()
    if outlet and outlet in {a.lower() for a in WIRE_AGENCIES} and (not agency or agency == outlet):
        return "wire"
    return "report"


GENRE_RANK = {"statement": 2, "wire": 1, "report": 0}


def genre_signal(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Return a signal in -1..1: positive when A is the more original genre (statement > wire > report)."""
    return (GENRE_RANK[genre(a)] - GENRE_RANK[genre(b)]) / 2


def covered(spans: Iterable[tuple[int, int]]) -> int:
    """Return the number of characters covered by a union of half-open spans."""
    total, cur_b, cur_e = 0, None, None
    for b, e in sorted(spans):
        if cur_e is None or b > cur_e:
            total += (cur_e - cur_b) if cur_e is not None else 0
            cur_b, cur_e = b, e
        else:
            cur_e = max(cur_e, e)
    return total + ((cur_e - cur_b) if cur_e is not None else 0)


def containment_signal(len_a: int, len_b: int, spans_a: list[tuple[int, int]],
                       spans_b: list[tuple[int, int]]) -> tuple[float, float, float]:
    """Return (signal, share of A covered, share of B covered); positive when more of A is shared.

    Derivatives add their own text around what they take (a quoted statement inside a
    report, excerpts inside a compilation), so the source keeps a larger share of its
    text in the shared passages. Truncated republications break the rule, hence the
    small weight.
    """
    ca = covered(spans_a) / len_a if len_a else 0.0
    cb = covered(spans_b) / len_b if len_b else 0.0
    return max(-1.0, min(1.0, (ca - cb) * 2)), ca, cb
