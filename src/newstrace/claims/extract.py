"""Extract one document's claims: figures with context and attribution, and quotations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .attribution import Source, canonical_source
from .context import (
    dominant_place,
    figure_context,
    sentence_dates,
    sentence_paragraphs,
    sentence_places,
)
from .figures import Figure, find_figures
from .foreign import rule_figures
from .lexicon import NON_AGENTS, SPEECH_VERBS
from .nlp import parse
from .quotes import Quote, find_quotes
from .reported import find_reported

_PRONOUNS_PERSON = {"he", "she", "him", "her"}
_PRONOUNS_BODY = {
    "it",
    "they",
    "the statement",
    "the ministry",
    "the army",
    "the military",
    "its statement",
    "the ministry's statement",
    "the agency",
}
_CUT = {"which", "who", "that", "citing", "quoting", "while", "but", ","}


@dataclass
class Attribution:
    """Who a figure or quotation is attributed to: the phrase, its span and its canonical source."""

    phrase: str
    begin: int
    end: int
    source: Source | None
    how: str  # quote | reported | according_to | context


@dataclass
class FigureMention:
    """A figure found in one document, with event context and attribution."""

    figure: Figure
    place_key: str | None = None
    place: str | None = None
    place_from: str | None = None  # sentence | context | document
    date: str | None = None
    attribution: Attribution | None = None
    quote: int | None = None  # index of the quotation holding the figure


@dataclass
class QuoteMention:
    """A direct quotation found in one document, with its speaker."""

    quote: Quote
    attribution: Attribution | None = None


@dataclass
class ReportedMention:
    """A statement in reported speech, with its speaker."""

    begin: int
    end: int
    attribution: Attribution | None = None


@dataclass
class DocClaims:
    """Everything the claims stage extracts from one document."""

    figures: list[FigureMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    reported: list[ReportedMention] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # keys of every place the document names
    method: str = "spacy"  # spacy | rules (non-English: digits and number words only)


def extract_document(
    text: str,
    language: str | None = "en",
    model: str | None = None,
    min_quote_words: int = 4,
    doc: Any = None,
) -> DocClaims:
    """Return the figures and quotations of one clean text (``doc``: its spaCy parse, if done)."""
    lang = (language or "en").lower()[:2]
    if lang != "en":
        return DocClaims(
            figures=[FigureMention(f) for f in rule_figures(text, lang)], method="rules"
        )
    if doc is None:
        doc = parse(text, model) if model else parse(text)
    resolver = _Resolver(doc)
    quotes = [QuoteMention(q) for q in find_quotes(text, min_quote_words)]
    for qm in quotes:
        if qm.quote.speaker_begin is not None:
            qm.attribution = resolver.resolve(qm.quote.speaker_begin, qm.quote.speaker_end, "quote")
        else:
            qm.attribution = _quote_sentence_speaker(doc, qm.quote, resolver)
    figures = [FigureMention(f) for f in find_figures(doc, lang)]
    places = _add_context(doc, figures)
    sents = list(doc.sents)
    for fm in figures:
        fm.quote = next(
            (i for i, q in enumerate(quotes) if q.quote.begin <= fm.figure.num_begin < q.quote.end),
            None,
        )
        if fm.quote is not None and quotes[fm.quote].attribution is not None:
            fm.attribution = quotes[fm.quote].attribution
        elif fm.quote is None:
            fm.attribution = _reported(doc, fm.figure, resolver) or _sentence_quote(
                sents[fm.figure.sentence], quotes
            )
    spans = [(q.quote.begin, q.quote.end) for q in quotes]
    reported = []
    for r in find_reported(doc, spans, min_quote_words):
        att = resolver.resolve_tokens(r.subject, r.how)
        if att is not None:
            reported.append(ReportedMention(r.begin, r.end, att))
    return DocClaims(figures=figures, quotes=quotes, reported=reported, places=places)


def _quote_sentence_speaker(doc: Any, q: Quote, resolver: "_Resolver") -> Attribution | None:
    """Return the speaker of a quotation embedded in reported speech ("X told parliament that « … »")."""
    span = doc.char_span(q.begin, q.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    for t in sent:
        if q.begin <= t.idx < q.end or t.lemma_.lower() not in SPEECH_VERBS or t.pos_ != "VERB":
            continue
        if t.dep_ in ("acl", "amod") or t.idx > q.begin:
            continue
        subj = _subject(t)
        if subj is not None and not (q.begin <= subj.idx < q.end):
            return resolver.resolve_tokens(subj, "reported")
    return None


def _add_context(doc: Any, figures: list[FigureMention]) -> list[str]:
    """Give each figure the place and date of its sentence or the sentences before it.

    Returns the keys of all places the document names.
    """
    places, dates = sentence_places(doc), sentence_dates(doc)
    fallback, paragraphs = dominant_place(places), sentence_paragraphs(doc)
    for fm in figures:
        place, fm.date = figure_context(
            fm.figure.sentence, places, dates, fallback, paragraphs, offset=fm.figure.num_begin
        )
        if place:
            fm.place_key, fm.place, fm.place_from = place
    return sorted({k for sent in places for k, _, _ in sent})


def _sentence_quote(sent: Any, quotes: list[QuoteMention]) -> Attribution | None:
    """Return the attribution of a quotation in the same sentence ("« … » with 55 attacks")."""
    for q in quotes:
        if (
            sent.start_char <= q.quote.begin < sent.end_char
            or sent.start_char < q.quote.end <= sent.end_char
        ):
            if q.attribution is not None:
                return Attribution(
                    q.attribution.phrase,
                    q.attribution.begin,
                    q.attribution.end,
                    q.attribution.source,
                    "context",
                )
    return None


def _reported(doc: Any, fig: Figure, resolver: "_Resolver") -> Attribution | None:
    """Return the reported-speech attribution governing a figure, if its sentence has one."""
    span = doc.char_span(fig.num_begin, fig.num_end, alignment_mode="expand")
    if span is None:
        return None
    tok = span[-1]
    sent = tok.sent
    for anc in tok.ancestors:
        if (
            anc.lemma_.lower() in SPEECH_VERBS
            and anc.pos_ in ("VERB", "AUX")
            and anc.dep_ not in ("acl", "amod")
        ):
            subj = _subject(anc)
            if subj is not None and not any(t.i == tok.i for t in subj.subtree):
                return resolver.resolve_tokens(subj, "reported")
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return resolver.resolve_tokens(objs[0], "according_to")
    verbs = [
        t
        for t in sent
        if t.lemma_.lower() in SPEECH_VERBS
        and t.pos_ == "VERB"
        and t.dep_ not in ("acl", "amod", "relcl")
    ]
    for verb in sorted(verbs, key=lambda v: abs(v.i - tok.i)):
        subj = _subject(verb)
        if subj is not None and not any(t.i == tok.i for t in subj.subtree) and subj.pos_ != "PRON":
            return resolver.resolve_tokens(subj, "reported")
    return None


def _subject(verb: Any, depth: int = 0) -> Any:
    """Return the subject token of a speech verb, climbing from participles ("saying")."""
    subjects = []
    for c in verb.children:
        if c.dep_ != "nsubj":
            continue
        if not c.is_alpha:  # a stray closing quote parsed as the subject: its apposition is
            c = next((g for g in c.children if g.dep_ == "appos" and g.is_alpha), None)
        if c is not None:
            subjects.append(c)
    if subjects:
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    for c in verb.children:
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    if (
        depth < 3
        and verb.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp")
        and verb.head is not verb
    ):
        return _subject(verb.head, depth + 1)
    return None


class _Resolver:
    """Turn attribution phrases into canonical sources, resolving pronouns within the document."""

    def __init__(self, doc: Any):
        self.doc = doc
        self.history: list[tuple[int, Source, bool]] = []  # (offset, source, names a person)

    def resolve_tokens(self, head: Any, how: str) -> Attribution | None:
        """Resolve the phrase headed by a subject token."""
        toks = [t for t in head.subtree]
        keep = []
        for t in toks:
            if t.i > head.i and (t.lower_ in _CUT or t.pos_ in ("VERB", "AUX")):
                break
            keep.append(t)
        if not keep:
            return None
        return self.resolve(keep[0].idx, keep[-1].idx + len(keep[-1]), how)

    def resolve(self, begin: int, end: int, how: str) -> Attribution | None:
        """Resolve the phrase text[begin:end] to a source (pronouns: the last fitting source)."""
        phrase = self.doc.text[begin:end]
        low = re.sub(
            r"(?:\s+(?:also|later|earlier|again|further|then|too))+$",
            "",
            " ".join(phrase.lower().split()),
        )
        ents = [e for e in self.doc.ents if e.start_char < end and begin < e.end_char]
        person = next((e.text for e in ents if e.label_ == "PERSON"), None)
        org = next((e.text for e in ents if e.label_ in ("ORG", "FAC") and len(e) > 1), None)
        if low in _PRONOUNS_PERSON:
            src = self._last_person(begin) or self._last(begin, person=True)
        elif low in _PRONOUNS_BODY or low in ("the statement", "a statement"):
            src = (
                self._last(begin, person=False)
                if low in ("it", "they", "the statement", "the agency")
                else self._qualify(canonical_source(phrase), begin)
            )
        elif low in NON_AGENTS or re.fullmatch(
            r"(?:the )?(?:latest |first )?(?:information|reports?|data)", low
        ):
            return None
        else:
            described = phrase
            if (
                (person is None or " " not in person)
                and org is None
                and re.fullmatch(r"[A-Z][\w'-]+", phrase.strip())
            ):
                full = self._full_name(
                    phrase.strip(), begin
                )  # "Zakharova" → the earlier full mention
                if full is not None:
                    described, person = full
            src = self._qualify(canonical_source(described, person, org), begin)
            if src is not None:
                self.history.append((begin, src, person is not None))
        return Attribution(phrase, begin, end, src, how) if src is not None else None

    def _last_person(self, offset: int) -> Source | None:
        """Return the source of the last person named as the subject of a verb before offset."""
        for t in reversed(
            [
                t
                for t in self.doc
                if t.idx < offset and t.dep_ == "nsubj" and t.ent_type_ == "PERSON"
            ]
        ):
            ent = next((e for e in self.doc.ents if e.start <= t.i < e.end), None)
            if ent is not None:
                phrase = (
                    self.doc[t.left_edge.i : ent.end].text
                    if t.left_edge.i < ent.start
                    else ent.text
                )
                return self._qualify(canonical_source(phrase, ent.text, None), t.idx)
        return None

    def _full_name(self, surname: str, offset: int) -> tuple[str, str] | None:
        """Return (descriptive phrase, name) of the last earlier PERSON whose name ends with surname."""
        for ent in reversed(
            [e for e in self.doc.ents if e.label_ == "PERSON" and e.end_char <= offset]
        ):
            if ent.text.split()[-1] == surname and len(ent) > 1:
                head = ent.root
                left = min(head.left_edge.i, ent.start)
                return self.doc[left : ent.end].text, ent.text
        return None

    def _last(self, offset: int, person: bool) -> Source | None:
        for off, src, is_person in reversed(self.history):
            if off < offset and (is_person == person or not person):
                return src
        if person:
            return None
        for ent in reversed(
            [e for e in self.doc.ents if e.label_ == "ORG" and e.end_char <= offset]
        ):
            cand = canonical_source(ent.text, None, ent.text if len(ent) > 1 else None)
            if cand is not None and cand.kind == "body":
                return self._qualify(cand, ent.start_char)
        return None

    def _qualify(self, src: Source | None, offset: int) -> Source | None:
        """Give '?/<class>' the country of the last fitting body named before it in the document."""
        if src is None or not src.source_id.startswith("?/"):
            return src
        cls = src.source_id[2:]
        spans = [c for c in self.doc.noun_chunks if c.end_char <= offset]
        spans += [e for e in self.doc.ents if e.label_ == "ORG" and e.end_char <= offset]
        for chunk in sorted(spans, key=lambda c: c.end_char, reverse=True):
            if cls == "ministry" and "ministry" not in chunk.text.lower():
                continue
            cand = canonical_source(chunk.text)
            if cand is None or cand.source_id.startswith("person/") or cand.kind != "body":
                continue
            if cand.source_id.startswith("?/") and not (
                cls == "ministry" and cand.source_id != src.source_id
            ):
                continue
            if cand.source_id.endswith("/" + cls) or (cls == "ministry" and "/" in cand.source_id):
                return cand
        return src
