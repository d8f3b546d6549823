"""Hand-made stores for the web tests: hostile text, every passage kind, odd ids."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from newstrace.store.store import Store

HOSTILE = ("Officials said <script>alert('x')</script> the dam broke at dawn. "
           "Fourteen people died and thirty-seven were injured, the ministry said. "
           "<img src=x onerror=alert(2)> Rescue teams evacuated two thousand residents. "
           "See [more](javascript:alert(3)) &amp; &lt;b&gt;not bold&lt;/b&gt; for details.")
COPY = ("BREAKING: Officials said <script>alert('x')</script> the dam broke at dawn. "
        "Fourteen people died and thirty-seven were hurt, the ministry told reporters. "
        "Nothing else is shared here at all.")
PARA = "Authorities reported that a dam collapsed early in the morning. Many residents fled."
RAW_A = "<html><body><nav>Home | News</nav><p>" + HOSTILE + "</p><div class=comments>Spam comment</div></body></html>"
ODD_ID = "../../etc/passwd"

DOCS = [  # doc_id, outlet, title, published, language, text, url
    ("a", "<b>Wire</b>", "<script>alert('title')</script>", "2024-01-01T08:00", "en", HOSTILE, "javascript:alert(1)"),
    ("b", "Daily", "Copy of the wire", "2024-01-02", "en", COPY, "https://daily.example/b"),
    ("c", "Daily", "Paraphrase", "2024-01-03", "en", PARA, None),
    (ODD_ID, "Weird", "Odd id", "2024-02-10", "de", "Der Damm brach im Morgengrauen.", None),
    ("e", None, None, None, None, "Nothing shared here.", None),
]


def _passages() -> list[tuple]:
    """Return passages with offsets computed from the texts (target b/c/odd, source a)."""
    s1 = HOSTILE.index("Officials")
    e1 = HOSTILE.index(" Fourteen")
    t1 = COPY.index("Officials")
    s2, e2 = HOSTILE.index("Fourteen"), HOSTILE.index(" <img")
    t2, u2 = COPY.index("Fourteen"), COPY.index(" Nothing")
    return [
        (1, "b", t1, t1 + (e1 - s1), "a", s1, e1, "verbatim", 1.0, "lexical", 1),
        (2, "b", t2, u2, "a", s2, e2, "edited", 0.8, "lexical", 1),
        (3, "c", 0, len(PARA), "a", 0, e2, "paraphrase", 0.7, "semantic", 1),
        (4, ODD_ID, 0, 31, "a", s1, e1, "translation", 0.6, "semantic", 1),
    ]


def char_map_a() -> list[list[int]]:
    """Return the char map of document a: its text is one run inside RAW_A."""
    return [[0, RAW_A.index(HOSTILE), len(HOSTILE)]]


def make_store(path: Path) -> str:
    """Create the hostile store at path and return its path as a string."""
    with Store(path) as st:
        con = st.con
        for key, (doc_id, outlet, title, pub, lang, text, url) in enumerate(DOCS, 1):
            raw = RAW_A if doc_id == "a" else text
            cmap = char_map_a() if doc_id == "a" else [[0, 0, len(text)]]
            meta = json.dumps({"note": "<script>alert(9)</script>", "tags": ["<b>x</b>"]}) if doc_id == "a" else None
            con.execute("""INSERT INTO documents (doc_key, doc_id, path, source, outlet, title, published,
                           published_source, url, language, fmt, raw, text, char_map, n_chars, stage, meta)
                           VALUES (nextval('doc_seq'), ?, ?, ?, ?, ?, ?, 'input', ?, ?, 'text', ?, ?, ?, ?,
                                   'aligned', ?)""",
                        [doc_id, f"in/{key}.txt", f"in/{key}.txt", outlet, title, pub, url, lang,
                         raw, text, json.dumps(cmap), len(text), meta])
        con.executemany("INSERT INTO passages (passage_id, target_id, target_begin, target_end, source_id, "
                        "source_begin, source_end, kind, score, method, run_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _passages())
        con.execute("SELECT nextval('passage_seq') FROM range(?)", [len(_passages())])
        con.execute("""INSERT INTO failures (failure_id, run_id, path, position, stage, reason, failed_at)
                       VALUES (1, 1, 'in/x.html', '', 'extract', 'no <i>article</i> text', now())""")
    return str(path)


def add_provenance(path: str) -> None:
    """Add provenance edges (one to an external source) in the contract's columns."""
    con = duckdb.connect(path)
    try:
        con.execute("""CREATE TABLE IF NOT EXISTS prov_edges (source_id VARCHAR, target_id VARCHAR,
                       relation VARCHAR, confidence DOUBLE, evidence JSON)""")
        con.execute("""CREATE TABLE IF NOT EXISTS prov_sources (source_id VARCHAR PRIMARY KEY,
                       label VARCHAR, kind VARCHAR)""")
        con.execute("""INSERT INTO prov_edges (source_id, target_id, relation, confidence, evidence) VALUES
            ('a', 'b', 'copies', 0.9, '{"why": "<script>x</script>"}'),
            ('a', 'c', 'paraphrases', 0.6, NULL),
            ('ext:ministry-statement', 'a', 'excerpts_with_attribution', 0.8, NULL),
            ('a', '../../etc/passwd', 'sibling_of', 0.7, NULL)""")
        con.execute("""INSERT INTO prov_sources (source_id, label, kind)
                       VALUES ('ext:ministry-statement', 'Statement of the <i>ministry</i>', 'statement')""")
    finally:
        con.close()


