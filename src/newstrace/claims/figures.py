"""Quantitative claims: a number, what it counts, and what happened to it.

Works on a spaCy Doc: each number found by ``numbers.find_numbers`` is tied to the
noun it counts ("62 servicemen", "two F-16 and two A-10 jets", "a hundred others" →
the previous figure's noun) and to an outcome ("killed", "were injured", "dead").
Dates, years, clock times, durations and reference numbers are not figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import ANAPHORIC, ENTITIES, MONTHS, OUTCOMES, TIME_UNITS
from .numbers import Number, find_numbers

_REFERENCE_WORDS = {
    "no",
    "no.",
    "number",
    "article",
    "paragraph",
    "resolution",
    "page",
    "chapter",
    "update",
    "section",
    "item",
    "flight",
    "route",
    "highway",
    "channel",
    "rossia",
}
_SMALL_WORDS = {"one", "a", "an"}
_ADJ_ANAPHORA = {"more", "further", "additional", "other"}
_TIME_NOUNS = {
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "morning",
    "evening",
    "night",
    "week",
    "weekend",
    "afternoon",
    "overnight",
}


@dataclass
class Figure:
    """A number with what it counts; offsets are into the document text."""

    begin: int
    end: int
    num_begin: int
    num_end: int
    value_low: float | None
    value_high: float | None
    qualifier: str
    entity: str | None  # canonical class of what is counted (soldiers, strikes…)
    outcome: str | None  # killed | wounded | missing | …
    noun: str | None  # the counted noun as written
    detail: str | None  # a modifier such as "F-16"
    sentence: int  # index of the sentence in the Doc

    @property
    def unit(self) -> str:
        """Return what the figure counts, e.g. 'soldiers killed' or 'strikes'."""
        ent = self.entity or ("people" if self.outcome else None)
        return " ".join(x for x in (ent, self.outcome) if x) or "?"


def find_figures(doc: Any, lang: str = "en") -> list[Figure]:
    """Return the quantitative claims of a parsed document, in text order."""
    text = doc.text
    sent_of = {}
    for k, s in enumerate(doc.sents):
        for t in s:
            sent_of[t.i] = k
    out: list[Figure] = []
    for num in find_numbers(text, lang):
        toks = [t for t in doc.char_span(num.begin, num.end, alignment_mode="expand") or []]
        if not toks or _excluded(num, toks, doc, text):
            continue
        fig = _figure(num, toks, doc, sent_of, out)
        if fig is not None:
            out.append(fig)
    return out


def _excluded(num: Number, toks: list[Any], doc: Any, text: str) -> bool:
    """Return whether a number is a date, year, time, duration or a reference number."""
    first, last = toks[0], toks[-1]
    prev = doc[first.i - 1] if first.i > 0 else None
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if prev is not None and (prev.lower_ in MONTHS or prev.lower_ in _REFERENCE_WORDS):
        return True
    if nxt is not None and (
        nxt.lower_ in MONTHS
        or nxt.lemma_.lower() in TIME_UNITS
        or nxt.lower_ in TIME_UNITS
        or nxt.text in ("%", ":")
    ):
        return True
    if (
        num.end < len(text)
        and text[num.end] == "-"
        and num.end + 1 < len(text)
        and text[num.end + 1].isalpha()
    ):
        return True  # "five-year war", "two-day visit"
    if num.value is not None and 1800 <= num.value <= 2100 and num.text.isdigit():
        return not (nxt is not None and nxt.lemma_.lower() in ENTITIES)
    if first.ent_type_ in ("TIME", "ORDINAL", "MONEY", "PERCENT"):
        return True
    return first.ent_type_ == "DATE" and _date_like(first)


def _date_like(tok: Any) -> bool:
    """Return whether a DATE-entity token sits next to a month name or weekday."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and any(t.lower_ in MONTHS or t.lower_.endswith("day") for t in ent)


def _figure(
    num: Number, toks: list[Any], doc: Any, sent_of: dict[int, int], earlier: list[Figure]
) -> Figure | None:
    """Tie a number to its noun and outcome, or return None if it counts nothing."""
    last = toks[-1]
    noun, detail, anaphoric, stop = _counted_noun(doc, last.i)
    outcome = _outcome_after(doc, (noun or last).i) or _outcome_before(doc, toks[0].i)
    entity = None
    if noun is not None:
        entity = _entity(noun)
        if noun.lower_ in ("lives", "life", "deaths", "casualties", "dead", "fatalities"):
            outcome = outcome or OUTCOMES.get(noun.lower_) or OUTCOMES.get(noun.lemma_.lower())
            entity = "people"
    if (anaphoric or noun is None) and earlier:
        prev = earlier[-1]
        if (
            sent_of.get(doc.char_span(prev.num_begin, prev.num_end, alignment_mode="expand")[0].i)
            == sent_of[last.i]
        ):
            entity = entity or prev.entity
            nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
            if outcome is None and (anaphoric or (nxt is not None and nxt.pos_ in ("AUX", "VERB"))):
                outcome = (
                    prev.outcome
                )  # "23 people injured, eleven of them …"; "63 dams, 41 were built"
                if outcome is None and prev.entity:
                    noun = None
                    return _make(num, toks, None, None, prev.entity, None, sent_of[last.i], last)
    if noun is None and outcome is None:
        return None
    if entity is None and noun is None and not outcome:
        return None
    if noun is not None and noun.lemma_.lower() in TIME_UNITS:
        return None
    if outcome == "wounded" and _serious(doc, last.i):
        outcome = "seriously wounded"  # "eleven of them in a serious condition": a subset, not a rival count
    if num.text.lower() in _SMALL_WORDS and (noun is None or noun.lemma_.lower() not in ENTITIES):
        return None
    end_tok = max([t for t in (noun, stop, last) if t is not None], key=lambda t: t.i)
    return _make(num, toks, noun, detail, entity, outcome, sent_of[last.i], end_tok)


