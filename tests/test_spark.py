"""Spark engine in local[2]: conformance with the local engine, skew, ids, failures, import."""
from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from newstrace.cli.main import cli
from newstrace.engines.local import LocalEngine
from newstrace.engines.spark import SparkEngine
from newstrace.errors import InputError, StoreError
from newstrace.settings import Settings
from newstrace.store.store import Store

from conftest import EXAMPLES

pytestmark = pytest.mark.spark

PASSAGE_COLS = "target_id, target_begin, target_end, source_id, source_begin, source_end, kind"
TABLES = {
    "documents": "doc_key, doc_id, path, source, content_hash, text, title, published, language, "
                 "char_map::VARCHAR, meta::VARCHAR, n_chars, stage",
    "sentences": "*", "shingles": "*", "pairs": "a_key, b_key, shared, n_passages",
    "passages": PASSAGE_COLS + ", round(score, 9), method",
    "failures": "path, position, stage, reason", "duplicates": "path, source, content_hash, doc_id",
}
PROV = {
    "prov_edges": "source_id, target_id, relation, round(confidence, 9), evidence::VARCHAR, n_passages, run_id",
    "prov_sources": "source_id, label, kind, n_docs, first_seen, evidence::VARCHAR",
    "prov_pairs": "a_id, b_id, direction, source_id, target_id, relation, round(confidence, 9), "
                  "round(score, 9), evidence::VARCHAR",
    "prov_families": "family_id, origin_id, round(origin_confidence, 9), n_docs, n_variants, first_published, "
                     "last_published, spread_hours",
    "prov_family_members": "*",
}
SEMANTIC = {
    "semantic_pairs": "a_key, b_key, origin, n_passages", "semantic_docs": "doc_key",
    "embeddings": "model, text_hash", "doc_vectors": "doc_key, model",
    # per-sentence similarities, keyed by the passage they belong to
    "passage_sentences JOIN passages USING (passage_id)":
        "target_id, target_begin, source_id, source_begin, kind, passage_sentences.sentences::VARCHAR",
}


def assert_same_vectors(db, out, tol=1e-5):
    """Sentence and document vectors agree up to float32 batch effects of the embedder."""
    import numpy as np
    for table, key in (("embeddings", "text_hash"), ("doc_vectors", "doc_key")):
        local = dict(rows(db, table, f"{key}, vec"))
        spark = dict(rows(db, table, f"{key}, vec", out))
        assert local.keys() == spark.keys() and local
        worst = max(float(np.abs(np.frombuffer(local[k], np.float32) - np.frombuffer(spark[k], np.float32)).max())
                    for k in local)
        assert worst < tol, f"{table}: vectors differ by {worst}"


WIRE = ("The regional water authority said on Monday that the reservoir would stay closed for repairs "
        "until the end of the summer season. Engineers found cracks in the northern wall during a routine "
        "inspection last week and ordered the level lowered by four metres. Farmers downstream asked for "
        "compensation because irrigation schedules had already been agreed with the cooperatives. ")


def fast_settings(**over: str) -> Settings:
    """Settings without the driver-side stages that need models (lexical conformance only)."""
    s = Settings.load(overrides=[f"{k}={v}" for k, v in over.items()])
    for section in (s.semantic, s.claims):
        if hasattr(section, "enabled"):
            section.enabled = False
    s.spark.partitions = 4
    return s


def run_both(spark, inputs, tmp_path, settings):
    db = tmp_path / "local.duckdb"
    with Store(db) as store:
        local_stats = LocalEngine(store, settings, jobs=1).analyze([str(i) for i in inputs])
    out = tmp_path / "spark-out"
    spark_stats = SparkEngine(settings, out, session=spark, log=lambda m: None).analyze([str(i) for i in inputs])
    return db, out, local_stats, spark_stats


