"""Plain-text extraction: seed golden checks, hand-made pages, odd input, metadata helpers."""
from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pytest

from newstrace.extract import metadata as md
from newstrace.extract.boilerplate import remove_boilerplate
from newstrace.extract.text import extract_text
from newstrace.settings import ExtractSettings
from newstrace.types import Extracted, RawDocument

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def seed(prefix: str) -> str:
    hits = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not hits:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return hits[0].read_text(encoding="utf-8")


def check_map(ex: Extracted, raw: str) -> None:
    """Every run maps clean characters to identical raw ones; runs are ordered and disjoint."""
    last_clean = last_raw = 0
    for cb, rb, n in ex.char_map:
        assert n > 0 and cb >= last_clean and rb >= last_raw
        assert ex.text[cb:cb + n] == raw[rb:rb + n]
        last_clean, last_raw = cb + n, rb + n
    covered = sum(n for _, _, n in ex.char_map)
    assert covered >= len(ex.text) - 2 * ex.text.count("\n\n") - ex.text.count(" ")


def run(raw: str, **meta) -> Extracted:
    ex = extract_text(RawDocument("t.txt", raw, "text", meta=meta))
    check_map(ex, raw)
    return ex


def norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


# -- golden checks on the five seeds ---------------------------------------------------------------

SEED_GOLDEN = [
    ("000", "Moscow Hopes US-Led Coalition Attacks Against Syrian Army Not Washington's Order",
     None, ("MOSCOW", "Sputnik"), "Sputnik"),
    ("001", "Comment by the Information and Press Department on US-led international anti-ISIS "
            "coalition’s air strike against Syrian government forces’ positions near Deir ez-Zor",
     "2016-09-19", None, None),
    ("002", "Coalition Attacks Syrian Army Amid Numerous Truce Violations by Rebels - Moscow",
     None, ("MOSCOW", "Sputnik"), "Sputnik"),
    ("003", "Moscow Condemns Coalition Airstrikes in Raqqa Leading to Civilian Casualties",
     None, None, "Sputnik"),
    ("004", "US-Led Coalition Air Raid Strikes Syrian Army as Truce Wavers, Russia Says",
     "2016-09-18", None, "Mondialisation.ca"),
]
FURNITURE = ["All comments", "Show new comments", "Show comment", "in reply to", "avatar",
             "Get short URL", "Comment via", "Community standards", "omment\n", "© AFP", "© AP",
             "GMT", "Sounds like", "(#)", "](", "<http", "t.co/", "pic.twitter"]


@pytest.mark.parametrize("prefix,title,published,dl,outlet", SEED_GOLDEN)
def test_seed_golden(prefix, title, published, dl, outlet):
    raw = seed(prefix)
    ex = run(raw)
    assert ex.title == title
    assert ex.published == published              # a page clock is not a publication date
    assert ex.published_source == ("text" if published else None)
    assert (ex.dateline_place, ex.dateline_agency) == (dl or (None, None))
    assert ex.outlet == outlet
    assert ex.language == "en"
    for junk in FURNITURE:
        assert junk not in ex.text, junk
    assert title not in ex.text                   # the headline is metadata, not body
    assert "\n\n\n" not in ex.text and ex.text == ex.text.strip()


def test_seed_000_body_quotes_dateline_and_page_clock():
    ex = run(seed("000"))
    text = norm(ex.text)
    assert text.startswith("Moscow expressed hope that the recent attack")    # the lede stays
    assert "MOSCOW (Sputnik) — The Russian Foreign Ministry expressed hope" in text
    assert ("The attacks by the coalition planes near the Deir ez-Zor airport were first reported "
            "by the Syrian army on Saturday.") in text
    assert "62 servicemen and injured 100 more." in text
    assert '"US representatives not only failed to adequately explain' in text
    assert text.endswith("the Ministry warned in a statement.")
    assert "Barrels painted" not in text                                      # caption
    assert "Russia Deeply Concerned" not in text                              # related list
    assert "US-led coalition, attack, Russian Foreign Ministry" not in text   # tag line
    assert "flatzee" not in text and "Keep positive Russia" not in text       # comments
    assert ex.extra["page_clock"].startswith("19:28 GMT")
    assert ex.dateline == "MOSCOW (Sputnik)"


