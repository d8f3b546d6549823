"""External sources: who a reused span is attributed to, and stable ``ext:`` node ids."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

_VERBS = (r"said|says|stated|states|added|warned|noted|told|wrote|continued|declared|announced|"
          r"explained|insisted|stressed|claimed|expressed|urged|reported")
_NAME = r"(?:[A-Z][\w.'’-]*|of|the|for|and|de|du|la)"
_BODY_BEFORE = re.compile(
    rf"(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w.'’-]*(?:\s+(?:of|for|and|the))*\s+){{0,5}}(?:[A-Za-z][\w'’-]*))(?:'s|’s)?\s+"
    rf"(?:(?:{_VERBS})\b|statement\s+(?:reads|said|says))")
_BODY_AFTER = re.compile(rf"\b(?:(?i:according\s+to)|{_VERBS})\s+(?P<who>(?:the\s+)?[A-Z][\w.'’-]*(?:\s+{_NAME}){{0,5}})")
# every match of either pattern holds one of these words: a context without them has no speaker
_SPEECH_HINT = re.compile(rf"{_VERBS}|statement|(?i:according)")
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "this", "that", "which", "who", "statement"}
_STATEMENT = re.compile(r"\bstatement|communiqu|press\s+release|comment\b", re.IGNORECASE)


def slug(text: str, limit: int = 60) -> str:
    """Return a lower-case ASCII slug of a label (stable across runs)."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return s[:limit].rstrip("-") or "unknown"


def doc_speaker(doc: dict[str, Any], begin: int, end: int, window: int = 160) -> str | None:
    """Return speaker() of a span of a document row, computed once per span."""
    if not doc.get("_row"):
        return speaker(doc["text"], begin, end, window)
    cache = doc.setdefault("_speakers", {})
    if (begin, end) not in cache:
        cache[(begin, end)] = speaker(doc["text"], begin, end, window)
    return cache[(begin, end)]


def speaker(text: str, begin: int, end: int, window: int = 160) -> str | None:
    """Return the body a span is attributed to ('Russian Foreign Ministry'), resolved in the document."""
    lo, hi = max(0, begin - window), min(len(text), end + window)
    head = text[begin:min(end, begin + 120)]
    context = text[lo:begin] + head + " … " + text[max(begin + len(head), end - 80):hi]
    if not _SPEECH_HINT.search(context):
        return None
    for rx in (_BODY_BEFORE, _BODY_AFTER):
        for m in rx.finditer(context):
            who = _clean(m.group("who"))
            if who:
                return resolve(who, text)
    return None


def _clean(who: str) -> str | None:
    words = re.sub(r"['’]s$", "", who.strip()).split()
    # keep the trailing noun phrase: from the last lower-case word that is not a name part
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    keep: list[str] = []
    for w in reversed(words):
        if w[0].isupper() or (w.lower() in ("of", "for", "and", "the") and keep) or not keep:
            keep.insert(0, w)
        else:
            break
    name = " ".join(keep).strip(" ,.;:'’\"")
    if not name or name.lower() in _PRONOUNS or len(name) < 3:
        return None
    return name


def resolve(name: str, text: str) -> str:
    """Resolve 'the ministry' to the most frequent capitalised 'X Ministry' named in the text."""
    if any(c.isupper() for c in name[:1]) and len(name.split()) > 1:
        return name
    head = re.escape(name.split()[-1].capitalize())
    before = re.compile(rf"((?:[A-Z][\w'’-]+\s+){{1,4}}{head})\b")
    after = re.compile(rf"\b({head}(?:\s+(?:of|for)(?:\s+the)?)(?:\s+[A-Z][\w'’-]+){{1,4}})")
    hits = Counter(_drop_article(m.group(1)) for rx in (before, after) for m in rx.finditer(text))
    full = {k: n for k, n in hits.items() if len(k.split()) > 1}
    if full:
        return max(full, key=lambda k: (full[k], len(k)))
    return name[:1].upper() + name[1:]


def _drop_article(name: str) -> str:
    return re.sub(r"^(?:The|A|An)\s+", "", name)


def is_statement(text: str, begin: int, end: int, window: int = 160) -> bool:
    """Say whether the cue around a span calls it a statement (or communiqué, press release)."""
    lo, hi = max(0, begin - window), min(len(text), end + window)
    return bool(_STATEMENT.search(text[lo:begin]) or _STATEMENT.search(text[max(begin, end - 80):hi]))


def statement_source(body: str, statement: bool) -> dict[str, Any]:
    """Return the external source node for text attributed to a body."""
    label = f"statement of the {body}" if statement else body
    kind = "statement" if statement else "body"
    return {"source_id": f"ext:{slug(label)}", "label": label, "kind": kind}


def credit_source(name: str, kind: str = "article") -> dict[str, Any]:
    """Return the external source node for a credited outlet ('Middle East Eye article')."""
    label = f"{name} article" if kind == "article" else f"{name} wire copy"
    return {"source_id": f"ext:{slug(label)}", "label": label, "kind": kind}


def same_name(a: str | None, b: str | None) -> bool:
    """Say whether two outlet or body names refer to the same thing (case, punctuation, domain)."""
    if not a or not b:
        return False
    x, y = slug(a).replace("-", ""), slug(b).replace("-", "")
    for suffix in ("com", "org", "net", "ca", "ru", "co.uk", "de", "fr"):
        x = x[: -len(suffix)] if x.endswith(suffix) and len(x) > len(suffix) + 3 else x
        y = y[: -len(suffix)] if y.endswith(suffix) and len(y) > len(suffix) + 3 else y
    return x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x))
