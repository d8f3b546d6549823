"""Canonicalise who a claim is attributed to, so that one body has one id.

"the Russian Defense Ministry", "the Russian army", "a Russian army statement",
"Russia's military" and "Russian General Vladimir Savchenko" all become
``russia/military`` ("Russian military"). Named organisations keep their name
("Britain-based monitor the Syrian Observatory for Human Rights" →
``syrian-observatory-for-human-rights``); people keep theirs unless their title names a body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import COUNTRY_WORDS, NON_AGENTS

# institution class -> patterns (lower case, searched in the attribution phrase)
INSTITUTIONS: list[tuple[str, str, str]] = [
    (
        "military",
        "military",
        r"\b(?:defen[cs]e ministry|ministry of defen[cs]e|mod|army|military|"
        r"armed forces|general staff|central command|centcom|pentagon|"
        r"general|colonel|commander)\b|\b(?:gen|maj|lt|col)\.",
    ),
    (
        "foreign-ministry",
        "Foreign Ministry",
        r"\b(?:foreign ministry|ministry of foreign affairs|"
        r"foreign minister|mfa|foreign affairs ministry|"
        r"information and press department|state department|"
        r"secretary of state)\b",
    ),
    (
        "civil-protection",
        "Ministry of Civil Protection",
        r"\b(?:civil protection|emergenc(?:y|ies) ministry)\b",
    ),
    (
        "interior-ministry",
        "Interior Ministry",
        r"\b(?:interior ministry|ministry of (?:the )?interior)\b",
    ),
    ("health-ministry", "Health Ministry", r"\b(?:health ministry|ministry of health)\b"),
    (
        "government",
        "government",
        r"\b(?:government|officials?|authorities|kremlin|white house|"
        r"president|prime minister|cabinet)\b",
    ),
]
_TITLES = re.compile(
    r"^(?:(?:the|a|an|spokes(?:man|woman|person)|senior|deputy|chief|head|"
    r"dr\.?|mr\.?|mrs\.?|ms\.?|prof\.?|maj\.|gen\.|lt\.|col\.|general|major|"
    r"colonel|minister|director|president|secretary|ambassador|foreign|army|"
    r"monitor|agency|britain-based|london-based|us-based|official)\s+)+",
    re.I,
)
_DESCRIPTORS = re.compile(
    r"\b(?:statement|statements|spokes(?:man|woman|person)|officials?|"
    r"sources?|briefing|communiqu[eé]|press service|press release)\b",
    re.I,
)


_LEADING = re.compile(
    r"^(?:volunteers|members|staff|workers|officials|spokes(?:man|woman|person)|"
    r"representatives|doctors|a spokesman|a spokeswoman)\s+(?:of|for|at)\s+",
    re.I,
)
_TRAILING = re.compile(
    r"(?:\s+(?:also|later|earlier|again|further|then|too|meanwhile|separately))+$", re.I
)


@dataclass(frozen=True)
class Source:
    """A canonical source: id, human label and kind (body | person | unknown)."""

    source_id: str
    label: str
    kind: str


def slug(text: str) -> str:
    """Return a lower-case id made of letters, digits and hyphens."""
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")


_DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "this",
    "that",
    "his",
    "her",
    "their",
    "our",
    "first",
    "latest",
}
_INSTITUTION_WORDS = {
    "the",
    "a",
    "an",
    "interior",
    "foreign",
    "defense",
    "defence",
    "health",
    "civil",
    "ministry",
    "army",
    "military",
    "armed",
    "general",
    "state",
    "national",
    "central",
    "information",
    "press",
    "department",
    "office",
    "protection",
    "emergency",
    "emergencies",
}


def country_of(phrase: str) -> str | None:
    """Return the canonical country a phrase names by adjective, possessive or metonym."""
    low = phrase.lower().replace("’", "'")
    for word in sorted(COUNTRY_WORDS, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", low):
            return COUNTRY_WORDS[word]
    text = phrase.replace("’", "'")
    m = re.search(
        r"\b(?:Ministry|Army|Military|Government|Forces) of (?:the )?([A-Z][a-z]+)\b", text
    ) or re.search(
        r"^(?:the\s+)?([A-Z][a-z]+)(?:'s)?\s+(?=(?:[A-Z][a-z]+\s+)?(?:Interior|Foreign|Defen[cs]e|"
        r"Health|Ministry|Army|Military|Government)\b)",
        text,
    )
    if m and m.group(1).lower() not in _INSTITUTION_WORDS:
        return m.group(1)
    return None


def institution_of(phrase: str) -> tuple[str, str] | None:
    """Return (class id, label) of the institution a phrase names, if any."""
    low = phrase.lower()
    for cls, label, pattern in INSTITUTIONS:
        if re.search(pattern, low):
            return cls, label
    m = re.search(
        r"\bministry of ([a-z ]+?)(?:\s+(?:said|says)|$|[,.])|\b([a-z']+(?: [a-z]+)?) ministry\b",
        low,
    )
    if m:
        words = [
            w
            for w in (m.group(1) or m.group(2)).split()
            if w not in _DETERMINERS and not w.endswith("'s")
        ]
        if words:
            name = " ".join(words)
            return f"ministry-{slug(name)}", f"Ministry of {name.title()}"
    if re.search(r"\bministry\b", low):
        return "ministry", "ministry"
    return None


def canonical_source(
    phrase: str, person: str | None = None, org: str | None = None
) -> Source | None:
    """Return the canonical source of an attribution phrase, or None if it names no one.

    ``person`` and ``org`` are PERSON / ORG entity texts found inside the phrase.
    """
    text = " ".join(phrase.replace("’", "'").split()).strip(" ,.;:\"'«»“”")
    text = _TRAILING.sub("", _LEADING.sub("", text)).strip()
    if not text or text.lower() in NON_AGENTS or text.lower().removeprefix("the ") in NON_AGENTS:
        return None
    m = re.match(
        r"^(?:the\s+)?(.+?)'s\s+(?:chair\w*|head|director|spokes\w+|president|leader|chief)$",
        text,
        re.I,
    )
    if m:
        text = m.group(1)
    country, inst = country_of(text), institution_of(text)
    if inst and inst[0] == "government" and org:
        inst = None  # "officials of the X Observatory": the named body wins
    if inst and (country or inst[0] not in ("government", "military")):
        cid = f"{slug(country)}/{inst[0]}" if country else f"?/{inst[0]}"
        label = f"{_adjective(country)} {inst[1]}".strip() if country else inst[1]
        return Source(cid, label, "body")
    if org:
        name = _TITLES.sub("", org).strip()
        return Source(slug(name), name, "body")
    if person and inst and inst[0] != "government":
        return Source(f"?/{inst[0]}", inst[1], "body")  # "spokesman Maj. Gen. Igor Konashenkov"
    if person:
        name = _TITLES.sub("", person).strip()
        return Source(f"person/{slug(name)}", name, "person")
    if country and not inst:
        return Source(f"{slug(country)}/government", f"{_adjective(country)} government", "body")
    if inst:
        return Source(f"?/{inst[0]}", inst[1], "body")
    name = _TITLES.sub("", _DESCRIPTORS.sub("", text)).strip(" ,")
    if not name or name.lower() in NON_AGENTS:
        return None
    return Source(slug(name), name, "unknown")


_ADJ = {
    "Russia": "Russian",
    "US": "US",
    "Syria": "Syrian",
    "UK": "British",
    "Turkey": "Turkish",
    "Iraq": "Iraqi",
    "Iran": "Iranian",
    "France": "French",
    "Germany": "German",
    "Ukraine": "Ukrainian",
    "China": "Chinese",
    "Veloria": "Velorian",
    "Israel": "Israeli",
}


def _adjective(country: str | None) -> str:
    return _ADJ.get(country or "", country or "")


MINISTRY_CLASSES = {
    "military",
    "foreign-ministry",
    "civil-protection",
    "interior-ministry",
    "health-ministry",
}


def merge_unqualified(ids: set[str]) -> dict[str, str]:
    """Map '?/<class>' ids to the one '<country>/<class>' id of the same class, when unique."""
    by_class: dict[str, set[str]] = {}
    for i in ids:
        if "/" in i and not i.startswith(("?/", "person/")):
            by_class.setdefault(i.split("/", 1)[1], set()).add(i)
    out = {}
    ministries = {
        i
        for cls, found in by_class.items()
        if cls in MINISTRY_CLASSES or cls.startswith("ministry-")
        for i in found
    }
    for i in ids:
        if i == "?/ministry":
            if len(ministries) == 1:
                out[i] = next(iter(ministries))
        elif i.startswith("?/"):
            full = by_class.get(i[2:], set())
            if len(full) == 1:
                out[i] = next(iter(full))
    return out
