"""Lexical alignment on small hand-made documents."""
import json

from newstrace import align_texts
from newstrace.align.api import align_documents
from newstrace.settings import AlignSettings, Settings

STATEMENT = (
    "The Ministry of Civil Protection reported on Tuesday that the northern reservoir dam at Karven "
    "partially collapsed after three days of heavy rain. Fourteen people were killed and thirty-seven "
    "were injured when the water reached the lower districts of the town. Rescue teams evacuated more "
    "than two thousand residents overnight and set up shelters in four schools. The ministry urged "
    "residents of the river valley to follow the instructions of local emergency services and to avoid "
    "the flooded roads until engineers have inspected the remaining structures."
)
OWN_1 = ("Local traders counted their losses on Wednesday as the market square stayed closed. "
         "Several shop owners told our reporter they had received no warning at all before the flood. ")
OWN_2 = ("The opposition party demanded an inquiry into the maintenance budget of the dam, which was "
         "cut twice in the past decade according to public records seen by this newspaper.")
UNRELATED = (
    "The city orchestra opened its winter season with a programme of late romantic symphonies. "
    "Critics praised the young conductor for her sense of pace and the brass section for its warmth. "
    "Tickets for the remaining concerts are available at the box office and online until December."
)


def _spans(text_t, text_s, passages):
    return [(text_t[p.target_begin:p.target_end], text_s[p.source_begin:p.source_end]) for p in passages]


def test_verbatim_copy_inside_other_text_has_exact_offsets():
    target = OWN_1 + "\n\n" + STATEMENT + "\n\n" + OWN_2
    ps = align_texts(target, STATEMENT)
    assert len(ps) == 1
    p = ps[0]
    assert p.kind == "verbatim" and p.score >= 0.99
    assert target[p.target_begin:p.target_end] == STATEMENT
    assert (p.source_begin, p.source_end) == (0, len(STATEMENT))


def test_light_edits_elision_and_punctuation_are_one_edited_passage():
    edited = (
        "The Civil Protection ministry said on Tuesday that the northern reservoir dam at Karven had "
        "partly collapsed after three days of torrential rain. 14 people were killed and thirty-seven "
        "were injured when the water reached the lower districts of the town … Rescue teams evacuated "
        "more than 2,000 residents overnight and set up shelters in four schools; the ministry urged "
        "residents of the river valley to follow the instructions of emergency services."
    )
    target = OWN_1 + "\n\n" + edited + "\n\n" + OWN_2
    ps = align_texts(target, STATEMENT)
    assert len(ps) == 1
    p = ps[0]
    assert p.kind == "edited"
    got = target[p.target_begin:p.target_end]
    assert got.startswith("The Civil Protection ministry") and got.endswith("emergency services.")
    src = STATEMENT[p.source_begin:p.source_end]
    assert src.startswith("The Ministry of Civil Protection") and "emergency services" in src


def test_reordered_paragraphs_are_separate_passages():
    paras = [
        "Fourteen people were killed and thirty-seven were injured when the water reached the lower "
        "districts of the town, the ministry of civil protection said in its statement on Tuesday.",
        "Rescue teams evacuated more than two thousand residents overnight and set up shelters in four "
        "schools across the valley, while volunteers brought blankets, food and drinking water.",
    ]
    filler = [
        "Engineers from the national water authority will inspect the remaining structures next week "
        "and publish their findings before the parliament debates the emergency budget in spring.",
        "Meteorologists expect the rain to ease by Thursday, but warned that the soil remains saturated "
        "and that further landslides along the mountain roads cannot be ruled out this month.",
    ]
    source = "\n\n".join([paras[0], filler[0], filler[1], filler[0].replace("next week", "in May"), paras[1]])
    target = "\n\n".join([paras[1], UNRELATED, paras[0]])
    ps = sorted(align_texts(target, source), key=lambda p: p.target_begin)
    got = _spans(target, source, ps)
    assert [t for t, _ in got] == [paras[1], paras[0]]
    assert [s for _, s in got] == [paras[1], paras[0]]
    assert all(p.kind == "verbatim" for p in ps)


def test_unrelated_texts_share_nothing():
    assert align_texts(UNRELATED, STATEMENT) == []
    assert align_texts("", STATEMENT) == []
    assert align_texts("   ", "") == []


def test_min_chars_setting_filters_short_passages():
    s = Settings()
    s.set("align.min_chars", "10000")
    assert align_texts(OWN_1 + STATEMENT, STATEMENT, s) == []