def rows(db, table, cols, out=None):
    con = duckdb.connect(str(db), read_only=True) if db else duckdb.connect()
    try:
        if out:     # "a JOIN b USING (c)": each table read from its Parquet directory
            src = " JOIN ".join(f"read_parquet('{out}/{t.strip()}/*.parquet') AS {t.strip()}" if i == 0 else
                                f"read_parquet('{out}/{t.split(' USING ')[0].strip()}/*.parquet') AS "
                                f"{t.split(' USING ')[0].strip()} USING {t.split(' USING ')[1]}"
                                for i, t in enumerate(table.split(" JOIN ")))
        else:
            src = table
        return con.execute(f"SELECT {cols} FROM {src} ORDER BY ALL").fetchall()
    finally:
        con.close()


def assert_same(db, out, tables):
    for table, cols in tables.items():
        local, spark = rows(db, table, cols), rows(db, table, cols, out)
        assert local == spark, f"{table}: local {len(local)} rows, spark {len(spark)} rows differ"


def test_hand_made_corpus_ids_failures_duplicates_and_skew(spark, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    # a wire story copied 60 times (hot shingles: df > max_df), each copy with its own lead
    recs = [{"id": "wire", "text": WIRE * 2}]
    recs += [{"id": f"copy{i}", "text": f"Outlet {i} opens with its own words about local weather number {i}. "
              + WIRE} for i in range(60)]
    recs += [{"id": "x", "text": "First x: " + WIRE}, {"id": "x", "text": "Second x: " + WIRE},
             {"id": "x-2", "text": "Third x: " + WIRE}]          # a generated id meets a given one
    recs += [{"id": "same", "text": WIRE * 2}]                    # exact duplicate of "wire"
    (d / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\nnot json\n", encoding="utf-8")
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    # components of the passage graph by label propagation in Spark (not union-find on the driver)
    settings = fast_settings(**{"align.max_df": "10", "align.hot_k": "3", "align.hot_per_doc": "4",
                                "spark.driver_component_edges": "0"})
    db, out, ls, ss = run_both(spark, [d], tmp_path, settings)
    assert_same(db, out, TABLES)
    assert_same(db, out, PROV)
    assert rows(db, "prov_edges", "source_id, target_id, relation", out)
    ids = {r[0] for r in rows(db, "documents", "doc_id", out)}
    assert {"x", "x-2", "x-2-2", "wire"} <= ids and "same" not in ids
    assert (ss.documents_added, ss.duplicates, ss.failures) == (ls.documents_added, ls.duplicates, ls.failures)
    assert ss.duplicates == 1 and ss.failures == 2
    # 66 documents sharing one story: a clique would be 2,145 pairs; the star keeps it near-linear
    n_pairs = len(rows(db, "pairs", "a_key", out))
    assert ss.pairs_compared == ls.pairs_compared == n_pairs
    assert n_pairs <= 66 * (3 + settings.align.max_df)


def test_import_parquet_then_report_and_errors(spark, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(4):
        (d / f"a{i}.txt").write_text(f"Lead number {i} written by the desk about the valley. " + WIRE, encoding="utf-8")
    settings = fast_settings()
    out = tmp_path / "out"
    SparkEngine(settings, out, session=spark, log=lambda m: None).analyze([str(d)])
    db = tmp_path / "imported.duckdb"
    runner = CliRunner()
    res = runner.invoke(cli, ["import-parquet", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
        assert st.con.execute("SELECT count(*) FROM passages").fetchone()[0] > 0
        assert st.con.execute("SELECT status FROM runs").fetchone()[0] == "done"
    res = runner.invoke(cli, ["report", "--db", str(db), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0 and "Lead number" in (tmp_path / "r.html").read_text(encoding="utf-8")
    # a later local run appends to the imported store with fresh keys
    (d / "late.txt").write_text("A late story repeats it. " + WIRE, encoding="utf-8")
    with Store(db) as store:
        stats = LocalEngine(store, settings, jobs=1).analyze([str(d / "late.txt")])
        assert stats.documents_added == 1 and stats.pairs_compared >= 1
        assert store.con.execute("SELECT max(doc_key) FROM documents").fetchone()[0] == 5
    res = runner.invoke(cli, ["import-parquet", str(out), "--db", str(db)])
    assert res.exit_code == 1 and "already holds documents" in res.output
    res = runner.invoke(cli, ["import-parquet", str(d), "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 1 and "not the output" in res.output


def test_bad_arguments_give_clear_errors(spark, tmp_path):
    settings = fast_settings()
    with pytest.raises(InputError, match="does not exist"):
        SparkEngine(settings, tmp_path / "o", session=spark).analyze([str(tmp_path / "missing")])
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        SparkEngine(settings, busy, session=spark).analyze([str(EXAMPLES / "demo")])
    res = CliRunner().invoke(cli, ["analyze", str(EXAMPLES / "demo"), "--engine", "spark"])
    assert res.exit_code == 1 and "--out DIR" in res.output
    with pytest.raises(StoreError):
        from newstrace.engines.parquet import import_parquet
        (tmp_path / "empty").mkdir()
        (tmp_path / "empty" / "_newstrace.json").write_text("{}", encoding="utf-8")
        (tmp_path / "empty" / "bogus").mkdir()
        (tmp_path / "empty" / "bogus" / "part-0.parquet").write_bytes(b"")
        import_parquet(tmp_path / "empty", tmp_path / "e.duckdb")


def test_remote_style_uri_input_reads_through_hadoop(spark, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"b{i}.txt").write_text(f"Story {i} from the hills. " + WIRE, encoding="utf-8")
    out = tmp_path / "out"
    stats = SparkEngine(fast_settings(), out, session=spark, log=lambda m: None).analyze([d.as_uri()])
    assert stats.documents_added == 3 and stats.passages >= 2
    sources = [r[0] for r in rows(None, "documents", "source", out)]
    assert all(s.startswith("file:") and s.endswith(".txt") for s in sources)


@pytest.mark.slow
def test_demo_conformance_all_stages(spark, tmp_path):
    """Local and Spark engines agree on the demo corpus: passages, pairs, edges, claims, everything."""
    settings = Settings()
    settings.spark.partitions = 4
    db, out, ls, ss = run_both(spark, [EXAMPLES / "demo"], tmp_path, settings)
    assert_same(db, out, TABLES)
    assert_same(db, out, PROV)
    assert_same(db, out, SEMANTIC)
    assert_same_vectors(db, out)
    assert_same(db, out, {"claims": "*", "claim_mentions": "*", "claim_docs": "*"})
    assert ss.passages == ls.passages and ss.documents_added == ls.documents_added == 16


def test_engines_conform_to_the_protocol(tmp_path):
    from newstrace.engines.base import Engine
    with Store(tmp_path / "p.duckdb") as store:
        assert isinstance(LocalEngine(store, Settings()), Engine)
    assert isinstance(SparkEngine(Settings(), tmp_path / "o", session=object()), Engine)


def test_id_ranking_matches_the_local_rule():
    from newstrace.engines.spark import _rank_ids
    from newstrace.engines.spark_stages import assign_ids
    assert _rank_ids("x", [7, 3, 5]) == [(3, "x"), (5, "x-2"), (7, "x-3")]
    assert assign_ids([(1, "x"), (2, "x"), (3, "x-2")]) == {1: "x", 2: "x-2", 3: "x-2-2"}


def test_first_holders_of_a_hot_shingle_across_salts(spark):
    """The k lowest holders of each hash, also when they fall in different salts and a hash
    has more holders than SALT × k."""
    from newstrace.engines.spark_candidates import SALT, first_holders
    rows = [(1, key) for key in range(3 * SALT * 4, 0, -1)]          # 3,072 holders, every salt
    rows += [(2, key) for key in (SALT + 9, 9, 2 * SALT + 9, 5)]      # one salt (9), and 5
    rows += [(3, 42)]
    df = spark.createDataFrame(rows, "hash BIGINT, doc_key INT")
    got = {r["hash"]: sorted(r["heads"]) for r in first_holders(df, 3).collect()}
    assert got == {1: [1, 2, 3], 2: [5, 9, SALT + 9], 3: [42]}


def pan13_sample(tmp_path, n_docs=1000):
    """Link the documents of the first PAN13 training pairs into tmp_path, up to n_docs documents."""
    from conftest import PAN13
    pairs = PAN13 / "pairs"
    if not pairs.exists():
        pytest.skip(f"no PAN13 training corpus at {PAN13}")
    d = tmp_path / "pan13"
    (d / "susp").mkdir(parents=True)
    (d / "src").mkdir()
    seen: set[str] = set()
    for line in pairs.read_text(encoding="utf-8").split("\n"):
        for name, sub in zip(line.split(), ("susp", "src")):
            if name not in seen and len(seen) < n_docs:
                seen.add(name)
                (d / sub / name).symlink_to(PAN13 / sub / name)
        if len(seen) >= n_docs:
            break
    return d


@pytest.mark.slow
def test_pan13_sample_conformance(spark, tmp_path):
    """1,000 PAN13 training documents: same documents, pairs, passages and provenance edges."""
    d = pan13_sample(tmp_path)
    db, out, ls, ss = run_both(spark, [d], tmp_path, fast_settings())
    # 1,000 files: two are exact copies of others and one holds NUL bytes (a failure)
    assert (ss.documents_added, ss.duplicates, ss.failures) == (ls.documents_added, ls.duplicates, ls.failures)
    assert ls.documents_added + ls.duplicates + ls.failures == 1000
    assert_same(db, out, {t: TABLES[t] for t in ("documents", "pairs", "passages", "failures")})
    assert_same(db, out, PROV)
    assert ss.passages == ls.passages > 0


def test_align_partition_prepares_each_document_in_its_language():
    from newstrace.align.api import DocCache, align_one
    from newstrace.engines.spark_stages import align_copartition, index_document, passage_tuple
    de = ("Die Regierung teilte am Montag mit, dass der Damm im Norden gebrochen sei und viele Menschen "
          "ihre Häuser verlassen mussten. Die Feuerwehr brachte mehr als zweitausend Bewohner in Sicherheit. ")
    texts = {"t": "Einleitung des Blattes. " + de * 2, "s": de * 2}
    cfg = Settings().align
    want = [passage_tuple(p) for p in align_one(DocCache(texts, {"t": "de", "s": "de"}), "t", "s", cfg)]
    # "s" (key 1) is dated earlier, so it is the source although its key is the lower one
    for shipped in (False, True):   # documents prepared by the index stage, or prepared here
        compact = {k: index_document(0, k, texts[k], "de", cfg.ngram)[2] if shipped else None for k in texts}
        items = [((0, 0, 1), ("s", texts["s"], "de", "2020-01-01", compact["s"])),
                 ((0, 0, 2), ("t", texts["t"], "de", "2020-01-02", compact["t"])), ((0, 1, 1, 2), 5)]
        assert [r[3] for r in align_copartition(items, cfg)] == [want] and want


def test_pair_partitions_cut_the_corpus_in_two_dimensions():
    """A pair partition needs the documents of two buckets only, and buckets are small enough
    that two fit the per-task cache: partitioned by one key, 50,000 documents thrashed it."""
    from newstrace.engines.spark import _buckets, _pair_part, _part
    B = _buckets(4, 185_000_000, 50_000_000)          # the 50k synthetic corpus, default cache
    assert 2 * 185_000_000 / B <= 0.8 * 50_000_000 and B * (B + 1) // 2 >= 4
    assert _buckets(8, 1_000, 50_000_000) * (_buckets(8, 1_000, 50_000_000) + 1) // 2 >= 8
    keys = range(3000)
    docs_of: dict[int, set[int]] = {}
    for a in keys[:300]:
        for b in keys[a + 1::37]:
            part = _pair_part(a, b, B)
            assert part == _pair_part(b, a, B) and 0 <= part < B * (B + 1) // 2
            docs_of.setdefault(part, set()).update((a, b))
    for part, docs in docs_of.items():
        assert len({_part(k, B) for k in docs}) <= 2       # two buckets per partition
