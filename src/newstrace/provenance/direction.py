"""Pair direction: A→B, B→A, siblings or undetermined, with a confidence and the evidence."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..settings import ProvenanceSettings
from . import evidence as ev
from .sources import doc_speaker, same_name

FORWARD, BACKWARD, SIBLINGS, UNDETERMINED = "a->b", "b->a", "siblings", "undetermined"


@dataclass
class PairDecision:
    """The decided relation of one document pair (a < b by id) and why."""

    a: str
    b: str
    direction: str
    score: float                     # signed: positive means A is the source of B
    confidence: float
    relation: str | None             # edge type if a direction was decided
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str | None:
        return {FORWARD: self.a, BACKWARD: self.b}.get(self.direction)

    @property
    def target(self) -> str | None:
        return {FORWARD: self.b, BACKWARD: self.a}.get(self.direction)


def confidence(score: float) -> float:
    """Map an absolute evidence score to a confidence in 0..1."""
    return 1.0 - math.exp(-abs(score))


def pair_spans(passages: list[dict[str, Any]], doc_id: str) -> list[tuple[int, int]]:
    """Return the spans a document contributes to a pair's passages."""
    out = []
    for p in passages:
        if p["target_id"] == doc_id:
            out.append((p["target_begin"], p["target_end"]))
        else:
            out.append((p["source_begin"], p["source_end"]))
    return out


def credit_signal(a: dict[str, Any], b: dict[str, Any]) -> tuple[float, list[str]]:
    """Return +1 when B credits A (by outlet, byline or id), -1 for the reverse, else 0."""
    def credits_other(x: dict[str, Any], y: dict[str, Any]) -> str | None:
        names = ev.credits(x) + ([ev.wire_credit(x)] if ev.wire_credit(x) else [])
        for n in names:
            if any(same_name(n, y.get(k)) for k in ("outlet", "doc_id")):
                return n
        return None
    ba, ab = credits_other(b, a), credits_other(a, b)
    if ba and not ab:
        return 1.0, [f"b credits {ba}"]
    if ab and not ba:
        return -1.0, [f"a credits {ab}"]
    return 0.0, []


def features(a: dict[str, Any], b: dict[str, Any], passages: list[dict[str, Any]],
             partners: dict[str, set[str]], cfg: ProvenanceSettings) -> dict[str, Any]:
    """Compute every signed feature of a pair (positive: A is the source of B)."""
    sa, sb = pair_spans(passages, a["doc_id"]), pair_spans(passages, b["doc_id"])
    att_a, cues_a = ev.attribution_share(a["text"], sa, cfg.context_chars, a.get("outlet"))
    att_b, cues_b = ev.attribution_share(b["text"], sb, cfg.context_chars, b.get("outlet"))
    date, rel, date_ev = ev.date_signal(a, b)
    cont, cov_a, cov_b = ev.containment_signal(len(a["text"]), len(b["text"]), sa, sb)
    credit, credit_ev = credit_signal(a, b)
    pa, pb = partners.get(a["doc_id"], set()), partners.get(b["doc_id"], set())
    only_a, only_b = len(pa - pb - {b["doc_id"]}), len(pb - pa - {a["doc_id"]})
    # text attributed in B and bare in A points to A only if A can be the one quoted (its own
    # statement, or the body B names); otherwise A may as well have dropped B's quotation marks
    spk_a, spk_b = _is_speaker(a, b, sb, cfg), _is_speaker(b, a, sa, cfg)
    attribution = att_b * (1.0 if spk_a else cfg.unnamed_attribution) - att_a * (1.0 if spk_b else cfg.unnamed_attribution)
    return {
        "attribution": attribution, "attribution_a": round(att_a, 3), "attribution_b": round(att_b, 3),
        "a_is_speaker": spk_a, "b_is_speaker": spk_b,
        "cues_a": cues_a, "cues_b": cues_b,
        "date": date, "date_reliability": rel, "dates": date_ev,
        "genre": ev.genre_signal(a, b), "genre_a": ev.genre(a), "genre_b": ev.genre(b),
        "containment": cont, "covered_a": round(cov_a, 3), "covered_b": round(cov_b, 3),
        "credit": credit, "credit_evidence": credit_ev,
        "third": math.tanh((only_a - only_b) / 2), "third_a": only_a, "third_b": only_b,
        "framing_shared": _framing_shared(a, b, passages, cfg),
    }


def _is_speaker(x: dict[str, Any], y: dict[str, Any], spans_y: list[tuple[int, int]],
                cfg: ProvenanceSettings) -> bool:
    """Say whether x can be the body y quotes: an official text, or named as y's speaker."""
    if ev.genre(x) == "statement":
        return True
    names = [x.get("outlet"), x.get("byline")]
    title = (x.get("title") or "").lower()
    for b, e in spans_y:
        who = doc_speaker(y, b, e, cfg.context_chars)
        if who and (any(same_name(who, n) for n in names if n) or who.lower() in title):
            return True
    return False