def test_all_pairs_mode_finds_candidates_without_pair_list():
    docs = {"statement": STATEMENT, "copy": OWN_1 + "\n\n" + STATEMENT, "other": UNRELATED}
    ps = list(align_documents(docs, None, AlignSettings()))
    assert {(p.target_id, p.source_id) for p in ps} == {("copy", "statement")}


def _parallel_corpus():
    docs = {f"c{i:02d}": OWN_1 * (i % 3) + "\n\n" + STATEMENT + ("\n\n" + OWN_2) * (i % 2) for i in range(24)}
    docs["s"] = STATEMENT
    docs["u"] = UNRELATED
    pairs = [(f"c{i:02d}", "s") for i in range(24)] + [(f"c{i:02d}", "u") for i in range(6)]
    return docs, pairs


def test_parallel_matches_serial():
    docs, pairs = _parallel_corpus()   # more than 16 pairs: the parallel path runs
    serial = sorted(align_documents(docs, pairs, AlignSettings(), jobs=1), key=lambda p: p.target_id)
    par = sorted(align_documents(docs, pairs, AlignSettings(), jobs=2), key=lambda p: p.target_id)
    assert serial == par and len(serial) == 24


def test_parallel_blocks_prepare_within_budget_and_match_serial(monkeypatch):
    from newstrace.align import api
    docs, pairs = _parallel_corpus()
    budget = 3 * len(docs["c02"])
    blocks = list(api._blocks(sorted(pairs), docs, budget))
    assert len(blocks) > 5
    assert [p for b, _ in blocks for p in b] == sorted(pairs)          # every pair once, in order
    for block, ids in blocks:
        assert set(ids) == {i for p in block for i in p}               # exactly the block's documents
        assert sum(len(docs[i]) for i in ids) <= budget or len(block) == 1
    monkeypatch.setattr(api, "BLOCK_CHARS", budget)
    serial = sorted(align_documents(docs, pairs, AlignSettings(), jobs=1), key=lambda p: p.target_id)
    par = sorted(align_documents(docs, pairs, AlignSettings(), jobs=2), key=lambda p: p.target_id)
    assert serial == par and len(serial) == 24


