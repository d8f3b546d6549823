-- Semantic alignment stage (issue 3).
-- Sentence embeddings, one row per (model, sentence text): nothing is embedded twice.
CREATE TABLE IF NOT EXISTS embeddings (
    model     VARCHAR,   -- embedder name, e.g. use-multilingual-v3
    text_hash BIGINT,    -- blake2b-64 of the sentence text
    vec       BLOB       -- float32 unit vector, little endian
);

-- Sentence-level alignment inside a passage the semantic stage wrote or merged:
-- sentences = [[target_begin, target_end, source_begin, source_end, similarity], ...]
CREATE TABLE IF NOT EXISTS passage_sentences (
    passage_id INTEGER,
    sentences  JSON
);

-- Document pairs the semantic stage has compared (a_key < b_key), so re-runs skip them.
CREATE TABLE IF NOT EXISTS semantic_pairs (
    a_key   INTEGER,
    b_key   INTEGER,
    origin  VARCHAR,     -- lexical (a lexical candidate) | ann (nearest neighbours)
    n_passages INTEGER,
    run_id  INTEGER
);

-- Documents whose semantic candidates have been searched.
CREATE TABLE IF NOT EXISTS semantic_docs (
    doc_key INTEGER,
    run_id  INTEGER
);

-- Document vectors (unit mean of the leading sentences' vectors) for nearest-neighbour candidates.
CREATE TABLE IF NOT EXISTS doc_vectors (
    doc_key INTEGER,
    model   VARCHAR,
    vec     BLOB
);
