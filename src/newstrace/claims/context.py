"""Event context of a figure: the place and the calendar date the text gives for it.

A place is a named location after a locative word ("near the Deir ez-Zor airport",
"in Syria's Raqqa province") or before a place noun; countries are too coarse to
tell two events apart and are ignored. A figure takes the place of its own sentence,
else of the two sentences before, else the document's most frequent place.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Any

from .lexicon import COUNTRIES, LOCATIVE, MONTHS, PLACE_NOUNS

_MONTH_NUM = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTH_NUM.update({k[:3]: v for k, v in list(_MONTH_NUM.items())})
_MONTH_NUM["sept"] = 9
_DATE_RE = re.compile(
    r"(?:(?P<m1>[A-Za-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?!\d)|(?P<d2>\d{1,2})\s+(?P<m2>[A-Za-z]{3,9}))"
)


_INSTITUTION = re.compile(
    r"\b(?:Ministry|Network|Office|Council|Army|Command|Department|Agency|"
    r"Committee|Observatory|Commission|Government|Post|Times|News|Union)\b"
)


def fold_place(name: str) -> str:
    """Return a spelling-insensitive key of a place name ("Deir Ezzor" = "Deir ez-Zor")."""
    return re.sub(r"[^a-z]", "", name.lower().removeprefix("the "))


def sentence_places(doc: Any) -> list[list[tuple[str, str, int]]]:
    """Return, per sentence, the specific places it names as (key, name, offset)."""
    out = []
    for sent in doc.sents:
        places = []
        for b, e in _place_runs(sent):
            name = doc[b:e].text
            if _INSTITUTION.search(name) or doc[b].ent_type_ == "NORP":
                continue
            if name.lower() in COUNTRIES or name.lower().removeprefix("the ") in COUNTRIES:
                continue
            places.append((fold_place(name), name, doc[b].idx))
        out.append(places)
    return out


def _place_runs(sent: Any) -> list[tuple[int, int]]:
    """Return token ranges of proper-noun runs that name a location in a sentence."""
    runs, i = [], sent.start
    while i < sent.end:
        t = sent.doc[i]
        after_locative = i > sent.start and sent.doc[i - 1].lower_ in (
            "in",
            "near",
            "outside",
            "at",
        )
        if t.pos_ == "PROPN" and (
            t.ent_type_ not in ("PERSON", "DATE", "CARDINAL")
            or (t.ent_type_ == "PERSON" and after_locative)
        ):
            j = i
            while (
                j + 1 < sent.end
                and (sent.doc[j + 1].pos_ == "PROPN" or sent.doc[j + 1].text in ("-",))
                and sent.doc[j + 1].ent_type_ != "DATE"
                and (sent.doc[j + 1].ent_type_ != "PERSON" or t.ent_type_ == "PERSON")
            ):
                j += 1
            if (
                i > sent.start
                and sent.doc[i - 1].text[:1].isupper()
                and sent.doc[i - 1].pos_ in ("ADJ", "NOUN")
                and sent.doc[i - 2].pos_ == "DET"
            ):
                i -= 1  # "the Deir ez-Zor airport": "Deir" tagged ADJ
            end = j
            while end > i and sent.doc[end].text in ("-",):
                end -= 1
            if _locative(sent.doc, i, end):
                runs.append((i, end + 1))
            i = j + 1
            continue
        i += 1
    return runs


def _locative(doc: Any, i: int, j: int) -> bool:
    """Return whether tokens i..j stand in a locative position or are tagged a location."""
    if doc[i].ent_type_ == "LOC" or (j + 1 < len(doc) and doc[j + 1].lower_ in PLACE_NOUNS):
        return True
    k = i - 1
    while k >= 0 and (doc[k].pos_ in ("DET", "PROPN", "ADJ") or doc[k].tag_ == "POS"):
        k -= 1
    return (
        k >= 0
        and doc[k].lower_ in LOCATIVE
        and doc[i].ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON", "")
    )


def sentence_dates(doc: Any) -> list[str | None]:
    """Return, per sentence, the first calendar day it names as 'MM-DD' (None if none)."""
    out = []
    for sent in doc.sents:
        found = None
        for m in _DATE_RE.finditer(sent.text):
            month = (m.group("m1") or m.group("m2") or "").lower()
            day = int(m.group("d1") or m.group("d2"))
            if month in MONTHS and month in _MONTH_NUM and 1 <= day <= 31:
                found = f"{_MONTH_NUM[month]:02d}-{day:02d}"
                break
        out.append(found)
    return out


def dominant_place(places: list[list[tuple[str, str]]]) -> tuple[str, str] | None:
    """Return the document's most often named place, if any."""
    counts = Counter((k, n) for sent in places for k, n, _ in sent)
    if not counts:
        return None
    key_counts = Counter(k for k, _ in counts.elements())
    key = key_counts.most_common(1)[0][0]
    name = next(n for (k, n), _ in counts.most_common() if k == key)
    return key, name


def sentence_paragraphs(doc: Any) -> list[int]:
    """Return, per sentence, the number of its paragraph (blank-line separated)."""
    breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc.text)]
    return [bisect.bisect_left(breaks, sent.start_char) for sent in doc.sents]


def figure_context(
    k: int,
    places: list[list[tuple[str, str, int]]],
    dates: list[str | None],
    fallback: tuple[str, str] | None,
    paragraphs: list[int] | None = None,
    window: int = 2,
    offset: int = 0,
) -> tuple[tuple[str, str, str] | None, str | None]:
    """Return ((place key, name, where from) or None, date or None) for a figure in sentence k.

    In the figure's own sentence the nearest place wins ('sentence'); before it, the last
    place named ('context'); else the document's most named place ('document').
    """
    place = date = None
    for j in range(k, max(-1, k - window - 1), -1):
        if paragraphs is not None and paragraphs[j] != paragraphs[k]:
            break
        if place is None and places[j]:
            best = min(places[j], key=lambda p: abs(p[2] - offset)) if j == k else places[j][-1]
            place = best[0], best[1], "sentence" if j == k else "context"
        if date is None and dates[j]:
            date = dates[j]
    if place is None and fallback is not None:
        place = fallback[0], fallback[1], "document"
    return place, date
