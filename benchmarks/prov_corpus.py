"""Generate synthetic provenance corpora with known truth (who took text from whom).

Every story uses its own pseudo-vocabulary (no real news text) and one of six shapes:

- ``chain``: A → B → C, each copying (and lightly editing) paragraphs of the previous one;
- ``fanout``: an official statement (first person, "Statement by …") quoted with
  attribution by 3–4 reports;
- ``siblings_attr``: the same, with the statement absent from the corpus;
- ``siblings_noattr``: two reports taking paragraphs of an absent text, unattributed;
- ``republish_credit``: a whole article republished with "originally published by";
- ``republish_nocredit``: the same without a credit.

Timestamps are exact (``input``) by default; with some probability a date is missing
or misleading (the copy dated before its source, as a statement's page dated after
the reports). The truth lists, per story, the origin (a doc id or ``ext``), each
document's parent and the relation of every pair expected to share text.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import combinations

SHAPES = ("chain", "fanout", "siblings_attr", "siblings_noattr", "republish_credit",
          "republish_nocredit")
_FUNCTION = ("the", "of", "and", "in", "to", "a", "for", "on", "with", "by", "at", "from", "near", "after")
_TEMPLATES = ('"{q}," the {body} said in a statement.',
              'According to the {body}, "{q}"',
              '"{q}," the {body} said.',
              'In a statement, the {body} said: "{q}"')


@dataclass
class Story:
    """One story's documents and its truth."""

    shape: str
    docs: list[dict] = field(default_factory=list)
    origin: str = ""                                     # doc id, or "ext"
    parents: dict[str, str] = field(default_factory=dict)  # child → parent id or "ext"
    pairs: dict[tuple[str, str], str] = field(default_factory=dict)  # (a<b) → a->b | b->a | siblings
    variant: str = "dates"


class _Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        cons, vows = "bcdfghklmnprstvz", "aeiou"
        words: set[str] = set()
        while len(words) < 400:
            words.add("".join(rng.choice(cons) + rng.choice(vows) for _ in range(rng.choice((2, 3, 3, 4)))))
        self.words = sorted(words)

    def name(self) -> str:
        return self.rng.choice(self.words).capitalize()

    def sentence(self, first_person: bool = False) -> str:
        n = self.rng.randint(12, 20)
        ws = [self.rng.choice(self.words) if self.rng.random() < 0.7 else self.rng.choice(_FUNCTION)
              for _ in range(n)]
        if first_person:
            ws = ["we", self.rng.choice(("urge", "regret", "expect", "demand"))] + ws
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def paragraph(self, first_person: bool = False) -> str:
        return " ".join(self.sentence(first_person and i == 0) for i in range(self.rng.randint(2, 3)))

    def edit(self, text: str, rate: float = 0.08) -> str:
        out = []
        for w in text.split(" "):
            r = self.rng.random()
            if r < rate / 2 and not w.endswith((".", '"', ",")):
                continue
            out.append(self.rng.choice(self.words) if r < rate and not w.endswith((".", '"', ",")) else w)
        return " ".join(out)


def _doc(doc_id, title, outlet, paragraphs, when, rng, variant) -> dict:
    d = {"id": doc_id, "title": title, "outlet": outlet, "text": "\n\n".join(paragraphs), "language": "en"}
    if when is not None:
        d["published"] = when.strftime("%Y-%m-%dT%H:%M")
    return d


def _mix(rng: random.Random, taken: list[str], own: list[str]) -> list[str]:
    """Interleave copied paragraphs (kept in order) with the document's own ones."""
    out, t, o = [], list(taken), list(own)
    out.append(o.pop(0))
    while t or o:
        if t and (not o or rng.random() < 0.6):
            out.append(t.pop(0))
        else:
            out.append(o.pop(0))
    return out


def _dates(rng: random.Random, n: int, start: datetime) -> list[datetime]:
    out, t = [], start
    for _ in range(n):
        out.append(t)
        t = t + timedelta(hours=rng.randint(2, 30))
    return out


def _degrade(rng: random.Random, dates: list, p_missing: float, p_misleading: float) -> tuple[list, str]:
    """Drop one date, or move the origin's date after a copy's; return dates and the variant."""
    r = rng.random()
    if r < p_missing:
        i = rng.randrange(len(dates))
        return [None if j == i else d for j, d in enumerate(dates)], "missing"
    if r < p_missing + p_misleading:
        return [dates[0] + timedelta(days=1, hours=6)] + dates[1:], "misleading"
    return dates, "dates"


def chain(w: _Writer, sid: str, start: datetime, deg) -> Story:
    rng = w.rng
    st = Story("chain")
    a_par = [w.paragraph() for _ in range(6)]
    b_take = [w.edit(p) for p in a_par[:4]]
    c_take = [w.edit(p) for p in b_take[1:4]]
    dates, st.variant = deg(_dates(rng, 3, start))
    ids = [f"{sid}-a", f"{sid}-b", f"{sid}-c"]
    st.docs = [_doc(ids[0], f"{w.name()} {w.name()} report", f"{w.name()} Times", a_par, dates[0], rng, st.variant),
               _doc(ids[1], f"{w.name()} {w.name()} update", f"{w.name()} Post", _mix(rng, b_take, [w.paragraph() for _ in range(3)]), dates[1], rng, st.variant),
               _doc(ids[2], f"{w.name()} {w.name()} digest", f"{w.name()} Daily", _mix(rng, c_take, [w.paragraph() for _ in range(3)]), dates[2], rng, st.variant)]
    st.origin, st.parents = ids[0], {ids[1]: ids[0], ids[2]: ids[1]}
    st.pairs = {(ids[0], ids[1]): "a->b", (ids[1], ids[2]): "a->b", (ids[0], ids[2]): "a->b"}
    return st


