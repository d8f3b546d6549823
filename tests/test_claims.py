"""Claims: figures, quotes, attribution and independence-aware corroboration."""

from __future__ import annotations

import json

import pytest

from newstrace.claims.attribution import canonical_source
from newstrace.claims.corroboration import group_claims
from newstrace.claims.extract import extract_document
from newstrace.engines.claims_run import run_claims
from newstrace.engines.local import LocalEngine
from newstrace.settings import Settings
from newstrace.store import queries
from newstrace.store.store import Store

from conftest import SEEDS


def _analyze(store: Store, inputs: list[str]) -> None:
    """Run ingest, index, align, then the claims stage (not the other later stages)."""
    settings = Settings()
    eng = LocalEngine(store, settings, jobs=1)
    from newstrace.engines.local import RunStats

    stats = RunStats()
    eng.ingest(inputs, stats)
    eng.index(stats)
    eng.align(stats)
    run_claims(store.con, settings.claims)


def _claims(store: Store) -> list[dict]:
    cur = store.con.execute("SELECT * FROM claims ORDER BY claim_id")
    names = [d[0] for d in cur.description]
    out = []
    for r in cur.fetchall():
        row = dict(zip(names, r))
        for k in ("sources", "carriers", "conflicts_with", "compatible_with", "attributed_ids"):
            row[k] = json.loads(row[k]) if isinstance(row[k], str) else row[k]
        out.append(row)
    return out


def _find(claims, unit, low, high):
    hits = [
        c
        for c in claims
        if c["kind"] == "figure"
        and c["unit"] == unit
        and c["value_low"] == low
        and c["value_high"] == high
    ]
    assert hits, f"no claim {low}-{high} {unit}: {[(c['label'], c['place']) for c in claims]}"
    return hits


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}")
    store = Store(tmp_path_factory.mktemp("claims") / "seeds.duckdb")
    _analyze(store, [str(SEEDS)])
    yield store
    store.close()


def test_seeds_62_killed_one_source_russian_military(seeds_store):
    claims = _claims(seeds_store)
    [c62] = _find(claims, "soldiers killed", 62, 62)
    assert c62["mentions"] >= 3
    assert c62["independent_sources"] == 1
    assert c62["attributed_ids"] == ["russia/military"]
    assert c62["attributed_to"] == "Russian military"
    docs = {m["doc_id"][:3] for m in queries.claim_mentions(seeds_store.con, c62["claim_id"])}
    assert {"000", "002", "004"} <= docs
    phrases = {
        m["speaker"].lower()
        for m in queries.claim_mentions(seeds_store.con, c62["claim_id"])
        if m["speaker"]
    }
    assert {"the russian defense ministry", "a russian army statement"} <= phrases


def test_seeds_100_wounded_one_source(seeds_store):
    [c100] = _find(_claims(seeds_store), "soldiers wounded", 100, 100)
    assert c100["mentions"] >= 3 and c100["independent_sources"] == 1
    assert c100["attributed_ids"] == ["russia/military"]


def test_seeds_80_killed_observatory_conflicts_with_62(seeds_store):
    claims = _claims(seeds_store)
    [c80] = _find(claims, "soldiers killed", 80, None)
    [c62] = _find(claims, "soldiers killed", 62, 62)
    assert c80["attributed_to"] == "Syrian Observatory for Human Rights"
    assert c80["independent_sources"] == 1 and c80["qualifier"] == "at_least"
    assert c62["claim_id"] in c80["conflicts_with"] and c80["claim_id"] in c62["conflicts_with"]
    [c60] = _find(claims, "soldiers killed", 60, None)
    assert (
        c60["claim_id"] in c62["compatible_with"] and c60["claim_id"] not in c62["conflicts_with"]
    )


def test_seeds_strikes_and_jets_from_004(seeds_store):
    claims = _claims(seeds_store)
    [strikes] = _find(claims, "strikes", 4, 4)
    assert any(d.startswith("004") for d in strikes["carriers"])
    [jets] = _find(claims, "aircraft", 2, 2)
    ms = queries.claim_mentions(seeds_store.con, jets["claim_id"])
    assert len(ms) == 2 and {m["doc_id"][:3] for m in ms} == {"004"}
    assert "F-16" in ms[0]["text"] and "A-10" in ms[1]["text"]
    assert jets["attributed_ids"] == ["russia/military"]


