"""Semantic (paraphrase/translation) alignment: embedder, cache, aligner, merge, stage, golden seeds."""
from __future__ import annotations

import json

import duckdb
import numpy as np
import pytest

from newstrace.align.combine import combine
from newstrace.align.semantic import SemMatch, align_semantic
from newstrace.align.semantic_api import SemanticAligner, kind_for, semantic_documents
from newstrace.align.semantic_units import SemDoc, sentence_units
from newstrace.embed import load_embedder, normalize
from newstrace.embed.cache import EmbeddingCache
from newstrace.engines.local import LocalEngine
from newstrace.errors import ConfigError
from newstrace.settings import SemanticSettings, Settings
from newstrace.store.store import Store
from newstrace.types import Passage

from conftest import EXAMPLES, seed_path

URGE_000 = "We urge our US partners to conduct"
URGE_001 = "We are urging our US partners to conduct the most thorough investigation"


@pytest.fixture(scope="module")
def use():
    return load_embedder("use-multilingual-v3")


def test_shipped_model_loads_and_embeds(use):
    v = use.encode(["The dam broke after three days of rain.", "Der Damm brach nach drei Tagen Regen.",
                    "The orchestra announced its new season."])
    assert v.shape == (3, 512) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > 0.7 > v[0] @ v[2]        # translation close, other topic far
    assert use.encode([]).shape == (0, 512)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown embedding model"):
        load_embedder("no-such-model")


def test_cache_embeds_each_sentence_once_and_persists(use):
    con = duckdb.connect()
    c = EmbeddingCache(use, con)
    a = c.encode(["One sentence here.", "Another one.", "One sentence here."])
    assert c.computed == 2 and np.allclose(a[0], a[2])
    c2 = EmbeddingCache(use, con)                  # a new process reading the same store
    b = c2.encode(["Another one.", "One sentence here."])
    assert c2.computed == 0 and np.allclose(b[1], a[0])
    assert con.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 2


def test_sentence_units_join_fragments_and_trim():
    text = "  Hi. This sentence is long enough to stand alone.  Short one. And this is another full sentence."
    spans = sentence_units(text, min_chars=25)
    assert all(text[b] != " " and text[e - 1] != " " for b, e in spans)
    assert text[spans[0][0]:spans[0][1]].startswith("Hi. This sentence")
    assert all(e - b >= 25 for b, e in spans)


def _doc(doc_id: str, vecs: list[list[float]], length: int = 50) -> SemDoc:
    spans = [(i * length, i * length + length - 1) for i in range(len(vecs))]
    return SemDoc(doc_id, "x" * (len(vecs) * length), spans, normalize(np.asarray(vecs, dtype=np.float32)))


def _basis(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(dim, dim)))
    return q[:n]


def test_chain_with_one_sentence_rendered_as_two():
    e = _basis(8)
    src = [e[0], e[1], e[2] + e[3], e[4]]                       # source sentence 2 says two things
    tgt = [e[5], e[0] + 0.3 * e[6], e[1], e[2], e[3], e[4], e[7]]
    cfg = SemanticSettings(min_chars=10)
    ms = align_semantic(_doc("t", tgt), _doc("s", src), cfg)
    assert len(ms) == 1
    m = ms[0]
    assert (m.t_begin, m.t_end) == (50, 5 * 50 + 49) and (m.s_begin, m.s_end) == (0, 3 * 50 + 49)
    assert any(r[1] - r[0] > 60 for r in m.sentences)          # the 2–1 seed spans two target units


def test_summary_spans_the_source_section():
    e = _basis(40)
    src = [e[i] for i in range(30)]
    tgt = [e[35], e[36], e[1] + 0.5 * e[2], e[10] + 0.5 * e[11], e[20] + 0.4 * e[22], e[27], e[37]]
    cfg = SemanticSettings(min_chars=10)
    ms = align_semantic(_doc("t", tgt), _doc("s", src), cfg)
    summ = [m for m in ms if m.summary]
    assert len(summ) == 1 and summ[0].t_begin == 100 and summ[0].t_end == 5 * 50 + 49
    assert (summ[0].s_begin, summ[0].s_end) == (0, 29 * 50 + 49)   # widened to both edges


def test_unrelated_vectors_give_nothing():
    e = _basis(20)
    assert align_semantic(_doc("t", list(e[:8])), _doc("s", list(e[8:16])), SemanticSettings()) == []


def test_merge_keeps_wordy_lexical_passages_and_extends_weak_ones():
    lex = [Passage("t", 100, 300, "s", 1000, 1200, "edited", 0.8)]
    longer = SemMatch(120, 600, 1010, 1500, 0.7, [[120, 280, 1010, 1190, 0.8], [300, 600, 1200, 1500, 0.7]])
    assert combine("t", "s", lex, [longer], "paraphrase") == ([], [])
    low = [Passage("t", 100, 300, "s", 1000, 1200, "edited", 0.4)]   # few shared words: a paraphrase
    new, replaced = combine("t", "s", low, [longer], "translation")
    assert replaced == low and len(new) == 1
    p = new[0].passage
    assert (p.target_begin, p.target_end, p.source_begin, p.source_end) == (100, 600, 1000, 1500)
    assert p.kind == "translation" and p.method == "lexical+semantic"
    apart = SemMatch(900, 1300, 2000, 2400, 0.75, [[900, 1300, 2000, 2400, 0.75]])
    new, replaced = combine("t", "s", lex, [apart], "paraphrase")
    assert replaced == [] and new[0].passage.method == "semantic"


