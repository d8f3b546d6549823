"""Build the single-file HTML report from the store, through store.queries only."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import jinja2

from ..errors import ConfigError
from ..store import queries
from .claims import claims_section
from .provenance import provenance_section
from .spans import Segment, Span, excerpt, segment

KINDS = ("verbatim", "edited", "paraphrase", "translation")


@dataclass(frozen=True)
class ReportOptions:
    """What the report shows; defaults suit corpora of a few thousand documents."""

    context_chars: int = 300          # characters kept around passages in excerpt mode
    full_text_max_chars: int = 20_000  # longer documents show passages with context only
    max_pairs: int | None = None      # show at most this many pairs (most passages first)
    max_failures: int = 1_000         # failures listed one by one (all are counted)
    open_pairs: int = 10              # pair views expanded when the page opens
    title: str = "newstrace report"


def build_report(con: duckdb.DuckDBPyConnection, out_path: str | Path,
                 options: ReportOptions | None = None) -> Path:
    """Write the self-contained HTML report of the store to out_path and return the path.

    Example: ``build_report(store.con, "report.html")``
    """
    path = Path(out_path)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            for chunk in render_report(con, options or ReportOptions()):
                f.write(chunk)
        tmp.replace(path)
    except OSError as e:
        raise ConfigError(f"cannot write report {path}: {e.strerror or e}; check the output path") from e
    finally:
        tmp.unlink(missing_ok=True)
    return path


def render_report(con: duckdb.DuckDBPyConnection, opts: ReportOptions) -> Iterator[str]:
    """Render the report as a stream of HTML chunks."""
    template = _environment().get_template("report.html")
    return template.generate(**report_context(con, opts))


def _environment() -> jinja2.Environment:
    """Return the jinja2 environment (autoescaping everything) over the package templates."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("newstrace.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: f"{100 * (x or 0):.0f}%"
    env.filters["score"] = lambda x: "" if x is None else f"{x:.2f}"
    env.filters["safe_url"] = safe_url
    return env


def report_context(con: duckdb.DuckDBPyConnection, opts: ReportOptions) -> dict[str, Any]:
    """Gather everything the template needs; pair texts are loaded lazily, pair by pair."""
    pairs = queries.pairs(con, limit=opts.max_pairs)
    return {
        "opts": opts,
        "kinds": KINDS,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "summary": queries.summary(con),
        "failure_reasons": queries.failure_reasons(con),
        "failures": queries.failures(con, limit=opts.max_failures),
        "duplicates": queries.duplicates(con, limit=opts.max_failures),
        "runs": queries.runs(con, limit=20),
        "documents": queries.documents(con),
        "doc_pairs": _first_pair_of_docs(pairs),
        "pairs": pairs,
        "pair_views": _pair_views(con, pairs, opts),
        "claims": claims_section(con),
        "provenance": provenance_section(con),
    }


def _first_pair_of_docs(pairs: list[dict[str, Any]]) -> dict[str, int]:
    """Return, per document id, the number of the first pair view it appears in."""
    out: dict[str, int] = {}
    for n, p in enumerate(pairs, 1):
        out.setdefault(p["a_id"], n)
        out.setdefault(p["b_id"], n)
    return out


def _pair_views(con: duckdb.DuckDBPyConnection, pairs: list[dict[str, Any]],
                opts: ReportOptions) -> Iterator[dict[str, Any]]:
    """Yield one side-by-side view per pair, loading the two texts only when rendered."""
    for n, p in enumerate(pairs, 1):
        docs = queries.documents_by_id(con, [p["a_id"], p["b_id"]])
        _add_sentences(con, p["passages"], docs)
        yield pair_view(n, p, docs.get(p["a_id"]), docs.get(p["b_id"]), opts)


def _add_sentences(con: duckdb.DuckDBPyConnection, passages: list[dict[str, Any]],
                   docs: dict[str, Any]) -> None:
    """Attach to semantic passages their sentence pairs (texts and similarity) for the side-by-side view."""
    found = queries.passage_sentences(con, [x["passage_id"] for x in passages])
    for x in passages:
        t, s = docs.get(x["target_id"]) or {}, docs.get(x["source_id"]) or {}
        x["sentences"] = [{"sim": sim, "target": (t.get("text") or "")[int(tb):int(te)],
                           "source": (s.get("text") or "")[int(sb):int(se)]}
                          for tb, te, sb, se, sim in found.get(x["passage_id"], [])]


def safe_url(url: str | None) -> bool:
    """Return whether a URL may become a link (http or https only, never javascript:)."""
    return bool(url) and str(url).strip().lower().startswith(("http://", "https://"))


def kind_class(kind: str | None) -> str:
    """Return the CSS class of a passage kind (unknown kinds share one colour)."""
    return f"k-{kind}" if kind in KINDS else "k-other"


def pair_view(n: int, p: dict[str, Any], doc_a: dict[str, Any] | None,
              doc_b: dict[str, Any] | None, opts: ReportOptions) -> dict[str, Any]:
    """Return the data of one pair view: numbered passages and both sides' segments."""
    passages = []
    for p_ in p["passages"]:
        a_is_source = p_["source_id"] == p["a_id"]
        a = (p_["source_begin"], p_["source_end"]) if a_is_source else (p_["target_begin"], p_["target_end"])
        b = (p_["target_begin"], p_["target_end"]) if a_is_source else (p_["source_begin"], p_["source_end"])
        passages.append({**p_, "a": a, "b": b, "a_is_source": a_is_source,
                         "cls": kind_class(p_["kind"])})
    passages.sort(key=lambda x: (x["a"], x["b"], x["passage_id"]))
    for num, x in enumerate(passages, 1):
        x["num"] = num
    mixed = not all(x["a_is_source"] for x in passages)
    labels = ("mostly source side", "mostly target side") if mixed else ("source side", "target side")
    return {
        "n": n, "pair": p, "passages": passages, "open": n <= opts.open_pairs, "mixed": mixed,
        "sides": [_side("a", labels[0], p["a_id"], doc_a, passages, opts),
                  _side("b", labels[1], p["b_id"], doc_b, passages, opts)],
    }


def _side(key: str, label: str, doc_id: str, doc: dict[str, Any] | None,
          passages: list[dict[str, Any]], opts: ReportOptions) -> dict[str, Any]:
    """Return one side of a pair view: document metadata and highlighted segments."""
    side: dict[str, Any] = {"key": key, "label": label, "id": doc_id, "doc": doc, "segments": [], "excerpt": False}
    if doc is None:
        return side
    text = doc["text"]
    spans = [Span(x[key][0], x[key][1], x["num"]) for x in passages]
    side["excerpt"] = len(text) > opts.full_text_max_chars
    segs = excerpt(text, spans, opts.context_chars) if side["excerpt"] else segment(text, spans)
    side["segments"] = _decorate(segs, {x["num"]: x["cls"] for x in passages})
    return side


def _decorate(segments: list[Segment], classes: dict[int, str]) -> list[dict[str, Any]]:
    """Add to each segment its CSS classes and the passage numbers that start in it."""
    seen: set[int] = set()
    out = []
    for seg in segments:
        starts = [k for k in seg.keys if k not in seen]
        seen.update(seg.keys)
        cls = classes[seg.keys[0]] + (" multi" if len(seg.keys) > 1 else "") if seg.keys else ""
        out.append({"text": seg.text, "nums": seg.keys, "gap": seg.gap, "cls": cls,
                    "starts": starts, "omitted": seg.end - seg.begin})
    return out
