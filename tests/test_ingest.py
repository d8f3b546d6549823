"""Ingest: every input format, directories and globs, and every kind of bad input."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newstrace.errors import InputError
from newstrace.ingest import expand_inputs, iter_inputs
from newstrace.ingest import files as ingest_files
from newstrace.settings import IngestSettings
from newstrace.types import Failure, RawDocument

PAGE = ("<!DOCTYPE html><html><head><title>T</title></head><body>"
        "<p>Floods hit the valley on Tuesday.</p></body></html>")


def run(*inputs, **settings) -> tuple[list[RawDocument], list[Failure]]:
    items = list(iter_inputs([str(i) for i in inputs], IngestSettings(**settings)))
    docs = [i for i in items if isinstance(i, RawDocument)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert len(docs) + len(fails) == len(items)
    return docs, fails


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# -- WARC fixtures, written by hand ---------------------------------------------------------

def warc_record(kind: str, uri: str, block: bytes, ctype: str,
                date: str = "2024-05-01T12:00:00Z") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash((kind, uri))):032d}>\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http_response(body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK",
                  extra: str = "") -> bytes:
    head = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def warc_records() -> list[bytes]:
    resp = "application/http; msgtype=response"
    recs = [
        warc_record("warcinfo", "", b"software: test\r\n", "application/warc-fields"),
        warc_record("request", "http://a.example/1", b"GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n",
                    "application/http; msgtype=request"),
    ]
    for i in range(3):
        body = f"<html><body><p>Article {i}: the dam burst on Tuesday.</p></body></html>".encode()
        recs.append(warc_record("response", f"http://a.example/{i}", http_response(body), resp))
    recs.append(warc_record("response", "http://a.example/logo.png",
                            http_response(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"), resp))
    recs.append(warc_record("response", "http://a.example/gone",
                            http_response(b"<p>not found</p>", status="404 Not Found"), resp))
    recs.append(warc_record("metadata", "http://a.example/1", b"via: x\r\n",
                            "application/warc-fields"))
    gz = gzip.compress(b"<html><body><p>Compressed body text.</p></body></html>")
    recs.append(warc_record("response", "http://a.example/gz",
                            http_response(gz, extra="Content-Encoding: gzip\r\n"), resp))
    return recs


# -- formats -------------------------------------------------------------------------------

def test_text_file_keeps_exact_content(tmp_path):
    content = "Line one.\r\nLine two with ünïcode — and trailing space  \n"
    docs, fails = run(write(tmp_path / "a.txt", content))
    assert not fails
    [doc] = docs
    assert doc.content == content and doc.fmt == "text" and doc.encoding == "utf-8"
    assert doc.source == str(tmp_path / "a.txt") and doc.doc_id is None and doc.meta == {}


def test_utf8_bom_is_stripped(tmp_path):
    docs, _ = run(write(tmp_path / "bom.TXT", b"\xef\xbb\xbfHello"))
    assert docs[0].content == "Hello" and docs[0].encoding == "utf-8"


def test_html_files_all_extensions(tmp_path):
    for ext in ("html", "htm", "xhtml", "HTML"):
        write(tmp_path / f"p.{ext}", PAGE)
    docs, fails = run(tmp_path)
    assert not fails and len(docs) == 4
    assert all(d.fmt == "html" and d.content == PAGE for d in docs)


def test_latin1_file_detected(tmp_path):
    text = ("Le président de la République a déclaré mardi que le gouvernement était prêt à "
            "négocier avec les syndicats. « Nous ne céderons pas », a-t-il ajouté à l'Élysée.")
    docs, fails = run(write(tmp_path / "fr.txt", text.encode("latin-1")))
    assert not fails
    assert docs[0].content == text
    assert docs[0].encoding in ("cp1252", "iso8859_1", "latin_1", "iso-8859-1", "windows-1252")


def test_cp1251_file_detected(tmp_path):
    text = ("Съешь же ещё этих мягких французских булок, да выпей чаю. Российские власти "
            "заявили в понедельник, что переговоры продолжатся.")
    docs, fails = run(write(tmp_path / "ru.txt", text.encode("cp1251")))
    assert not fails
    assert docs[0].content == text and docs[0].encoding == "cp1251"


def test_html_meta_charset_is_honoured(tmp_path):
    page = ('<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p>'
            '</body></html>')
    docs, fails = run(write(tmp_path / "ru.html", page.encode("cp1251")))
    assert not fails
    assert docs[0].content == page and docs[0].encoding == "cp1251"


def test_gzipped_text_html_and_jsonl(tmp_path):
    write(tmp_path / "a.txt.gz", gzip.compress(b"zipped text"))
    write(tmp_path / "b.html.gz", gzip.compress(PAGE.encode()))
    write(tmp_path / "c.jsonl.gz", gzip.compress(b'{"id": "c1", "text": "zipped record"}\n'))
    docs, fails = run(tmp_path)
    assert not fails
    assert [(d.fmt, d.content) for d in docs] == [
        ("text", "zipped text"), ("html", PAGE), ("text", "zipped record")]
    assert docs[2].source.endswith("c.jsonl.gz#line=1")


def test_jsonl_records_and_meta_normalisation(tmp_path):
    lines = [
        {"id": "a1", "text": "First story.", "url": "http://x/1", "date": "2021-03-04",
         "series": "Daily", "title": "T1", "lang": "en", "pages": [1, 2]},
        {"id": 7, "text": "Second story.", "published": "2021-03-05", "outlet": "O",
         "source": "AP", "language": "fr"},
        {"text": "No id here.", "pub_date": "2021", "site": "S", "empty": "", "none": None},
    ]
    path = write(tmp_path / "d.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    docs, fails = run(path)
    assert not fails and len(docs) == 3
    a, b, c = docs
    assert a.source == f"{path}#line=1" and a.doc_id == "a1" and a.content == "First story."
    assert a.meta == {"url": "http://x/1", "published": "2021-03-04", "outlet": "Daily",
                      "title": "T1", "language": "en", "pages": [1, 2]}
    assert b.doc_id == "7" and b.meta == {"published": "2021-03-05", "outlet": "O",
                                          "source": "AP", "language": "fr"}
    assert c.doc_id is None and c.meta == {"published": "2021", "outlet": "S"}


def test_jsonl_html_column_gives_html_record(tmp_path):
    path = write(tmp_path / "h.ndjson", json.dumps({"id": "h", "html": PAGE}) + "\n")
    docs, _ = run(path)
    assert docs[0].fmt == "html" and docs[0].content == PAGE


def test_json_list_single_object_and_lines(tmp_path):
    records = [{"id": "1", "text": "one"}, {"id": "2", "text": "two"}]
    write(tmp_path / "list.json", json.dumps(records, indent=2))
    write(tmp_path / "one.json", json.dumps({"id": "3", "text": "three"}, indent=2))
    write(tmp_path / "lines.json", '{"id": "4", "text": "four"}\n{"id": "5", "text": "five"}\n')
    docs, fails = run(tmp_path)
    assert not fails
    got = {d.doc_id: (d.content, d.source.split("#")[1]) for d in docs}
    assert got == {"1": ("one", "record=1"), "2": ("two", "record=2"), "3": ("three", "record=1"),
                   "4": ("four", "line=1"), "5": ("five", "line=2")}


def test_json_list_streams_records_larger_than_a_chunk(tmp_path, monkeypatch):
    from newstrace.ingest import jsonl
    monkeypatch.setattr(jsonl, "_CHUNK", 7)  # forces records to straddle reads
    recs = [{"id": str(i), "text": f"story number {i} " * 3, "n": 12345} for i in range(5)]
    docs, fails = run(write(tmp_path / "l.json", json.dumps(recs)))
    assert not fails and [d.content for d in docs] == [r["text"] for r in recs]


def test_csv_rows_and_meta(tmp_path):
    big = "x" * 200_000  # over csv's default 128 KiB field limit
    path = write(tmp_path / "c.csv", 'id,text,date,Outlet\n'
                                     '1,"Hello, world\nsecond line",2020-01-01,A\n'
                                     f'2,{big},,B\n')
    docs, fails = run(path)
    assert not fails
    assert docs[0].content == "Hello, world\nsecond line" and docs[0].doc_id == "1"
    assert docs[0].meta == {"published": "2020-01-01", "outlet": "A"}
    assert docs[0].source == f"{path}#row=1" and docs[1].source == f"{path}#row=2"
    assert docs[1].content == big and docs[1].meta == {"outlet": "B"}


def test_tsv_and_semicolon_csv(tmp_path):
    write(tmp_path / "t.tsv", "id\ttext\n1\tTab separated, with comma\n")
    write(tmp_path / "s.csv", "id;text\n2;Semicolon separated\n")
    docs, fails = run(tmp_path)
    assert not fails
    assert {d.doc_id: d.content for d in docs} == {"2": "Semicolon separated",
                                                   "1": "Tab separated, with comma"}


def test_csv_custom_columns_and_cp1251(tmp_path):
    body = "Российские власти заявили в понедельник, что переговоры продолжатся."
    write(tmp_path / "c.csv", f'key,body\nk1,"{body}"\nk2,unquoted, comma\n'.encode("cp1251"))
    docs, [f] = run(tmp_path, text_column="body", id_column="key")
    assert docs[0].content == body and docs[0].doc_id == "k1" and docs[0].encoding == "cp1251"
    assert f.position == "row 2" and "3 fields but the header has 2" in f.reason


def test_parquet_rows_in_batches(tmp_path):
    import datetime as dt
    n = 600  # more than one row batch
    table = pa.table({"id": [f"p{i}" for i in range(n)], "text": [f"Story {i}." for i in range(n)],
                      "date": [dt.date(2021, 1, 1)] * n, "score": [1.5] * n})
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=100)
    docs, fails = run(tmp_path / "t.parquet")
    assert not fails and len(docs) == n
    assert docs[599].doc_id == "p599" and docs[599].content == "Story 599."
    assert docs[0].meta == {"published": "2021-01-01", "score": 1.5}
    assert docs[599].source.endswith("t.parquet#row=600")


def test_warc_keeps_only_html_200_responses(tmp_path):
    recs = warc_records()
    plain = write(tmp_path / "a.warc", b"".join(recs))
    zipped = write(tmp_path / "b.warc.gz", b"".join(gzip.compress(r) for r in recs))
    for path in (plain, zipped):
        docs, fails = run(path)
        assert not fails
        assert [d.meta["url"] for d in docs] == [
            "http://a.example/0", "http://a.example/1", "http://a.example/2", "http://a.example/gz"]
        assert docs[0].source == f"{path}#record=3" and docs[0].fmt == "html"
        assert docs[0].meta["crawled"] == "2024-05-01T12:00:00Z"
        assert "published" not in docs[0].meta
        assert docs[1].content == \
            "<html><body><p>Article 1: the dam burst on Tuesday.</p></body></html>"
        assert docs[3].content == "<html><body><p>Compressed body text.</p></body></html>"


def test_unknown_extension_is_sniffed(tmp_path):
    write(tmp_path / "page.dat", PAGE)
    write(tmp_path / "notes", "just some plain notes")
    docs, fails = run(tmp_path)
    assert not fails
    assert {Path(d.source).name: d.fmt for d in docs} == {"page.dat": "html", "notes": "text"}


# -- inputs --------------------------------------------------------------------------------

def test_directories_recursive_sorted_and_hidden_skipped(tmp_path):
    for rel in ("b.txt", "a/z.txt", "a/b/c.txt", ".hidden.txt", ".git/x.txt", "a/.cache/y.txt"):
        write(tmp_path / rel, rel)
    paths = expand_inputs([str(tmp_path)])
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["a/b/c.txt", "a/z.txt", "b.txt"]
    docs, _ = run(tmp_path)
    assert [d.content for d in docs] == ["a/b/c.txt", "a/z.txt", "b.txt"]


def test_globs_with_double_star_and_dedupe(tmp_path):
    for rel in ("x/1.txt", "x/y/2.txt", "x/y/3.html", "x/.h/4.txt"):
        write(tmp_path / rel, PAGE if rel.endswith("html") else rel)
    paths = expand_inputs([f"{tmp_path}/**/*.txt", str(tmp_path / "x" / "1.txt")])
    assert [p.name for p in paths] == ["1.txt", "2.txt"]


def test_explicit_hidden_file_is_read(tmp_path):
    docs, _ = run(write(tmp_path / ".secret.txt", "named on purpose"))
    assert docs[0].content == "named on purpose"


def test_missing_input_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        iter_inputs([str(tmp_path / "nope.txt")], IngestSettings())
    with pytest.raises(InputError, match="matches no files"):
        iter_inputs([str(tmp_path / "*.jsonl")], IngestSettings())


def test_streams_lazily(tmp_path):
    lines = "".join(json.dumps({"id": str(i), "text": f"t{i}"}) + "\n" for i in range(1000))
    it = iter_inputs([str(write(tmp_path / "d.jsonl", lines))], IngestSettings())
    assert next(it).content == "t0"  # a generator: nothing is read before it is asked for


# -- failures ------------------------------------------------------------------------------

def test_unreadable_file_is_a_failure(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", "secret")
    ok = write(tmp_path / "ok.txt", "fine")

    real = ingest_files.open_binary

    def deny(p):
        if Path(p).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(p))
        return real(p)

    monkeypatch.setattr(ingest_files, "open_binary", deny)
    docs, fails = run(tmp_path)
    assert [d.content for d in docs] == ["fine"] and ok
    assert fails == [Failure(str(path), "", "ingest",
                             "cannot read file: permission denied; check the file's permissions")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_chmod_000_file_is_a_failure(tmp_path):
    path = write(tmp_path / "locked.txt", "secret")
    path.chmod(0)
    try:
        _, fails = run(path)
    finally:
        path.chmod(0o644)
    assert "permission denied" in fails[0].reason


def test_binary_files_are_failures(tmp_path):
    write(tmp_path / "nul.txt", b"abc\x00\x01\x02def" * 10)
    write(tmp_path / "blob.xyz", bytes(range(256)) * 8)
    write(tmp_path / "image.png", b"\x89PNG\r\n")
    docs, fails = run(tmp_path)
    assert not docs
    reasons = {Path(f.path).name: f.reason for f in fails}
    assert "binary" in reasons["nul.txt"] and "NUL" in reasons["nul.txt"]
    assert reasons["blob.xyz"].startswith("unsupported or binary file")
    assert reasons["image.png"].startswith("unsupported or binary file")
    assert all(f.position == "" and f.stage == "ingest" for f in fails)


def test_empty_and_whitespace_files_are_failures(tmp_path):
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "blank.txt", " \n\t \r\n")
    write(tmp_path / "short.txt", "ab")
    write(tmp_path / "none.jsonl", "\n\n")
    write(tmp_path / "header.csv", "id,text\n")
    write(tmp_path / "list.json", "[]")
    docs, fails = run(tmp_path, min_chars=3)
    assert not docs and len(fails) == 6
    assert all(f.reason.startswith("empty file") and f.position == "" for f in fails)
    assert "ingest.min_chars=3" in fails[0].reason


def test_oversized_file_checked_before_reading(tmp_path, monkeypatch):
    path = write(tmp_path / "big.txt", "x" * 1000)

    def boom(p):
        raise AssertionError("an oversized file must not be opened")

    monkeypatch.setattr(ingest_files, "open_binary", boom)
    _, [f] = run(path, max_bytes=100)
    assert f.path == str(path) and f.position == ""
    assert "1,000 bytes > ingest.max_bytes=100" in f.reason and "-s ingest.max_bytes=" in f.reason


def test_oversized_records(tmp_path):
    write(tmp_path / "d.jsonl", json.dumps({"text": "y" * 500}) + "\n" + '{"text": "ok"}\n')
    write(tmp_path / "c.csv", "text\n" + "z" * 500 + "\nfine\n")
    docs, fails = run(tmp_path, max_bytes=200)
    assert [d.content for d in docs] == ["fine", "ok"]
    assert [(Path(f.path).name, f.position) for f in fails] == [
        ("c.csv", "row 1"), ("d.jsonl", "line 1")]
    assert all("too large" in f.reason for f in fails)


def test_malformed_html_without_text(tmp_path):
    write(tmp_path / "tags.html", "<html><head><script>var a = 1;</script></head><body><div></div>")
    write(tmp_path / "empty.html", "   ")
    docs, fails = run(tmp_path)
    assert not docs
    reasons = {Path(f.path).name: f.reason for f in fails}
    assert reasons["tags.html"].startswith("no visible text in HTML file")
    assert reasons["empty.html"].startswith("empty file")


def test_truncated_warc_gz_keeps_records_before(tmp_path):
    recs = warc_records()
    members = [gzip.compress(r) for r in recs]
    cut = sum(len(m) for m in members[:3]) + len(members[3]) // 2  # inside record 4
    path = write(tmp_path / "t.warc.gz", b"".join(members)[:cut])
    docs, fails = run(path)
    assert [d.meta["url"] for d in docs] == ["http://a.example/0"]
    [f] = fails
    assert f.position == "record 4" and "truncated WARC record" in f.reason
    assert "1 documents before it were kept" in f.reason


def test_truncated_plain_warc(tmp_path):
    data = b"".join(warc_records()[:5])
    path = write(tmp_path / "t.warc", data[:-80])  # inside the last response body
    docs, [f] = run(path)
    assert len(docs) == 2 and f.position == "record 5" and "truncated" in f.reason


def test_corrupt_warc_gz(tmp_path):
    members = [gzip.compress(r) for r in warc_records()]
    junk = b"\x1f\x8b\x08\x00garbage-garbage-garbage"
    data = b"".join(members[:3]) + junk + b"".join(members[3:])
    docs, fails = run(write(tmp_path / "c.warc.gz", data))
    assert [d.meta["url"] for d in docs] == ["http://a.example/0"]
    assert len(fails) == 1 and fails[0].position == "record 4" and "corrupt" in fails[0].reason


def test_not_a_warc(tmp_path):
    _, [f] = run(write(tmp_path / "x.warc", "this is not a WARC file\n" * 5))
    assert f.position == "record 1" and "corrupt WARC" in f.reason


def test_broken_jsonl_line_and_record_without_text(tmp_path):
    lines = [json.dumps({"id": str(i), "text": f"t{i}"}) for i in range(10)]
    lines[6] = '{"id": "6", "text": "unterminated'
    lines[8] = json.dumps({"id": "8", "body": "wrong field"})
    lines[9] = json.dumps({"id": "9", "text": "   "})
    path = write(tmp_path / "d.jsonl", "\n".join(lines + ["[1, 2]"]) + "\n")
    docs, fails = run(path)
    assert [d.doc_id for d in docs] == ["0", "1", "2", "3", "4", "5", "7"]
    assert [f.position for f in fails] == ["line 7", "line 9", "line 10", "line 11"]
    assert fails[0].reason.startswith("line 7: invalid JSON: ")
    assert "no 'text' field (fields found: id, body)" in fails[1].reason
    assert "ingest.text_column" in fails[1].reason
    assert "empty text" in fails[2].reason
    assert "expected a JSON object" in fails[3].reason


def test_lone_surrogate_escapes_in_json_become_replacement_characters(tmp_path):
    # "\ud800" without its partner is valid JSON but not Unicode: no UTF-8 store can hold it
    lines = ['{"id": "a", "text": "Before \\ud800 after, and more words here.", "title": "T\\udc00"}',
             json.dumps({"id": "b", "text": "A clean record with enough words."})]
    path = write(tmp_path / "s.jsonl", "\n".join(lines) + "\n")
    docs, fails = run(path)
    assert not fails and [d.doc_id for d in docs] == ["a", "b"]
    assert docs[0].content == "Before \ufffd after, and more words here."   # one for one: offsets keep
    assert docs[0].meta["title"] == "T\ufffd"
    docs[0].content.encode("utf-8")


def test_broken_json_list(tmp_path):
    write(tmp_path / "bad.json", '[{"id": "1", "text": "one"}, {"id": "2", "text": ]')
    write(tmp_path / "cut.json", '[{"id": "1", "text": "one"},')
    docs, fails = run(tmp_path)
    assert [d.doc_id for d in docs] == ["1", "1"]
    by_name = {Path(f.path).name: f for f in fails}
    bad, cut = by_name["bad.json"], by_name["cut.json"]
    assert bad.position == "record 2" and "invalid JSON" in bad.reason
    assert cut.position == "record 2" and "truncated" in cut.reason


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path / "c.csv", "id,body,date\n1,hello,2020\n2,world,2021\n")
    docs, [f] = run(path)
    assert not docs and f.position == ""
    assert "no text column 'text'" in f.reason and "columns found: id, body, date" in f.reason
    assert "-s ingest.text_column=" in f.reason


def test_parquet_without_text_column_and_corrupt(tmp_path):
    pq.write_table(pa.table({"id": ["1"], "body": ["x"]}), tmp_path / "a.parquet")
    write(tmp_path / "b.parquet", b"PAR1 this is not really parquet PAR1")
    docs, fails = run(tmp_path)
    assert not docs
    a, b = fails
    assert "no text column 'text'" in a.reason and "id, body" in a.reason
    assert b.path.endswith("b.parquet") and "not a readable Parquet file" in b.reason


def test_bad_files_do_not_stop_the_run(tmp_path):
    write(tmp_path / "1.txt", "good one")
    write(tmp_path / "2.txt", b"\x00\x00")
    write(tmp_path / "3.jsonl", "garbage\n")
    write(tmp_path / "4.warc.gz", b"\x1f\x8b not gzip")
    write(tmp_path / "5.csv", b"")
    write(tmp_path / "6.txt", "good two")
    docs, fails = run(tmp_path)
    assert [d.content for d in docs] == ["good one", "good two"]
    assert [Path(f.path).name for f in fails] == ["2.txt", "3.jsonl", "4.warc.gz", "5.csv"]
    assert all(f.reason for f in fails)


def test_warc_charset_from_http_header_and_oversized_record(tmp_path):
    resp = "application/http; msgtype=response"
    body = "<html><body><p>Российские власти заявили в понедельник.</p></body></html>"
    recs = [
        warc_record("response", "http://r.example/", http_response(
            body.encode("cp1251"), "text/html; charset=windows-1251"), resp),
        warc_record("response", "http://r.example/big", http_response(
            b"<p>" + b"long " * 100 + b"</p>"), resp),
    ]
    path = write(tmp_path / "r.warc", b"".join(recs))
    docs, fails = run(path, max_bytes=200)
    assert docs[0].content == body and docs[0].encoding == "cp1251"
    assert [f.position for f in fails] == ["record 2"] and "too large" in fails[0].reason


def test_utf16_text_with_bom(tmp_path):
    docs, fails = run(write(tmp_path / "u16.txt", "Grüße aus Köln".encode("utf-16")))
    assert not fails and docs[0].content == "Grüße aus Köln" and docs[0].encoding == "utf-16"