def test_seed_001_date_from_submitted_line():
    ex = run(seed("001"))
    assert ex.text.startswith("On September 17, warplanes")
    assert "Submitted on" not in ex.text


def test_seed_002_and_003_drop_captions_and_credits():
    ex2, ex3 = run(seed("002")), run(seed("003"))
    assert "A picture taken on" not in ex2.text and "KARAM" not in ex2.text
    assert ex2.text.startswith("Moscow urges Washington")
    assert "Damascus Urges UNSC" not in ex2.text
    assert "Anti-ISIL airstrikes" not in ex3.text and "Senior Airman" not in ex3.text
    assert ex3.text.startswith("The Russian Foreign Ministry expressed concern")
    assert "Mikhas" not in ex3.text and "Aleppo is lost" not in ex3.text


def test_seed_004_french_footer_embeds_credit_and_standfirst():
    ex = run(seed("004"))
    text = norm(ex.text)
    assert text.startswith("US military says strikes were halted")            # standfirst kept
    assert "Sixty-two Syrian soldiers were killed" in text
    assert "at least 80 soldiers were killed" in text
    assert "« We demand Washington's full and detailed explanation" in text   # quotes kept
    assert "The US had denied a Syrian accusation last December that it had attacked" in text
    assert "Extending the truce" in text                                      # subheading kept
    for junk in ("La source originale", "Copyright", "Articles Par", "Avis de non-responsabilité",
                 "Centre de recherche", "Pour publier", "media@globalresearch.ca", "Contact média",
                 "Région", "Thème", "Analyses:", "@BenjaminNorton", "Lavrov](#)",
                 "reiterated his call",
                 "injuring 100", "Putin speaks to journalists", "Par Middle East Eye"):
        assert junk not in text, junk
    assert ex.byline == "Middle East Eye"
    assert ex.extra["credit"] == "Middle East Eye"


def test_seeds_do_not_blow_up():
    # A guard against catastrophic regex backtracking, not a speed target (those live in
    # benchmarks/): CPU time, not wall time, so a loaded machine does not fail it.
    raws = [seed(p) for p in ("000", "001", "002", "003", "004")]
    start = time.process_time()
    for _ in range(10):
        for raw in raws:
            extract_text(RawDocument("s", raw, "text"))
    per_doc_ms = (time.process_time() - start) * 1000 / 50
    assert per_doc_ms < 50, per_doc_ms       # about 2 ms of CPU; a backtracking blow-up costs seconds


# -- hand-made pages -------------------------------------------------------------------------------

WIRE = """Skip to main content
We use cookies to improve your experience on our site. By continuing you accept our use of cookies.
Accept all
World | U.S. | Politics | Business | Sports

Senate Passes Stopgap Bill Hours Before Shutdown Deadline

By Jane Doe and John Roe
Updated 10:42 PM EDT, September 30, 2023

Share this article
Follow us on Twitter

WASHINGTON (AP) — The Senate approved a temporary spending bill late Saturday, sending it to \
the president hours before a government shutdown was set to begin.

The measure passed 88-9 after a day of negotiations that at times appeared close to collapse.

Read more: What a shutdown would mean for federal workers

"We did our job," the majority leader told reporters after the vote, adding that the chamber \
would return to the full-year budget next week.

ADVERTISEMENT

The bill keeps the government funded for 45 days. It does not include new aid for Ukraine.

Copyright 2023 The Associated Press. All rights reserved. This material may not be published.

Related:
Shutdown Averted, But Fights Loom
What's in the Stopgap Bill
"""


