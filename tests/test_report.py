"""The HTML report: span segmentation, overlapping highlights, escaping, excerpts, self-containment."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources

import duckdb
import pytest

from newstrace.errors import ConfigError
from newstrace.report import ReportOptions, build_report
from newstrace.report.spans import ELLIPSIS, Span, excerpt, first_segments, segment, windows

EVIL = '<script>alert("x")</script> and <img src=x onerror=alert(1)> & "quotes"'
TEXT_A = "Alpha beta gamma delta. " * 4 + EVIL          # source side
TEXT_B = "Intro. " + "Alpha beta gamma delta. " * 3 + "Outro."
TEXT_C = "Zeta " * 400 + "Alpha beta gamma delta." + " Eta" * 400


# spans ----------------------------------------------------------------------

def test_segment_splits_at_every_boundary():
    segs = segment("0123456789", [Span(2, 6, 1), Span(4, 8, 2), Span(5, 6, 3)])
    assert [(s.begin, s.end, s.keys) for s in segs] == [
        (0, 2, ()), (2, 4, (1,)), (4, 5, (1, 2)), (5, 6, (1, 2, 3)), (6, 8, (2,)), (8, 10, ())]
    assert "".join(s.text for s in segs) == "0123456789"
    assert first_segments(segs) == {1: 1, 2: 2, 3: 3}


def test_segment_clips_and_drops_bad_spans():
    segs = segment("abcdef", [Span(-3, 2, "x"), Span(4, 99, "y"), Span(3, 3, "z"), Span(5, 1, "w")])
    assert [(s.text, s.keys) for s in segs] == [("ab", ("x",)), ("cd", ()), ("ef", ("y",))]
    assert segment("", [Span(0, 4, 1)]) == []


def test_same_range_twice_and_nested():
    segs = segment("abcdef", [Span(1, 5, 1), Span(1, 5, 2), Span(2, 3, 3)])
    assert [(s.text, s.keys) for s in segs] == [
        ("a", ()), ("b", (1, 2)), ("c", (1, 2, 3)), ("de", (1, 2)), ("f", ())]


def test_excerpt_keeps_context_and_elides_the_rest():
    text = "x" * 1000
    spans = [Span(100, 110, 1), Span(115, 120, 2), Span(800, 810, 3)]
    assert windows(spans, len(text), 10) == [(90, 130), (790, 820)]
    segs = excerpt(text, spans, 10)
    gaps = [(s.begin, s.end) for s in segs if s.gap]
    assert gaps == [(0, 90), (130, 790), (820, 1000)]
    assert all(s.text == ELLIPSIS for s in segs if s.gap)
    shown = [s for s in segs if not s.gap]
    assert "".join(s.text for s in shown) == text[90:130] + text[790:820]
    assert {k for s in shown for k in s.keys} == {1, 2, 3}
    assert [(s.begin, s.end, s.gap) for s in excerpt("abc", [], 5)] == [(0, 3, True)]


# report ---------------------------------------------------------------------

PASSAGES = [
    # id, target, tb, te, source, sb, se, kind, score
    (1, "b", 7, 54, "a", 0, 47, "verbatim", 0.98),
    (2, "b", 31, 79, "a", 24, 72, "edited", 0.81),       # overlaps passage 1 on both sides
    (3, "b", 7, 30, "a", 96, 119, "paraphrase", 0.4),    # overlaps 1 on b; covers <script> on a
    (4, "c", 2000, 2023, "a", 0, 23, "translation", 0.5),
]


def make_store(path) -> duckdb.DuckDBPyConnection:
    """Create a store with three documents (one hostile), four passages and two failures."""
    con = duckdb.connect(str(path))
    con.execute((resources.files("newstrace.store") / "schema.sql").read_text(encoding="utf-8"))
    docs = [(1, "a", "<b>Wire</b>", "<script>alert('title')</script>", "2024-01-01", "javascript:alert(1)",
             "PARIS <AP>", TEXT_A),
            (2, "b", "Daily", "Copy of alpha", "2024-01-02", "https://daily.example/b", None, TEXT_B),
            (3, "c", "Long", "A long one", None, None, None, TEXT_C)]
    for key, doc_id, outlet, title, pub, url, dateline, text in docs:
        con.execute("""INSERT INTO documents (doc_key, doc_id, path, outlet, title, published, url,
                       dateline, language, text, n_chars) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'en', ?, ?)""",
                    [key, doc_id, f"in/{doc_id}", outlet, title, pub, url, dateline, text, len(text)])
    con.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'lexical', 1)", PASSAGES)
    con.execute("""INSERT INTO failures VALUES
        (1, 1, 'in/x.html', '', 'extract', 'no <i>article</i> text', TIMESTAMP '2024-02-01 12:00:00'),
        (2, 1, 'in/y.jsonl', 'line 3', 'ingest', 'invalid JSON', TIMESTAMP '2024-02-01 12:00:01')""")
    return con


class SideText(HTMLParser):
    """Collect, per (pair, side), the displayed characters and the passage numbers on each."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pair = self.side = None
        self.stack: list[tuple[str, dict]] = []
        self.texts: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details" and "pair" in (a.get("class") or ""):
            self.pair = a["id"]
        if tag == "div" and a.get("class") == "side":
            self.side = a["data-side"]
        self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        classes = [a.get("class") for _, a in self.stack]
        if "text" not in classes or "pn" in classes:
            return
        marks = [a.get("data-p") for t, a in self.stack if t == "mark" and a.get("data-p")]
        keys = tuple(marks[-1].split()) if marks else ()
        self.texts.setdefault((self.pair, self.side), []).extend((ch, keys) for ch in data)