def test_seeds_raqqa_civilians_not_merged_with_deir_ez_zor(seeds_store):
    claims = _claims(seeds_store)
    [c18] = _find(claims, "civilians killed", 18, None)
    assert c18["place"] == "Raqqa" and c18["carriers"] == [
        c for c in c18["carriers"] if c.startswith("003")
    ]
    deir = [
        c for c in claims if c["kind"] == "figure" and (c["place"] or "").lower().startswith("deir")
    ]
    assert deir and all(
        c18["claim_id"] not in c["conflicts_with"] + c["compatible_with"] for c in deir
    )
    [c12] = _find(claims, "civilians killed", 12, 12)
    assert c12["claim_id"] not in c18["conflicts_with"]


def test_mention_offsets_point_at_the_figure(seeds_store):
    texts = dict(seeds_store.con.execute("SELECT doc_id, text FROM documents").fetchall())
    rows = seeds_store.con.execute(
        'SELECT doc_id, "begin", "end", num_begin, num_end, text, speaker, speaker_begin, speaker_end '
        "FROM claim_mentions"
    ).fetchall()
    assert rows
    for doc_id, b, e, nb, ne, text, speaker, sb, se in rows:
        assert texts[doc_id][b:e] == text
        if nb is not None:
            assert b <= nb < ne <= e
        if speaker is not None:
            assert texts[doc_id][sb:se] == speaker


AGENCY_DOCS = [
    "The Interior Ministry of Norland said 12 people were killed and 30 injured in the blast in Tarsk on Monday.",
    "Twelve people died and thirty were hurt in Tarsk, the Norland Interior Ministry said, after a blast on Monday.",
    "According to the Interior Ministry of Norland, 12 people were killed in a blast in Tarsk on Monday.",
    "A blast in Tarsk killed 12 people on Monday, Norland's Interior Ministry said in a statement.",
    "The blast in Tarsk on Monday killed 12 people, the Norland Interior Ministry told reporters.",
]


def test_one_agency_repeated_five_times_is_one_source(tmp_path):
    for i, text in enumerate(AGENCY_DOCS):
        (tmp_path / f"outlet{i}.txt").write_text(text + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        _analyze(store, [str(tmp_path / f"outlet{i}.txt") for i in range(5)])
        [c12] = _find(_claims(store), "people killed", 12, 12)
        assert c12["mentions"] == 5 and c12["documents"] == 5
        assert c12["independent_sources"] == 1
        assert c12["attributed_ids"] == ["norland/interior-ministry"]


UNATTRIBUTED = "Fire crews found 7 people dead in the warehouse in Brask on Friday night."


def test_prov_edges_collapse_unattributed_copies(tmp_path):
    for i in range(3):
        (tmp_path / f"copy{i}.txt").write_text(f"Report {i}. {UNATTRIBUTED}\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        _analyze(store, [str(tmp_path / f"copy{i}.txt") for i in range(3)])
        [c7] = _find(_claims(store), "people killed", 7, 7)
        assert c7["independent_sources"] == 3  # no edges, no passages: three documents
        store.con.execute(
            "CREATE TABLE IF NOT EXISTS prov_edges (source_id VARCHAR, target_id VARCHAR, "
            "relation VARCHAR, confidence DOUBLE, evidence JSON)"
        )
        store.con.execute("DELETE FROM prov_edges")
        store.con.execute(
            "INSERT INTO prov_edges (source_id, target_id, relation, confidence) VALUES "
            "('copy0', 'copy1', 'copies', 0.9), ('ext:fire-service', 'copy2', 'republishes', 0.8),"
            "('ext:fire-service', 'copy0', 'republishes', 0.8)"
        )
        run_claims(store.con, Settings().claims)
        [c7] = _find(_claims(store), "people killed", 7, 7)
        assert c7["independent_sources"] == 1
        assert store.con.execute("SELECT DISTINCT links_from FROM claims").fetchall() == [
            ("prov_edges",)
        ]


def test_group_claims_pure_function_counts_named_source_once():
    ms = [
        {
            "doc_id": f"d{i}",
            "kind": "figure",
            "unit": "people killed",
            "value_low": 5.0,
            "value_high": 5.0,
            "qualifier": "exact",
            "attributed_to": "x/military" if i < 3 else None,
            "attributed_label": "X military",
            "place_key": None,
            "date": None,
        }
        for i in range(5)
    ]
    [claim] = group_claims(ms, [])
    assert claim["independent_sources"] == 1 and claim["mentions"] == 5
    from newstrace.claims.corroboration import GroupOptions

    [claim] = group_claims(
        [dict(m) for m in ms], [("d3", "d4")], GroupOptions(unattributed_are_carriers=False)
    )
    assert claim["independent_sources"] == 2


def test_quotes_and_speakers():
    text = (
        '"We urge our partners to conduct a thorough investigation," the ministry said in a statement. '
        "« Sixty-two Syrian soldiers were killed in these strikes, » a Russian army statement said.\n\n"
        "« A hundred others were injured. »\n\n"
        "Britain-based monitor the Syrian Observatory for Human Rights said at least 80 soldiers were killed."
    )
    dc = extract_document("The Russian Foreign Ministry spoke on Sunday. " + text, "en")
    speakers = [q.attribution.phrase for q in dc.quotes]
    assert speakers == ["the ministry", "a Russian army statement", "a Russian army statement"]
    assert dc.quotes[0].attribution.source.source_id == "russia/foreign-ministry"
    figs = {(f.figure.value_low, f.figure.unit): f.attribution.source.source_id for f in dc.figures}
    assert figs[(62, "soldiers killed")] == "russia/military"
    assert (
        figs[(100, "people wounded")] == "russia/military"
    )  # its own paragraph: noun not inherited
    assert figs[(80, "soldiers killed")] == "syrian-observatory-for-human-rights"


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("the Russian Defense Ministry", "russia/military"),
        ("the Russian army", "russia/military"),
        ("a Russian army statement", "russia/military"),
        ("Russia's military", "russia/military"),
        ("Russian General Vladimir Savchenko", "russia/military"),
        ("US officials", "us/government"),
        ("the Russian Foreign Ministry", "russia/foreign-ministry"),
    ],
)
def test_canonical_sources(phrase, expected):
    assert canonical_source(phrase).source_id == expected