def test_wire_story_with_cookie_banner_widgets_and_footer():
    ex = run(WIRE)
    assert ex.title == "Senate Passes Stopgap Bill Hours Before Shutdown Deadline"
    assert ex.byline == "Jane Doe and John Roe"
    assert ex.published == "2023-09-30" and ex.published_source == "text"
    assert ex.dateline == "WASHINGTON (AP)"
    assert (ex.dateline_place, ex.dateline_agency) == ("WASHINGTON", "AP")
    assert ex.outlet == "AP"
    assert ex.text.startswith("WASHINGTON (AP) — The Senate approved")
    assert ex.text.endswith("It does not include new aid for Ukraine.")
    assert ex.text.count("\n\n") == 3
    for junk in ("cookies", "Accept all", "Skip to", "Politics", "Share this", "Follow us",
                 "Read more",
                 "ADVERTISEMENT", "Copyright", "Related", "Fights Loom", "By Jane"):
        assert junk not in ex.text, junk


GERMAN = """Velorische Rundschau
Startseite | Politik | Wirtschaft | Panorama

Dammbruch in Karven: Mindestens 14 Tote

Von Katrin Albers
Veröffentlicht am 14. Mai 2025, 08:47 Uhr
Foto: Nordpress / Tomas Reil

Nach drei Tagen Starkregen ist am Dienstag ein Abschnitt des Staudamms bei Karven eingestürzt, \
teilte das Ministerium für Zivilschutz mit.

Nach den neuesten Informationen wurden 14 Menschen getötet und 37 verletzt. Die Rettungsteams \
haben über Nacht mehr als 2.000 Einwohner in Sicherheit gebracht.

Teilen
Mehr zum Thema
Hochwasser: So schützen Sie Ihr Haus
Kommentare (2)
Jörg K.: Furchtbar. Mein Beileid an alle Angehörigen, das hätte nicht passieren dürfen.
© 2025 Velorische Rundschau GmbH. Alle Rechte vorbehalten.
"""


def test_german_page_with_teilen_and_kommentare():
    ex = run(GERMAN)
    assert ex.title == "Dammbruch in Karven: Mindestens 14 Tote"
    assert ex.byline == "Katrin Albers"
    assert ex.published == "2025-05-14T08:47"
    assert ex.outlet == "Velorische Rundschau"
    assert ex.language == "de"
    assert ex.text.startswith("Nach drei Tagen Starkregen")
    assert ex.text.endswith("in Sicherheit gebracht.")
    for junk in ("Teilen", "Kommentare", "Jörg", "Foto", "Hochwasser", "Rechte", "Startseite"):
        assert junk not in ex.text, junk


FRENCH = """Le Quotidien du Nord
Accueil | International | Politique | Économie

Rupture d'un barrage à Karven : au moins 14 morts

Par Claire Martin
Publié le 14 mai 2025 à 10h12

Partager
Des sauveteurs fouillent une rue inondée de Karven, mardi 13 mai. (Photo : AFP)

PARIS, 14 mai (AFP) - Au moins quatorze personnes ont été tuées lorsqu'une partie d'un barrage a \
cédé au-dessus de la ville, a annoncé le ministère.

« Selon les dernières informations, 14 personnes ont été tuées et 37 blessées », a déclaré le \
ministère dans un communiqué.

Lire aussi : Les barrages vétustes du pays inquiètent les ingénieurs

Les équipes de secours ont évacué plus de 2 000 habitants pendant la nuit.

Sur le même sujet
Inondations : le gouvernement promet une enquête
Nous utilisons des cookies pour améliorer votre expérience.
Mentions légales | Politique de confidentialité
"""


