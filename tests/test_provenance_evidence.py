"""Unit tests of each provenance evidence feature, on small hand-made texts."""
from __future__ import annotations

import pytest

from newstrace.provenance import evidence as ev
from newstrace.provenance.sources import credit_source, resolve, same_name, slug, speaker


def span(text: str, piece: str) -> tuple[int, int]:
    b = text.index(piece)
    return b, b + len(piece)


def test_date_signal_prefers_earlier_and_scales_by_reliability():
    a = {"published": "2024-05-01T08:00", "published_source": "input"}
    b = {"published": "2024-05-02T08:00", "published_source": "html"}
    s, rel, info = ev.date_signal(a, b)
    assert s == 1.0 and rel == 0.7 and info["hours"] == 24.0
    s2, _, _ = ev.date_signal(b, a)
    assert s2 == -1.0


def test_date_signal_same_day_without_time_is_silent():
    a = {"published": "2024-05-01", "published_source": "text"}
    b = {"published": "2024-05-01T20:00", "published_source": "text"}
    assert ev.date_signal(a, b)[0] == 0.0


def test_date_signal_missing_date_gives_no_evidence():
    s, rel, _ = ev.date_signal({"published": None}, {"published": "2024-05-01", "published_source": "input"})
    assert s == 0.0 and rel == 0.0


def test_date_reliability_by_source():
    assert ev.date_reliability({"published": "2024-01-01", "published_source": "input"}) == 0.9
    assert ev.date_reliability({"published": "2024-01-01", "published_source": "text"}) == 0.5
    assert ev.date_reliability({"published": "not a date", "published_source": "input"}) == 0.0


def test_quoted_span_with_reporting_verb():
    text = 'Intro.\n\n"The dam will hold for now," the ministry said in a statement. More text.'
    b, e = span(text, "The dam will hold for now")
    c = ev.span_cues(text, b, e)
    assert c.quoted and c.speech and c.attributed
    assert c.labels() == ["quoted", "speech"]


def test_quote_opened_before_span_counts():
    text = '"We urge calm. Otherwise the deal is in danger," the ministry\'s statement reads.'
    b, e = span(text, "Otherwise the deal is in danger")
    assert ev.span_cues(text, b, e).quoted


def test_according_to_before_span():
    text = "According to the ministry, the water level fell by two metres overnight."
    b, e = span(text, "the water level fell by two metres overnight")
    assert ev.span_cues(text, b, e).speech


def test_plain_span_has_no_cues():
    text = "The water level fell by two metres overnight. Engineers inspected the wall."
    b, e = span(text, "The water level fell by two metres overnight.")
    c = ev.span_cues(text, b, e)
    assert not c.attributed and c.labels() == []


def test_unquoted_said_inside_span_is_not_attribution():
    text = "First line.\n\nThe army later confirmed the strike, which officials said was a mistake.\n\nNext."
    b, e = span(text, "The army later confirmed the strike, which officials said was a mistake.")
    assert not ev.span_cues(text, b, e).speech


def test_reporting_verb_in_next_sentence_is_not_attribution():
    text = "The wall cracked at dawn. Officials said nothing else."
    b, e = span(text, "The wall cracked at dawn.")
    assert not ev.span_cues(text, b, e).speech


def test_wire_credit_in_paragraph_but_not_own_outlet():
    text = "KARVEN (AP) — The dam broke early on Tuesday, flooding the valley."
    b, e = span(text, "The dam broke early on Tuesday")
    assert ev.span_cues(text, b, e).wire == "AP"
    assert ev.span_cues(text, b, e, outlet="AP").wire is None


def test_attribution_share_is_character_weighted():
    text = '"Alpha beta gamma delta," she said.\n\nPlain sentence without any cue at all here.'
    share, labels = ev.attribution_share(text, [span(text, "Alpha beta gamma delta"),
                                                span(text, "Plain sentence without any cue at all here.")])
    assert 0.3 < share < 0.5 and labels[0] and labels[1] == []


@pytest.mark.parametrize("line, name", [
    ("La source originale de cet article est [Middle East Eye](#)", "Middle East Eye"),
    ("This article was originally published by Nordpress.", "Nordpress"),
    ("Originally published at The Conversation.", "The Conversation"),
])
def test_credits_from_text(line, name):
    assert ev.credits({"text": "Body.\n\n" + line, "outlet": "Other"}) == [name]


def test_credit_from_extraction_meta_and_own_outlet_ignored():
    doc = {"text": "x", "outlet": "Mondialisation.ca", "meta": {"extraction": {"credit": "Middle East Eye"}}}
    assert ev.credits(doc) == ["Middle East Eye"]
    assert ev.credits({"text": "x", "outlet": "Middle East Eye",
                       "meta": {"extraction": {"credit": "Middle East Eye"}}}) == []


def test_wire_credit_from_dateline_agency():
    assert ev.wire_credit({"dateline_agency": "AP", "outlet": "Evening Star"}) == "AP"
    assert ev.wire_credit({"dateline_agency": "Sputnik", "outlet": "Sputnik"}) is None


