"""Semantic alignment of document pairs: embed (cached), align, merge with lexical passages."""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterable, Iterator, Mapping

import duckdb
import numpy as np

from ..embed import load_embedder
from ..embed.cache import EmbeddingCache
from ..settings import SemanticSettings
from ..types import Passage
from .combine import Combined, combine
from .semantic import align_semantic
from .semantic_units import SemDoc, sentence_units, unit_text


def kind_for(t_lang: str | None, s_lang: str | None) -> str:
    """Return 'translation' when both languages are known and differ, else 'paraphrase'."""
    return "translation" if t_lang and s_lang and t_lang != s_lang else "paraphrase"


class SemanticAligner:
    """Align pairs semantically; documents are embedded once and kept in a small LRU."""

    def __init__(self, cfg: SemanticSettings, con: duckdb.DuckDBPyConnection | None = None,
                 cache: EmbeddingCache | None = None, max_docs: int = 2000):
        self.cfg = cfg
        self.cache = cache or EmbeddingCache(load_embedder(cfg.model, cfg.threads), con)
        self.docs: OrderedDict[str, SemDoc] = OrderedDict()
        self.max_docs = max_docs

    def doc(self, doc_id: str, text: str, lang: str | None = None) -> SemDoc:
        """Return the document's sentence units with their vectors."""
        d = self.docs.get(doc_id)
        if d is not None:
            self.docs.move_to_end(doc_id)
            return d
        spans = sentence_units(text, self.cfg.min_unit_chars)
        vecs = self.cache.encode([unit_text(text, b, e) for b, e in spans])
        d = SemDoc(doc_id, text, spans, vecs, lang)
        self.docs[doc_id] = d
        if len(self.docs) > self.max_docs:
            self.docs.popitem(last=False)
        return d

    def prefetch(self, items: Iterable[tuple[str, str, str | None]]) -> None:
        """Embed the units of several (doc_id, text, lang) documents in one batch."""
        todo = [(i, t, lang) for i, t, lang in items if i not in self.docs]
        todo = list({i: (i, t, lang) for i, t, lang in todo}.values())[: self.max_docs]
        if not todo:
            return
        spans = [sentence_units(t, self.cfg.min_unit_chars) for _, t, _ in todo]
        vecs = self.cache.encode([unit_text(t, b, e) for (_, t, _), sp in zip(todo, spans) for b, e in sp])
        k = 0
        for (i, t, lang), sp in zip(todo, spans):
            self.docs[i] = SemDoc(i, t, sp, vecs[k:k + len(sp)], lang)
            k += len(sp)
        while len(self.docs) > self.max_docs:
            self.docs.popitem(last=False)

    def doc_vectors(self, texts: list[str]) -> np.ndarray:
        """Return unit mean vectors of each text's leading sentences (embeds only those), batched."""
        spans = [sentence_units(t, self.cfg.min_unit_chars)[: self.cfg.doc_sentences] for t in texts]
        vecs = self.cache.encode([unit_text(t, b, e) for t, sp in zip(texts, spans) for b, e in sp])
        out = np.zeros((len(texts), self.cache.dim), dtype=np.float32)
        k = 0
        for n, sp in enumerate(spans):
            if sp:
                v = vecs[k:k + len(sp)].mean(0)
                out[n] = v / max(float(np.linalg.norm(v)), 1e-12)
            k += len(sp)
        return out

    def align_pair(self, t: SemDoc, s: SemDoc, lexical: list[Passage]) -> tuple[list[Combined], list[Passage]]:
        """Return (passages to add, lexical passages they replace) for one (target, source) pair.

        A pair whose lexical passages include a close copy (score at least
        ``lexical_enough``) is left to the lexical aligner, except for a
        summary: there, sentence neighbours that merely share the topic would
        blur exact passages. Elsewhere a semantic match joins the lexical
        passages it overlaps or touches (``adjacent_chars``), so it extends
        them rather than splitting one reused passage in two.
        """
        cfg = self.cfg
        matches = align_semantic(t, s, cfg)
        if lexical and max(p.score for p in lexical) >= cfg.lexical_enough:
            # a summary still absorbs the fragments the lexical aligner found inside it
            matches = [m for m in matches if m.summary and any(
                p.target_begin < m.t_end and m.t_begin < p.target_end for p in lexical)]
        return combine(t.doc_id, s.doc_id, lexical, matches, kind_for(t.lang, s.lang),
                       paraphrase_below=cfg.paraphrase_below, adjacent=cfg.adjacent_chars,
                       beyond=cfg.beyond_chars)


def semantic_documents(
    docs: Mapping[str, str],
    pairs: Iterable[tuple[str, str]],
    lexical: Mapping[tuple[str, str], list[Passage]],
    cfg: SemanticSettings,
    langs: Mapping[str, str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Iterator[tuple[tuple[str, str], list[Passage]]]:
    """Yield ((target, source), final passages) per pair: lexical ones merged with semantic ones."""
    langs = langs or {}
    al = SemanticAligner(cfg, con)
    pairs = list(pairs)
    for n, (t_id, s_id) in enumerate(pairs):
        if n % 200 == 0:   # embed the next pairs' documents in one batch
            al.prefetch((i, docs[i], langs.get(i)) for p in pairs[n:n + 200] for i in p)
        lex = list(lexical.get((t_id, s_id), []))
        t = al.doc(t_id, docs[t_id], langs.get(t_id))
        s = al.doc(s_id, docs[s_id], langs.get(s_id))
        new, replaced = al.align_pair(t, s, lex)
        gone = {id(p) for p in replaced}
        out = [p for p in lex if id(p) not in gone] + [c.passage for c in new]
        yield (t_id, s_id), sorted(out, key=lambda p: p.target_begin)
