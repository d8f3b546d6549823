"""Find numbers in text and normalise them to value_low / value_high / qualifier.

Handles digits ("62", "300,000", "1.5 million"), number words ("Sixty-two",
"a hundred", "two hundred and fifty"), ranges ("30 to 62", "between 30 and 62",
"30-62"), bounds ("more than 60", "at least 80", "up to 100") and approximations
("some 100", "about", "nearly"), plus vague quantities ("dozens", "hundreds").
Offsets are half-open character ranges into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
SINGLE = {"a dozen": 12, "dozen": 12, "a couple of": 2, "a pair of": 2, "a score of": 20}
# vague plural quantities: (low, high)
VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "several dozen": (24, 99),
    "several hundred": (200, 999),
    "a few dozen": (24, 60),
}

# Qualifier phrases before a number, longest first. Each maps to a normalised qualifier.
LOWER = (
    "more than",
    "over",
    "in excess of",
    "upwards of",
    "above",
    "no fewer than",
    "no less than",
    "not less than",
    "at least",
    "a minimum of",
    "mindestens",
    "mehr als",
    "über",
    "plus de",
    "au moins",
)
UPPER = (
    "up to",
    "as many as",
    "at most",
    "fewer than",
    "less than",
    "under",
    "no more than",
    "a maximum of",
    "bis zu",
    "jusqu'à",
)
APPROX = (
    "some",
    "about",
    "around",
    "roughly",
    "approximately",
    "an estimated",
    "estimated",
    "close to",
    "almost",
    "nearly",
    "circa",
    "approx.",
    "etwa",
    "rund",
    "fast",
    "environ",
    "près de",
)
_STRICT_LOWER = {
    "more than",
    "over",
    "above",
    "in excess of",
    "upwards of",
    "über",
    "mehr als",
    "plus de",
}
_STRICT_UPPER = {"fewer than", "less than", "under"}
_BELOW = {"almost", "nearly", "close to", "fast", "près de"}


@dataclass(frozen=True)
class Number:
    """A number found in text, normalised."""

    begin: int
    end: int
    value_low: float | None
    value_high: float | None
    qualifier: (
        str  # exact | more_than | at_least | up_to | less_than | approx | nearly | range | vague
    )
    text: str

    @property
    def value(self) -> float | None:
        """Return the point value when there is one (exact or approximate)."""
        if self.value_low is not None and self.value_low == self.value_high:
            return self.value_low
        return None


_WORD = "|".join(sorted(list(UNITS) + list(TENS) + list(SCALES), key=len, reverse=True))
_WORDNUM = rf"(?:(?:a|an)\s+)?(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*"
_DIGITS = r"\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_SCALED = rf"(?:{_DIGITS})\s+(?:million|billion|thousand|Millionen|Milliarden|millions|milliards)"
_VAGUE = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in VAGUE), key=len, reverse=True)
)
_SINGLE = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in SINGLE), key=len, reverse=True)
)
_ATOM = rf"(?:{_SCALED}|{_DIGITS}|{_SINGLE}|{_WORDNUM})"
_QUAL = "|".join(
    sorted(
        (re.escape(q).replace(r"\ ", r"\s+") for q in LOWER + UPPER + APPROX), key=len, reverse=True
    )
)

NUMBER_RE = re.compile(
    # (?=\S): no number starts with a space; rejecting those positions first makes runs of
    # spaces (the sentences the claims stage blanks before parsing) nearly free to scan
    rf"(?=\S)(?<![\w.,:/-])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<between>between|from)\s+(?P<lo>{_ATOM})\s+(?:and|to)\s+(?P<hi>{_ATOM})"
    rf"|(?P<vague>{_VAGUE})"
    rf"|(?P<a>{_ATOM})(?:\s*(?:to|-|–|or)\s*(?P<b>{_ATOM}))?)"
    rf"(?![\w-]*\d)(?!\w)(?![:/]\d)",
    re.IGNORECASE,
)


def parse_atom(text: str, lang: str = "en") -> float | None:
    """Return the value of one number written in digits or words, or None."""
    t = " ".join(text.lower().replace("\u202f", " ").replace("\u00a0", " ").split())
    if t in SINGLE:
        return float(SINGLE[t])
    m = re.fullmatch(
        rf"({_DIGITS})\s+(million|billion|thousand|millionen|milliarden|millions|milliards)", t
    )
    if m:
        scale = {"millionen": 1e6, "millions": 1e6, "milliarden": 1e9, "milliards": 1e9}.get(
            m.group(2)
        )
        base = _digits(m.group(1), lang)
        return None if base is None else base * (scale or SCALES[m.group(2)])
    if re.fullmatch(_DIGITS, t):
        return _digits(t, lang)
    return _words(t)


def _digits(t: str, lang: str) -> float | None:
    """Parse digits with thousands separators; a dot groups thousands in German and French."""
    t = t.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t) and lang in ("de", "fr", "es", "it", "nl", "pt"):
        return float(t.replace(".", ""))
    if lang in ("de", "fr", "es", "it", "nl", "pt") and re.fullmatch(r"\d+,\d+", t):
        return float(t.replace(",", "."))
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def _words(t: str) -> float | None:
    """Parse English number words ("sixty-two", "a hundred", "two hundred and fifty")."""
    parts = [p for p in re.split(r"[\s-]+", t) if p and p != "and"]
    if parts and parts[0] in ("a", "an"):
        parts[0] = "one"
    if not parts:
        return None
    total, current, seen = 0, 0, False
    for p in parts:
        if p in UNITS:
            current += UNITS[p]
        elif p in TENS:
            current += TENS[p]
        elif p in ("hundred", "dozen"):
            current = (current or 1) * SCALES[p]
        elif p in SCALES:
            total += (current or 1) * SCALES[p]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def find_numbers(text: str, lang: str = "en") -> list[Number]:
    """Return every number in text with its normalised value range and qualifier."""
    out = []
    for m in NUMBER_RE.finditer(text):
        num = _from_match(m, lang)
        if num is not None:
            out.append(num)
    return out


def _from_match(m: re.Match, lang: str) -> Number | None:
    """Turn one regex match into a Number, or None when it does not parse."""
    qual = " ".join((m.group("qual") or "").lower().split())
    if m.group("vague"):
        lo, hi = VAGUE[" ".join(m.group("vague").lower().split())]
        return Number(m.start(), m.end(), float(lo), float(hi), "vague", m.group(0))
    if m.group("between"):
        lo, hi = parse_atom(m.group("lo"), lang), parse_atom(m.group("hi"), lang)
        return _range(m, lo, hi)
    a = parse_atom(m.group("a"), lang)
    if a is None:
        return None
    if m.group("b"):
        b = parse_atom(m.group("b"), lang)
        if b is not None and b > a and not qual:
            return _range(m, a, b)
        if b is None or b <= a:  # "2-1" scores, "9-11": not a range; keep the first number
            return _plain(m.start("a") if not qual else m.start(), m.end("a"), a, qual, m)
    return _plain(m.start(), m.end(), a, qual, m)


def _range(m: re.Match, lo: float | None, hi: float | None) -> Number | None:
    if lo is None or hi is None or hi <= lo:
        return None
    return Number(m.start(), m.end(), lo, hi, "range", m.group(0))


def _plain(begin: int, end: int, value: float, qual: str, m: re.Match) -> Number:
    """Build a Number with a single value and an optional qualifier."""
    text = m.string[begin:end]
    if qual in LOWER:
        return Number(
            begin, end, value, None, "more_than" if qual in _STRICT_LOWER else "at_least", text
        )
    if qual in UPPER:
        return Number(
            begin, end, None, value, "less_than" if qual in _STRICT_UPPER else "up_to", text
        )
    if qual in _BELOW:
        return Number(begin, end, value, value, "nearly", text)
    if qual in APPROX:
        return Number(begin, end, value, value, "approx", text)
    return Number(begin, end, value, value, "exact", text)


def interval(
    value_low: float | None, value_high: float | None, qualifier: str, tolerance: float = 0.1
) -> tuple[float, float]:
    """Return the closed interval of counts a figure allows (approximations get a tolerance)."""
    lo = -float("inf") if value_low is None else value_low
    hi = float("inf") if value_high is None else value_high
    # "more than 60" / "over 100" are read inclusively: reports round, and "over 100
    # wounded" next to "100 wounded" is the same count, not a contradiction.
    if qualifier == "approx":
        lo, hi = lo * (1 - tolerance), hi * (1 + tolerance)
    elif qualifier == "nearly":
        lo = lo * (1 - tolerance)
    return lo, hi


def compatible(
    a: tuple[float | None, float | None, str],
    b: tuple[float | None, float | None, str],
    tolerance: float = 0.1,
) -> bool:
    """Return whether two figures (low, high, qualifier) can both be true."""
    alo, ahi = interval(*a, tolerance=tolerance)
    blo, bhi = interval(*b, tolerance=tolerance)
    return alo <= bhi and blo <= ahi
