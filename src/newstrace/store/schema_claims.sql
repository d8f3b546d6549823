-- claims stage (issue 5). Offsets are half-open character ranges into documents.text.
CREATE SEQUENCE IF NOT EXISTS claim_mention_seq START 1;

-- one row per figure or quotation found in a document
CREATE TABLE IF NOT EXISTS claim_mentions (
    mention_id        INTEGER PRIMARY KEY,
    claim_id          INTEGER,          -- claims.claim_id after grouping
    doc_id            VARCHAR,
    kind              VARCHAR,          -- figure | quote | reported
    "begin"           INTEGER,          -- the figure phrase ("62 servicemen"), the quoted words or the reported clause
    "end"             INTEGER,
    num_begin         INTEGER,          -- the number alone ("62", "at least 80")
    num_end           INTEGER,
    value_low         DOUBLE,           -- NULL: unbounded below
    value_high        DOUBLE,           -- NULL: unbounded above
    qualifier         VARCHAR,          -- exact | more_than | at_least | up_to | less_than | approx | nearly | range | vague
    unit              VARCHAR,          -- what it counts, normalised: 'soldiers killed', 'strikes'
    entity            VARCHAR,
    outcome           VARCHAR,
    detail            VARCHAR,          -- e.g. 'F-16'
    place             VARCHAR,
    place_key         VARCHAR,
    place_from        VARCHAR,          -- sentence | context (sentences before) | document (most named)
    doc_places        JSON,             -- keys of every place the document names
    date              VARCHAR,          -- 'MM-DD' when the text names a calendar day
    speaker           VARCHAR,          -- attribution phrase as written
    speaker_begin     INTEGER,
    speaker_end       INTEGER,
    attributed_to     VARCHAR,          -- canonical source id, e.g. 'russia/military'
    attributed_label  VARCHAR,
    attribution_how   VARCHAR,          -- quote | reported | according_to | context
    quote_begin       INTEGER,          -- the quotation holding a figure, if any
    quote_end         INTEGER,
    text              VARCHAR,          -- documents.text[begin:end]
    method            VARCHAR           -- spacy | rules
);

-- documents whose claims were extracted (so re-runs extract only new documents)
CREATE TABLE IF NOT EXISTS claim_docs (
    doc_id   VARCHAR PRIMARY KEY,
    method   VARCHAR,
    n_figures INTEGER,
    n_quotes  INTEGER
);

-- claims grouped over the whole store; rebuilt by every claims run
CREATE TABLE IF NOT EXISTS claims (
    claim_id            INTEGER PRIMARY KEY,
    kind                VARCHAR,        -- figure | quote | reported
    label               VARCHAR,
    unit                VARCHAR,
    entity              VARCHAR,
    outcome             VARCHAR,
    value_low           DOUBLE,
    value_high          DOUBLE,
    qualifier           VARCHAR,
    place               VARCHAR,
    date                VARCHAR,
    attributed_to       VARCHAR,        -- labels of the named sources, '; '-separated
    attributed_ids      JSON,
    mentions            INTEGER,
    documents           INTEGER,
    independent_sources INTEGER,
    sources             JSON,           -- [{source, label, kind: named|documents, documents: [...]}]
    carriers            JSON,           -- doc_ids mentioning the claim
    conflicts_with      JSON,           -- claim_ids
    compatible_with     JSON,
    links_from          VARCHAR         -- prov_edges | passages | none
);
