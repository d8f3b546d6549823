"""The PAN plagdet scorer and the PAN13 runner (benchmarks/), on hand-computed examples.

Spans are S(t0, t1, s0, s1): half-open ranges in the suspicious ("t") and the
source ("s") document; a case's size counts both sides.
"""
import json
import math
import re
import sys
from pathlib import Path

import pytest

from conftest import PAN13

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import pan13  # noqa: E402
from plagdet import Span, plagdet  # noqa: E402


def S(t0, t1, s0, s1, t="t", s="s"):
    return Span(t, t0, t1, s, s0, s1)


def scores(cases, dets):
    sc = plagdet(cases, dets)
    return sc.precision, sc.recall, sc.granularity, sc.plagdet


# ---------------------------------------------------------------- plagdet

def test_perfect_detection():
    assert scores([S(0, 100, 0, 100)], [S(0, 100, 0, 100)]) == (1, 1, 1, 1)


def test_half_covered_case():
    # detection covers 50 + 50 of the case's 100 + 100 characters, all of them plagiarised
    p, r, g, pd = scores([S(0, 100, 0, 100)], [S(0, 50, 0, 50)])
    assert (p, r, g) == (1, 0.5, 1) and pd == pytest.approx(2 / 3)


def test_one_side_half_covered():
    # 100 of 100 suspicious + 50 of 100 source characters: recall 150/200
    p, r, g, pd = scores([S(0, 100, 0, 100)], [S(0, 100, 0, 50)])
    assert (p, r, g) == (1, 0.75, 1) and pd == pytest.approx(2 * 0.75 / 1.75)


def test_detection_too_long_lowers_precision():
    # official unit test: the case is half of the detection on both sides
    p, r, g, pd = scores([S(0, 100, 0, 100)], [S(0, 200, 0, 200)])
    assert (p, r, g) == (0.5, 1, 1) and pd == pytest.approx(2 / 3)


def test_two_detections_for_one_case_granularity_2():
    p, r, g, pd = scores([S(0, 100, 0, 100)], [S(0, 50, 0, 50), S(50, 100, 50, 100)])
    assert (p, r, g) == (1, 1, 2) and pd == pytest.approx(1 / math.log2(3))


def test_overlapping_detections_count_characters_once():
    # both detections cover the same first half: recall 0.5, not 1
    p, r, g, _ = scores([S(0, 100, 0, 100)], [S(0, 50, 0, 50), S(10, 40, 10, 40)])
    assert r == 0.5 and p == 1 and g == 2


def test_false_detection_lowers_precision_only():
    p, r, g, pd = scores([S(0, 100, 0, 100)], [S(0, 100, 0, 100), S(500, 600, 500, 600)])
    assert (p, r, g) == (0.5, 1, 1) and pd == pytest.approx(2 / 3)
    sc = plagdet([S(0, 100, 0, 100)], [S(0, 100, 0, 100), S(500, 600, 500, 600)])
    assert sc.true_detections == 1


def test_overlap_in_suspicious_document_only_does_not_detect():
    assert scores([S(0, 100, 0, 100)], [S(0, 100, 300, 400)]) == (0, 0, 1, 0)


def test_overlap_in_source_document_only_does_not_detect():
    assert scores([S(0, 100, 0, 100)], [S(300, 400, 0, 100)]) == (0, 0, 1, 0)


def test_other_document_pair_does_not_count():
    assert scores([S(0, 100, 0, 100)], [S(0, 100, 0, 100, s="other")])[:2] == (0, 0)
    assert scores([S(0, 100, 0, 100)], [S(0, 100, 0, 100, t="other")])[:2] == (0, 0)


def test_overlap_counts_only_the_shared_characters():
    # detection overlapping 25 chars on each side (official unit test: ann7 vs ann10 → 0.75
    # is the recall for a detection covering [25, 100) of a [0, 100) case)
    p, r, _, _ = scores([S(0, 100, 0, 100)], [S(25, 100, 25, 100)])
    assert (p, r) == (1, 0.75)
    p, r, _, _ = scores([S(0, 100, 0, 100)], [S(50, 150, 50, 150)])
    assert (p, r) == (0.5, 0.5)


def test_macro_average_weights_cases_equally():
    small, big = S(0, 100, 0, 100), S(0, 1000, 0, 1000, t="t2")
    p, r, _, _ = scores([small, big], [small])
    assert r == 0.5 and p == 1        # micro recall would be 200/2200


def test_one_detection_spanning_two_cases():
    # precision of the detection: union of its overlaps with both cases
    cases = [S(0, 100, 0, 100), S(200, 300, 200, 300)]
    p, r, g, _ = scores(cases, [S(0, 400, 0, 400)])
    assert r == 1 and p == pytest.approx(400 / 800) and g == 1


def test_granularity_averages_over_detected_cases_only():
    cases = [S(0, 100, 0, 100), S(200, 300, 200, 300), S(500, 600, 500, 600)]
    dets = [S(0, 50, 0, 50), S(50, 100, 50, 100), S(60, 100, 60, 100), S(200, 300, 200, 300)]
    sc = plagdet(cases, dets)
    assert sc.granularity == 2 and sc.detected_cases == 2 and sc.recall == pytest.approx(2 / 3)