def test_french_page_with_agency_dateline_and_widgets():
    ex = run(FRENCH)
    assert ex.title == "Rupture d'un barrage à Karven : au moins 14 morts"
    assert (ex.byline, ex.published, ex.language) == ("Claire Martin", "2025-05-14T10:12", "fr")
    assert (ex.dateline, ex.dateline_agency) == ("PARIS, 14 mai (AFP)", "AFP")
    assert ex.outlet == "Le Quotidien du Nord"
    assert ex.text.startswith("PARIS, 14 mai (AFP) - Au moins")
    assert "« Selon les dernières" in ex.text
    assert ex.text.endswith("pendant la nuit.")
    for junk in ("Partager", "sauveteurs", "Lire aussi", "Sur le même", "cookies", "Mentions"):
        assert junk not in ex.text, junk


SENTENCE_CASE = """Skip to main content
World
Europe

Dam collapse in Karven kills at least 14 as rescuers search flooded streets

Officials blame three days of heavy rain; inquiry ordered into maintenance of the ageing dam

Jane Doe in Karven
Tue 13 May 2025 19.10 BST
Share

At least 14 people have been killed after part of a reservoir dam collapsed above the town.

Rescuers in a rubber boat search a flooded street in Karven. Photograph: Tomas Reil/Nordpress

The government has ordered an inquiry into the dam's maintenance budget, which was cut twice.

Explore more on these topics
Veloria
Most viewed
Minister resigns over dam report
"""


def test_sentence_case_headline_with_standfirst_and_photograph_credit():
    ex = run(SENTENCE_CASE)
    assert ex.title == "Dam collapse in Karven kills at least 14 as rescuers search flooded streets"
    assert ex.published == "2025-05-13T19:10"
    assert ex.text.startswith("At least 14 people") and ex.text.endswith("was cut twice.")
    assert "Rescuers in a rubber boat" not in ex.text and "Minister resigns" not in ex.text


WRAPPED = """From the newsroom of the Harbour Gazette

HARBOUR COUNCIL APPROVES NEW FERRY LINE

By Tomas Lind

The harbour council voted on Monday to open a second ferry line to the
islands, ending a dispute that had divided the town for more than two
years. The new line will run four times a day from the old pier and is
expected to start operating in the spring.

"This is a good day for the islanders," said council chair Maria Olsen,
who had campaigned for the line since her election. Opponents had argued
that the cost of dredging the old pier would be too high for the town.

Key facts:
• Two departures in the morning
• Two departures in the evening

The ferry operator said it would hire twelve new crew members and buy a
second-hand vessel from a company in the north.

This article was originally published by The Coastal Wire.
Share | Print | Email
"""


def test_hard_wrapped_paragraphs_are_joined_and_lists_kept():
    ex = run(WRAPPED)
    paras = ex.text.split("\n\n")
    assert paras[0].startswith("The harbour council voted") and paras[0].endswith("in the spring.")
    assert "\n" not in paras[0] and "to the islands, ending" in paras[0]   # wraps become spaces
    assert "• Two departures in the morning" in paras
    assert paras[-1].endswith("from a company in the north.")
    assert ex.title == "HARBOUR COUNCIL APPROVES NEW FERRY LINE" and ex.byline == "Tomas Lind"
    assert ex.extra["credit"] == "The Coastal Wire"
    assert "originally published" not in ex.text and "Share" not in ex.text


THREAD = """Minister Resigns Over Dam Report

KARVEN (Nordpress) — The minister for water resigned on Friday after a leaked report showed \
that warnings about the dam had been ignored for years, officials said.

The report, seen by Nordpress, lists eleven inspections since 2015 that found cracks in the \
spillway without any repairs being ordered.

    • avatar
      petra_k
      Finally someone takes responsibility for this disaster, but it is far too late for Karven.
    • valley_watch
      The report was leaked by engineers who had warned about the spillway for years and years.
    • mirko.d in reply to valley_watch (Show commentHide comment)
      And yet nobody listened to them until fourteen people died in the flood this week.
"""


