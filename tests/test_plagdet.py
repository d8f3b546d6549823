"""The PAN plagdet scorer used by the benchmarks, on hand-computed examples."""
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from plagdet import Span, plagdet  # noqa: E402


def S(t0, t1, s0, s1, t="t", s="s"):
    return Span(t, t0, t1, s, s0, s1)


def test_perfect_detection():
    sc = plagdet([S(0, 100, 0, 100)], [S(0, 100, 0, 100)])
    assert (sc.precision, sc.recall, sc.granularity, sc.plagdet) == (1, 1, 1, 1)


def test_half_covered_case():
    sc = plagdet([S(0, 100, 0, 100)], [S(0, 50, 0, 50)])
    assert sc.recall == 0.5 and sc.precision == 1 and sc.plagdet == pytest.approx(2 / 3)


def test_two_detections_for_one_case_halve_by_granularity():
    sc = plagdet([S(0, 100, 0, 100)], [S(0, 50, 0, 50), S(50, 100, 50, 100)])
    assert sc.recall == 1 and sc.precision == 1 and sc.granularity == 2
    assert sc.plagdet == pytest.approx(1 / math.log2(3))


def test_false_detection_lowers_precision_only():
    sc = plagdet([S(0, 100, 0, 100)], [S(0, 100, 0, 100), S(500, 600, 500, 600)])
    assert sc.recall == 1 and sc.precision == 0.5 and sc.granularity == 1


def test_overlap_in_one_document_only_does_not_detect():
    sc = plagdet([S(0, 100, 0, 100)], [S(0, 100, 300, 400)])
    assert sc.recall == 0 and sc.precision == 0 and sc.plagdet == 0


def test_other_document_pair_does_not_count():
    sc = plagdet([S(0, 100, 0, 100)], [S(0, 100, 0, 100, s="other")])
    assert sc.recall == 0 and sc.precision == 0


def test_nothing_detected_and_nothing_to_detect():
    assert plagdet([S(0, 10, 0, 10)], []).plagdet == 0
    assert plagdet([], [S(0, 10, 0, 10)]).plagdet == 0
    assert plagdet([], []).recall == 1
