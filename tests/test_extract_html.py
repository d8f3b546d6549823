"""HTML extraction: article body, metadata, dates, fallback, and the char map."""
from __future__ import annotations

import pytest

from newstrace.errors import InputError
from newstrace.extract import html as xhtml
from newstrace.extract.html import build_char_map, extract_html
from newstrace.settings import ExtractSettings
from newstrace.types import RawDocument

BODY = [
    "A dam on the Kura river burst early on Tuesday, flooding three villages and forcing "
    "more than 2,000 people from their homes, officials said.",
    "The regional governor said an investigation into the cause of the breach had been "
    "opened and that the dam had last been inspected in 2019.",
    "Engineers warned that heavy rain forecast for the weekend could put further pressure "
    "on two other dams upstream, and residents were told to stay alert.",
]

NEWLINE_AND = "villages\n   and"  # source line breaks collapse to one space in the clean text
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Dam breach floods valley | The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/sport">Sport section link</a></li></ul></nav>
<article>
<h1>Dam breach floods valley</h1>
<p>{BODY[0].replace("villages and", NEWLINE_AND)}</p>
<p>{BODY[1].replace("cause of the breach", "<b>cause</b> of the <a href='/b'>breach</a>")}</p>
<p>{BODY[2]}</p>
</article>
<div class="comments"><h3>Reader comments</h3>
<p>Great article, thanks for sharing this with us all today, very informative!</p></div>
<footer><p>Copyright 2021 The Daily Planet. All rights reserved. Contact us for syndication.</p>
</footer></body></html>"""


DATE_META = '<meta property="article:published_time" content="2021-03-04T10:00:00Z">'


def raw(html: str, **meta) -> RawDocument:
    return RawDocument(source="page.html", content=html, fmt="html", meta=meta)


def check_char_map(ex, html: str) -> float:
    """Assert every run is exact and ordered; return the share of clean chars covered."""
    covered = 0
    last_clean = 0
    for cb, rb, n in ex.char_map:
        assert n > 0 and cb >= last_clean
        assert ex.text[cb:cb + n] == html[rb:rb + n], (cb, rb, n)
        covered += n
        last_clean = cb + n
    return covered / len(ex.text)


def test_body_extracted_without_nav_footer_or_comments():
    ex = extract_html(raw(PAGE))
    for para in BODY:
        assert para in ex.text
    assert "\n\n".join(BODY) in ex.text  # paragraphs joined by a blank line
    for boiler in ("World news menu", "Sport section", "Great article", "Copyright", "Home"):
        assert boiler not in ex.text


def test_metadata_from_page():
    ex = extract_html(raw(PAGE, url="https://dailyplanet.example/dam",
                          crawled="2024-05-01T12:00:00Z"))
    assert ex.title == "Dam breach floods valley"
    assert ex.byline == "Lois Lane"
    assert ex.outlet == "The Daily Planet"
    assert ex.url == "https://dailyplanet.example/dam"
    assert (ex.published, ex.published_source) == ("2021-03-04", "html")
    assert ex.language == "en"
    assert ex.extra["crawled"] == "2024-05-01T12:00:00Z"


def test_input_metadata_wins():
    ex = extract_html(raw(PAGE, published="2020-12-31", title="Given title", outlet="Wire"))
    assert (ex.published, ex.published_source) == ("2020-12-31", "input")
    assert ex.title == "Given title" and ex.outlet == "Wire"


def test_htmldate_finds_date_in_page_text():
    page = PAGE.replace(DATE_META, "")
    page = page.replace("<h1>", '<p class="date">Published on 7 June 2019</p><h1>')
    ex = extract_html(raw(page))
    assert (ex.published, ex.published_source) == ("2019-06-07", "html")


def test_crawl_date_never_becomes_published():
    page = PAGE.replace(DATE_META, "")
    page = page.replace("Copyright 2021", "Copyright").replace("in 2019", "years ago")
    ex = extract_html(raw(page, crawled="2024-05-01T12:00:00Z"))
    assert ex.published is None and ex.published_source is None
    assert ex.extra["crawled"] == "2024-05-01T12:00:00Z"


def test_char_map_runs_are_exact_and_cover_most_text():
    ex = extract_html(raw(PAGE))
    assert check_char_map(ex, PAGE) > 0.8
    start = ex.text.index("more than 2,000")
    assert any(cb <= start < cb + n for cb, _, n in ex.char_map)


def test_script_and_entities():
    page = ("<html><head><script>var s = '<p>Hidden script text that is long enough</p>';"
            "</script><style>p {color: red}</style></head><body><article>"
            "<p>&ldquo;We heard a roar and then the water came,&rdquo; said Ana Petrova, a "
            "farmer from Lesnoe. Teams from AT&amp;T worked through the night &amp; the day.</p>"
            "<p>Officials said the water level had fallen by 30&nbsp;cm by Wednesday morning, "
            "allowing some residents to return to their homes.</p>"
            "<script>document.write('more hidden script text here');</script>"
            "</article></body></html>")
    ex = extract_html(raw(page))
    assert "Hidden script" not in ex.text and "document.write" not in ex.text
    assert "\u201cWe heard a roar" in ex.text and "AT&T" in ex.text and "&amp;" not in ex.text
    assert check_char_map(ex, page) > 0.8
    quote = ex.text.index("\u201c")
    assert not any(cb <= quote < cb + n for cb, _, n in ex.char_map)  # entity: not covered


def test_fallback_to_paragraphs_when_trafilatura_finds_nothing(monkeypatch):
    monkeypatch.setattr(xhtml, "_trafilatura", lambda html, url: None)
    page = ('<html><head><meta property="article:published_time" content="2021-03-04"></head>'
            "<body><nav><p>Menu item</p></nav><p>First  paragraph\n text.</p>"
            "<div><p>Second paragraph.</p></div><footer><p>Footer</p></footer></body></html>")
    ex = extract_html(raw(page))
    assert ex.text == "First paragraph text.\n\nSecond paragraph."
    assert (ex.published, ex.published_source) == ("2021-03-04", "html")
    assert check_char_map(ex, page) > 0.6


def test_no_text_raises_input_error():
    with pytest.raises(InputError, match="no article text found in HTML"):
        extract_html(raw("<html><body><div><img src='x.png'></div></body></html>"))


def test_language_detection_can_be_switched_off():
    ex = extract_html(raw(PAGE), ExtractSettings(detect_language=False))
    assert ex.language is None
    assert extract_html(raw(PAGE, language="de")).language == "de"


def test_char_map_inline_tags_entities_and_whitespace():
    html = "<p>The <b>quick</b> brown&nbsp;fox</p>\n<p>jumps   over\n the AT&amp;T dog.</p>"
    clean = "The quick brown fox\n\njumps over the AT&T dog."
    runs = build_char_map(clean, html)
    covered = 0
    for cb, rb, n in runs:
        assert clean[cb:cb + n] == html[rb:rb + n]
        covered += n
    assert covered >= len(clean) - 8  # only the nbsp, the break, collapsed spaces and "&"
    assert (clean.index("quick"), html.index("quick"), 5) in runs


def test_char_map_ignores_text_in_head_and_scripts():
    html = ("<title>Storm hits coast</title><script>x='Storm hits coast'</script>"
            "<body><p>Storm hits coast as winds rise.</p></body>")
    [(cb, rb, n)] = build_char_map("Storm hits coast as winds rise.", html)
    assert (cb, rb, n) == (0, html.index("Storm hits coast as"), 31)


def test_char_map_unmatched_text_is_left_uncovered():
    assert build_char_map("Nothing here matches", "<p>completely different</p>") == []
