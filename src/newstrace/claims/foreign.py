"""Figures of non-English texts by rules alone.

Digits and German/French number words, the next word as what is counted, an outcome word
nearby. No quotations and no attribution: the spaCy pipeline is English only.
"""

from __future__ import annotations

import re

from .figures import Figure
from .lexicon import ENTITIES, MONTHS, OUTCOMES, TIME_UNITS
from .numbers import Number, find_numbers

_RULE_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


_FOREIGN_TIME = {
    "uhr",
    "jahre",
    "jahren",
    "jahr",
    "tage",
    "tagen",
    "tag",
    "minuten",
    "stunden",
    "wochen",
    "monate",
    "monaten",
    "prozent",
    "kilometer",
    "meter",
    "heures",
    "jours",
    "ans",
    "années",
    "minutes",
    "semaines",
    "mois",
    "pour",
    "kilomètres",
    "mètres",
}
_FOREIGN_WORDS = {
    "de": {
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "elf": 11,
        "zwölf": 12,
        "zwanzig": 20,
        "dreißig": 30,
        "vierzig": 40,
        "fünfzig": 50,
        "hundert": 100,
        "tausend": 1000,
    },
    "fr": {
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "cent": 100,
        "mille": 1000,
    },
}


def _foreign_words(text: str, lang: str) -> list[Number]:
    """Return Numbers for German/French number words followed by a capitalised (German) noun or a noun."""

    words = _FOREIGN_WORDS.get(lang, {})
    out = []
    for m in (
        re.finditer(r"\b(" + "|".join(words) + r")\b(?=\s+[^\W\d_]+)", text, re.I) if words else []
    ):
        v = float(words[m.group(1).lower()])
        out.append(Number(m.start(), m.end(), v, v, "exact", m.group(0)))
    return out


def rule_figures(text: str, lang: str) -> list[Figure]:
    """Return figures of a non-English text by rules: a number, the next word, a nearby outcome."""
    out = []
    numbers = sorted(find_numbers(text, lang) + _foreign_words(text, lang), key=lambda n: n.begin)
    for num in numbers:
        if num.text.strip().isdigit() and len(num.text.strip()) == 4:
            continue  # years
        after = text[num.end : num.end + 60]
        words = _RULE_WORD.findall(after)[:4]
        if (
            not words
            or words[0].lower() in TIME_UNITS
            or words[0].lower() in MONTHS
            or words[0].lower() in _FOREIGN_TIME
        ):
            continue
        outcome = next((OUTCOMES[w.lower()] for w in words if w.lower() in OUTCOMES), None)
        noun = words[0] if words[0][:1].isupper() else None
        if noun is None and outcome is None:
            continue
        end = num.end + after.find(words[0]) + len(words[0])
        fig = Figure(
            num.begin,
            end,
            num.begin,
            num.end,
            num.value_low,
            num.value_high,
            num.qualifier,
            _rule_entity(noun, outcome),
            outcome,
            noun,
            None,
            -1,
        )
        out.append(fig)
    return out


def _rule_entity(noun: str | None, outcome: str | None) -> str | None:
    """Return the canonical class of a counted word in a rules-only (non-English) text."""
    if outcome in ("killed", "wounded", "missing", "evacuated"):
        return "people"
    if noun is None:
        return None
    return ENTITIES.get(noun.lower(), noun.lower())