def add_claims(path: str) -> None:
    """Add two conflicting claims and their mentions in the claims stage's columns."""
    con = duckdb.connect(path)
    try:
        con.execute("""CREATE TABLE IF NOT EXISTS claims (claim_id INTEGER PRIMARY KEY, kind VARCHAR,
            label VARCHAR, unit VARCHAR, value_low DOUBLE, value_high DOUBLE, qualifier VARCHAR,
            attributed_to VARCHAR, mentions INTEGER, documents INTEGER, independent_sources INTEGER,
            sources JSON, carriers JSON, conflicts_with JSON, compatible_with JSON, links_from VARCHAR)""")
        con.execute("""CREATE TABLE IF NOT EXISTS claim_mentions (mention_id INTEGER PRIMARY KEY,
            claim_id INTEGER, doc_id VARCHAR, kind VARCHAR, "begin" INTEGER, "end" INTEGER, text VARCHAR,
            speaker VARCHAR, attributed_label VARCHAR)""")
        con.execute("""INSERT INTO claims (claim_id, kind, label, unit, value_low, value_high, qualifier,
            attributed_to, mentions, documents, independent_sources, sources, carriers, conflicts_with,
            compatible_with, links_from) VALUES
            (1, 'figure', '14 people killed', 'people killed', 14, 14, 'exact', '<script>Ministry</script>',
             2, 2, 1, '[{"source": "ministry", "label": "Ministry", "kind": "named", "documents": ["a", "b"]}]',
             '["a", "b"]', '[2]', '[]', 'passages'),
            (2, 'figure', 'at least 80 killed', 'people killed', 80, NULL, 'at_least', 'Observers',
             1, 1, 1, '[]', '["e"]', '[1]', '[]', 'passages')""")
        a, b = HOSTILE.index("Fourteen"), COPY.index("Fourteen")
        con.execute("""INSERT INTO claim_mentions (mention_id, claim_id, doc_id, kind, "begin", "end", text,
            speaker, attributed_label) VALUES
            (1, 1, 'a', 'figure', ?, ?, 'Fourteen', 'the ministry said', 'Ministry'),
            (2, 1, 'b', 'figure', ?, ?, 'Fourteen', NULL, NULL),
            (3, 2, 'e', 'figure', 0, 7, 'Nothing', NULL, NULL)""", [a, a + 8, b, b + 8])
    finally:
        con.close()
