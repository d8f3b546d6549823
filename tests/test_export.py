"""Export documents, passages and failures as JSONL, CSV and Parquet, to files and stdout."""
from __future__ import annotations

import csv
import io
import json
from importlib import resources

import duckdb
import pyarrow.parquet as pq
import pytest

from newstrace.errors import ConfigError
from newstrace.store.export import FORMATS, export_table

DOC_TEXT = 'Line one, "quoted".\n\nLine two — ünïcødé 😀, <b>tags</b>'


@pytest.fixture
def con(tmp_path):
    c = duckdb.connect(str(tmp_path / "s.duckdb"))
    c.execute((resources.files("newstrace.store") / "schema.sql").read_text(encoding="utf-8"))
    c.execute("""INSERT INTO documents (doc_key, doc_id, path, source, url, outlet, title, published,
                 published_source, language, byline, dateline, text, n_chars, raw, char_map)
                 VALUES (1, 'a', 'in/a.txt', 'in/a.txt', 'https://x.org/a', 'Wire', 'T, "a"', '2024-01-01',
                         'input', 'en', 'By Ann', 'PARIS (AP)', ?, ?, 'RAW', '[[0,0,3]]'),
                        (2, 'b', 'in/b.txt', 'in/b.txt', NULL, NULL, NULL, NULL,
                         NULL, NULL, NULL, NULL, 'short', 5, NULL, NULL)""", [DOC_TEXT, len(DOC_TEXT)])
    c.execute("""INSERT INTO passages SELECT range + 1, 'b', range, range + 3, 'a', range, range + 4,
                 CASE WHEN range % 2 = 0 THEN 'verbatim' ELSE 'edited' END, 0.5 + range / 1000, 'lexical', 1
                 FROM range(25000)""")
    c.execute("""INSERT INTO failures VALUES
        (1, 1, 'in/x.html', '', 'extract', 'no article text', TIMESTAMP '2024-02-01 12:00:00'),
        (2, 1, 'in/y.jsonl', 'line 3', 'ingest', 'invalid JSON, "bad"', TIMESTAMP '2024-02-01 12:00:01')""")
    yield c
    c.close()


DOC_COLS = {"id", "path", "url", "outlet", "title", "published", "language", "text",
            "byline", "dateline", "published_source", "source", "n_chars"}
PASSAGE_COLS = {"passage_id", "target_id", "target_begin", "target_end", "source_id", "source_begin",
                "source_end", "kind", "score", "method"}
FAILURE_COLS = {"path", "position", "stage", "reason", "run_id", "at"}


def read_back(path, fmt) -> list[dict]:
    """Read an exported file into dicts (CSV values stay strings)."""
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("fmt", FORMATS)
def test_documents_round_trip(con, tmp_path, fmt):
    out = tmp_path / f"docs.{fmt}"
    assert export_table(con, "documents", fmt, str(out)) == 2
    rows = read_back(out, fmt)
    assert len(rows) == 2 and DOC_COLS <= set(rows[0])
    assert not {"raw", "char_map", "doc_key"} & set(rows[0])
    a, b = rows
    assert a["id"] == "a" and a["text"] == DOC_TEXT and a["title"] == 'T, "a"'
    assert a["dateline"] == "PARIS (AP)" and int(a["n_chars"]) == len(DOC_TEXT)
    assert b["id"] == "b" and b["outlet"] in (None, "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_passages_round_trip_in_batches(con, tmp_path, fmt):
    out = tmp_path / f"p.{fmt}"
    assert export_table(con, "passages", fmt, str(out)) == 25000
    rows = read_back(out, fmt)
    assert len(rows) == 25000 and PASSAGE_COLS <= set(rows[0])
    last = rows[-1]
    assert int(last["passage_id"]) == 25000 and int(last["target_begin"]) == 24999
    assert int(last["source_end"]) == 25003 and last["kind"] == "edited"
    assert float(last["score"]) == pytest.approx(0.5 + 24999 / 1000)


@pytest.mark.parametrize("fmt", FORMATS)
def test_failures_round_trip(con, tmp_path, fmt):
    out = tmp_path / f"f.{fmt}"
    assert export_table(con, "failures", fmt, str(out)) == 2
    rows = read_back(out, fmt)
    assert [set(r) for r in rows] == [FAILURE_COLS] * 2
    assert rows[1]["reason"] == 'invalid JSON, "bad"' and rows[1]["position"] == "line 3"
    assert str(rows[0]["at"]).replace("T", " ").startswith("2024-02-01 12:00:00")


def test_jsonl_to_stdout(con, capsysbinary):
    assert export_table(con, "failures", "jsonl", "-") == 2
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert [json.loads(x)["path"] for x in lines] == ["in/x.html", "in/y.jsonl"]
    assert json.loads(lines[0])["at"] == "2024-02-01T12:00:00"


def test_csv_to_stdout(con, capsysbinary):
    assert export_table(con, "documents", "csv", "-") == 2
    rows = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8"), newline="")))
    assert rows[0]["text"] == DOC_TEXT


def test_parquet_to_stdout(con, capsysbinary):
    assert export_table(con, "passages", "parquet", "-") == 25000
    data = capsysbinary.readouterr().out
    assert data[:4] == b"PAR1"
    assert pq.read_table(io.BytesIO(data)).num_rows == 25000


def test_empty_table(tmp_path):
    c = duckdb.connect()
    c.execute((resources.files("newstrace.store") / "schema.sql").read_text(encoding="utf-8"))
    for fmt in FORMATS:
        out = tmp_path / f"e.{fmt}"
        assert export_table(c, "passages", fmt, str(out)) == 0
        assert read_back(out, fmt) == []
    assert pq.read_schema(tmp_path / "e.parquet").names[0] == "passage_id"


def test_invalid_choices(con, tmp_path):
    out = tmp_path / "x"
    with pytest.raises(ConfigError, match="documents, passages, failures"):
        export_table(con, "sentences", "csv", str(out))
    with pytest.raises(ConfigError, match="jsonl, csv, parquet"):
        export_table(con, "documents", "xlsx", str(out))
    assert not out.exists()
    with pytest.raises(ConfigError, match="cannot write"):
        export_table(con, "documents", "csv", str(tmp_path / "no" / "dir" / "x.csv"))
