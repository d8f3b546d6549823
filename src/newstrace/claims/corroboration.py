"""Group mentions across documents into claims and count the independent sources behind each.

A pure function over plain rows (mention dicts and document links in, claim dicts out),
so any engine can call it. Mentions with the same count of the same thing at the same
event are one claim; claims about the same quantity and event are compatible (62 and
"more than 60") or in conflict (62 and "at least 80"). Independence: documents that
derive from one another or from a common source (``links``: provenance edges, or
shared passages) collapse into one; attributed mentions count their named source once,
and, by default, an unattributed repeat of a figure that has a named source is a carrier
of that source, not a new one.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from ..unionfind import components
from .attribution import merge_unqualified
from .numbers import compatible


@dataclass(frozen=True)
class GroupOptions:
    """How mentions are grouped and sources counted."""

    approx_tolerance: float = 0.1
    unattributed_are_carriers: bool = True


def resolve_aliases(mentions: list[dict[str, Any]]) -> None:
    """Rewrite attributed_to ids in place: '?/<class>' and generic phrases to the one named body."""
    labels = {
        m["attributed_to"]: m.get("attributed_label") for m in mentions if m.get("attributed_to")
    }
    ids = set(labels)
    alias = merge_unqualified(ids)
    named_by_head: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        if "/" not in i and (labels[i] or "") != (labels[i] or "").lower():
            named_by_head[i.rsplit("-", 1)[-1]].append(i)
    for i in ids:
        label = labels[i] or ""
        if "/" in i or i in alias or not label or label != label.lower():
            continue
        hits = named_by_head.get(
            i.rsplit("-", 1)[-1], []
        )  # "a local relief network": generic, no name
        if len(hits) == 1:
            alias[i] = hits[0]
    for m in mentions:
        a = m.get("attributed_to")
        if a in alias:
            m["attributed_to"], m["attributed_label"] = (
                alias[a],
                labels.get(alias[a]) or m.get("attributed_label"),
            )


def group_claims(
    mentions: list[dict[str, Any]],
    links: Iterable[tuple[str, str]],
    opts: GroupOptions | None = None,
) -> list[dict[str, Any]]:
    """Return claims (dicts) over mentions; sets each mention's ``claim_id`` in place."""
    opts = opts or GroupOptions()
    resolve_aliases(mentions)
    comp = components({m["doc_id"] for m in mentions}, links)
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        groups[_key(m)].append(m)
    claims: list[dict[str, Any]] = []
    for key in sorted(groups, key=lambda k: tuple("" if x is None else str(x) for x in k)):
        for event in _split_events(groups[key]):
            claims.append(_claim(len(claims) + 1, key, event, comp, opts))
    _relate(claims, opts)
    return claims


def _key(m: dict[str, Any]) -> tuple:
    """Return what makes two mentions the same claim (quotes: their folded words)."""
    if m["kind"] in ("quote", "reported"):
        return (m["kind"], fold_quote(m.get("text") or ""), None, None)
    return ("figure", m["unit"], m["value_low"], m["value_high"])


def fold_quote(text: str, words: int = 12) -> str:
    """Return a spelling-insensitive key of a quotation: its first words, lower case."""
    return " ".join(re.findall(r"\w+", text.lower())[:words])