def test_duplicate_detections_count_once():
    assert scores([S(0, 100, 0, 100)], [S(0, 100, 0, 100)] * 3) == (1, 1, 1, 1)


def test_edge_cases_follow_the_official_evaluation():
    assert scores([S(0, 10, 0, 10)], []) == (0, 0, 1, 0)    # nothing found
    assert scores([], [S(0, 10, 0, 10)]) == (0, 0, 1, 0)    # only false detections
    assert scores([], []) == (1, 1, 1, 1)                   # nothing to find, nothing found


# ---------------------------------------------------------------- PAN13 gold

needs_pan13 = pytest.mark.skipif(not PAN13.is_dir(), reason=f"no PAN13 corpus at {PAN13}")


@needs_pan13
@pytest.mark.parametrize("typ", pan13.TYPES[1:])
def test_gold_as_detections_scores_1_and_nothing_scores_0(typ):
    pairs = pan13.read_pairs(PAN13 / typ / "pairs")
    cases = [c for p in pairs for c in pan13.gold_cases(PAN13, typ, p)]
    assert len(cases) > 200
    assert scores(cases, cases) == (1, 1, 1, 1)
    assert plagdet(cases, []).plagdet == 0


@needs_pan13
def test_gold_offsets_are_code_points_of_the_decoded_text():
    """No-obfuscation cases: the two spans hold the same text (up to whitespace) when
    the offsets index the UTF-8-decoded text, and not when they index its bytes."""
    typ = "02-no-obfuscation"
    norm = lambda x: re.sub(r"\s+", " ", x).strip()  # noqa: E731
    n = as_chars = as_bytes = non_ascii = 0
    for pair in pan13.read_pairs(PAN13 / typ / "pairs")[:150]:
        t, s = (pan13.read_text(pan13.doc_path(PAN13, i)) for i in pair)
        tb, sb = t.encode(), s.encode()
        for c in pan13.gold_cases(PAN13, typ, pair):
            n += 1
            as_chars += norm(t[c.t0:c.t1]) == norm(s[c.s0:c.s1])
            as_bytes += (norm(tb[c.t0:c.t1].decode(errors="replace"))
                         == norm(sb[c.s0:c.s1].decode(errors="replace")))
            non_ascii += not (t[:c.t1].isascii() and s[:c.s1].isascii())
    assert as_chars == n and non_ascii > n // 2 and as_bytes < n // 2


def test_read_text_keeps_newlines_as_they_are(tmp_path):
    f = tmp_path / "d.txt"
    f.write_bytes("a\r\nb é\rc".encode())
    assert pan13.read_text(f) == "a\r\nb é\rc"


# ---------------------------------------------------------------- runner, with a stand-in aligner

def _write_corpus(root: Path) -> dict:
    """A tiny PAN-shaped corpus: 3 sources, 3 suspicious documents, 2 types."""
    (root / "src").mkdir(parents=True)
    (root / "susp").mkdir()
    for i in (1, 2, 3):
        (root / "src" / f"source-document0000{i}.txt").write_text("ß" * 1000, encoding="utf-8")
        (root / "susp" / f"suspicious-document0000{i}.txt").write_text("x" * 1000, encoding="utf-8")
    p1, p2, p3 = (("suspicious-document0000%d" % i, "source-document0000%d" % i) for i in (1, 2, 3))
    gold = {  # type -> {(susp, src): [(to, tl, so, sl)]}
        "01-no-plagiarism": {p3: []},
        "02-no-obfuscation": {p1: [(10, 200, 300, 200)],
                              p2: [(0, 150, 0, 150), (500, 300, 600, 300)]},
    }
    for typ, pairs in gold.items():
        (root / typ).mkdir()
        (root / typ / "pairs").write_text("".join(f"{t}.txt {s}.txt\n" for t, s in pairs))
        for (t, s), feats in pairs.items():
            body = "".join(f'<feature name="plagiarism" obfuscation="none" source_length="{sl}" '
                           f'source_offset="{so}" source_reference="{s}.txt" this_length="{tl}" '
                           f'this_offset="{to}" type="artificial" />\n' for to, tl, so, sl in feats)
            head = f'<document reference="{t}.txt">\n<feature name="md5" value="0" />\n'
            (root / typ / f"{t}-{s}.xml").write_text(f"{head}{body}</document>\n")
    (root / "pairs").write_text("".join((root / typ / "pairs").read_text() for typ in gold))
    return gold


@pytest.fixture
def corpus(tmp_path):
    return tmp_path / "pan", _write_corpus(tmp_path / "pan")