def _framing_shared(a: dict[str, Any], b: dict[str, Any], passages: list[dict[str, Any]],
                    cfg: ProvenanceSettings) -> bool:
    """Say whether both sides' attribution (speaker, quotes) lies inside the shared text itself."""
    sa, sb = pair_spans(passages, a["doc_id"]), pair_spans(passages, b["doc_id"])
    inside = 0
    for (ab, ae), (bb, be) in zip(sa, sb):
        if ev._SPEECH.search(a["text"][ab:ae]) and ev._SPEECH.search(b["text"][bb:be]):
            inside += 1
    return inside * 2 > len(passages)


def score(f: dict[str, Any], cfg: ProvenanceSettings) -> float:
    """Combine features into one signed score."""
    return (cfg.w_attribution * f["attribution"] + cfg.w_credit * f["credit"]
            + cfg.w_genre * f["genre"] + cfg.w_date * f["date_reliability"] * f["date"]
            + cfg.w_containment * f["containment"] + cfg.w_third * f["third"])


def decide(a: dict[str, Any], b: dict[str, Any], passages: list[dict[str, Any]],
           partners: dict[str, set[str]], cfg: ProvenanceSettings) -> PairDecision:
    """Decide the direction of one pair of documents sharing passages."""
    if a["doc_id"] > b["doc_id"]:
        a, b = b, a
    f = features(a, b, passages, partners, cfg)
    s = score(f, cfg)
    conf = confidence(s)
    body = common_body(a, b, passages, f, cfg)
    if body and abs(f["credit"]) < 1 and f["genre"] == 0:
        f["common_body"] = body
        return PairDecision(a["doc_id"], b["doc_id"], SIBLINGS, s, cfg.sibling_confidence, "sibling_of", f)
    if conf >= cfg.min_confidence:
        d = FORWARD if s > 0 else BACKWARD
        src, tgt = (a, b) if d == FORWARD else (b, a)
        elsewhere = _credited_elsewhere(tgt, src) if f["credit"] == 0 else None
        if elsewhere is None:
            return PairDecision(a["doc_id"], b["doc_id"], d, s, conf, relation(src, tgt, passages, f, d), f)
        # the would-be copy credits another original for its text: the partner cannot be its source
        f["credits_elsewhere"] = {"document": tgt["doc_id"], "credit": elsewhere}
    if same_name(a.get("outlet"), b.get("outlet")):
        f["same_outlet"] = a.get("outlet")
        return PairDecision(a["doc_id"], b["doc_id"], SIBLINGS, s, cfg.sibling_confidence * 0.9,
                            "sibling_of", f)
    return PairDecision(a["doc_id"], b["doc_id"], UNDETERMINED, s, conf, None, f)


def _credited_elsewhere(tgt: dict[str, Any], src: dict[str, Any]) -> str | None:
    """Return the original a document credits (a republication), if it is not src's outlet."""
    for name in ev.credits(tgt):
        if not same_name(name, src.get("outlet")):
            return name
    return None


def common_body(a: dict[str, Any], b: dict[str, Any], passages: list[dict[str, Any]],
                f: dict[str, Any], cfg: ProvenanceSettings) -> str | None:
    """Return the body both documents attribute the shared text to, if they quote it independently."""
    if f["attribution_a"] < 0.5 or f["attribution_b"] < 0.5:
        return None
    sa, sb = pair_spans(passages, a["doc_id"]), pair_spans(passages, b["doc_id"])
    # independent quoting shares the quotation, not the prose around it: a shared span that is
    # mostly unquoted text on both sides was copied from one document to the other
    if not _mostly_quoted(a["text"], sa, cfg) and not _mostly_quoted(b["text"], sb, cfg):
        return None
    who_a = {doc_speaker(a, x, y, cfg.context_chars) for x, y in sa} - {None}
    who_b = {doc_speaker(b, x, y, cfg.context_chars) for x, y in sb} - {None}
    for x in sorted(who_a):
        if any(same_name(x, y) for y in who_b):
            return x
    return None


def _mostly_quoted(text: str, spans: list[tuple[int, int]], cfg: ProvenanceSettings) -> bool:
    """Say whether most of the shared characters of one side lie inside quotation marks."""
    total = sum(e - b for b, e in spans) or 1
    return sum(ev.quoted_share(text, b, e) * (e - b) for b, e in spans) / total >= cfg.quoted_share


def relation(src: dict[str, Any], tgt: dict[str, Any], passages: list[dict[str, Any]],
             f: dict[str, Any], direction: str) -> str:
    """Return the edge type from src to tgt: translates, paraphrases, republishes, excerpts…, copies."""
    chars: dict[str, int] = {}
    for p in passages:
        chars[p.get("kind") or ""] = chars.get(p.get("kind") or "", 0) + p["target_end"] - p["target_begin"]
    total = sum(chars.values()) or 1
    if chars.get("translation", 0) * 2 > total:
        return "translates"
    if chars.get("paraphrase", 0) * 2 > total:
        return "paraphrases"
    att_tgt = f["attribution_b"] if direction == FORWARD else f["attribution_a"]
    whole = min(f["covered_a"], f["covered_b"]) >= 0.6     # most of both texts is the shared text
    credited = (f["credit"] > 0) == (direction == FORWARD) and f["credit"] != 0
    if credited or (whole and att_tgt < 0.5):
        return "republishes"
    if att_tgt >= 0.5:
        return "excerpts_with_attribution"
    return "copies"
