"""Provenance stage: pair directions, external sources, families, graph, store, CLI."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from newstrace.cli.main import cli
from newstrace.engines.local import LocalEngine
from newstrace.errors import InputError
from newstrace.provenance import infer_provenance, render_graph
from newstrace.settings import Settings
from newstrace.store import queries
from newstrace.store.store import Store

DERIVED = {"copies", "excerpts_with_attribution", "paraphrases", "translates", "republishes"}

STATEMENT = ("We are deeply concerned about the failure of the northern dam wall. "
             "Emergency crews have evacuated four villages below the reservoir tonight. "
             "We urge residents to stay away from the river banks until further notice.")


def doc(doc_id, text, **kw):
    return {"doc_id": doc_id, "text": text, **kw}


def passage(tgt, tdoc, tpiece, src, sdoc, spiece, kind="verbatim", score=0.9):
    tb, sb = tdoc["text"].index(tpiece), sdoc["text"].index(spiece)
    return {"target_id": tgt, "target_begin": tb, "target_end": tb + len(tpiece), "source_id": src,
            "source_begin": sb, "source_end": sb + len(spiece), "kind": kind, "score": score}


def edge(result, a, b):
    return [e for e in result.edges if e["source_id"] == a and e["target_id"] == b]


def test_attribution_outweighs_a_misleading_date():
    quote = "Emergency crews have evacuated four villages below the reservoir tonight."
    origin = doc("ministry", STATEMENT, title="Statement on the northern dam", published="2025-05-14",
                 published_source="text")
    news = doc("wire", f'The ministry spoke late on Tuesday.\n\n"{quote}" the ministry said in a statement.',
               title="Dam fails", published="2025-05-13", published_source="text", outlet="Nordpress")
    r = infer_provenance([origin, news], [passage("ministry", origin, quote, "wire", news, quote)])
    e = edge(r, "ministry", "wire")
    assert e and e[0]["relation"] == "excerpts_with_attribution"
    assert not edge(r, "wire", "ministry")
    pair = r.pairs[0]
    assert pair["direction"] == "a->b" and pair["evidence"]["dates"]["hours"] < 0


def test_reliable_dates_decide_a_plain_copy():
    text = "The valley road was closed after the water rose by two metres overnight near Karven."
    a = doc("early", "Intro.\n\n" + text, published="2025-05-13T08:00", published_source="input")
    own = "Our reporter in the valley spoke to farmers whose fields are still under water. " * 3
    b = doc("late", text + "\n\n" + own, published="2025-05-14T08:00", published_source="input")
    r = infer_provenance([b, a], [passage("early", a, text, "late", b, text)])
    assert [(e["source_id"], e["target_id"], e["relation"]) for e in r.edges] == [("early", "late", "copies")]
    assert r.families[0]["origin_id"] == "early" and r.families[0]["spread_hours"] == 24.0


def test_no_evidence_means_abstention():
    text = "The valley road was closed after the water rose by two metres overnight near Karven."
    a, b = doc("a", text, outlet="X"), doc("b", text, outlet="Y")
    r = infer_provenance([a, b], [passage("a", a, text, "b", b, text)])
    assert r.edges == [] and r.pairs[0]["direction"] == "undetermined"
    assert r.families[0]["origin_id"] is None


def test_credit_to_partner_makes_republication():
    text = "The valley road was closed after the water rose by two metres overnight near Karven."
    wire = doc("np", text, outlet="Nordpress")
    copy = doc("vh", text + "\n\nThis article was originally published by Nordpress.", outlet="Valley Herald")
    r = infer_provenance([wire, copy], [passage("vh", copy, text, "np", wire, text)])
    assert [(e["source_id"], e["target_id"], e["relation"]) for e in r.edges] == [("np", "vh", "republishes")]
    assert r.sources == []


def test_siblings_quoting_an_absent_statement_get_an_external_source():
    q = "Emergency crews have evacuated four villages below the reservoir tonight."
    a = doc("a", f'The Ministry of Civil Protection spoke.\n\n"{q}" the ministry said in a statement.', outlet="A")
    b = doc("b", f'Officials reacted.\n\nAccording to the Ministry of Civil Protection, "{q}"', outlet="B")
    r = infer_provenance([a, b], [passage("b", b, q, "a", a, q)])
    assert r.pairs[0]["direction"] == "siblings"
    ext = r.sources[0]
    assert ext["source_id"] == "ext:statement-of-the-ministry-of-civil-protection"
    assert ext["label"] == "statement of the Ministry of Civil Protection" and ext["kind"] == "statement"
    assert {(e["source_id"], e["target_id"], e["relation"]) for e in r.edges} == {
        (ext["source_id"], "a", "excerpts_with_attribution"), (ext["source_id"], "b", "excerpts_with_attribution"),
        ("a", "b", "sibling_of")}
    assert r.families[0]["origin_id"] == ext["source_id"]


def test_chain_attaches_each_copy_to_its_closest_predecessor():
    base = "The valley road was closed after the water rose by two metres overnight near Karven town."
    v2 = base.replace("closed", "shut")
    v3 = v2.replace("overnight", "during the night")
    a = doc("a", base, published="2025-05-13T08:00", published_source="input")
    b = doc("b", v2, published="2025-05-13T12:00", published_source="input")
    c = doc("c", v3, published="2025-05-13T18:00", published_source="input")
    ps = [passage("b", b, v2, "a", a, base, "edited", 0.95), passage("c", c, v3, "b", b, v2, "edited", 0.95),
          passage("c", c, v3, "a", a, base, "edited", 0.85)]
    r = infer_provenance([a, b, c], ps)
    assert {(e["source_id"], e["target_id"]) for e in r.edges} == {("a", "b"), ("b", "c")}
    members = {m["doc_id"]: m for m in r.members}
    assert members["c"]["parent_id"] == "b" and members["a"]["rank"] == 1 and members["c"]["rank"] == 3
    assert r.families[0]["n_variants"] == 3


def test_semantic_kinds_map_to_paraphrases_and_translates():
    src = doc("en", STATEMENT, title="Statement of the ministry", published="2025-05-13", published_source="input")
    de = doc("de", "Wir sind zutiefst besorgt über das Versagen der nördlichen Staumauer.", language="de",
             published="2025-05-14", published_source="input")
    fr = doc("fr", "Nous sommes profondément préoccupés par la rupture du barrage nord.", language="fr",
             published="2025-05-14", published_source="input")
    ps = [passage("de", de, de["text"], "en", src, STATEMENT[:68], "translation", 0.8),
          passage("fr", fr, fr["text"], "en", src, STATEMENT[:68], "paraphrase", 0.8)]
    r = infer_provenance([src, de, fr], ps)
    rel = {(e["source_id"], e["target_id"]): e["relation"] for e in r.edges}
    assert rel[("en", "de")] == "translates" and rel[("en", "fr")] == "paraphrases"


def test_bad_rows_give_clear_errors():
    with pytest.raises(InputError, match="doc_id"):
        infer_provenance([{"text": "x"}], [])
    with pytest.raises(InputError, match="unknown document"):
        infer_provenance([doc("a", "abc")], [{"target_id": "a", "target_begin": 0, "target_end": 1,
                                              "source_id": "zz", "source_begin": 0, "source_end": 1}])
    with pytest.raises(InputError, match="outside document"):
        infer_provenance([doc("a", "abc"), doc("b", "abc")],
                         [{"target_id": "a", "target_begin": 0, "target_end": 9, "source_id": "b",
                           "source_begin": 0, "source_end": 1}])
    with pytest.raises(InputError, match="lacks"):
        infer_provenance([doc("a", "abc")], [{"target_id": "a"}])


def test_graph_formats():
    nodes = [{"id": "ext:x", "label": "X article", "kind": "article"}, {"id": "d1", "label": "D & 1", "kind": "document"}]
    edges = [{"source_id": "ext:x", "target_id": "d1", "relation": "republishes", "confidence": 0.8},
             {"source_id": "d1", "target_id": "d2", "relation": "sibling_of", "confidence": 0.6}]
    gm = ET.fromstring(render_graph(nodes, edges, "graphml").split("\n", 1)[1])
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(gm.findall(".//g:node", ns)) == 2 and gm.findall(".//g:edge", ns)[1].get("directed") == "false"
    gx = ET.fromstring(render_graph(nodes, edges, "gexf").split("\n", 1)[1])
    assert gx.find(".//{http://gexf.net/1.3}edge").get("weight") == "0.8"
    js = json.loads(render_graph(nodes, edges, "json"))
    assert js["elements"]["edges"][0]["data"]["relation"] == "republishes"
    with pytest.raises(Exception, match="unknown graph format"):
        render_graph(nodes, edges, "dot")


# -- the golden seeds -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    from conftest import SEEDS
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}")
    db = tmp_path_factory.mktemp("prov") / "seeds.duckdb"
    with Store(db) as store:
        LocalEngine(store, Settings(), jobs=1).analyze([str(SEEDS)])
        LocalEngine(store, Settings(), jobs=1).analyze([str(SEEDS)])   # idempotent re-run
    return db


def _ids(con):
    return {r[0][:3]: r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}


def test_seeds_golden_graph(seeds_store):
    with Store(seeds_store, read_only=True) as store:
        ids = _ids(store.con)
        edges = queries.provenance_edges(store.con)
        sources = queries.provenance_sources(store.con)
    by = {(e["source_id"], e["target_id"]): e for e in edges}
    s0, s1, s2, s3, s4 = (ids[k] for k in ("000", "001", "002", "003", "004"))
    # 001, the ministry's own text, is the origin of the statement passages in 000 and 002
    assert by[(s1, s0)]["relation"] in DERIVED and by[(s1, s2)]["relation"] in DERIVED
    assert (s0, s1) not in by and (s2, s1) not in by
    # 000 and 002 are siblings (Sputnik's shared background, the statement quoted by both)
    sib = by.get((s0, s2)) or by.get((s2, s0))
    assert sib and sib["relation"] == "sibling_of"
    # 004 republishes a Middle East Eye article credited at its end, independent of the statement
    mee = [s for s in sources if "Middle East Eye" in s["label"]]
    assert mee and mee[0]["source_id"] == "ext:middle-east-eye-article"
    assert by[("ext:middle-east-eye-article", s4)]["relation"] == "republishes"
    assert all(s4 not in k or k[0].startswith("ext:") for k in by)
    # 003 repeats the figures without copying the statement text: nothing copied into or from it
    assert not [e for e in edges if e["target_id"] == s3 and e["relation"] in
                {"copies", "excerpts_with_attribution", "republishes"}]
    assert not [e for e in edges if e["source_id"] == s3 and e["relation"] != "sibling_of"]
    # no duplicate rows after the second run
    assert len(edges) == len(by)


def test_seeds_attribution_beats_the_page_date(seeds_store):
    """Give 000 the publication date of 18 Sept 2016 (a day before 001's page date)."""
    with Store(seeds_store, read_only=True) as store:
        cur = store.con.execute("SELECT * FROM documents")
        names = [d[0] for d in cur.description]
        docs = [dict(zip(names, r)) for r in cur.fetchall()]
        cur = store.con.execute("SELECT * FROM passages")
        names = [d[0] for d in cur.description]
        pas = [dict(zip(names, r)) for r in cur.fetchall()]
    for d in docs:
        if d["doc_id"].startswith("000"):
            d["published"], d["published_source"] = "2016-09-18", "input"
    r = infer_provenance(docs, pas)
    s0 = next(d["doc_id"] for d in docs if d["doc_id"].startswith("000"))
    s1 = next(d["doc_id"] for d in docs if d["doc_id"].startswith("001"))
    assert edge(r, s1, s0) and not edge(r, s0, s1)


def test_seeds_without_the_ministry_text_infer_the_statement(seeds_store):
    with Store(seeds_store, read_only=True) as store:
        docs, pas = __import__("newstrace.provenance.io", fromlist=["load_rows"]).load_rows(store.con)
    keep = {d["doc_id"] for d in docs if d["doc_id"][:3] in ("000", "002")}
    r = infer_provenance([d for d in docs if d["doc_id"] in keep],
                         [p for p in pas if p["target_id"] in keep and p["source_id"] in keep])
    ext = [s for s in r.sources if s["kind"] == "statement"]
    assert ext and ext[0]["label"] == "statement of the Russian Foreign Ministry"
    assert {e["target_id"] for e in r.edges if e["source_id"] == ext[0]["source_id"]} == keep


def test_cli_graph_and_edges_export(seeds_store, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["graph", "--db", str(seeds_store), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert any(n["data"]["id"] == "ext:middle-east-eye-article" for n in data["elements"]["nodes"])
    out = tmp_path / "g.gexf"
    assert runner.invoke(cli, ["graph", "--db", str(seeds_store), "--format", "gexf", "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("<?xml")
    res = runner.invoke(cli, ["export", "--db", str(seeds_store), "--table", "edges", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    ext = [r for r in rows if r["source_id"] == "ext:middle-east-eye-article"]
    assert ext and ext[0]["source_label"] == "Middle East Eye article" and ext[0]["relation"] == "republishes"
    assert {"source_id", "target_id", "relation", "confidence"} <= set(rows[0])


def test_cli_graph_min_confidence(seeds_store):
    res = CliRunner().invoke(cli, ["graph", "--db", str(seeds_store), "--format", "json", "--min-confidence", "0.75"])
    assert res.exit_code == 0, res.output
    edges = json.loads(res.stdout)["elements"]["edges"]
    assert edges and all(e["data"]["confidence"] >= 0.75 for e in edges)
    bad = CliRunner().invoke(cli, ["graph", "--db", str(seeds_store), "--min-confidence", "2"])
    assert bad.exit_code == 2


def test_cli_graph_on_old_store_is_a_clean_error(tmp_path):
    import duckdb
    db = tmp_path / "old.duckdb"
    duckdb.connect(str(db)).execute("CREATE TABLE documents (doc_id VARCHAR)").close()
    res = CliRunner().invoke(cli, ["graph", "--db", str(db)])
    assert res.exit_code == 1 and "no provenance tables" in res.output


def test_report_has_a_time_laid_out_graph_and_document_lists(seeds_store, tmp_path):
    from newstrace.report import build_report
    with Store(seeds_store, read_only=True) as store:
        html = build_report(store.con, tmp_path / "r.html").read_text(encoding="utf-8")
        ids = _ids(store.con)
    section = html[html.index('<section id="provenance">'):]
    section = section[:section.index("</section>")]
    assert '<svg class="prov-graph"' in section and "<script" not in section
    assert "Middle East Eye article" in section and "ext:middle-east-eye-article" in section
    assert f'id="prov-{ids["000"]}"' in section and "Derived from" in section and "Reused by" in section
    assert "attribution cues on the shared text" in section
    assert "http://" not in section.replace("http://www.w3.org/2000/svg", "")


def test_report_without_provenance_tables(tmp_path):
    import duckdb
    from newstrace.report.provenance import provenance_section
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE documents (doc_id VARCHAR)")
    assert provenance_section(con)["available"] is False


def test_graph_layout_orders_nodes_by_time():
    from newstrace.report.provenance import layout
    nodes = [{"id": "late", "published": "2025-05-22"}, {"id": "early", "published": "2025-05-12"},
             {"id": "undated", "published": None}, {"id": "ext:s", "published": None}]
    edges = [{"source_id": "ext:s", "target_id": "early"}, {"source_id": "early", "target_id": "late"}]
    pos, ticks, lanes = layout(nodes, edges)
    assert pos["ext:s"][0] < pos["early"][0] < pos["late"][0] < pos["undated"][0]
    assert ticks[0][1] == "2025-05-12" and ticks[-1][1] == "2025-05-22"


def test_demo_corpus_provenance(tmp_path):
    """The demo's ground truth (examples/README.md), lexical passages only."""
    from conftest import EXAMPLES
    settings = Settings()
    for section in (settings.semantic, settings.claims):   # lexical passages only; fast
        if hasattr(section, "enabled"):
            section.enabled = False
    with Store(tmp_path / "demo.duckdb") as store:
        LocalEngine(store, settings, jobs=1).analyze([str(EXAMPLES / "demo")])
        edges = queries.provenance_edges(store.con)
    by = {(e["source_id"], e["target_id"]): e["relation"] for e in edges}
    statement = "ministry-statement"
    for quoting in ("nordpress-wire", "harbour-news-karven", "lakeside-gazette-karven",
                    "nord-radio-karven", "morning-post"):
        assert by.get((statement, quoting)) in DERIVED, quoting
    assert not [e for e in edges if e["target_id"] == statement]
    assert by[("nordpress-wire", "valley-herald")] == "republishes"
    assert by.get(("nordpress-wire", "crawl-2")) in DERIVED
    sib = by.get(("lakeside-gazette-karven", "nord-radio-karven")) or by.get(("nord-radio-karven", "lakeside-gazette-karven"))
    assert sib == "sibling_of"
    independent = {"city-orchestra-season", "harbour-news-fishing", "crawl-5", "karven-relief-network", "weekly-review"}
    assert not [e for e in edges if {e["source_id"], e["target_id"]} & independent]


def test_copying_a_quoting_paragraph_is_a_copy_not_two_quoters():
    para = ('Rescue teams searched the flooded streets of the lower town through the night, and '
            'volunteers brought boats from the lake. "Emergency crews have evacuated four villages," '
            'the Ministry of Civil Protection said.')
    a = doc("wire", "Wire intro.\n\n" + para, outlet="Nordpress", published="2025-05-13T19:00",
            published_source="input")
    b = doc("copy", para + "\n\nOwn closing words about the valley and its people.", outlet="Herald",
            published="2025-05-14T09:00", published_source="input")
    r = infer_provenance([a, b], [passage("copy", b, para, "wire", a, para)])
    assert r.pairs[0]["direction"] != "siblings" and not r.sources
    assert [(e["source_id"], e["target_id"]) for e in r.edges] == [("wire", "copy")]


def test_a_credited_republication_is_not_derived_from_another_partner():
    text = "The valley road was closed after the water rose by two metres overnight near Karven town."
    other = doc("other", "Intro.\n\n" + text, published="2025-05-12", published_source="input", outlet="Daily")
    repub = doc("repub", text + "\n\nLa source originale de cet article est [Valley Eye](#)",
                published="2025-05-14", published_source="input", outlet="Mondial")
    r = infer_provenance([other, repub], [passage("repub", repub, text, "other", other, text)])
    assert r.pairs[0]["direction"] == "undetermined"
    assert r.pairs[0]["evidence"]["credits_elsewhere"]["credit"] == "Valley Eye"
    assert [(e["source_id"], e["target_id"], e["relation"]) for e in r.edges] == [
        ("ext:valley-eye-article", "repub", "republishes")]


def test_pairs_decided_in_worker_processes_give_the_same_result(monkeypatch):
    """jobs=2 forks deciders (here from 1 pair on): every output table equals the one-process result."""
    from newstrace.provenance import core
    quote = "Emergency crews have evacuated four villages below the reservoir tonight."
    docs = [doc("ministry", STATEMENT, title="Statement on the northern dam", published="2025-05-14",
                published_source="text")]
    for i in range(8):
        docs.append(doc(f"n{i}", f'Report {i} from the valley.\n\n"{quote}" the ministry said.'
                        if i % 2 else f"Report {i}. {quote} Crews worked all night.",
                        published=f"2025-05-{14 + i % 3:02d}", published_source="input", outlet=f"outlet{i % 3}"))
    ps = [passage(d["doc_id"], d, quote, "ministry", docs[0], quote) for d in docs[1:]]
    ps += [passage(b["doc_id"], b, quote, a["doc_id"], a, quote, "edited", 0.8)
           for a, b in zip(docs[1:], docs[2:])]
    one = infer_provenance(docs, ps)
    monkeypatch.setattr(core, "PARALLEL_MIN_PAIRS", 1)
    two = infer_provenance(docs, ps, jobs=2)
    for table in ("edges", "sources", "families", "members", "pairs"):
        a, b = getattr(one, table), getattr(two, table)
        assert json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str), table
    assert len(one.pairs) == 15 and one.edges
