"""Reported speech: "the Russian Defense Ministry said that …", "according to X, …", "… , US officials said".

Each statement is the clause a speech verb governs (its ``ccomp``), or the rest of the
sentence after "according to X,", with the speaker phrase; text inside direct quotations is
left to the quotation finder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import SPEECH_VERBS

# verbs that report what someone stated (not "urge", "deny", "accuse": those are not assertions)
_REPORTING = SPEECH_VERBS - {"urge", "accuse", "deny", "quote", "cite", "speak", "tweet"}


@dataclass
class Reported:
    """The span of a reported statement and the head token of its speaker phrase."""

    begin: int
    end: int
    subject: Any  # spaCy token heading the speaker phrase
    how: str  # reported | according_to


def find_reported(doc: Any, quotes: list[tuple[int, int]], min_words: int = 4) -> list[Reported]:
    """Return the reported statements of a parsed document that lie outside direct quotations."""
    from .extract import _subject  # the subject rules are shared with figure attribution

    out: list[Reported] = []
    for sent in doc.sents:
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                rep = _according(doc, sent, t)
            elif (
                t.pos_ == "VERB"
                and t.lemma_.lower() in _REPORTING
                and t.dep_ not in ("acl", "amod")
            ):
                rep = _clause(t, _subject(t))
            else:
                continue
            if rep is None or len(doc.text[rep.begin : rep.end].split()) < min_words:
                continue
            if any(b <= rep.begin < e or b < rep.end <= e for b, e in quotes):
                continue
            out.append(rep)
    return out


def _clause(verb: Any, subj: Any) -> Reported | None:
    """Return the clause a speech verb governs, if it has a subject and a complement clause."""
    if subj is None or subj.pos_ == "PRON" and subj.lower_ not in ("he", "she", "it", "they"):
        return None
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return None
    toks = [x for x in comp.subtree if not x.is_punct or x.i < comp.right_edge.i]
    if not toks:
        return None
    first = toks[0]
    if first.lower_ == "that":
        toks = toks[1:]
    if not toks:
        return None
    return Reported(toks[0].idx, toks[-1].idx + len(toks[-1]), subj, "reported")


def _according(doc: Any, sent: Any, according: Any) -> Reported | None:
    """Return the statement after "according to X," (or before ", according to X")."""
    to = doc[according.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    phrase_end = max(x.i for x in objs[0].subtree)
    if according.i == sent.start or doc[according.i - 1].is_punct and according.i - 1 == sent.start:
        rest = [
            x for x in sent if x.i > phrase_end and not (x.is_punct and x.i in (phrase_end + 1,))
        ]
    else:
        rest = [x for x in sent if x.i < according.i]
    rest = [x for x in rest if not x.is_space]
    while rest and rest[-1].is_punct:
        rest.pop()
    if not rest:
        return None
    return Reported(rest[0].idx, rest[-1].idx + len(rest[-1]), objs[0], "according_to")