def test_kind_for_languages():
    assert kind_for("de", "en") == "translation"
    assert kind_for("en", "en") == kind_for(None, "de") == "paraphrase"


def test_same_topic_different_statements_not_aligned():
    docs = {
        "a": "Moscow is very concerned about the incident in the Black Sea on Tuesday. "
             "The ministry said a Russian fighter jet had intercepted an American drone near Crimea. "
             "Officials in Washington said the drone was operating in international airspace.",
        "b": "The price of wheat rose sharply on Tuesday after the grain deal collapsed. "
             "Ukrainian farmers said their silos were already full before the harvest. "
             "Traders in Chicago expect exports from the Black Sea region to fall this year.",
    }
    out = dict(semantic_documents(docs, [("b", "a")], {}, SemanticSettings()))
    assert out[("b", "a")] == []


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    paths = [str(seed_path(p)) for p in ("000", "001", "002", "003", "004")]
    st = Store(str(tmp_path_factory.mktemp("sem") / "s.duckdb"))
    LocalEngine(st, Settings(), jobs=1).analyze(paths)
    yield st
    st.close()


def _passages(st: Store, a: str, b: str) -> list[tuple]:
    return st.con.execute(
        "SELECT target_id, target_begin, target_end, source_id, source_begin, source_end, kind, sentences "
        "FROM passages LEFT JOIN passage_sentences USING (passage_id) "
        "WHERE (starts_with(target_id, ?) AND starts_with(source_id, ?)) "
        "OR (starts_with(target_id, ?) AND starts_with(source_id, ?))", [a, b, b, a]).fetchall()


def _text(st: Store, prefix: str) -> str:
    """Return a document's text with no-break spaces as plain spaces (same offsets)."""
    text = st.con.execute("SELECT text FROM documents WHERE starts_with(doc_id, ?)", [prefix]).fetchone()[0]
    return text.replace("\xa0", " ")


def test_seed_statement_translations_align_as_paraphrase(seeds_store):
    st = seeds_store
    t0, t1 = _text(st, "000"), _text(st, "001")
    hits = []
    for tid, tb, te, sid, sb, se, kind, sents in _passages(st, "000", "001"):
        side = {tid[:3]: (tb, te), sid[:3]: (sb, se)}
        if URGE_000 in t0[slice(*side["000"])] and URGE_001 in t1[slice(*side["001"])]:
            hits.append((kind, json.loads(sents)))
    assert hits and hits[0][0] == "paraphrase"
    assert any(s[4] > 0.65 for s in hits[0][1])          # per-sentence similarities stored


def test_seed_002_statement_sentences_align_as_paraphrase(seeds_store):
    st = seeds_store
    t2, t1 = _text(st, "002"), _text(st, "001")
    found = []
    for tid, tb, te, sid, sb, se, kind, _ in _passages(st, "002", "001"):
        side = {tid[:3]: (tb, te), sid[:3]: (sb, se)}
        if "insistently urge Washington" in t2[slice(*side["002"])] \
                and "insistently urge Washington" in t1[slice(*side["001"])]:
            found.append(kind)
    assert "paraphrase" in found


def test_stage_is_incremental(seeds_store):
    st = seeds_store
    n = st.con.execute("SELECT count(*) FROM semantic_pairs").fetchone()[0]
    e = st.con.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    LocalEngine(st, Settings(), jobs=1).analyze([str(seed_path("000"))])
    assert st.con.execute("SELECT count(*) FROM semantic_pairs").fetchone()[0] == n
    assert st.con.execute("SELECT count(*) FROM embeddings").fetchone()[0] == e


