"""End-to-end pipeline: analyze into a store, resume, increments, failures, duplicates."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import newstrace
from newstrace.align import api as align_api
from newstrace.engines import local as local_engine
from newstrace.engines.local import LocalEngine
from newstrace.settings import Settings
from newstrace.store.store import Store

from conftest import seed_path

STATEMENT = (
    "The Ministry of Civil Protection reported on Tuesday that the northern reservoir dam at Karven "
    "partially collapsed after three days of heavy rain. Fourteen people were killed and thirty-seven "
    "were injured when the water reached the lower districts of the town. Rescue teams evacuated more "
    "than two thousand residents overnight and set up shelters in four schools."
)
OTHER = (
    "The city orchestra opened its winter season with a programme of late romantic symphonies. "
    "Critics praised the young conductor for her sense of pace and the brass section for its warmth."
)


def _corpus(tmp_path, n=6):
    d = tmp_path / "corpus"
    d.mkdir()
    for i in range(n):
        own = f"Reporter number {i} adds an introduction of their own about the town of Karven and its people. "
        (d / f"art{i}.txt").write_text(own * (1 + i % 2) + "\n\n" + STATEMENT + "\n\n" + OTHER * (i % 2), encoding="utf-8")
    return d


def _passages(db):
    with Store(db, read_only=True) as st:
        return sorted(st.con.execute(
            "SELECT target_id, target_begin, target_end, source_id, source_begin, source_end, kind FROM passages"
        ).fetchall())


def test_seeds_golden_passage_between_000_and_002(tmp_path, seeds_dir):
    db = tmp_path / "s.duckdb"
    stats = newstrace.analyze([str(seeds_dir)], db=str(db), jobs=1)
    assert stats.documents_added == 5 and stats.failures == 0
    with Store(db, read_only=True) as st:
        texts = dict(st.con.execute("SELECT doc_id, text FROM documents").fetchall())
        rows = st.con.execute("SELECT target_id, target_begin, target_end, source_id, source_begin, source_end "
                     "FROM passages").fetchall()
    id0 = next(i for i in texts if i.startswith("000"))
    id2 = next(i for i in texts if i.startswith("002"))
    want0 = ("The attacks by the coalition planes near the Deir ez-Zor airport", "injured 100 more.")
    want2 = ("The attacks by the coalition planes in Deir ez-Zor", "injured 100 more.")
    hits = []
    for t, tb, te, s, sb, se in rows:
        if {t, s} != {id0, id2}:
            continue
        span = {t: (tb, te), s: (sb, se)}
        a0, a2 = texts[id0][slice(*span[id0])], texts[id2][slice(*span[id2])]
        if all(w.replace("\u00a0", " ") in a0.replace("\u00a0", " ") for w in want0) and \
                all(w.replace("\u00a0", " ") in a2.replace("\u00a0", " ") for w in want2):
            hits.append((a0, a2))
    assert len(hits) == 1, rows
    a0, a2 = hits[0]
    assert a0.startswith("The attacks by") and a2.startswith("The attacks by")
    assert len(a0) < 400 and len(a2) < 400   # the passage, not the whole article


def test_analyze_is_idempotent_and_incremental(tmp_path):
    corpus = _corpus(tmp_path)
    db = str(tmp_path / "s.duckdb")
    s1 = newstrace.analyze([str(corpus)], db=db, jobs=1)
    assert s1.documents_added == 6 and s1.pairs_compared == 15 and s1.pairs_with_reuse == 15
    first = _passages(db)
    s2 = newstrace.analyze([str(corpus)], db=db, jobs=1)
    assert s2.documents_added == 0 and s2.pairs_compared == 0 and s2.skipped_known == 6
    assert _passages(db) == first
    (corpus / "new.txt").write_text("A late report. " * 3 + "\n\n" + STATEMENT, encoding="utf-8")
    s3 = newstrace.analyze([str(corpus)], db=db, jobs=1)
    assert s3.documents_added == 1 and s3.pairs_compared == 6     # only the new document's pairs
    assert len(_passages(db)) == len(first) + 6


def test_interrupted_run_resumes_to_the_same_result(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    clean_db = str(tmp_path / "clean.duckdb")
    newstrace.analyze([str(corpus)], db=clean_db, jobs=1)
    db = str(tmp_path / "broken.duckdb")
    real = align_api.align_one
    calls = {"n": 0}

    def flaky(*a, **k):
        calls["n"] += 1
        if calls["n"] > 7:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(align_api, "align_one", flaky)
    monkeypatch.setattr(local_engine, "BATCH", 2)
    monkeypatch.setattr(local_engine, "ALIGN_BATCH", 2)
    with pytest.raises(KeyboardInterrupt):
        newstrace.analyze([str(corpus)], db=db, jobs=1)
    monkeypatch.setattr(align_api, "align_one", real)
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT status FROM runs").fetchone()[0] == "failed"
        assert 0 < st.con.execute("SELECT count(*) FROM pairs").fetchone()[0] < 15   # a partial run
    newstrace.analyze([str(corpus)], db=db, jobs=1)
    assert _passages(db) == _passages(clean_db)
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
        assert st.con.execute("SELECT count(*), count(DISTINCT (a_key, b_key)) FROM pairs").fetchone() == (15, 15)


def test_bad_inputs_are_recorded_and_the_rest_is_ingested(tmp_path):
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "good.txt").write_text(STATEMENT, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (d / "feed.jsonl").write_text(json.dumps({"id": "j1", "text": OTHER}) + "\n{broken\n"
                                  + json.dumps({"id": "j2", "text": STATEMENT + " Extra."}) + "\n")
    db = str(tmp_path / "s.duckdb")
    stats = newstrace.analyze([str(d)], db=db, jobs=1)
    assert stats.documents_added == 3 and stats.failures == 3
    with Store(db, read_only=True) as st:
        fails = st.con.execute("SELECT path, position, reason FROM failures ORDER BY path").fetchall()
    paths = [p.split("/")[-1] for p, _, _ in fails]
    assert paths == ["binary.txt", "empty.txt", "feed.jsonl"]
    assert "2" in fails[2][1]               # the broken line's position


def test_exact_duplicates_are_recorded_once(tmp_path):
    d = tmp_path / "dups"
    d.mkdir()
    (d / "a.txt").write_text(STATEMENT, encoding="utf-8")
    (d / "b.txt").write_text(STATEMENT, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    stats = newstrace.analyze([str(d)], db=db, jobs=1)
    assert stats.documents_added == 1 and stats.duplicates == 1
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT doc_id FROM duplicates").fetchall() == [("a",)]
    stats = newstrace.analyze([str(d)], db=db, jobs=1)
    assert stats.duplicates == 0 and stats.skipped_known == 2


def test_parallel_engine_matches_serial(tmp_path):
    corpus = _corpus(tmp_path, n=8)
    a, b = str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")
    newstrace.analyze([str(corpus)], db=a, jobs=1)
    newstrace.analyze([str(corpus)], db=b, jobs=2)
    assert _passages(a) == _passages(b)


def test_worker_processes_give_the_same_store_as_one_process(tmp_path, monkeypatch):
    """Extraction and indexing in worker processes, with duplicates and bad files in the batch."""
    monkeypatch.setattr(local_engine._Pool, "MIN_ITEMS", 4)
    d = _corpus(tmp_path, n=10)
    (d / "copy-of-art3.txt").write_bytes((d / "art3.txt").read_bytes())
    (d / "copy-of-art3-again.txt").write_bytes((d / "art3.txt").read_bytes())
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    (d / "blank-body.txt").write_text("Share\nTweet\nEmail\n", encoding="utf-8")
    results = []
    for jobs in (1, 2):
        db = str(tmp_path / f"j{jobs}.duckdb")
        stats = newstrace.analyze([str(d)], db=db, jobs=jobs)
        with Store(db, read_only=True) as st:
            docs = st.con.execute("SELECT doc_id, text, language FROM documents ORDER BY doc_id").fetchall()
            dups = st.con.execute("SELECT source, doc_id FROM duplicates ORDER BY source").fetchall()
            sents = st.con.execute("SELECT count(*) FROM sentences").fetchone()[0]
            fails = st.con.execute("SELECT reason FROM failures ORDER BY reason").fetchall()
        results.append((stats.documents_added, stats.duplicates, stats.failures, docs, dups, sents, fails,
                        _passages(db)))
    assert results[0] == results[1]
    added, dup, failed, docs, dups, *_ = results[0]
    assert added == 10 and dup == 2 and failed == 2
    assert {doc for _, doc in dups} == {"art3"}


def test_ingest_extracting_ahead_keeps_duplicates_and_failures_exact(tmp_path, monkeypatch):
    """Batches of 3 extracted up to two ahead of the store: a copy whose original is still being
    extracted is a duplicate of it, a copy of a document that failed fails too, and the store
    equals the one built batch by batch in one process."""
    d = _corpus(tmp_path, n=9)
    # in file order, batches of 3: art0 art1 art1x | art2 art3 art4 | art5 art6 art7 |
    # art8 b-blank b-copy | m-copy y-blank z-copy
    (d / "art1x.txt").write_bytes((d / "art1.txt").read_bytes())        # a copy in the same batch
    for name in ("b-copy.txt", "m-copy.txt", "z-copy.txt"):   # while art4 is extracted, and after
        (d / name).write_bytes((d / "art4.txt").read_bytes())
    for name in ("b-blank.txt", "y-blank.txt"):               # nothing left after boilerplate
        (d / name).write_text("Share\nTweet\nEmail\n", encoding="utf-8")
    settings = Settings()
    settings.semantic.enabled = settings.claims.enabled = False

    def store_of(db):
        with Store(db, read_only=True) as st:
            q = st.con.execute
            return (q("SELECT doc_id, source, text FROM documents ORDER BY doc_key").fetchall(),
                    q("SELECT source, doc_id FROM duplicates ORDER BY source").fetchall(),
                    q("SELECT path, reason FROM failures ORDER BY path").fetchall())
    out = []
    for jobs, batch in ((1, 200), (2, 3)):
        monkeypatch.setattr(local_engine, "BATCH", batch)
        monkeypatch.setattr(local_engine._Pool, "MIN_ITEMS", 2)
        db = tmp_path / f"ahead{jobs}.duckdb"
        with Store(db) as st:
            stats = LocalEngine(st, settings, jobs=jobs).analyze([str(d)])
        out.append(((stats.documents_added, stats.duplicates, stats.failures), store_of(db)))
    assert out[0] == out[1]
    (counts, (docs, dups, fails)) = out[0]
    assert counts == (9, 4, 2) and len(docs) == 9
    assert sorted(doc for _, doc in dups) == ["art1", "art4", "art4", "art4"]
    assert [Path(p).name for p, _ in fails] == ["b-blank.txt", "y-blank.txt"]


def _prepare_forbidden(doc_id):
    raise AssertionError(f"{doc_id} prepared again")


def test_index_stage_hands_prepared_documents_to_alignment(tmp_path, monkeypatch):
    """With two jobs the index stage prepares every document once and alignment reuses them
    (preparing again would fail here); with no budget for that, alignment prepares them
    itself; the passages are the same."""
    corpus = _corpus(tmp_path, n=12)         # 66 candidate pairs: the parallel path
    settings = Settings()
    settings.semantic.enabled = settings.claims.enabled = False
    out = {}
    for budget in (local_engine.PREPARED_CHARS, 0):
        monkeypatch.undo()
        monkeypatch.setattr(local_engine, "PREPARED_CHARS", budget)
        if budget:
            monkeypatch.setattr(align_api, "_prepare_packed", _prepare_forbidden)
        db = tmp_path / f"b{budget}.duckdb"
        with Store(db) as st:
            stats = LocalEngine(st, settings, jobs=2).analyze([str(corpus)])
        assert stats.pairs_compared >= 16
        out[budget] = _passages(db)
    assert out[0] == out[local_engine.PREPARED_CHARS] and out[0]


def test_align_uses_documents_prepared_earlier_without_preparing_again(monkeypatch):
    from newstrace.align.prepare import prepare
    docs = {f"c{i:02d}": f"Reporter {i} writes an introduction of their own. " + STATEMENT for i in range(20)}
    docs["s"] = STATEMENT
    pairs = [(f"c{i:02d}", "s") for i in range(20)]
    expect = sorted(align_api.align_documents(docs, pairs, Settings().align, jobs=1), key=repr)
    packed = {i: prepare(i, t).packed() for i, t in docs.items()}

    monkeypatch.setattr(align_api, "_prepare_packed", _prepare_forbidden)
    got = [p for _, ps in align_api.iter_aligned(docs, sorted(pairs), Settings().align, jobs=2,
                                                 prepared=packed) for p in ps]
    assert sorted(got, key=repr) == expect and len(expect) == 20


def test_store_memory_limit_is_applied_and_checked(tmp_path):
    from newstrace.errors import ConfigError
    settings = Settings()
    settings.store.memory_limit = "1GB"
    with Store(tmp_path / "m.duckdb") as st:
        LocalEngine(st, settings, jobs=1)
        limit = st.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        assert limit.replace(" ", "").lower() in ("953.6mib", "1gb", "1.0gb", "1000.0mb", "976.5mib")
        settings.store.memory_limit = "plenty"
        with pytest.raises(ConfigError, match="memory_limit"):
            LocalEngine(st, settings, jobs=1)
