"""Read queries over a small hand-built store: summary, shares with overlaps, pairs, filters."""
from __future__ import annotations

import json
from datetime import datetime
from importlib import resources

import duckdb
import pytest

from newstrace.errors import ConfigError
from newstrace.store import queries as q

TEXT_A = "A" * 100          # source of B (twice, overlapping) and of C
TEXT_B = "B" * 200
TEXT_C = "C" * 50
TEXT_D = "Nothing shared here, 100% original_text."

DOCS = [
    # doc_key, doc_id, outlet, title, published, language, text
    (1, "a", "Wire", "Storm hits coast", "2024-01-01", "en", TEXT_A),
    (2, "b", "Daily", "Storm coverage", "2024-01-02T10:00:00", "en", TEXT_B),
    (3, "c", "Daily", "Sturm an der Küste", "2024-01-05", "de", TEXT_C),
    (4, "d", None, None, None, None, TEXT_D),
]

PASSAGES = [
    # target, tb, te, source, sb, se, kind, score
    ("b", 10, 60, "a", 0, 40, "verbatim", 0.99),
    ("b", 40, 90, "a", 30, 70, "edited", 0.7),      # overlaps the first on both sides
    ("b", 150, 160, "a", 90, 100, "edited", 0.6),
    ("c", 0, 25, "a", 50, 75, "translation", 0.5),  # overlaps a's source ranges
]


def make_store(path) -> duckdb.DuckDBPyConnection:
    """Create a store from schema.sql and fill it with the rows above."""
    con = duckdb.connect(str(path))
    con.execute((resources.files("newstrace.store") / "schema.sql").read_text(encoding="utf-8"))
    for key, doc_id, outlet, title, published, lang, text in DOCS:
        con.execute("""INSERT INTO documents (doc_key, doc_id, path, source, outlet, title, published,
                       language, text, n_chars, content_hash, meta, stage, run_id)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'aligned', 1)""",
                    [key, doc_id, f"in/{doc_id}.txt", f"in/{doc_id}.txt", outlet, title, published,
                     lang, text, len(text), f"h{key}", json.dumps({"k": key})])
    for i, p in enumerate(PASSAGES, 1):
        con.execute("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'lexical', 1)", [i, *p])
    con.execute("""INSERT INTO failures VALUES
        (1, 1, 'in/x.html', '', 'extract', 'no article text', TIMESTAMP '2024-02-01 12:00:00'),
        (2, 1, 'in/y.jsonl', 'line 3', 'ingest', 'invalid JSON', TIMESTAMP '2024-02-01 12:00:01'),
        (3, 1, 'in/z.html', '', 'extract', 'no article text', TIMESTAMP '2024-02-01 12:00:02')""")
    con.execute("INSERT INTO duplicates VALUES ('in/a2.txt', 'in/a2.txt', 'h1', 'a', 1)")
    con.execute("INSERT INTO pairs VALUES (1, 2, 5, 3, 1), (1, 3, 4, 1, 1), (1, 4, 2, 0, 1)")
    con.execute("""INSERT INTO runs VALUES (1, 'analyze', TIMESTAMP '2024-02-01 12:00:00',
        TIMESTAMP '2024-02-01 12:01:00', 'done', '{"align": {"min_chars": 120}}', '["in"]', '{"documents": 4}')""")
    return con


@pytest.fixture
def con(tmp_path):
    c = make_store(tmp_path / "s.duckdb")
    yield c
    c.close()


def by_id(rows):
    return {r["id"]: r for r in rows}


def test_summary(con):
    s = q.summary(con)
    assert (s["documents"], s["failures"], s["duplicates"]) == (4, 3, 1)
    assert (s["pairs"], s["passages"], s["pairs_compared"], s["runs"]) == (2, 4, 3, 1)
    assert s["passages_by_kind"] == {"edited": 2, "translation": 1, "verbatim": 1}


def test_reuse_shares_count_overlaps_once(con):
    docs = by_id(q.documents(con))
    # b as target: [10,60) ∪ [40,90) ∪ [150,160) = 80 + 10 chars of 200
    assert docs["b"]["covered_target"] == 90 and docs["b"]["reused_from"] == pytest.approx(0.45)
    assert docs["b"]["reused_by"] == 0
    # a as source: [0,40) ∪ [30,70) ∪ [50,75) ∪ [90,100) = 75 + 10 of 100
    assert docs["a"]["covered_source"] == 85 and docs["a"]["reused_by"] == pytest.approx(0.85)
    assert docs["c"]["reused_from"] == pytest.approx(0.5)
    assert docs["d"]["reused_from"] == docs["d"]["reused_by"] == 0
    assert (docs["a"]["partners"], docs["b"]["partners"], docs["d"]["partners"]) == (2, 1, 0)
    assert docs["a"]["n_passages"] == 4 and "text" not in docs["a"]


def test_touching_and_nested_ranges(tmp_path):
    con = make_store(tmp_path / "t.duckdb")
    con.execute("DELETE FROM passages")
    rows = [("b", 0, 10, "a", 0, 5, "verbatim", 1.0), ("b", 10, 20, "a", 1, 3, "verbatim", 1.0),
            ("b", 2, 8, "a", 5, 9, "verbatim", 1.0)]
    for i, p in enumerate(rows, 1):
        con.execute("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'lexical', 1)", [i, *p])
    docs = by_id(q.documents(con))
    assert docs["b"]["covered_target"] == 20 and docs["a"]["covered_source"] == 9