def test_wire_credit_from_a_dateline_in_the_text():
    doc = {"text": "Headline\n\nKARVEN (Nordpress) — At least 14 people died.", "outlet": "Evening Star"}
    assert ev.wire_credit(doc) == "Nordpress"
    assert ev.wire_credit(dict(doc, outlet="Nordpress")) is None


def test_attribution_weighs_less_when_the_bare_side_is_not_the_speaker():
    from newstrace.provenance.direction import features
    from newstrace.settings import ProvenanceSettings
    q = "The wall gave way at half past four in the morning, flooding the lower town."
    quoting = {"doc_id": "b", "text": f'Intro.\n\n"{q}" the Ministry of Water said.', "title": "Flood"}
    report = {"doc_id": "a", "text": f"Own words.\n\n{q}", "title": "Flood news", "outlet": "Herald"}
    ministry = dict(report, outlet="Ministry of Water")
    def passage(x):
        return [{"target_id": "b", "target_begin": quoting["text"].index(q), "target_end": quoting["text"].index(q) + len(q),
                 "source_id": "a", "source_begin": x["text"].index(q), "source_end": x["text"].index(q) + len(q)}]
    cfg = ProvenanceSettings()
    weak = features(report, quoting, passage(report), {}, cfg)
    strong = features(ministry, quoting, passage(ministry), {}, cfg)
    assert strong["a_is_speaker"] and not weak["a_is_speaker"]
    assert strong["attribution"] == 1.0 and weak["attribution"] == cfg.unnamed_attribution


def test_genre():
    assert ev.genre({"title": "Statement by the Ministry of Civil Protection", "text": "x"}) == "statement"
    assert ev.genre({"title": "Comment by the Information and Press Department", "text": "x"}) == "statement"
    we = "We are concerned. We urge our partners to act. Our position is clear and we insist on it. " * 3
    assert ev.genre({"title": "On the dam", "text": we}) == "statement"
    assert ev.genre({"title": "Dam breaks", "text": "MOSCOW (Sputnik) — A dam broke.", "outlet": "Sputnik",
                     "dateline": "MOSCOW (Sputnik)", "dateline_agency": "Sputnik"}) == "wire"
    assert ev.genre({"title": "Dam breaks", "text": "A dam broke, officials said.", "outlet": "Herald"}) == "report"
    assert ev.genre_signal({"title": "Statement", "text": ""}, {"title": "News", "text": ""}) == 1.0


def test_covered_merges_overlaps():
    assert ev.covered([(0, 10), (5, 20), (30, 40)]) == 30
    assert ev.covered([]) == 0


def test_containment_signal_favours_the_more_covered_side_as_source():
    # a 200-character statement quoted almost whole inside a 1,000-character report
    s, ca, cb = ev.containment_signal(200, 1000, [(0, 180)], [(0, 180)])
    assert s == 1.0 and ca == pytest.approx(0.9) and cb == pytest.approx(0.18)
    assert ev.containment_signal(1000, 1000, [(0, 500)], [(0, 500)])[0] == 0.0


def test_speaker_resolves_the_ministry():
    text = ("The Russian Foreign Ministry spoke on Sunday.\n\n"
            '"The deal is in danger," the ministry said in a statement.')
    b, e = span(text, "The deal is in danger")
    assert speaker(text, b, e) == "Russian Foreign Ministry"
    assert resolve("the ministry", "Nothing named here.") == "The ministry"


def test_slug_and_names():
    assert slug("statement of the Russian Foreign Ministry") == "statement-of-the-russian-foreign-ministry"
    assert slug("Élysée « palais »") == "elysee-palais"
    assert credit_source("Middle East Eye")["source_id"] == "ext:middle-east-eye-article"
    assert same_name("Nordpress", "nordpress.com") and not same_name("AP", "AFP")


def test_third_documents_and_shared_framing_features():
    from newstrace.provenance.direction import features
    from newstrace.settings import ProvenanceSettings
    s = "The wall gave way at half past four in the morning, officials said on Tuesday."
    a = {"doc_id": "a", "text": s}
    b = {"doc_id": "b", "text": "Intro. " + s}
    ps = [{"target_id": "b", "target_begin": 7, "target_end": 7 + len(s), "source_id": "a",
           "source_begin": 0, "source_end": len(s)}]
    f = features(a, b, ps, {"a": {"b", "c", "d"}, "b": {"a"}}, ProvenanceSettings())
    assert f["third_a"] == 2 and f["third_b"] == 0 and f["third"] > 0.7
    assert f["framing_shared"]          # "officials said" is inside the shared text on both sides


def test_quoted_share():
    text = 'Intro.\n\nOfficials said: "The wall broke at dawn." Crews then searched the valley.'
    b = text.index("Officials")
    assert ev.quoted_share(text, b, len(text)) == pytest.approx(24 / (len(text) - b), abs=0.01)
    q = text.index("The wall")
    assert ev.quoted_share(text, q, q + len("The wall broke at dawn.")) == 1.0
    assert ev.quoted_share(text, 0, 0) == 0.0