def _oracle(gold, flip=False, extra=()):
    """Stand-in for newstrace.align.api.align_documents (no `jobs` parameter):
    returns the gold cases of the requested pairs, or of all pairs when pairs is None."""
    from newstrace.types import Passage

    def align_documents(docs, pairs, settings):
        assert settings.min_chars > 0
        wanted = None if pairs is None else set(pairs)
        for typ_pairs in gold.values():
            for (t, s), feats in typ_pairs.items():
                if wanted is not None and (t, s) not in wanted:
                    continue
                assert t in docs and s in docs
                for to, tl, so, sl in feats:
                    if flip:  # the source document as target, as all-pairs mode may report it
                        yield Passage(s, so, so + sl, t, to, to + tl, "verbatim", 1.0)
                    else:
                        yield Passage(t, to, to + tl, s, so, so + sl, "verbatim", 1.0)
        if pairs is None:
            yield from extra
    return align_documents


@pytest.fixture
def stand_in(monkeypatch):
    import newstrace.align.api as api

    def use(fn):
        monkeypatch.setattr(api, "align_documents", fn)
    return use


def _row(res, typ):
    return next(r for r in res["rows"] if r["type"] == typ)


@pytest.mark.parametrize("jobs", [1, 2])
def test_runner_pairs_mode_with_oracle_scores_1(corpus, stand_in, tmp_path, capsys, jobs):
    data, gold = corpus
    stand_in(_oracle(gold))
    out = tmp_path / "res.json"
    assert pan13.main(["--data", str(data), "--jobs", str(jobs), "--out", str(out),
                       "-s", "align.min_chars=150"]) == 0
    res = json.loads(out.read_text())
    row = _row(res, "02-no-obfuscation")
    assert row["plagdet"] == 1 and row["cases"] == 3
    assert _row(res, "overall")["plagdet"] == 1 and _row(res, "overall")["pairs"] == 3
    assert _row(res, "01-no-plagiarism")["detections"] == 0
    assert res["settings"]["min_chars"] == 150 and res["overrides"] == ["align.min_chars=150"]
    assert res["machine"]["cpus"] and res["pairs_per_second"] > 0 and res["documents"] == 6
    assert ("runner pool" in res["parallelism"]) == (jobs == 2)
    text = capsys.readouterr().out
    assert "02-no-obfuscation" in text and "pairs/s" in text and "peak RSS" in text


def test_runner_scores_nothing_found_as_0(corpus, stand_in, tmp_path):
    data, _ = corpus
    stand_in(lambda docs, pairs, settings: iter(()))
    res = pan13.run(pan13.parse_args(["--data", str(data), "--jobs", "1"]))
    assert _row(res, "02-no-obfuscation")["plagdet"] == 0 and _row(res, "overall")["plagdet"] == 0


def test_runner_all_mode_flips_and_counts_unlisted(corpus, stand_in):
    from newstrace.types import Passage
    data, gold = corpus
    extra = [Passage(f"suspicious-document0000{t}", 0, 200, src, 0, 200, "edited", 0.5)
             for t, src in [(2, "suspicious-document00001"), (3, "source-document00001"),
                            (3, "source-document00003")]]
    stand_in(_oracle(gold, flip=True, extra=extra))
    res = pan13.run(pan13.parse_args(["--data", str(data), "--mode", "all", "--jobs", "1"]))
    assert res["documents"] == 6 and res["pairs_per_second"] is None
    assert _row(res, "02-no-obfuscation")["plagdet"] == 1            # flipped back before scoring
    assert _row(res, "01-no-plagiarism")["false_detections"] == 1     # listed pair without cases
    overall = _row(res, "overall")
    assert overall["detections"] == 4 and overall["recall"] == 1 and overall["precision"] == 0.75
    d = res["detections"]
    assert d["total"] == 6 and d["on_unlisted_pairs"] == 2 and d["turned_around"] == 3
    assert d["on_unlisted_pairs_by_kind"] == {"susp-susp": 1, "susp-src": 1}


def test_runner_type_subset_and_limit(corpus, stand_in):
    data, gold = corpus
    stand_in(_oracle(gold))
    res = pan13.run(pan13.parse_args(["--data", str(data), "--types", "02-no-obfuscation",
                                      "--limit", "1", "--jobs", "1"]))
    assert [r["type"] for r in res["rows"]] == ["02-no-obfuscation", "overall"]
    assert _row(res, "overall")["pairs"] == 1 and _row(res, "overall")["cases"] == 1
    assert res["documents"] == 2


def test_runner_rejects_bad_arguments(corpus, capsys):
    data, _ = corpus
    with pytest.raises(SystemExit):
        pan13.parse_args(["--types", "06-nonsense"])
    assert pan13.main(["--data", str(data), "-s", "align.no_such_setting=1"]) == 2
    assert "no_such_setting" in capsys.readouterr().err


@pytest.mark.slow
@needs_pan13
def test_runner_with_real_aligner_on_a_pan13_sample(tmp_path):
    out = tmp_path / "res.json"
    assert pan13.main(["--types", "02-no-obfuscation", "--limit", "10", "--jobs", "1",
                       "--data", str(PAN13), "--out", str(out)]) == 0
    row = _row(json.loads(out.read_text()), "02-no-obfuscation")
    assert row["cases"] > 0 and row["plagdet"] > 0.5   # verbatim reuse: offsets line up