def _split_events(ms: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split same-figure mentions by event, conservatively.

    Two mentions are different events only when each names its place in its own sentence,
    the places differ, and neither document names the other's place at all ("14 killed in
    Karven" and "14 killed in Raqqa"); a place found only in earlier sentences or as the
    document's main place never splits. Calendar dates named in the sentence split likewise.
    """
    groups: list[dict[str, Any]] = []  # {"ms", "places", "doc_places", "dates"}
    weak: list[dict[str, Any]] = []
    for m in sorted(ms, key=lambda m: (m.get("place_from") != "sentence", m.get("date") is None)):
        place = m.get("place_key") if m.get("place_from") == "sentence" else None
        date = m.get("date")
        if place is None and date is None:
            weak.append(m)
            continue
        dp = set(_doc_places(m))
        home = next((g for g in groups if _fits(g, place, date, dp)), None)
        if home is None:
            home = {"ms": [], "places": set(), "doc_places": set(), "dates": set()}
            groups.append(home)
        home["ms"].append(m)
        home["doc_places"] |= dp
        if place:
            home["places"].add(place)
        if date:
            home["dates"].add(date)
    if not groups:
        return [weak]
    groups.sort(key=lambda g: -len(g["ms"]))
    for m in weak:  # join the event whose place the mention's document names
        dp = set(_doc_places(m))
        home = next((g for g in groups if g["places"] & dp), groups[0])
        home["ms"].append(m)
    return [g["ms"] for g in groups]


def _doc_places(m: dict[str, Any]) -> list[str]:
    v = m.get("doc_places")
    return json.loads(v) if isinstance(v, str) else (v or [])


def _fits(g: dict[str, Any], place: str | None, date: str | None, doc_places: set[str]) -> bool:
    """Return whether a mention (its sentence place/date, its document's places) fits an event."""
    place_ok = (
        not place
        or not g["places"]
        or place in g["places"]
        or place in g["doc_places"]
        or bool(g["places"] & doc_places)
    )
    date_ok = not date or not g["dates"] or date in g["dates"]
    return place_ok and date_ok


def _claim(
    cid: int, key: tuple, ms: list[dict[str, Any]], comp: dict[str, str], opts: GroupOptions
) -> dict[str, Any]:
    """Build one claim row from its mentions, counting independent sources."""
    for m in ms:
        m["claim_id"] = cid
    named: dict[str, dict[str, Any]] = {}
    unnamed: dict[str, set[str]] = defaultdict(set)
    for m in ms:
        if m.get("attributed_to"):
            s = named.setdefault(
                m["attributed_to"],
                {
                    "source": m["attributed_to"],
                    "label": m.get("attributed_label"),
                    "documents": set(),
                },
            )
            s["documents"].add(m["doc_id"])
        else:
            unnamed[comp.get(m["doc_id"], m["doc_id"])].add(m["doc_id"])
    covered = {comp.get(d, d) for s in named.values() for d in s["documents"]}
    sources = [dict(s, documents=sorted(s["documents"]), kind="named") for s in named.values()]
    for rep, docs in sorted(unnamed.items()):
        if rep in covered or (named and opts.unattributed_are_carriers):
            continue
        sources.append(
            {
                "source": f"documents:{rep}",
                "label": f"unattributed ({', '.join(sorted(docs))})",
                "documents": sorted(docs),
                "kind": "documents",
            }
        )
    places = Counter(m.get("place") for m in ms if m.get("place"))
    dates = Counter(m.get("date") for m in ms if m.get("date"))
    quals = Counter(m.get("qualifier") for m in ms)
    first = ms[0]
    return {
        "claim_id": cid,
        "kind": key[0],
        "unit": first.get("unit"),
        "entity": first.get("entity"),
        "outcome": first.get("outcome"),
        "value_low": first.get("value_low"),
        "value_high": first.get("value_high"),
        "qualifier": quals.most_common(1)[0][0],
        "place": places.most_common(1)[0][0] if places else None,
        "date": dates.most_common(1)[0][0] if dates else None,
        "attributed_to": "; ".join(
            sorted({s["label"] or s["source"] for s in sources if s["kind"] == "named"})
        )
        or None,
        "attributed_ids": sorted(named),
        "mentions": len(ms),
        "documents": len({m["doc_id"] for m in ms}),
        "carriers": sorted({m["doc_id"] for m in ms}),
        "independent_sources": len(sources),
        "sources": sources,
        "conflicts_with": [],
        "compatible_with": [],
        "label": _label(first, quals.most_common(1)[0][0]),
        "_place_keys": {m.get("place_key") for m in ms if m.get("place_key")},
        "_dates": set(dates),
    }


def _label(m: dict[str, Any], qualifier: str) -> str:
    """Return a short human label such as 'at least 80 soldiers killed'."""
    if m["kind"] in ("quote", "reported"):
        words = " ".join((m.get("text") or "").split()[:12])
        return f"“{words}…”" if m["kind"] == "quote" else f"(reported) {words}…"
    lo, hi = m.get("value_low"), m.get("value_high")
    fmt = lambda v: f"{v:,.0f}" if v is not None and float(v).is_integer() else f"{v}"  # noqa: E731
    words = {
        "more_than": "more than ",
        "at_least": "at least ",
        "up_to": "up to ",
        "less_than": "fewer than ",
        "approx": "about ",
        "nearly": "nearly ",
    }
    if qualifier in ("range", "vague") and lo is not None and hi is not None:
        num = f"{fmt(lo)}–{fmt(hi)}"
    else:
        num = words.get(qualifier, "") + fmt(lo if lo is not None else hi)
    return f"{num} {m.get('unit') or ''}".strip()


def _relate(claims: list[dict[str, Any]], opts: GroupOptions) -> None:
    """Mark compatible and conflicting figure claims about the same quantity and event.

    Only claims that share a place are compared (a claim with no place is about no known
    event), which also keeps the work per place, not quadratic in the corpus.
    """
    buckets: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        if c["kind"] == "figure":
            for place in c["_place_keys"]:
                buckets[(c["unit"], place)].append(c)
    seen: set[tuple[int, int]] = set()
    for group in buckets.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pair = (min(a["claim_id"], b["claim_id"]), max(a["claim_id"], b["claim_id"]))
                if pair in seen or not _events_overlap(a, b):
                    continue
                seen.add(pair)
                ok = compatible(
                    (a["value_low"], a["value_high"], a["qualifier"]),
                    (b["value_low"], b["value_high"], b["qualifier"]),
                    opts.approx_tolerance,
                )
                rel = "compatible_with" if ok else "conflicts_with"
                a[rel].append(b["claim_id"])
                b[rel].append(a["claim_id"])
    for c in claims:
        c.pop("_place_keys", None)
        c.pop("_dates", None)


def _events_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Return whether two claims can be about the same event (unknown place or date fits)."""
    pa, pb = a["_place_keys"], b["_place_keys"]
    da, db = a["_dates"], b["_dates"]
    return (not pa or not pb or bool(pa & pb)) and (not da or not db or bool(da & db))
