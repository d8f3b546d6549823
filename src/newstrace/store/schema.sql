-- newstrace store schema (DuckDB). The one place the schema is written down.
-- Every span is a half-open character range [begin, end) into documents.text.
CREATE SEQUENCE IF NOT EXISTS run_seq START 1;
CREATE SEQUENCE IF NOT EXISTS doc_seq START 1;
CREATE SEQUENCE IF NOT EXISTS failure_seq START 1;
CREATE SEQUENCE IF NOT EXISTS passage_seq START 1;

CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS runs (
    run_id     INTEGER PRIMARY KEY,
    command    VARCHAR,
    started    TIMESTAMP,
    finished   TIMESTAMP,
    status     VARCHAR,           -- running | done | failed
    settings   JSON,
    inputs     JSON,
    stats      JSON
);

CREATE TABLE IF NOT EXISTS documents (
    doc_key          INTEGER PRIMARY KEY,   -- internal integer key (joins, shingles)
    doc_id           VARCHAR UNIQUE,        -- user-facing id
    path             VARCHAR,               -- input file
    source           VARCHAR,               -- file plus position, e.g. a.warc.gz#record=3
    url              VARCHAR,
    outlet           VARCHAR,
    title            VARCHAR,
    published        VARCHAR,               -- ISO date/datetime
    published_source VARCHAR,               -- input | text | url | html
    byline           VARCHAR,
    dateline         VARCHAR,
    dateline_place   VARCHAR,
    dateline_agency  VARCHAR,
    language         VARCHAR,
    fmt              VARCHAR,               -- text | html
    encoding         VARCHAR,
    content_hash     VARCHAR UNIQUE,        -- sha256 of the raw content
    raw              VARCHAR,
    text             VARCHAR,               -- clean text; all offsets refer to it
    char_map         JSON,                  -- [[clean_begin, raw_begin, length], ...]
    meta             JSON,                  -- other input fields and extraction extras
    n_chars          INTEGER,
    stage            VARCHAR,               -- extracted | indexed | aligned
    run_id           INTEGER
);

CREATE TABLE IF NOT EXISTS duplicates (
    path         VARCHAR,
    source       VARCHAR,
    content_hash VARCHAR,
    doc_id       VARCHAR,                   -- the document it duplicates
    run_id       INTEGER
);

CREATE TABLE IF NOT EXISTS failures (
    failure_id INTEGER PRIMARY KEY,
    run_id     INTEGER,
    path       VARCHAR,
    position   VARCHAR,
    stage      VARCHAR,
    reason     VARCHAR,
    failed_at  TIMESTAMP
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_key INTEGER,
    idx     INTEGER,
    "begin" INTEGER,
    "end"   INTEGER
);

-- sampled shingle hashes of each document's content words (candidate index)
CREATE TABLE IF NOT EXISTS shingles (
    hash    BIGINT,
    doc_key INTEGER
);

-- candidate pairs already compared (a < b), so re-runs compare only new ones
CREATE TABLE IF NOT EXISTS pairs (
    a_key   INTEGER,
    b_key   INTEGER,
    shared  INTEGER,
    n_passages INTEGER,
    run_id  INTEGER
);

CREATE TABLE IF NOT EXISTS passages (
    passage_id    INTEGER PRIMARY KEY,
    target_id     VARCHAR,
    target_begin  INTEGER,
    target_end    INTEGER,
    source_id     VARCHAR,
    source_begin  INTEGER,
    source_end    INTEGER,
    kind          VARCHAR,    -- verbatim | edited (later: paraphrase | translation)
    score         DOUBLE,
    method        VARCHAR,    -- lexical (later: semantic)
    run_id        INTEGER
);
