"""`newstrace align`: align clean texts from JSONL, for evaluation and scripting."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from ..errors import InputError
from ..settings import AlignSettings, SemanticSettings
from .api import align_documents


def read_docs(path: str) -> dict[str, str]:
    """Read {"id", "text"} JSON lines; texts are used exactly as given."""
    docs: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                doc_id, text = str(rec["id"]), rec["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise InputError(f"{path} line {n}: expected a JSON object with id and text ({e})") from None
            if not isinstance(text, str):
                raise InputError(f"{path} line {n}: text must be a string")
            docs[_strip(doc_id)] = text
    return docs


def read_pairs(path: str, docs: dict[str, str]) -> list[tuple[str, str]]:
    """Read 'target_id source_id' lines; a .txt suffix on an id names the same id."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) != 2:
                raise InputError(f"{path} line {n}: expected 'target_id source_id', got {line.strip()!r}")
            t, s = _strip(parts[0]), _strip(parts[1])
            for i in (t, s):
                if i not in docs:
                    raise InputError(f"{path} line {n}: no document with id {i!r} in the docs file")
            pairs.append((t, s))
    return pairs


def _strip(doc_id: str) -> str:
    return doc_id[:-4] if doc_id.endswith(".txt") else doc_id


@contextmanager
def _open_out(output: str) -> Iterator[IO[str]]:
    if output == "-":
        yield sys.stdout
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8") as f:
            yield f


def read_langs(path: str) -> dict[str, str]:
    """Read the optional "language" (or "lang") field of each JSON line, by id."""
    langs: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                lang = rec.get("language") or rec.get("lang")
                if isinstance(lang, str) and lang:
                    langs[_strip(str(rec["id"]))] = lang
    return langs


def _with_semantic(docs: dict[str, str], pairs, cfg: AlignSettings, sem: SemanticSettings,
                   jobs: int, langs: dict[str, str]) -> Iterator:
    """Lexical passages of every pair (or candidate pair) merged with semantic ones."""
    from .semantic_api import semantic_documents
    lexical: dict[tuple[str, str], list] = {}
    for p in align_documents(docs, pairs, cfg, jobs=jobs, langs=langs):
        lexical.setdefault((p.target_id, p.source_id), []).append(p)
    todo = sorted(pairs) if pairs is not None else sorted(lexical)
    for _, ps in semantic_documents(docs, todo, lexical, sem, langs):
        yield from ps


def run_align(docs_path: str, pairs_path: str | None, output: str, cfg: AlignSettings, jobs: int = 1,
              semantic: SemanticSettings | None = None) -> int:
    """Align documents of a JSONL file and write one JSON line per passage; return the count.

    With ``semantic`` settings, paraphrase and translation passages are added
    (pairs given, or the lexical candidate pairs when none are given).
    """
    docs = read_docs(docs_path)
    pairs = read_pairs(pairs_path, docs) if pairs_path else None
    n = 0
    if semantic is not None:
        found = _with_semantic(docs, pairs, cfg, semantic, jobs, read_langs(docs_path))
    else:
        found = align_documents(docs, pairs, cfg, jobs=jobs)
    with _open_out(output) as out:
        for p in found:
            out.write(json.dumps({
                "target_id": p.target_id, "target_begin": p.target_begin, "target_end": p.target_end,
                "source_id": p.source_id, "source_begin": p.source_begin, "source_end": p.source_end,
                "kind": p.kind, "score": p.score, "method": p.method}, ensure_ascii=False) + "\n")
            n += 1
    return n