def test_demo_translation_found(tmp_path):
    st = Store(str(tmp_path / "demo.duckdb"))
    LocalEngine(st, Settings(), jobs=1).analyze([str(EXAMPLES / "demo")])
    rows = st.con.execute("SELECT target_id, source_id, kind FROM passages WHERE kind = 'translation'").fetchall()
    assert any({"rundschau-de", "ministry-statement"} == {t, s} for t, s, _ in rows)
    kinds = {k for t, s, k in st.con.execute("SELECT target_id, source_id, kind FROM passages").fetchall()
             if {"capital-times", "ministry-statement"} == {t, s}}
    assert "paraphrase" in kinds
    for doc in ("karven-relief-network", "weekly-review"):
        assert not st.con.execute("SELECT count(*) FROM passages WHERE target_id = ? OR source_id = ?",
                                  [doc, doc]).fetchone()[0]
    from newstrace.report.build import build_report
    build_report(st.con, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'class="sentence-pairs"' in html and "Nach den neuesten Informationen" in html
    st.close()


def test_aligner_prefetch_matches_single(use):
    al = SemanticAligner(SemanticSettings())
    text = "The dam broke after three days of heavy rain. Rescue teams evacuated two thousand people."
    al.prefetch([("a", text, "en")])
    one = SemanticAligner(SemanticSettings()).doc("a", text, "en")
    assert np.allclose(al.docs["a"].vecs, one.vecs, atol=1e-5) and al.docs["a"].spans == one.spans


def test_align_cli_semantic_finds_a_translation(tmp_path):
    from click.testing import CliRunner

    from newstrace.cli.main import cli
    en = ("Heavy snow closed the main mountain pass for the second time this winter. "
          "More than three hundred trucks were stuck on the motorway overnight. "
          "Rescue workers handed out blankets and hot tea to stranded drivers.")
    de = ("Starker Schneefall hat den wichtigsten Gebirgspass in diesem Winter zum zweiten Mal geschlossen. "
          "Mehr als dreihundert Lastwagen steckten über Nacht auf der Autobahn fest. "
          "Rettungskräfte verteilten Decken und heißen Tee an die gestrandeten Fahrer.")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "en", "text": en, "language": "en"}) + "\n"
                    + json.dumps({"id": "de", "text": de, "language": "de"}) + "\n", encoding="utf-8")
    pairs = tmp_path / "pairs.txt"
    pairs.write_text("de en\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    plain = CliRunner().invoke(cli, ["align", str(docs), "--pairs", str(pairs), "-o", str(out)])
    assert plain.exit_code == 0 and out.read_text() == ""
    res = CliRunner().invoke(cli, ["align", str(docs), "--pairs", str(pairs), "--semantic", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["kind"] == "translation"
    assert (rows[0]["target_begin"], rows[0]["target_end"]) == (0, len(de))


def test_margin_discounts_a_match_that_does_not_stand_out():
    from newstrace.align.semantic import Margin
    sim = np.array([[0.80, 0.30, 0.20, 0.10],      # stands out from its row
                    [0.70, 0.68, 0.66, 0.69],      # everything about as similar: same topic
                    [0.65, 0.60, 0.62, 0.60]])
    mg = Margin(sim, k=2)
    assert mg(0, 0) == pytest.approx(0.80 - ((0.30 + 0.20) / 2 + (0.70 + 0.65) / 2) / 2)
    assert mg(1, 0) < 0.0 < 0.3 < mg(0, 0)
    assert Margin(np.array([[0.9]]), k=4)(0, 0) == pytest.approx(0.9)   # no neighbours: the cosine


def test_summary_needs_the_source_to_point_at_it():
    e = _basis(40)
    src = [e[i] for i in range(30)]
    summary = [e[1] + 0.5 * e[2], e[10] + 0.5 * e[11], e[20] + 0.4 * e[22], e[27]]
    cfg = SemanticSettings(min_chars=10)
    alone = align_semantic(_doc("t", [e[35], e[36]] + summary + [e[37]]), _doc("s", src), cfg)
    assert any(m.summary for m in alone)
    # the same block, with a copy of most of the source elsewhere in the target: a copy, not a summary
    copied = align_semantic(_doc("t", [e[35]] + summary + [e[37]] + src[3:27]), _doc("s", src), cfg)
    assert not any(m.summary for m in copied)


def test_adjacent_semantic_match_extends_a_close_lexical_passage():
    lex = [Passage("t", 100, 300, "s", 1000, 1200, "verbatim", 0.95)]
    after = SemMatch(320, 600, 1210, 1500, 0.75, [[320, 600, 1210, 1500, 0.75]])
    new, replaced = combine("t", "s", lex, [after], "paraphrase", adjacent=100)
    assert replaced == lex and len(new) == 1
    p = new[0].passage
    assert (p.target_begin, p.target_end, p.source_begin, p.source_end) == (100, 600, 1000, 1500)
    assert combine("t", "s", lex, [after], "paraphrase", adjacent=0)[1] == []   # apart: two passages
    inside = SemMatch(120, 320, 1020, 1220, 0.75, [[120, 320, 1020, 1220, 0.75]])
    assert combine("t", "s", lex, [inside], "paraphrase", beyond=50) == ([], [])   # blurs the edges only
    past = SemMatch(120, 500, 1020, 1420, 0.75, [[120, 500, 1020, 1420, 0.75]])
    new, replaced = combine("t", "s", lex, [past], "paraphrase", beyond=50)
    assert replaced == lex and (new[0].passage.target_end, new[0].passage.source_end) == (500, 1420)


def test_seed_same_topic_reports_get_no_paraphrase(seeds_store):
    """003 and 004 report the same strike in their own words: no passage (was a false summary at 0.587)."""
    assert not [r for r in _passages(seeds_store, "003", "004") if r[6] in ("paraphrase", "translation")]
