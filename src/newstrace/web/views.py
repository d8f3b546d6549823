"""Build the data of every page as plain JSON-ready dicts: the HTML pages and the API share them."""
from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date
from typing import Any
from urllib.parse import quote

import duckdb

from ..report.build import KINDS, ReportOptions, kind_class, pair_view
from ..store import queries
from .diff import sentence_pairs, word_diff
from .graph import doc_url, layout
from .highlight import highlight
from .rawview import raw_segments

ORDERS = ("id", "published", "outlet", "title", "language", "n_chars", "reused_from", "reused_by",
          "partners", "n_passages")
MAX_PAGE = 500
MAX_PARAM = 500
SEMANTIC_KINDS = ("paraphrase", "translation")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadRequest(ValueError):
    """A malformed parameter; the message says which and what is expected."""


# parameters -----------------------------------------------------------------

def text_param(name: str, value: str | None) -> str | None:
    """Return a stripped string parameter (None if empty); refuse overlong or control characters."""
    if value is None:
        return None
    if len(value) > MAX_PARAM:
        raise BadRequest(f"parameter {name!r} is longer than {MAX_PARAM} characters")
    if any(ord(c) < 32 for c in value):
        raise BadRequest(f"parameter {name!r} contains control characters")
    value = value.strip()
    return value or None


def date_param(name: str, value: str | None) -> str | None:
    """Return an ISO date parameter (YYYY-MM-DD) after checking it is a real date."""
    value = text_param(name, value)
    if value is None:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"parameter {name!r} must be a date like 2024-01-31, got {value!r}") from None
    return value


def bool_param(name: str, value: str | None) -> bool | None:
    """Return True/False for yes/no style values, None for empty or 'any'."""
    value = text_param(name, value)
    if value is None or value.lower() == "any":
        return None
    low = value.lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise BadRequest(f"parameter {name!r} must be yes, no or any, got {value!r}")


def limit_param(value: int | None, default: int) -> int:
    """Return a page size within 1..MAX_PAGE."""
    if value is None:
        return default
    if not 1 <= value <= MAX_PAGE:
        raise BadRequest(f"parameter 'limit' must be between 1 and {MAX_PAGE}, got {value}")
    return value