def test_non_english_document_gets_rule_figures():
    dc = extract_document(
        "Nach den neuesten Informationen wurden 14 Menschen getötet und 37 verletzt.", "de"
    )
    assert dc.method == "rules"
    assert [(f.figure.value_low, f.figure.unit) for f in dc.figures] == [
        (14, "people killed"),
        (37, "people wounded"),
    ]
    assert dc.quotes == []


def test_missing_model_is_a_clear_config_error(tmp_path):
    from newstrace.errors import ConfigError

    (tmp_path / "a.txt").write_text(AGENCY_DOCS[0] + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        settings = Settings()
        eng = LocalEngine(store, settings, jobs=1)
        from newstrace.engines.local import RunStats

        eng.ingest([str(tmp_path / "a.txt")], RunStats())
        settings.set("claims.model", "no_such_spacy_model")
        with pytest.raises(ConfigError, match="not installed"):
            run_claims(store.con, settings.claims)


def test_a_document_that_breaks_extraction_becomes_a_failure(tmp_path, monkeypatch):
    import newstrace.claims.stage as stage

    for i, text in enumerate(AGENCY_DOCS[:3]):
        (tmp_path / f"o{i}.txt").write_text(text + "\n", encoding="utf-8")
    real = stage.extract_document

    def flaky(text, *a, **k):
        if "According to" in text:
            raise RuntimeError("boom")
        return real(text, *a, **k)

    monkeypatch.setattr(stage, "extract_document", flaky)
    with Store(tmp_path / "s.duckdb") as store:
        _analyze(store, [str(tmp_path / f"o{i}.txt") for i in range(3)])
        fails = store.con.execute("SELECT stage, reason FROM failures").fetchall()
        assert fails == [("claims", "claims extraction failed: RuntimeError: boom")]
        [c12] = _find(_claims(store), "people killed", 12, 12)
        assert c12["mentions"] == 2


def test_rerun_is_idempotent_and_new_documents_regroup(tmp_path):
    for i, text in enumerate(AGENCY_DOCS):
        (tmp_path / f"o{i}.txt").write_text(text + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        _analyze(store, [str(tmp_path / f"o{i}.txt") for i in range(3)])
        n1 = store.con.execute("SELECT count(*) FROM claim_mentions").fetchone()[0]
        [c12] = _find(_claims(store), "people killed", 12, 12)
        assert c12["mentions"] == 3
        _analyze(store, [str(tmp_path / f"o{i}.txt") for i in range(3)])
        assert store.con.execute("SELECT count(*) FROM claim_mentions").fetchone()[0] == n1
        _analyze(store, [str(tmp_path / f"o{i}.txt") for i in range(5)])
        [c12] = _find(_claims(store), "people killed", 12, 12)
        assert c12["mentions"] == 5 and c12["independent_sources"] == 1


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        (
            '"The water came so fast that we only had time," said Marta Lind, 43, who lives nearby.',
            "The water came so fast that we only had time,",
            "Marta Lind",
        ),
        (
            "'The water came so fast that we only had time', said Marta Lind (43).",
            "The water came so fast that we only had time",
            "Marta Lind (43",
        ),
        (
            'The civil protection ministry said: "Drinking water is being distributed at all shelters."',
            "Drinking water is being distributed at all shelters.",
            "The civil protection ministry",
        ),
        (
            "« We demand a full and detailed explanation now, » Zakharova told reporters.",
            "We demand a full and detailed explanation now,",
            "Zakharova",
        ),
    ],
)
def test_quote_speaker_patterns(text, quote, speaker):
    from newstrace.claims.quotes import find_quotes

    [q] = find_quotes(text)
    assert text[q.begin : q.end] == quote
    assert q.speaker_text(text) == speaker