def _statement(w: _Writer) -> tuple[str, list[str]]:
    body = f"Ministry of {w.name()}"
    return body, [w.paragraph(first_person=True) for _ in range(5)]


def _quoting(w: _Writer, sid: str, k: int, body: str, st_par: list[str], dates: list, variant: str,
             first: int = 0) -> tuple[list[dict], dict[str, set[int]]]:
    rng = w.rng
    docs, took = [], {}
    for i in range(k):
        # every report quotes the key paragraph (0), some one more: shared text to find
        idx = sorted({0} | set(rng.sample(range(1, len(st_par)), rng.randint(0, 1))))
        quotes = [rng.choice(_TEMPLATES).format(q=st_par[j].rstrip("."), body=body) for j in idx]
        did = f"{sid}-r{i + 1}"
        docs.append(_doc(did, f"{w.name()} {w.name()} {w.name()}", f"{w.name()} News",
                         _mix(rng, quotes, [w.paragraph() for _ in range(3)]), dates[first + i], rng, variant))
        took[did] = set(idx)
    return docs, took


def fanout(w: _Writer, sid: str, start: datetime, deg, absent: bool = False) -> Story:
    rng = w.rng
    st = Story("siblings_attr" if absent else "fanout")
    body, st_par = _statement(w)
    k = rng.randint(3, 4) if not absent else rng.randint(2, 3)
    dates, st.variant = deg(_dates(rng, k + 1, start))
    docs, took = _quoting(w, sid, k, body, st_par, dates, st.variant, first=1)
    origin = f"{sid}-s"
    if not absent:
        st.docs.append(_doc(origin, f"Statement by the {body}", body, st_par, dates[0], rng, st.variant))
    st.docs += docs
    st.origin = "ext" if absent else origin
    for d in docs:
        st.parents[d["id"]] = st.origin
        if not absent:
            st.pairs[(origin, d["id"]) if origin < d["id"] else (d["id"], origin)] = "a->b" if origin < d["id"] else "b->a"
    for x, y in combinations(sorted(took), 2):
        if took[x] & took[y]:
            st.pairs[(x, y)] = "siblings"
    return st


def siblings_noattr(w: _Writer, sid: str, start: datetime, deg) -> Story:
    rng = w.rng
    st = Story("siblings_noattr")
    src = [w.paragraph() for _ in range(5)]
    shared = sorted(rng.sample(range(5), 3))
    dates, st.variant = deg(_dates(rng, 2, start))
    ids = [f"{sid}-x", f"{sid}-y"]
    for i, did in enumerate(ids):
        take = [w.edit(src[j]) for j in shared]
        st.docs.append(_doc(did, f"{w.name()} {w.name()}", f"{w.name()} Herald",
                            _mix(rng, take, [w.paragraph() for _ in range(3)]), dates[i], rng, st.variant))
    st.origin, st.parents = "ext", {ids[0]: "ext", ids[1]: "ext"}
    st.pairs = {(ids[0], ids[1]): "siblings"}
    return st


def republish(w: _Writer, sid: str, start: datetime, deg, credit: bool) -> Story:
    rng = w.rng
    st = Story("republish_credit" if credit else "republish_nocredit")
    outlet = f"{w.name()} Observer"
    par = [w.paragraph() for _ in range(6)]
    copy = [w.edit(p, 0.03) for p in par]
    if credit:
        copy.append(f"This article was originally published by {outlet}.")
    dates, st.variant = deg(_dates(rng, 2, start))
    ids = [f"{sid}-o", f"{sid}-p"]
    st.docs = [_doc(ids[0], f"{w.name()} {w.name()}", outlet, par, dates[0], rng, st.variant),
               _doc(ids[1], f"{w.name()} {w.name()}", f"{w.name()} Mirror", copy, dates[1], rng, st.variant)]
    st.origin, st.parents, st.pairs = ids[0], {ids[1]: ids[0]}, {(ids[0], ids[1]): "a->b"}
    return st


def generate(n_stories: int, seed: int = 13, p_missing: float = 0.15, p_misleading: float = 0.15) -> list[Story]:
    """Return n_stories stories, shapes in rotation, with dates degraded at the given rates."""
    rng = random.Random(seed)
    deg = lambda dates: _degrade(rng, dates, p_missing, p_misleading)  # noqa: E731
    out = []
    for i in range(n_stories):
        w = _Writer(random.Random(rng.random()))
        w.rng = rng
        shape, sid = SHAPES[i % len(SHAPES)], f"s{i:03d}"
        start = datetime(2024, 1, 1) + timedelta(days=3 * i, hours=rng.randint(0, 12))
        if shape == "chain":
            out.append(chain(w, sid, start, deg))
        elif shape in ("fanout", "siblings_attr"):
            out.append(fanout(w, sid, start, deg, absent=shape == "siblings_attr"))
        elif shape == "siblings_noattr":
            out.append(siblings_noattr(w, sid, start, deg))
        else:
            out.append(republish(w, sid, start, deg, credit=shape == "republish_credit"))
    return out
