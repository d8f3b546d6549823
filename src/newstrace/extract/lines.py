"""Line classification for scraped plain text: what is article prose, what is page furniture."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Furniture that ends the article: what follows is comments, related links or legal text.
HARD = re.compile(r"""(?ix)^(?:
    all\ comments | comments?\s*\(\d+\) | show\ new\ comments | community\ standards | comment\ via\ |
    [•·]\s*[сc]omment$ | leave\ a\ (?:comment|reply) | \d+\ comments? | kommentare | commentaires |
    related(?:\ (?:articles|stories|news))?\s*:? $ | read\ (?:more|also)\s*: | see\ also\s*: |
    more\ (?:from|on)\ | you\ may\ also\ like | recommended | most\ (?:read|popular) |
    copyright\b | ©\ *(?:\d{4}|copyright) | all\ rights\ reserved | tous\ droits | alle\ rechte |
    avis\ de\ non-responsabilit | disclaimer\s*: | la\ source\ originale | articles\ par\s*: |
    contact\ m[ée]dia | terms\ of\ (?:use|service) | privacy\ policy | cookie |
    this\ (?:article|story)\ (?:was|is)\ (?:originally\ )?(?:published|republished) |
    originally\ published | source\s*:
)""")

# Furniture that may sit inside an article (photo credits, embeds, share buttons).
SOFT = re.compile(r"""(?ix)^(?:
    ©\ ? | (?:photo|foto|bild|image|crédit\ photo)\s*: | getty\ images | get\ short\ url | share\b | tweet$ | print$ |
    email$ | e-mail$ | follow\ us | subscribe | sign\ up | newsletter | advertisement | anzeige |
    teilen | partager | compartir | click\ here | \#\w | pic\.twitter\.com |
    [—–-]\ .*\(@\w+\) | .*\((?:AFP|Reuters|AP|EPA|Getty\ Images|AP\ Photo)[^)]*\)$ |
    (?:région|thème|analyses|tags?|topics?|filed\ under|keywords?)\s*:
)""")
CLOCK = re.compile(r"^\d{1,2}:\d{2}\s*(?:GMT|UTC|CET|MSK|EST|[AP]M)\b", re.I)
URL_ONLY = re.compile(r"<https?://[^>]+>|https?://\S+")
MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:#|[^)\s]*)\)")
END_PUNCT = re.compile(r"""(?:[.!?…:;]["'”’»)\]]*|[»"”])\s*$""")
WORD = re.compile(r"\w+", re.U)


@dataclass
class Line:
    """One non-blank line of the raw text, with its offsets and class."""

    begin: int          # offset of the first non-space character
    end: int            # offset after the last non-space character
    text: str
    kind: str = "other"  # prose | heading | soft | hard | other

    @property
    def words(self) -> int:
        return len(WORD.findall(MD_LINK.sub(r"\1", self.text)))


def split_lines(raw: str) -> list[Line]:
    """Return the non-blank lines of raw with offsets (indentation excluded)."""
    out, pos = [], 0
    for chunk in raw.splitlines(keepends=True):
        stripped = chunk.strip()
        if stripped:
            b = pos + (len(chunk) - len(chunk.lstrip()))
            out.append(Line(b, b + len(stripped), stripped))
        pos += len(chunk)
    return out


def classify(line: Line) -> str:
    """Label a line as hard/soft furniture, prose, heading or other."""
    t = line.text
    if HARD.match(t):
        return "hard"
    if SOFT.match(t) or CLOCK.match(t) or _is_tag_list(t) or _is_link_only(t) or _is_embed(t):
        return "soft"
    n = line.words
    if n >= 30 or (n >= 7 and END_PUNCT.search(t)):
        return "prose"
    if 2 <= n <= 40 and not END_PUNCT.search(t):
        return "heading"
    return "other"


def _is_tag_list(t: str) -> bool:
    parts = [p.strip() for p in t.split(",")]
    return len(parts) >= 4 and all(0 < len(p.split()) <= 4 for p in parts) and not END_PUNCT.search(t)


def _is_link_only(t: str) -> bool:
    rest = MD_LINK.sub("", URL_ONLY.sub("", t))
    return len(WORD.findall(rest)) <= 2 and t != rest


def _is_embed(t: str) -> bool:
    # an embedded tweet: text ending in a t.co link or a pic.twitter.com link
    return bool(re.search(r"<?https?://t\.co/\S+>?\s*$|pic\.twitter\.com", t))


def is_title_case(t: str) -> bool:
    """Say whether most words of a line are capitalised (a headline)."""
    words = [w for w in WORD.findall(t) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() or w[0].isdigit() for w in words) / len(words) >= 0.6
