"""The demo corpus in examples/: the expected findings of examples/README.md hold."""
from __future__ import annotations

import pytest

import newstrace
from newstrace.store.store import Store

from conftest import EXAMPLES


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    stats = newstrace.analyze([str(EXAMPLES / "demo"), str(EXAMPLES / "bad")], db=db, jobs=1)
    with Store(db, read_only=True) as st:
        pairs = {frozenset(r) for r in st.con.execute("SELECT target_id, source_id FROM passages").fetchall()}
        fails = st.con.execute("SELECT path, reason FROM failures").fetchall()
        docs = dict(st.con.execute("SELECT doc_id, text FROM documents").fetchall())
        meta = {r[0]: r[1:] for r in st.con.execute(
            "SELECT doc_id, outlet, published, language FROM documents").fetchall()}
        dups = st.con.execute("SELECT path, doc_id FROM duplicates").fetchall()
    return stats, pairs, fails, docs, meta, dups


def test_every_format_ingested_and_bad_input_recorded(demo):
    stats, _, fails, docs, meta, dups = demo
    assert {"ministry-statement", "valley-herald", "crawl-2", "crawl-5", "lakeside-gazette-karven",
            "harbour-news-karven", "rundschau-de", "bad-feed-1"} <= set(docs)
    assert stats.failures == 5
    reasons = " | ".join(r for _, r in fails)
    for what in ("empty", "binary", "invalid JSON", "no 'text' field", "truncated WARC"):
        assert what in reasons
    assert any(p.endswith("daily-courier.txt") for p, _ in dups)    # the mirror is kept, the copy recorded
    assert meta["rundschau-de"][2] == "de" and meta["crawl-2"][0] == "Evening Star"
    assert meta["nordpress-wire"][1] == "2025-05-13T19:10"          # not the page clock of 14 May


@pytest.mark.parametrize("a,b", [
    ("ministry-statement", "nordpress-wire"), ("nordpress-wire", "valley-herald"),
    ("nordpress-wire", "crawl-2"), ("nordpress-wire", "daily-courier-mirror"),
    ("nordpress-wire", "morning-post"), ("ministry-statement", "lakeside-gazette-karven"),
    ("ministry-statement", "nord-radio-karven"), ("ministry-statement", "harbour-news-karven"),
])
def test_expected_reuse_found(demo, a, b):
    assert frozenset((a, b)) in demo[1]


@pytest.mark.parametrize("doc", ["karven-relief-network", "weekly-review", "crawl-5",
                                 "city-orchestra-season", "harbour-news-fishing"])
def test_independent_documents_share_nothing(demo, doc):
    assert not any(doc in p for p in demo[1])


def test_boilerplate_gone_from_demo_texts(demo):
    docs = demo[3]
    assert "Show new comments" not in docs["nordpress-wire"] and "Get short URL" not in docs["nordpress-wire"]
    assert "Accept all" not in docs["valley-herald"] and "Most read" not in docs["valley-herald"]
    assert "Terms of use" not in docs["ministry-statement"]
    assert docs["nordpress-wire"].startswith("KARVEN (Nordpress) — At least 14 people died")
