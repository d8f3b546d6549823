"""Plain-text extraction: golden checks on the seeds and hand-made pages."""
from __future__ import annotations

import pytest

from newstrace.extract.metadata import date_from_url, dateline, find_date
from newstrace.extract.text import extract_text
from newstrace.types import RawDocument

from conftest import seed_path


def _extract(path):
    raw = path.read_text(encoding="utf-8")
    ex = extract_text(RawDocument(str(path), raw, "text"))
    for cb, rb, n in ex.char_map:                       # the map is exact
        assert ex.text[cb:cb + n] == raw[rb:rb + n]
    return ex


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


GONE = ["All comments", "Show new comments", "Get short URL", "Comment via Facebook",
        "Community standards", "© AFP", "GMT", "avatar", "Sounds like"]


@pytest.mark.parametrize("prefix,title,published,dl", [
    ("000", "Moscow Hopes US-Led Coalition Attacks Against Syrian Army Not Washington's Order", None,
     ("MOSCOW", "Sputnik")),
    ("001", "Comment by the Information and Press Department on US-led international anti-ISIS "
     "coalition’s air strike against Syrian government forces’ positions near Deir ez-Zor", "2016-09-19", None),
    ("002", "Coalition Attacks Syrian Army Amid Numerous Truce Violations by Rebels - Moscow", None,
     ("MOSCOW", "Sputnik")),
    ("003", "Moscow Condemns Coalition Airstrikes in Raqqa Leading to Civilian Casualties", None, None),
    ("004", "US-Led Coalition Air Raid Strikes Syrian Army as Truce Wavers, Russia Says", "2016-09-18", None),
])
def test_seed_golden(prefix, title, published, dl):
    ex = _extract(seed_path(prefix))
    assert ex.title == title
    assert ex.published == published              # a page clock is not a publication date
    assert (ex.dateline_place, ex.dateline_agency) == (dl or (None, None))
    assert ex.language == "en"
    for junk in GONE:
        assert junk not in ex.text, junk
    assert title not in ex.text                   # the headline is metadata, not body


def test_seed_000_keeps_body_quotes_and_dateline():
    ex = _extract(seed_path("000"))
    text = _norm(ex.text)
    assert "MOSCOW (Sputnik) — The Russian Foreign Ministry expressed hope" in text
    assert "The attacks by the coalition planes near the Deir ez-Zor airport were first reported" in text
    assert "killed 62 servicemen and injured 100 more." in text
    assert text.endswith("the Ministry warned in a statement.")
    assert "Russia Deeply Concerned" not in text          # related headlines
    assert "US-led coalition, attack, Russian Foreign Ministry" not in text   # tag line
    assert ex.extra["page_clock"].startswith("19:28 GMT")


def test_seed_004_drops_french_footer_and_embeds_and_records_credit():
    ex = _extract(seed_path("004"))
    text = _norm(ex.text)
    assert "Sixty-two Syrian soldiers were killed" in text
    assert "at least 80 soldiers were killed" in text
    for junk in ("La source originale", "Avis de non-responsabilité", "Centre de recherche",
                 "media@globalresearch.ca", "t.co/", "@BenjaminNorton", "Région", "Thème", "[#Lavrov]", "(#)"):
        assert junk not in text, junk
    assert "[The US had denied" not in text and "The US had denied a Syrian accusation last December" in text
    assert ex.outlet == "Mondialisation.ca" and ex.byline == "Middle East Eye"
    assert ex.extra["credit"] == "Middle East Eye"


HANDMADE = """Home | World | Business | Sport
Share this article
Dam Collapse Kills Fourteen in Karven

By Jane Doe
Published: 14 May 2025 09:40

KARVEN (Nordpress) — The northern reservoir dam partially collapsed on Tuesday after three days of heavy rain, the Ministry of Civil Protection said.

"Fourteen people were killed and thirty-seven were injured," the ministry said in a statement, adding that rescue teams evacuated more than two thousand residents overnight.

Follow us on Twitter
Engineers will inspect the remaining structures next week, officials said.

Related:
Floods Hit Southern Valley Again
Minister Visits Karven Shelters
Comments (3)
Anna: This is terrible news for the whole region and the government must answer for the budget cuts.
"""


def test_handmade_page_with_wire_dateline_byline_and_widgets():
    ex = extract_text(RawDocument("x.txt", HANDMADE, "text"))
    assert ex.title == "Dam Collapse Kills Fourteen in Karven"
    assert ex.byline == "Jane Doe"
    assert ex.published == "2025-05-14T09:40"
    assert (ex.dateline, ex.outlet) == ("KARVEN (Nordpress)", "Nordpress")
    assert ex.text.startswith("KARVEN (Nordpress) — The northern reservoir dam")
    assert ex.text.endswith("officials said.")
    for junk in ("Follow us", "Related", "Floods Hit", "Comments", "Anna:", "Share this", "Home |"):
        assert junk not in ex.text


def test_input_metadata_wins_and_url_dates():
    raw = RawDocument("r.jsonl#line=1", "A short article body that says something useful about the town today.", "text",
                      meta={"title": "Given", "published": "2025-01-02", "outlet": "Gazette",
                            "url": "https://x.org/2024/03/05/a"})
    ex = extract_text(raw)
    assert (ex.title, ex.published, ex.published_source, ex.outlet) == ("Given", "2025-01-02", "input", "Gazette")
    raw2 = RawDocument("r", "A short article body that says something useful about the town today.", "text",
                       meta={"url": "https://x.org/2024/03/05/a"})
    assert extract_text(raw2).published == "2024-03-05" and extract_text(raw2).published_source == "url"
    assert date_from_url("https://x.org/news/a") is None


@pytest.mark.parametrize("content", ["", "   \n\n ", "x" * 200_000, "\x00\x01garbage\x02" * 50,
                                     "No punctuation here just words " * 3])
def test_never_raises_on_odd_content(content):
    ex = extract_text(RawDocument("odd.txt", content, "text"))
    for cb, rb, n in ex.char_map:
        assert ex.text[cb:cb + n] == content[rb:rb + n]


@pytest.mark.parametrize("text,iso", [
    ("Submitted on Mon, 09/19/2016 - 12:50", "2016-09-19"),
    ("Mondialisation.ca, 18 septembre 2016", "2016-09-18"),
    ("September 18, 2016", "2016-09-18"),
    ("18. März 2016", "2016-03-18"),
    ("19.09.2016", "2016-09-19"),
    ("2016-09-18T10:20", "2016-09-18T10:20"),
    ("Published: 14 May 2025 09:40", "2025-05-14T09:40"),
    ("19:28 GMT +323 March 2017", None),
])
def test_dates(text, iso):
    assert find_date(text) == iso


def test_datelines():
    assert dateline("WASHINGTON (AP) — Officials said.")[1:] == ("WASHINGTON", "AP")
    assert dateline("LONDON, May 5 (Reuters) - Shares fell.")[1:] == ("LONDON", "Reuters")
    assert dateline("The ministry (MoD) — said") is None