def test_scare_quotes_and_unpaired_marks_are_not_quotations():
    from newstrace.claims.quotes import find_quotes

    assert (
        find_quotes('The Pentagon called it an "unintentional, regrettable error" on Friday.') == []
    )
    assert find_quotes("The US' refusal to coordinate was criticised, it said.") == []


def test_events_split_only_on_places_named_in_the_sentence():
    def m(doc, place, frm, doc_places):
        return {
            "doc_id": doc,
            "kind": "figure",
            "unit": "people killed",
            "value_low": 14.0,
            "value_high": 14.0,
            "qualifier": "exact",
            "attributed_to": None,
            "place_key": place,
            "place": place,
            "place_from": frm,
            "doc_places": doc_places,
            "date": None,
        }

    ms = [
        m("a", "karven", "sentence", ["karven"]),
        m("b", "raqqa", "sentence", ["raqqa"]),
        m("c", "dorn", "document", ["dorn"]),
        m("d", "dorn", "sentence", ["dorn", "karven"]),
    ]
    claims = group_claims(ms, [])
    assert sorted(sorted(c["carriers"]) for c in claims) == [["a", "c", "d"], ["b"]]


def test_unqualified_and_generic_sources_merge_into_the_one_named_body():
    from newstrace.claims.attribution import merge_unqualified
    from newstrace.claims.corroboration import resolve_aliases

    assert merge_unqualified({"?/military", "russia/military"}) == {"?/military": "russia/military"}
    assert merge_unqualified({"?/military", "russia/military", "us/military"}) == {}
    assert merge_unqualified({"?/ministry", "veloria/civil-protection"}) == {
        "?/ministry": "veloria/civil-protection"
    }
    ms = [
        {"attributed_to": "karven-relief-network", "attributed_label": "Karven Relief Network"},
        {"attributed_to": "local-relief-network", "attributed_label": "a local relief network"},
    ]
    resolve_aliases(ms)
    assert {m["attributed_to"] for m in ms} == {"karven-relief-network"}


@pytest.mark.parametrize(
    "phrase, org, expected",
    [
        (
            "Britain-based monitor the Syrian Observatory for Human Rights",
            "the Syrian Observatory for Human Rights",
            "syrian-observatory-for-human-rights",
        ),
        ("Volunteers of the Karven Relief Network", None, "karven-relief-network"),
        ("the cooperative's chair", None, "cooperative"),
        ("the latest information", None, None),
        ("it", None, None),
        ("Veloria's civil protection ministry", None, "veloria/civil-protection"),
        ("the Interior Ministry of Norland", None, "norland/interior-ministry"),
    ],
)
def test_canonical_source_names(phrase, org, expected):
    src = canonical_source(phrase, None, org)
    assert (src.source_id if src else None) == expected


def test_reported_speech_statements_with_speakers():
    text = (
        "The Pentagon said that the airstrike was a mistake and was intended to target militants. "
        "According to the Russian Foreign Ministry, the attack was part of a pattern of negligence. "
        '"This is not a reported statement at all," the ministry said.'
    )
    dc = extract_document(text, "en")
    got = [(text[r.begin : r.end], r.attribution.source.source_id) for r in dc.reported]
    assert (
        "the airstrike was a mistake and was intended to target militants",
        "us/military",
    ) in got
    assert ("the attack was part of a pattern of negligence", "russia/foreign-ministry") in got
    assert all("not a reported statement" not in t for t, _ in got)


def test_claims_in_worker_processes_match_one_process(tmp_path, monkeypatch):
    """jobs=2 parses batches in forked workers; stored rows are those of one process."""
    from conftest import EXAMPLES
    from newstrace.engines import claims_run
    monkeypatch.setattr(claims_run, "BATCH", 4)   # several batches from the demo corpus
    tables = {}
    for jobs in (1, 2):
        store = Store(tmp_path / f"j{jobs}.duckdb")
        settings = Settings()
        eng = LocalEngine(store, settings, jobs=1)
        from newstrace.engines.local import RunStats
        stats = RunStats()
        eng.ingest([str(EXAMPLES / "demo")], stats)
        out = run_claims(store.con, settings.claims, jobs=jobs)
        assert out["documents"] >= 8 and out["mentions"] > 0
        tables[jobs] = {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                        for t in ("claim_mentions", "claim_docs", "claims")}
        store.close()
    assert tables[1] == tables[2]
