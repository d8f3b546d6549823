-- Provenance stage (issue 4): recomputed over the whole store on every run.
-- Ids are documents.doc_id or external-source ids starting with 'ext:'.
CREATE TABLE IF NOT EXISTS prov_edges (
    source_id   VARCHAR,      -- parent: doc_id or ext:<slug>
    target_id   VARCHAR,      -- child (for sibling_of: the larger id of the two)
    relation    VARCHAR,      -- copies | excerpts_with_attribution | paraphrases | translates | sibling_of | republishes
    confidence  DOUBLE,
    evidence    JSON,         -- features, families, credit, common parent
    n_passages  INTEGER,
    run_id      INTEGER
);

CREATE TABLE IF NOT EXISTS prov_sources (
    source_id   VARCHAR PRIMARY KEY,   -- ext:<slug>, stable across runs
    label       VARCHAR,               -- e.g. 'statement of the Russian Foreign Ministry'
    kind        VARCHAR,               -- statement | body | article | wire
    n_docs      INTEGER,
    first_seen  VARCHAR,               -- earliest date among the documents it feeds
    evidence    JSON,
    run_id      INTEGER
);

-- pair decisions, including the undetermined ones (abstentions)
CREATE TABLE IF NOT EXISTS prov_pairs (
    a_id        VARCHAR,
    b_id        VARCHAR,
    direction   VARCHAR,      -- a->b | b->a | siblings | undetermined
    source_id   VARCHAR,
    target_id   VARCHAR,
    relation    VARCHAR,
    confidence  DOUBLE,
    score       DOUBLE,
    evidence    JSON,
    run_id      INTEGER
);

CREATE TABLE IF NOT EXISTS prov_families (
    family_id         VARCHAR PRIMARY KEY,
    origin_id         VARCHAR,  -- doc_id, ext:<slug>, or NULL when undetermined
    origin_confidence DOUBLE,
    n_docs            INTEGER,
    n_variants        INTEGER,
    first_published   VARCHAR,
    last_published    VARCHAR,
    spread_hours      DOUBLE,
    run_id            INTEGER
);

CREATE TABLE IF NOT EXISTS prov_family_members (
    family_id         VARCHAR,
    doc_id            VARCHAR,
    "begin"           INTEGER,
    "end"             INTEGER,
    n_spans           INTEGER,
    published         VARCHAR,
    rank              INTEGER,  -- order of spread (by date; undated last)
    hours_after_first DOUBLE,
    variant           INTEGER,  -- members with the same number have the same text
    parent_id         VARCHAR,
    run_id            INTEGER
);