def test_document_filters_and_paging(con):
    ids = lambda flt=None, **kw: [d["id"] for d in q.documents(con, flt, **kw)]
    assert ids() == ["a", "b", "c", "d"]
    assert ids(q.DocumentFilter(outlet="Daily")) == ["b", "c"]
    assert ids(q.DocumentFilter(language="de")) == ["c"]
    assert ids(q.DocumentFilter(date_from="2024-01-02", date_to="2024-01-05")) == ["b", "c"]
    assert ids(q.DocumentFilter(date_to="2024-01-02")) == ["a", "b"]
    assert ids(q.DocumentFilter(has_reuse=True)) == ["a", "b", "c"]
    assert ids(q.DocumentFilter(has_reuse=False)) == ["d"]
    assert ids(q.DocumentFilter(search="storm")) == ["a", "b"]
    assert ids(q.DocumentFilter(search="100%")) == ["d"]       # % is literal, not a wildcard
    assert ids(q.DocumentFilter(search="rigin_l")) == []        # so is _
    assert ids(q.DocumentFilter(search="al_text")) == ["d"]
    assert ids(limit=2, offset=1) == ["b", "c"]
    assert ids(order="reused_by", desc=True)[0] == "a"
    assert ids(order="published") == ["a", "b", "c", "d"]      # undated last
    assert q.count_documents(con) == 4
    assert q.count_documents(con, q.DocumentFilter(outlet="Daily", has_reuse=True)) == 2
    with pytest.raises(ConfigError, match="reused_from"):
        q.documents(con, order="text; DROP TABLE documents")


def test_document_with_passages_both_ways(con):
    doc = q.document(con, "a")
    assert doc["text"] == TEXT_A and doc["meta"] == {"k": 1}
    assert [p["role"] for p in doc["passages"]] == ["source"] * 4
    assert {p["partner_id"] for p in doc["passages"]} == {"b", "c"}
    b = q.document(con, "b", include_text=False)
    assert "text" not in b and [p["role"] for p in b["passages"]] == ["target"] * 3
    assert [p["target_begin"] for p in b["passages"]] == [10, 40, 150]
    assert b["passages"][0]["partner_title"] == "Storm hits coast"
    assert q.document(con, "nope") is None


def test_pairs(con):
    ps = q.pairs(con)
    assert [(p["a_id"], p["b_id"], p["n_passages"]) for p in ps] == [("a", "b", 3), ("a", "c", 1)]
    assert ps[0]["kinds"] == ["edited", "verbatim"] and ps[0]["max_score"] == pytest.approx(0.99)
    assert [p["source_begin"] for p in ps[0]["passages"]] == [0, 30, 90]
    assert [p["passage_id"] for p in ps[1]["passages"]] == [4]
    assert [p["b_id"] for p in q.pairs(con, "c")] == ["c"]
    assert q.pairs(con, limit=1, offset=1, with_passages=False)[0]["b_id"] == "c"
    assert "passages" not in q.pairs(con, with_passages=False)[0]
    assert q.count_pairs(con) == 2 and q.count_pairs(con, "b") == 1 and q.count_pairs(con, "d") == 0


def test_pair_and_direction_majority(con):
    p = q.pair(con, "b", "a")
    assert (p["a_id"], p["b_id"]) == ("a", "b") and p["a"]["text"] == TEXT_A and p["b"]["text"] == TEXT_B
    assert p["n_passages"] == 3
    assert q.pair(con, "a", "d") is None
    # one passage the other way round still keeps 'a' as the majority source side
    con.execute("INSERT INTO passages VALUES (9, 'a', 0, 5, 'b', 0, 5, 'verbatim', 1.0, 'lexical', 1)")
    assert (q.pairs(con)[0]["a_id"], q.pair(con, "b", "a")["a_id"]) == ("a", "a")


def test_failures_duplicates_runs_facets(con):
    assert q.failure_reasons(con)[0] == {"stage": "extract", "reason": "no article text", "n": 2}
    fs = q.failures(con)
    assert [f["failure_id"] for f in fs] == [1, 2, 3] and isinstance(fs[0]["failed_at"], datetime)
    assert [f["path"] for f in q.failures(con, stage="ingest")] == ["in/y.jsonl"]
    assert len(q.failures(con, limit=1, offset=2)) == 1
    assert q.duplicates(con)[0]["doc_id"] == "a"
    run = q.runs(con)[0]
    assert run["settings"]["align"]["min_chars"] == 120 and run["inputs"] == ["in"]
    f = q.facets(con)
    assert f["outlet"][0] == {"value": "Daily", "n": 2} and {x["value"] for x in f["language"]} == {"en", "de"}


def test_most_reused(con):
    assert [d["id"] for d in q.most_reused(con, 2)] == ["a", "b"]
    assert [d["id"] for d in q.most_reused(con, by="reused_from")][:2] == ["c", "b"]
    with pytest.raises(ConfigError):
        q.most_reused(con, by="bogus")


def test_empty_store(tmp_path):
    con = duckdb.connect(str(tmp_path / "e.duckdb"))
    con.execute((resources.files("newstrace.store") / "schema.sql").read_text(encoding="utf-8"))
    assert q.summary(con)["documents"] == 0 and q.summary(con)["passages_by_kind"] == {}
    assert q.documents(con) == [] and q.pairs(con) == [] and q.most_reused(con) == []


def test_read_only_connection(tmp_path):
    make_store(tmp_path / "r.duckdb").close()
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    assert q.summary(con)["documents"] == 4 and len(q.pairs(con)) == 2