def test_comment_thread_without_header_is_cut():
    ex = run(THREAD)
    assert ex.title == "Minister Resigns Over Dam Report"
    assert ex.text.endswith("without any repairs being ordered.")
    assert "petra_k" not in ex.text and "Finally someone" not in ex.text
    assert (ex.dateline, ex.outlet) == ("KARVEN (Nordpress)", "Nordpress")


def test_short_article_is_not_outweighed_by_its_comments():
    long_comment = "I cross that bridge every day and now I will have to drive forty minutes more. "
    raw = ("Council Closes Old Bridge\n\nThe old bridge will close on Monday for repairs, the "
           "council said.\n\nComments (3)\n")
    raw += "".join(f"User{i}: {long_comment * 2}\n" for i in range(3))
    ex = run(raw)
    assert ex.text == "The old bridge will close on Monday for repairs, the council said."


def test_headline_with_deck_and_widget_words_inside_prose():
    raw = ("Dam Collapse Kills 14 In Karven\nOfficials Blame Heavy Rain And An Ageing Spillway\n\n"
           "KARVEN — At least 14 people died when part of a reservoir dam gave way, officials "
           "said.\n\n"
           "Share prices of the dam operator fell sharply on Tuesday.\n\nShare\n\nFollow us on X\n")
    ex = run(raw)
    assert ex.title == "Dam Collapse Kills 14 In Karven"
    assert ex.text.endswith("Share prices of the dam operator fell sharply on Tuesday.")
    assert (ex.dateline, ex.dateline_agency) == ("KARVEN", None)


def test_crlf_and_tabs_give_the_same_text():
    raw = seed("000")
    ex = run(raw.replace("\n", "\r\n").replace("    ", "\t"))
    assert ex.text == run(raw).text


def test_other_scripts_and_datelines():
    ru = run("Главная | Новости | Политика\nМОСКВА, 18 сен — РИА Новости. Министерство "
             "иностранных дел России выразило надежду, что удары коалиции не были приказом.\n"
             "Поделиться\nКомментарии\nИван: согласен полностью с каждым словом этой статьи.\n")
    assert (ru.dateline_place, ru.dateline_agency, ru.language) == ("МОСКВА", "РИА Новости", "ru")
    assert ru.text.startswith("МОСКВА, 18 сен — РИА Новости.") and "Иван" not in ru.text
    zh = run("北京新闻网\n\n水库大坝部分坍塌，十四人死亡\n\n据应急管理部消息，连续三天的强降雨导致北部水库大坝部分"
             "坍塌，造成十四人死亡、三十七人受伤。救援队连夜疏散了两千多名居民。\n\n分享\n")
    assert zh.title == "水库大坝部分坍塌，十四人死亡" and zh.language == "zh"
    assert zh.text.startswith("据应急管理部消息") and "分享" not in zh.text


def test_homoglyph_comment_widget_and_inline_links():
    raw = ("A Short Headline About Links Here\n\nOfficials confirmed on Monday that "
           "[the new bridge](https://example.org/bridge) will open in June, the city council "
           "said in a statement.\n\n"
           "The mayor said the project came in under budget <https://t.co/abc> and ahead of time.\n"
           "• \u0421omment\nGreat news for the town and for everyone who commutes across the "
           "river daily.\n")
    ex = run(raw)
    assert "Officials confirmed on Monday that the new bridge will open in June" in ex.text
    assert "under budget and ahead of time." in ex.text
    assert "omment" not in ex.text and "Great news" not in ex.text


# -- input metadata, settings and odd input -------------------------------------------------------

BODY = "A short article body that says something useful about the town council today."


def test_input_metadata_wins():
    ex = run(BODY, title="Given", published="2025-01-02", outlet="Gazette", language="fr",
             author="Ann Lee", url="https://x.org/2024/03/05/a")
    assert (ex.title, ex.published, ex.published_source) == ("Given", "2025-01-02", "input")
    assert (ex.outlet, ex.byline, ex.language) == ("Gazette", "Ann Lee", "fr")
    assert ex.url == "https://x.org/2024/03/05/a"
    assert run(BODY, date=datetime(2024, 2, 3, 10, 30)).published == "2024-02-03T10:30:00"
    assert run(BODY, date=date(2024, 2, 3)).published == "2024-02-03"