def rendered(html: str) -> dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]]:
    p = SideText()
    p.feed(html)
    return p.texts


@pytest.fixture
def report(tmp_path):
    con = make_store(tmp_path / "s.duckdb")
    path = build_report(con, tmp_path / "report.html", ReportOptions(full_text_max_chars=3000, context_chars=50))
    con.close()
    return path.read_text(encoding="utf-8")


def test_report_is_one_self_contained_file(report):
    assert report.startswith("<!DOCTYPE html>") and "<style>" in report
    assert not re.search(r"<link|<script[^>]+src=|@import|url\(", report, re.IGNORECASE)
    assert report.count("<script>") == 1          # ours; the hostile ones are escaped
    assert "Pair 1" in report and "Pair 2" in report
    assert "no &lt;i&gt;article&lt;/i&gt; text" in report and "<details>" in report


def test_document_text_is_escaped(report):
    assert "<img" not in report and "<script>alert" not in report and "<b>Wire" not in report
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in report
    assert "PARIS &lt;AP&gt;" in report
    assert 'href="javascript:' not in report and 'href="https://daily.example/b"' in report


def test_overlapping_highlights_follow_the_stored_offsets(report):
    texts = rendered(report)
    a, b = texts[("pair-1", "a")], texts[("pair-1", "b")]
    assert "".join(ch for ch, _ in a) == TEXT_A and "".join(ch for ch, _ in b) == TEXT_B
    expect_a = [set() for _ in TEXT_A]
    expect_b = [set() for _ in TEXT_B]
    nums = {1: "1", 2: "2", 3: "3"}   # numbered by position on the source side
    for pid, _, tb, te, src, sb, se, *_ in PASSAGES[:3]:
        for i in range(sb, se):
            expect_a[i].add(nums[pid])
        for i in range(tb, te):
            expect_b[i].add(nums[pid])
    assert [set(k) for _, k in a] == expect_a
    assert [set(k) for _, k in b] == expect_b
    assert 'data-p="1 3"' in report and 'class="k-verbatim multi"' in report
    assert "k-paraphrase" in report and "k-edited" in report


def test_long_documents_show_passages_with_context(report):
    texts = rendered(report)
    c = "".join(ch for ch, _ in texts[("pair-2", "b")])
    assert c == f" {ELLIPSIS} " + TEXT_C[1950:2073] + f" {ELLIPSIS} "
    highlighted = "".join(ch for ch, k in texts[("pair-2", "b")] if k)
    assert highlighted == TEXT_C[2000:2023]
    assert "Long text: passages shown with 50 characters" in report


def test_documents_table_and_summary(report):
    assert 'id="doc-table"' in report and report.count('<tr><td>') >= 3
    assert "translation" in report and "reused from others" in report
    assert re.search(r"<b>3</b> documents", report) and re.search(r"<b>2</b> failures", report)


def test_empty_store_and_bad_path(tmp_path):
    con = duckdb.connect()
    con.execute((resources.files("newstrace.store") / "schema.sql").read_text(encoding="utf-8"))
    html = build_report(con, tmp_path / "e.html").read_text(encoding="utf-8")
    assert "No two documents share a passage" in html
    with pytest.raises(ConfigError, match="cannot write report"):
        build_report(con, tmp_path / "missing" / "r.html")
    assert not list(tmp_path.glob("*.part"))


def test_missing_partner_document_still_renders(tmp_path):
    con = make_store(tmp_path / "s.duckdb")
    con.execute("DELETE FROM documents WHERE doc_id = 'c'")
    html = build_report(con, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "This document is not in the store." in html
