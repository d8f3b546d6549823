"""Number normalisation: digits, words, ranges, bounds, approximations, vague quantities."""

from __future__ import annotations

import pytest

from newstrace.claims.numbers import compatible, find_numbers, parse_atom


def one(text: str, lang: str = "en"):
    found = find_numbers(text, lang)
    assert len(found) == 1, found
    n = found[0]
    return n.value_low, n.value_high, n.qualifier, text[n.begin : n.end]


@pytest.mark.parametrize(
    "text, value",
    [
        ("62", 62),
        ("300,000", 300_000),
        ("Sixty-two", 62),
        ("sixty two", 62),
        ("a hundred", 100),
        ("two hundred and fifty", 250),
        ("three dozen", 36),
        ("a dozen", 12),
        ("1.5 million", 1_500_000),
        ("eleven", 11),
        ("forty", 40),
        ("two thousand", 2000),
        ("2 million", 2_000_000),
    ],
)
def test_parse_atom_digits_and_words(text, value):
    assert parse_atom(text) == value


def test_thousands_separator_depends_on_language():
    assert parse_atom("2.000", "de") == 2000
    assert parse_atom("2.5", "en") == 2.5


@pytest.mark.parametrize(
    "text, expected",
    [
        ("killed 62 servicemen", (62, 62, "exact", "62")),
        ("Sixty-two Syrian soldiers", (62, 62, "exact", "Sixty-two")),
        ("a hundred others were injured", (100, 100, "exact", "a hundred")),
        ("killing 30 to 62 soldiers", (30, 62, "range", "30 to 62")),
        ("between 30 and 62 soldiers", (30, 62, "range", "between 30 and 62")),
        ("more than 60 soldiers", (60, None, "more_than", "more than 60")),
        ("Over 60 Syrian servicemen", (60, None, "more_than", "Over 60")),
        ("at least 80 soldiers", (80, None, "at_least", "at least 80")),
        ("at\u00a0least six lives", (6, None, "at_least", "at\u00a0least six")),
        ("up to 100 people", (None, 100, "up_to", "up to 100")),
        ("fewer than 20 people", (None, 20, "less_than", "fewer than 20")),
        ("some 100 wounded", (100, 100, "approx", "some 100")),
        ("about 40 million cubic metres", (40e6, 40e6, "approx", "about 40 million")),
        ("nearly 50 people", (50, 50, "nearly", "nearly 50")),
        ("an estimated 250,000 people", (250_000, 250_000, "approx", "an estimated 250,000")),
        ("dozens injured", (24, 99, "vague", "dozens")),
        (
            "upwards of two thousand inhabitants",
            (2000, None, "more_than", "upwards of two thousand"),
        ),
        ("mehr als 2.000 Einwohner", (2000, None, "more_than", "mehr als 2.000")),
    ],
)
def test_find_numbers_normalises_value_and_qualifier(text, expected):
    lang = "de" if "Einwohner" in text else "en"
    assert one(text, lang) == expected


def test_coordinated_numbers_and_non_numbers():
    assert [n.text for n in find_numbers("two F-16 and two A-10 jets")] == ["two", "two"]
    assert find_numbers("at 04:30 local time") == []
    assert find_numbers("F-16 and A-10") == []


def test_compatible_and_conflicting_figures():
    assert compatible((62, 62, "exact"), (60, None, "more_than"))
    assert compatible((62, 62, "exact"), (30, 62, "range"))
    assert compatible((100, 100, "approx"), (100, 100, "exact"))
    assert compatible((100, 100, "exact"), (100, None, "more_than"))
    assert not compatible((62, 62, "exact"), (80, None, "at_least"))
    assert not compatible((14, 14, "exact"), (21, None, "at_least"))
    assert compatible((95, 95, "exact"), (100, 100, "approx"))
    assert not compatible((85, 85, "exact"), (100, 100, "approx"))