def test_url_date_and_unreadable_input_date():
    ex = run(BODY, url="https://x.org/2024/03/05/a")
    assert (ex.published, ex.published_source) == ("2024-03-05", "url")
    ex = run(BODY, published="sometime soon", url="https://x.org/news/a")
    assert ex.published is None and ex.extra["published_given"] == "sometime soon"
    ex = run(BODY, published=float("nan"), title=float("nan"))
    assert ex.published is None and ex.title is None


def test_given_title_line_is_not_body():
    raw = ("Council Backs Ferry Plan\n" + BODY
           + "\nIt will vote again next week on the final budget for it.\n")
    ex = run(raw, title="Council backs ferry plan")
    assert ex.text.startswith("A short article body") and "Council Backs" not in ex.text


def test_boilerplate_off_keeps_everything_and_language_off():
    raw = seed("000")
    settings = ExtractSettings(boilerplate=False, detect_language=False)
    ex = extract_text(RawDocument("s", raw, "text"), settings)
    check_map(ex, raw)
    assert "All comments" in ex.text and "Get short URL" in ex.text and ex.language is None
    assert "    " not in ex.text                                  # indentation is still stripped


ODD = ["", "   \n\n \t ", "x" * 200_000, "\x00\x01garbage\x02" * 50,
       "No punctuation here just words " * 3,
       "(" * 50_000 + "AFP)", "[a](" * 20_000, "© " * 10_000, "a\n" * 20_000, "\ufeff" + BODY,
       "https://" + "a" * 50_000, "•\n" * 100, "Copyright\n" * 100, "\u2028".join([BODY] * 5)]


@pytest.mark.parametrize("content", ODD, ids=range(len(ODD)))
def test_never_raises_and_stays_linear_on_odd_content(content):
    start = time.process_time()                 # CPU time: a guard against blow-ups, not a target
    for settings in (ExtractSettings(), ExtractSettings(boilerplate=False)):
        ex = extract_text(RawDocument("odd.txt", content, "text"), settings)
        check_map(ex, content)
        assert "\x00" not in ex.text and "\ufeff" not in ex.text
    assert time.process_time() - start < 10    # the slowest case costs about 1 s of CPU


def test_no_article_body_keeps_what_is_there():
    ex = run("Menu\nOnly A Headline Without Any Article Text\nShare\n")
    assert ex.text == "Only A Headline Without Any Article Text"
    assert run("").text == "" and run("").char_map == []


def test_page_exposes_units_for_debugging():
    page = remove_boilerplate(WIRE)
    kinds = {u.why for u in page.units}
    assert {"cookie", "nav", "widget", "legal", "list-open", "byline", "date"} <= kinds
    assert page.units[page.title].plain.startswith("Senate Passes")


# -- metadata helpers ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,iso", [
    ("Submitted on Mon, 09/19/2016 - 12:50", "2016-09-19"),
    ("Mondialisation.ca, 18 septembre 2016", "2016-09-18"),
    ("September 18, 2016", "2016-09-18"),
    ("Sept. 18, 2016", "2016-09-18"),
    ("1er janvier 2017", "2017-01-01"),
    ("18. März 2016", "2016-03-18"),
    ("18 de septiembre de 2016", "2016-09-18"),
    ("18 сентября 2016 г.", "2016-09-18"),
    ("19.09.2016", "2016-09-19"),
    ("2016/09/18", "2016-09-18"),
    ("2016-09-18T10:20", "2016-09-18T10:20"),
    ("Published: 14 May 2025 09:40", "2025-05-14T09:40"),
    ("19:28 GMT +323 March 2017", None),
    ("31 February 2016", None),
    ("nothing here", None),
])
def test_find_date(text, iso):
    assert md.find_date(text) == iso