def _make(
    num: Number,
    toks: list[Any],
    noun: Any,
    detail: str | None,
    entity: str | None,
    outcome: str | None,
    sentence: int,
    end_tok: Any,
) -> Figure:
    """Build a Figure spanning the number to end_tok."""
    begin = min(num.begin, toks[0].idx)
    return Figure(
        begin,
        max(num.end, end_tok.idx + len(end_tok)),
        num.begin,
        num.end,
        num.value_low,
        num.value_high,
        num.qualifier,
        entity,
        outcome,
        noun.text if noun is not None else None,
        detail,
        sentence,
    )


def _serious(doc: Any, i: int) -> bool:
    """Return whether the words after a number say the injuries are serious or critical."""
    for t in doc[i + 1 : min(len(doc), i + 10)]:
        if t.text in (".", ";") or (t.lower_ == "and" and t.i > i + 2):
            return False
        if t.lower_ in ("serious", "seriously", "critical", "critically", "severe", "severely"):
            return True
    return False


def _collective(tok: Any) -> bool:
    """Return whether a number word takes 'of' before its noun ("thousands of", "dozens of")."""
    return tok.lower_ in (
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "scores",
        "dozen",
        "hundred",
        "thousand",
        "million",
        "pair",
        "couple",
        "tens",
    )


def _counted_noun(doc: Any, i: int) -> tuple[Any, str | None, bool, Any]:
    """Return (noun token, detail, anaphoric?, outcome token right after) for the number ending at i."""
    detail = []
    j = i + 1
    while j < len(doc) and j <= i + 6:
        t = doc[j]
        low = t.lower_
        if low in ANAPHORIC and not (
            j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN" and low in _ADJ_ANAPHORA
        ):
            return None, None, True, None
        if (
            low == "of"
            and j + 1 < len(doc)
            and doc[j + 1].lower_ in ("them", "those", "these", "whom")
        ):
            return None, None, True, None
        if low == "of" and j == i + 1 and _collective(doc[i]):
            j += 1  # "thousands of people", "a dozen of the injured"
            continue
        compound = t.pos_ == "NOUN" and j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN"
        if (
            low in OUTCOMES
            and t.pos_ in ("VERB", "ADJ", "NOUN")
            and not compound
            and not (t.pos_ == "NOUN" and low in ENTITIES)
        ):
            return None, None, False, t
        if t.pos_ == "NOUN":
            while (
                j + 1 < len(doc)
                and doc[j + 1].pos_ == "NOUN"
                and doc[j + 1].lower_ not in OUTCOMES
                and doc[j + 1].lower_ not in _TIME_NOUNS
                and doc[j + 1].lemma_.lower() not in TIME_UNITS
            ):
                if any(c.isdigit() for c in doc[j].text):
                    detail.append(doc[j].text)
                j += 1
            head = doc[j]
            if head.lower_ in ANAPHORIC:
                return None, None, True, None
            return head, " ".join(detail) or None, False, None
        if t.pos_ in ("ADJ", "PROPN", "NUM", "X") or t.text in ("-", "–") or (t.pos_ == "NOUN"):
            if any(c.isdigit() for c in t.text) or (t.pos_ == "PROPN" and t.text[:1].isupper()):
                detail.append(t.text)
            j += 1
            continue
        if t.lower_ in ("and", "or") and j + 1 < len(doc) and doc[j + 1].like_num:
            j += 2  # "two F-16 and two A-10 jets": the shared noun comes later
            continue
        break
    return None, None, False, None


def _entity(noun: Any) -> str:
    """Return the canonical class of a counted noun (its plural as written if unknown)."""
    prev = noun.doc[noun.i - 1] if noun.i > 0 else None
    if prev is not None and f"{prev.lower_} {noun.lemma_.lower()}" in ENTITIES:
        return ENTITIES[f"{prev.lower_} {noun.lemma_.lower()}"]
    for key in (noun.lemma_.lower(), noun.lower_):
        if key in ENTITIES:
            return ENTITIES[key]
    return noun.lower_


def _outcome_after(doc: Any, i: int) -> str | None:
    """Return the outcome stated just after the counted noun ("were killed", "are being treated for injuries")."""
    for j in range(i + 1, min(len(doc), i + 7)):
        t = doc[j]
        if t.is_punct or t.lower_ in ("and", "or", "but", "while", "who", "which", "that"):
            return None
        if t.lower_ == "accounted" and any(x.lower_ == "yet" for x in doc[i + 1 : j]):
            return "missing"  # "nine people have yet to be accounted for"
        hit = OUTCOMES.get(t.lower_) or (
            OUTCOMES.get(t.lemma_.lower()) if t.pos_ in ("VERB", "ADJ") else None
        )
        if hit:
            return hit
    return None


def _outcome_before(doc: Any, i: int) -> str | None:
    """Return the outcome stated just before the number ("killing 62", "injured 100 more")."""
    for j in range(i - 1, max(-1, i - 4), -1):
        t = doc[j]
        if t.is_punct:
            return None
        if t.pos_ in ("VERB", "NOUN", "ADJ"):
            hit = OUTCOMES.get(t.lower_) or OUTCOMES.get(t.lemma_.lower())
            if hit:
                return hit
    return None