def test_standalone_align_cli(tmp_path):
    from click.testing import CliRunner
    from newstrace.cli.main import cli
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d) for d in [
        {"id": "a", "text": OWN_1 + STATEMENT}, {"id": "b", "text": STATEMENT}, {"id": "c", "text": UNRELATED}]))
    pairs = tmp_path / "pairs"
    pairs.write_text("a.txt b.txt\nc b\n")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["align", str(docs), "--pairs", str(pairs), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == 1
    r = rows[0]
    assert (r["target_id"], r["source_id"], r["kind"]) == ("a", "b", "verbatim")
    assert (OWN_1 + STATEMENT)[r["target_begin"]:r["target_end"]] == STATEMENT
    bad = tmp_path / "badpairs"
    bad.write_text("a zzz\n")
    res = CliRunner().invoke(cli, ["align", str(docs), "--pairs", str(bad)])
    assert res.exit_code == 1 and "zzz" in res.output and "Traceback" not in res.output


def test_hot_shingles_link_every_copy_to_the_earliest_holders():
    # 12 copies of one statement: every shingle is "hot" (df > max_df), so pairs come
    # only from the star to the first hot_k holders, never from the 66-pair clique
    cfg = AlignSettings(max_df=3, hot_k=2)
    docs = {"origin": STATEMENT}
    docs.update({f"copy{i:02d}": f"Report {i}. " + OWN_1 + "\n\n" + STATEMENT for i in range(12)})
    from newstrace.align.api import find_candidates
    cands = {frozenset(p) for p in find_candidates(docs, cfg)}
    assert all(frozenset(("origin", f"copy{i:02d}")) in cands for i in range(12))
    assert len(cands) < 12 * 3
    ps = list(align_documents(docs, None, cfg))
    # the statement's first holders are origin, copy00; the shared intro's are copy00, copy01
    assert {p.source_id for p in ps if p.target_id.startswith("copy")} <= {"origin", "copy00", "copy01"}


def test_a_document_meets_hot_holders_only_through_its_rarest_hot_shingles():
    # COMMON's word pairs are in every document (hot, and the hottest); STATEMENT is in the
    # origin and three copies (hot too, but rarer). A filler shares only COMMON with the
    # origin: through hot_per_doc of its hot shingles it counts at most that many shared.
    from newstrace.align.api import find_candidates
    from newstrace.align.candidates import SHINGLES_DDL, add_shingles_batch, candidate_pairs
    from newstrace.align.prepare import shingle_hashes
    import duckdb
    common = ("Officials in the capital confirmed the schedule of the annual harvest festival, "
              "its parade, fireworks display, lantern market and closing concert by the river.")
    docs = {"origin": STATEMENT + " " + common}
    docs.update({f"copy{i}": f"Report {i}. " + OWN_1 + " " + STATEMENT + " " + common for i in range(3)})
    fillers = ["Farmers counted sheep near the old quarry.", "Painters restored the chapel ceiling slowly.",
               "Cyclists crossed the mountain pass before dawn.", "Bakers tested rye sourdough recipes weekly."]
    docs.update({f"filler{i}": f + " " + common for i, f in enumerate(fillers)})

    def shared(cfg):
        con = duckdb.connect()
        con.execute(SHINGLES_DDL)
        add_shingles_batch(con, [(k, shingle_hashes(t, "en", cfg.ngram)) for k, t in enumerate(docs.values())])
        names = list(docs)
        return {frozenset((names[a], names[b])): n for a, b, n in candidate_pairs(con, cfg)}

    every = shared(AlignSettings(max_df=3, hot_k=2, hot_per_doc=0))
    rare = shared(AlignSettings(max_df=3, hot_k=2, hot_per_doc=4))
    n_common = len(shingle_hashes(common))
    assert n_common > 4 and every[frozenset(("origin", "filler3"))] == n_common
    assert rare[frozenset(("origin", "filler3"))] == 4
    # the copies' rarest hot shingles are the statement's: they still meet the origin
    for i in range(3):
        assert rare[frozenset(("origin", f"copy{i}"))] >= 4
    assert len(rare) <= len(every)
    assert {frozenset(p) for p in find_candidates(docs, AlignSettings(max_df=3, hot_k=2, hot_per_doc=4))} \
        == set(rare)


def test_candidate_steps_leave_no_tables_and_repeat():
    import duckdb

    from newstrace.align.candidates import SHINGLES_DDL, add_shingles_batch, candidate_pairs
    from newstrace.align.prepare import shingle_hashes
    con = duckdb.connect()
    con.execute(SHINGLES_DDL)
    texts = [STATEMENT, OWN_1 + STATEMENT, OWN_2 + STATEMENT, UNRELATED]
    add_shingles_batch(con, [(k, shingle_hashes(t)) for k, t in enumerate(texts)])
    first = candidate_pairs(con, AlignSettings(max_df=2, hot_k=1))
    assert first == candidate_pairs(con, AlignSettings(max_df=2, hot_k=1)) and first
    assert {a for p in first for a in p[:2]} <= {0, 1, 2}
    left = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}
    assert left <= {"_new"}


def test_compact_prepared_document_round_trips(seeds_dir):
    """PreparedDoc.compact() (what the Spark engine ships) rebuilds an equal document: the same
    arrays, and the same passages on the lightly edited seed pair as a freshly prepared one."""
    import numpy as np

    from newstrace.align.lexical import align_pair
    from newstrace.align.prepare import PreparedDoc, prepare
    from newstrace.extract import extract
    from newstrace.ingest import read_file

    texts = {}
    for prefix in ("000", "002"):
        path = next(seeds_dir.glob(prefix + "*"))
        texts[prefix] = extract(next(read_file(path, Settings().ingest)), Settings().extract).text
    texts["one"], texts["empty"] = "Word.", ""
    for key, text in texts.items():
        doc = prepare(key, text)
        back = PreparedDoc.from_compact(doc.compact(), text)
        assert back.unit_spans == doc.unit_spans and back.ensure_norms() == doc.ensure_norms()
        for name in ("tok_begin", "tok_end", "unit_of_tok", "unit_ptr", "unit_terms", "unit_tf",
                     "gram_hash", "entry_unit", "uniq_terms", "uniq_sf", "entry_uniq", "gram_order"):
            a, b = getattr(back, name), getattr(doc, name)
            assert a.dtype == b.dtype and np.array_equal(a, b), name
    cfg = Settings().align
    fresh = align_pair(prepare("000", texts["000"]), prepare("002", texts["002"]), cfg)
    shipped = align_pair(*(PreparedDoc.from_compact(prepare(k, texts[k]).compact(), texts[k])
                           for k in ("000", "002")), cfg)
    assert shipped == fresh and fresh