def test_page_clock_is_not_a_date():
    assert md.is_page_clock("19:28 GMT +323 March 2017") and md.is_page_clock("01:08 UTC")
    assert not md.is_page_clock("Published: 14 May 2025 09:40")


def test_date_from_url_and_normalize_date():
    assert md.date_from_url("https://x.org/2016/09/18/story") == "2016-09-18"
    assert md.date_from_url("https://x.org/news/2016-9-18-story") == "2016-09-18"
    assert md.date_from_url("https://x.org/a/20160918/b") == "2016-09-18"
    assert md.date_from_url("https://x.org/2016/13/45/") is None
    assert md.date_from_url(None) is None and md.date_from_url("https://x.org/a") is None
    assert md.normalize_date("2016-09-18") == "2016-09-18"
    assert md.normalize_date("18 September 2016") == "2016-09-18"
    assert md.normalize_date(12) is None and md.normalize_date("  ") is None


@pytest.mark.parametrize("text,expected", [
    ("MOSCOW (Sputnik) — The ministry said.", ("MOSCOW (Sputnik)", "MOSCOW", "Sputnik")),
    ("WASHINGTON (AP) — Officials said.", ("WASHINGTON (AP)", "WASHINGTON", "AP")),
    ("LONDON, May 5 (Reuters) - Shares fell.", ("LONDON, May 5 (Reuters)", "LONDON", "Reuters")),
    ("BEIRUT, Lebanon (AP) — A blast.", ("BEIRUT, Lebanon (AP)", "BEIRUT", "AP")),
    ("KARVEN — At least 14 people died.", ("KARVEN", "KARVEN", None)),
    ("The ministry (MoD) — said", None),
    ("Officials said on Monday that it would.", None),
])
def test_dateline(text, expected):
    assert md.dateline(text) == expected


@pytest.mark.parametrize("line,name", [
    ("By Jane Doe", "Jane Doe"), ("BY JANE DOE | Staff writer", "JANE DOE"),
    ("Par [Middle East Eye](#)", "Middle East Eye"), ("Von Katrin Albers", "Katrin Albers"),
    ("By Anna Kessler Published: 14 May 2025", "Anna Kessler"),
    ("Автор: Иван Петров", "Иван Петров"),
    ("By the end of the year the dam will be rebuilt", None), ("Bye now", None),
])
def test_byline(line, name):
    assert md.byline(line) == name


@pytest.mark.parametrize("line,src", [
    ("La source originale de cet article est [Middle East Eye](#)", "Middle East Eye"),
    ("This article was originally published by The Conversation.", "The Conversation"),
    ("Originally published at https://example.org/a", "https://example.org/a"),
    ("Source: Reuters", "Reuters"),
    ("Dieser Artikel erschien zuerst bei Zeit Online.", "Zeit Online"),
    ("Source of the trouble was a cracked spillway that nobody repaired.", None),
])
def test_credit(line, src):
    assert md.credit(line) == src


def test_outlets():
    assert md.outlet_from_line("Mondialisation.ca, 18 septembre 2016") == "Mondialisation.ca"
    assert md.outlet_from_line("Moscow expressed hope that the attack") is None
    assert md.outlet_from_widget("Comment via FacebookComment via Sputnik") == "Sputnik"
    assert md.masthead("CAPITAL TIMES — News — Regions") == "CAPITAL TIMES"
    assert md.masthead("Wednesday, 14 May 2025") is None


def test_detect_language():
    assert md.detect_language("The ministry said the dam had been inspected last year.") == "en"
    assert md.detect_language("Le ministère a déclaré que le barrage avait été inspecté.") == "fr"
    assert md.detect_language("") is None and md.detect_language("12 34") is None
    assert md.detect_language(None) is None  # type: ignore[arg-type]