def encode_cursor(value: Any, doc_id: str) -> str:
    """Return an opaque keyset cursor for the row (sort value, id)."""
    return base64.urlsafe_b64encode(json.dumps([value, doc_id]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[Any, str] | None:
    """Return (sort value, id) from a cursor, or raise BadRequest."""
    cursor = text_param("after", cursor)
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, doc_id = json.loads(raw)
        if not isinstance(doc_id, str) or not (value is None or isinstance(value, (str, int, float))):
            raise ValueError
    except (ValueError, TypeError, binascii.Error):
        raise BadRequest("parameter 'after' is not a cursor from a previous page") from None
    return value, doc_id


# pages ----------------------------------------------------------------------

def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Return the overview: counts, failures, timeline, most reused documents and origins."""
    return {
        "summary": queries.summary(con),
        "failure_reasons": queries.failure_reasons(con),
        "timeline": timeline_bins(queries.timeline(con)),
        "most_reused": [_doc_row(r) for r in queries.document_page(con, order="partners", desc=True, limit=10)
                        if r["partners"]],
        "top_origins": [dict(r, href=None if r.get("external") else doc_url(r["id"]))
                        for r in queries.top_origins(con)],
        "kinds": list(KINDS),
    }


def timeline_bins(tl: dict[str, Any], max_bins: int = 120) -> dict[str, Any]:
    """Return the timeline binned by day, month or year so that at most max_bins remain."""
    days = tl["days"]
    for unit, width in (("day", 10), ("month", 7), ("year", 4)):
        bins: dict[str, int] = {}
        for d in days:
            bins[d["day"][:width]] = bins.get(d["day"][:width], 0) + d["n"]
        if len(bins) <= max_bins:
            break
    peak = max(bins.values(), default=0)
    rows = [{"label": k, "n": n, "share": n / peak if peak else 0, **_bin_range(k, unit)}
            for k, n in sorted(bins.items())]
    return {"unit": unit, "bins": rows, "undated": tl["undated"], "peak": peak}


def _bin_range(label: str, unit: str) -> dict[str, str]:
    """Return the first and last day of a timeline bin (for the documents filter link)."""
    if unit == "day":
        return {"date_from": label, "date_to": label}
    if unit == "month":
        y, m = int(label[:4]), int(label[5:7])
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return {"date_from": f"{label}-01", "date_to": date.fromordinal(nxt.toordinal() - 1).isoformat()}
    return {"date_from": f"{label}-01-01", "date_to": f"{label}-12-31"}


def document_list(con: duckdb.DuckDBPyConnection, flt: queries.DocumentFilter, order: str,
                  desc: bool, limit: int, after: str | None, terms: str | None = None,
                  cached: Any = None) -> dict[str, Any]:
    """Return one keyset page of the documents list with its total and the next cursor.

    ``terms`` names the word index to search with (else texts are scanned);
    ``cached(key, fn)`` memoises what does not depend on the request (facets).
    """
    if order not in ORDERS:
        raise BadRequest(f"parameter 'order' must be one of {', '.join(ORDERS)}, got {order!r}")
    cached = cached or (lambda key, fn: fn())
    rows = queries.document_page(con, flt, order=order, desc=desc, limit=limit + 1,
                                 after=decode_cursor(after), terms=terms)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor(rows[-1]["sort_key"], rows[-1]["id"]) if more and rows else None
    if flt.search and rows:
        _add_snippets(con, rows, flt.search)
    total = len(rows) if after is None and not more else queries.count_page(con, flt, terms=terms)
    return {"documents": [_doc_row(r) for r in rows], "total": total,
            "next": nxt, "order": order, "desc": desc, "limit": limit,
            "search": "words" if terms and flt.search and queries.search_words(flt.search) else "substring",
            "filter": {k: v for k, v in flt.__dict__.items()}, "facets": cached("facets", lambda: queries.facets(con))}


def _doc_row(r: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in r.items() if k not in ("sort_key", "doc_key")}
    out["href"] = doc_url(r["id"])
    return out


def _add_snippets(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], term: str) -> None:
    """Attach to each row the text around the first occurrence of the search term."""
    texts = queries.documents_by_id(con, [r["id"] for r in rows])
    words = queries.search_words(term)
    for r in rows:
        text = texts.get(r["id"], {}).get("text", "")
        low = text.lower()
        i, n = low.find(term.lower()), len(term)
        if i < 0 and words:                     # word search: show the first word found
            i, n = next(((j, len(w)) for w in words if (j := _word_start(low, w)) >= 0), (-1, 0))
        if i < 0:
            r["snippet"] = None
            continue
        b, e = max(0, i - 80), min(len(text), i + n + 80)
        r["snippet"] = {"before": ("…" if b else "") + text[b:i], "match": text[i:i + n],
                        "after": text[i + n:e] + ("…" if e < len(text) else "")}


def _word_start(low: str, word: str) -> int:
    """Return where a word begins in low-cased text (at a word boundary), or -1."""
    m = re.search(r"(?<![^\W_])" + re.escape(word), low)
    return m.start() if m else -1


def mark_param(value: str | None) -> tuple[int, int] | None:
    """Return a 'begin-end' character range parameter as two ints."""
    value = text_param("mark", value)
    if value is None:
        return None
    m = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value)
    if not m or int(m[1]) >= int(m[2]):
        raise BadRequest(f"parameter 'mark' must look like 120-180 (begin < end), got {value!r}")
    return int(m[1]), int(m[2])


def document_view(con: duckdb.DuckDBPyConnection, doc_id: str, view: str = "clean",
                  excerpt_chars: int = 200_000, mark: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """Return a document: metadata, highlighted clean text (or raw runs), passages, lineage."""
    doc = queries.document_record(con, doc_id)
    if doc is None:
        return None
    passages = queries.document_passages(con, doc_id)
    me = "/pair?a=" + quote(doc_id, safe="") + "&b="      # hubs have thousands of partners
    for p in passages:
        p["cls"] = kind_class(p["kind"])
        p["pair_href"] = f"{me}{quote(p['partner_id'], safe='')}#p-{p['passage_id']}"
        p["begin"], p["end"] = ((p["target_begin"], p["target_end"]) if p["role"] == "target"
                                else (p["source_begin"], p["source_end"]))
    text, raw, char_map = doc.pop("text"), doc.pop("raw"), doc.pop("char_map")
    out: dict[str, Any] = {"document": _doc_row(doc), "view": view, "passages": passages,
                           "lineage": lineage(con, doc_id, passages), "kinds": list(KINDS)}
    if view == "raw":
        out["raw"] = raw_segments(raw, char_map)
    else:
        out["text"] = text
        out["segments"] = highlight(text, passages, excerpt_chars, mark=mark)
        out["mark"] = list(mark) if mark else None
        out["excerpt"] = len(text) > excerpt_chars
    return out


def pair_url(a: str, b: str, passage_id: int | None = None) -> str:
    """Return the pair page URL of two documents (optionally anchored at a passage)."""
    return (f"/pair?a={quote(a, safe='')}&b={quote(b, safe='')}"
            + (f"#p-{passage_id}" if passage_id is not None else ""))


def lineage(con: duckdb.DuckDBPyConnection, doc_id: str,
            passages: list[dict[str, Any]]) -> dict[str, Any]:
    """Return 'derived from' and 'reused by' lists: provenance edges, else stored passage sides."""
    edges = queries.edge_page(con, doc_id, limit=500)
    if edges:
        labels = queries.node_labels(con, sorted({e["source_id"] for e in edges} | {e["target_id"] for e in edges}))
        sib = [e for e in edges if e.get("relation") == "sibling_of"]
        directed = [e for e in edges if e.get("relation") != "sibling_of"]
        derived = [_edge_row(e, e["source_id"], labels) for e in directed if e["target_id"] == doc_id]
        reused = [_edge_row(e, e["target_id"], labels) for e in directed if e["source_id"] == doc_id]
        siblings = [_edge_row(e, e["target_id"] if e["source_id"] == doc_id else e["source_id"], labels)
                    for e in sib]
        return {"basis": "provenance", "derived_from": derived, "reused_by": reused, "siblings": siblings}
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for p in passages:
        g = groups.setdefault((p["role"], p["partner_id"]), {
            "id": p["partner_id"], "title": p["partner_title"], "outlet": p["partner_outlet"],
            "published": p["partner_published"], "n_passages": 0, "kinds": set(), "chars": 0,
            "href": doc_url(p["partner_id"]), "pair_href": p["pair_href"].split("#")[0]})
        g["n_passages"] += 1
        g["kinds"].add(p["kind"] or "unknown")
        g["chars"] += p["end"] - p["begin"]
    for g in groups.values():
        g["kinds"] = sorted(g["kinds"])
    return {"basis": "passages",
            "derived_from": [g for (role, _), g in groups.items() if role == "target"],
            "reused_by": [g for (role, _), g in groups.items() if role == "source"], "siblings": []}


def _edge_row(e: dict[str, Any], other: str, labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    lab = labels.get(other, {})
    return {"id": other, "title": lab.get("title"), "outlet": lab.get("outlet"),
            "published": lab.get("published"), "relation": e.get("relation"),
            "confidence": e.get("confidence"), "evidence": e.get("evidence"),
            "external": bool(lab.get("external")) or other.startswith("ext:"),
            "href": None if other.startswith("ext:") else doc_url(other)}


def pair_page(con: duckdb.DuckDBPyConnection, a: str, b: str, excerpt_chars: int) -> dict[str, Any] | None:
    """Return a pair: both documents side by side (the report's pair view) and passage diffs."""
    p = queries.pair(con, a, b)
    if p is None:
        return None
    aligned = _stored_alignments(con, [x["passage_id"] for x in p["passages"]])
    view = pair_view(1, {**p, "kinds": sorted({x["kind"] or "" for x in p["passages"]})}, p["a"], p["b"],
                     ReportOptions(full_text_max_chars=excerpt_chars, open_pairs=1))
    details = []
    for x in view["passages"]:
        src_doc = p["a"] if x["a_is_source"] else p["b"]
        tgt_doc = p["b"] if x["a_is_source"] else p["a"]
        src = (src_doc or {}).get("text", "")[x["source_begin"]:x["source_end"]]
        tgt = (tgt_doc or {}).get("text", "")[x["target_begin"]:x["target_end"]]
        d = {k: x[k] for k in ("num", "passage_id", "kind", "score", "method", "source_id", "target_id",
                               "source_begin", "source_end", "target_begin", "target_end", "cls")}
        if x["kind"] in SEMANTIC_KINDS:
            d["sentences"] = sentence_pairs(src, tgt, aligned.get(x["passage_id"]),
                                            x["source_begin"], x["target_begin"])
        else:
            d["diff"] = word_diff(src, tgt)
        details.append(d)
    meta = {k: {kk: vv for kk, vv in (p[k] or {}).items() if kk != "text"} for k in ("a", "b")}
    return {"a_id": p["a_id"], "b_id": p["b_id"], "documents": meta, "view": view, "passages": details,
            "a_href": doc_url(p["a_id"]), "b_href": doc_url(p["b_id"])}


def _stored_alignments(con: duckdb.DuckDBPyConnection, ids: list[int]) -> dict[int, list]:
    """Return per-passage sentence alignments ``[sb, se, tb, te, sim]`` stored by the semantic stage.

    The semantic stage stores ``passage_sentences(passage_id, sentences)`` with rows
    ``[target_begin, target_end, source_begin, source_end, similarity]``.
    """
    if not ids or "sentences" not in queries.table_columns(con, "passage_sentences"):
        return {}
    rows = con.execute("""SELECT passage_id, sentences FROM passage_sentences
        WHERE passage_id IN (SELECT unnest(?::INTEGER[])) AND sentences IS NOT NULL""", [ids]).fetchall()
    out = {}
    for pid, val in rows:
        val = json.loads(val) if isinstance(val, str) else val
        if isinstance(val, list) and val and all(isinstance(v, (list, tuple)) and len(v) >= 5 for v in val):
            out[pid] = [[v[2], v[3], v[0], v[1], v[4]] for v in val]
    return out


def graph_page(con: duckdb.DuckDBPyConnection, focus: str | None, colour_by: str,
               max_nodes: int) -> dict[str, Any]:
    """Return the laid-out graph (provenance edges, else shared-text edges), bounded in size."""
    if colour_by not in ("outlet", "kind"):
        raise BadRequest(f"parameter 'colour' must be outlet or kind, got {colour_by!r}")
    edges, basis = queries.graph_edges(con, focus, max_nodes)
    ids = sorted({e["source_id"] for e in edges} | {e["target_id"] for e in edges} | ({focus} if focus else set()))
    g = layout(edges, queries.node_labels(con, ids), focus, colour_by)
    g.update(basis=basis, focus=focus, max_nodes=max_nodes,
             provenance=queries.has_rows(con, "prov_edges"))
    return g


def claims_page(con: duckdb.DuckDBPyConnection, limit: int, offset: int,
                doc_id: str | None = None, claim_id: int | None = None) -> dict[str, Any]:
    """Return one page of claims with their mentions (empty when claims were not computed)."""
    claims = queries.claim_page(con, limit, offset, doc_id, claim_id)
    for c in claims:
        for m in c.get("mention_rows", []):
            if m.get("doc_id"):
                m["href"] = doc_url(m["doc_id"])
        for s in c.get("sources") or []:
            if isinstance(s, dict):
                s["documents"] = [{"id": d, "href": doc_url(d)} for d in s.get("documents") or []
                                  if isinstance(d, str)]
    total = queries.count_claims(con) if doc_id is None and claim_id is None else len(claims)
    return {"claims": claims, "total": total, "limit": limit, "offset": offset,
            "computed": queries.has_rows(con, "claims"), "doc_id": doc_id, "claim_id": claim_id}
