"""The passim side-by-side benchmark's pure helpers: input records, alignment rows → detections, scoring.

No Spark and no passim: the rows below have the shape of passim's pairwise
output (``align.json``), whose ``begin/end`` lie in ``id`` and ``begin2/end2``
in ``id2``.
"""
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import passim_side_by_side as psb  # noqa: E402
from plagdet import Span  # noqa: E402


def row(id1, b1, e1, id2, b2, e2, **extra):
    return {"id": id1, "begin": b1, "end": e1, "id2": id2, "begin2": b2, "end2": e2, **extra}


def test_records_give_each_document_its_own_series():
    recs = list(psb.passim_records({"a": "Text one.", "b": "Text two."}))
    assert recs == [{"id": "a", "series": "a", "text": "Text one."},
                    {"id": "b", "series": "b", "text": "Text two."}]


def test_records_reject_non_text():
    with pytest.raises(TypeError, match="'a'"):
        list(psb.passim_records({"a": b"bytes"}))


def test_suspicious_on_id_side_is_turned_to_target():
    span, swapped = psb.row_to_span(row("suspicious-document00001", 10, 90,
                                        "source-document00002", 300, 380))
    assert swapped
    assert span == Span("suspicious-document00001", 10, 90, "source-document00002", 300, 380)


def test_source_on_id_side_keeps_id2_as_target():
    span, swapped = psb.row_to_span(row("source-document00002", 300, 380,
                                        "suspicious-document00001", 10, 90))
    assert not swapped
    assert span == Span("suspicious-document00001", 10, 90, "source-document00002", 300, 380)


def test_pair_of_two_sources_keeps_passims_order():
    span, swapped = psb.row_to_span(row("source-document00001", 0, 60, "source-document00009", 5, 65))
    assert not swapped and span.target == "source-document00009" and (span.t0, span.s0) == (5, 0)


def test_row_without_offsets_is_an_error():
    with pytest.raises(ValueError, match="begin2"):
        psb.row_to_span({"id": "a", "id2": "b", "begin": 0, "end": 5, "end2": 9})


def test_rows_to_spans_counts_swaps():
    spans, swapped = psb.rows_to_spans([
        row("suspicious-document00001", 0, 50, "source-document00002", 0, 50),
        row("source-document00003", 0, 50, "suspicious-document00004", 0, 50)])
    assert swapped == 1 and [s.target for s in spans] == ["suspicious-document00001",
                                                           "suspicious-document00004"]


def test_read_align_reads_all_parts_and_needs_success(tmp_path):
    d = tmp_path / "align.json"
    d.mkdir()
    (d / "part-00000.json").write_text(json.dumps(row("a", 0, 5, "b", 1, 6)) + "\n")
    with pytest.raises(FileNotFoundError, match="no complete passim pairwise output"):
        psb.read_align(tmp_path)
    (d / "part-00001.json").write_text(json.dumps(row("c", 0, 5, "a", 2, 7)) + "\n\n")
    (d / "_SUCCESS").write_text("")
    assert [r["id"] for r in psb.read_align(tmp_path)] == ["a", "c"]


def test_planted_recall_counts_pairs_in_either_order():
    found = psb.found_pairs([row("d5", 0, 9, "d2", 0, 9), row("d7", 0, 9, "d8", 0, 9)])
    truth = [{"target": "d5", "source": "d2"}, {"target": "d8", "source": "d7"},
             {"target": "d9", "source": "d1"}, {"target": "d5", "source": "d2"}]
    assert psb.planted_recall(truth, found) == {"planted_pairs": 3, "planted_pairs_found": 2,
                                                "recall": round(2 / 3, 4)}


def write_pan_pair(data: Path, typ: str, susp: str, src: str, cases: list[tuple[int, int, int, int]]):
    d = data / typ
    d.mkdir(parents=True, exist_ok=True)
    with open(d / "pairs", "a") as f:
        f.write(f"{susp}.txt {src}.txt\n")
    feats = "".join(f'<feature name="plagiarism" this_offset="{t0}" this_length="{t1 - t0}" '
                    f'source_reference="{src}.txt" source_offset="{s0}" source_length="{s1 - s0}"/>'
                    for t0, t1, s0, s1 in cases)
    (d / f"{susp}-{src}.xml").write_text(f'<document reference="{susp}.txt">{feats}</document>')


def test_score_pan13_per_type_and_overall(tmp_path):
    s1, s2, s3 = "suspicious-document00001", "suspicious-document00002", "suspicious-document00003"
    write_pan_pair(tmp_path, "01-no-plagiarism", s3, "source-document00003", [])
    write_pan_pair(tmp_path, "02-no-obfuscation", s1, "source-document00001", [(100, 200, 0, 100)])
    write_pan_pair(tmp_path, "03-random-obfuscation", s2, "source-document00002", [(0, 100, 0, 100)])
    rows = [row("source-document00001", 0, 100, s1, 100, 200),          # exact
            row(s2, 0, 50, "source-document00002", 0, 50),              # half, turned around
            row(s3, 0, 80, "source-document00003", 0, 80),              # false detection
            row("source-document00007", 0, 80, "source-document00008", 0, 80)]  # unlisted pair
    dets, _ = psb.rows_to_spans(rows)
    types = ["01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation"]
    res = psb.score_pan13(tmp_path, types, dets)
    by = {r["type"]: r for r in res["rows"]}
    assert by["01-no-plagiarism"]["false_detections"] == 1
    assert by["02-no-obfuscation"]["plagdet"] == 1.0
    assert by["03-random-obfuscation"]["recall"] == 0.5 and by["03-random-obfuscation"]["precision"] == 1.0
    assert by["overall"]["pairs"] == 3 and by["overall"]["recall"] == 0.75
    assert res["detections_total"] == 4 and res["detections_on_unlisted_pairs"] == 1
