"""Per-record and per-partition stage functions the Spark engine runs on executors.

No pyspark here: every function takes and returns plain Python values and calls
the same ingest, extract, segment and align code as the local engine, so the
two engines cannot drift apart.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..align.api import DocCache, align_one
from ..align.prepare import PreparedDoc, prepare_indexed
from ..errors import NewstraceError
from ..extract import extract
from ..ingest import read_file
from ..settings import AlignSettings, ExtractSettings, IngestSettings
from ..types import Failure, Passage, RawDocument
from .local import _path_of, _position_of

Ordinal = tuple[int, int]   # (input file index, item index within that file)


def read_local(index: int, path: str, cfg: IngestSettings) -> Iterator[tuple[Ordinal, RawDocument | Failure]]:
    """Read one local file with the ingest readers; number its items in file order."""
    for k, item in enumerate(read_file(Path(path), cfg)):
        yield (index, k), item


def read_bytes(index: int, uri: str, data: bytes, cfg: IngestSettings
               ) -> Iterator[tuple[Ordinal, RawDocument | Failure]]:
    """Read a file Spark fetched (HDFS, S3 …) through a local temporary copy; sources keep the URI."""
    name = uri.rstrip("/").rsplit("/", 1)[-1] or "input"
    with tempfile.TemporaryDirectory(prefix="newstrace-") as tmp:
        local = os.path.join(tmp, name)
        with open(local, "wb") as fh:
            fh.write(data)
        for k, item in enumerate(read_file(Path(local), cfg)):
            yield (index, k), _rename(item, local, uri)


def _rename(item: RawDocument | Failure, local: str, uri: str) -> RawDocument | Failure:
    if isinstance(item, Failure):
        return dataclasses.replace(item, path=item.path.replace(local, uri, 1))
    return dataclasses.replace(item, source=item.source.replace(local, uri, 1))


def content_hash(raw: RawDocument) -> str:
    """Return the sha256 of a record's decoded content, as the local engine computes it."""
    return hashlib.sha256(raw.content.encode("utf-8", "surrogatepass")).hexdigest()


def extract_or_fail(raw: RawDocument, cfg: ExtractSettings):
    """Extract one record; return the Extracted result or the Failure the local engine records."""
    def failure(reason: str) -> Failure:
        return Failure(_path_of(raw.source), _position_of(raw.source), "extract", reason)
    try:
        ex = extract(raw, cfg)
    except NewstraceError as e:
        return failure(str(e))
    except Exception as e:  # noqa: BLE001 — a bad document must never stop the run
        return failure(f"extraction failed: {type(e).__name__}: {e}")
    if not ex.text.strip():
        return failure("no article text left after boilerplate removal")
    return ex


def index_document(doc_key: int, doc_id: str, text: str, lang: str | None, n: int
                   ) -> tuple[list[tuple[int, int, int, int]], list[int], tuple]:
    """Return a document's sentence rows (doc_key, idx, begin, end), shingle hashes and its
    prepared form for alignment (:meth:`PreparedDoc.compact`), from one tokenisation.

    The sentences and shingles equal those of the local engine's index stage
    (``split_sentences`` and ``shingle_hashes``; tested), and alignment receives the
    prepared document instead of preparing it again in every partition that needs it.
    """
    doc, sents, shingles = prepare_indexed(doc_id, text, lang or "en", n)
    return ([(doc_key, i, b, e) for i, (b, e) in enumerate(sents)], [int(h) for h in shingles],
            doc.compact())


def index_record(d: dict[str, Any], n: int) -> tuple[list, list[int], tuple[int, tuple]]:
    """Index one stored document: (sentence rows, shingle hashes, (doc_key, (doc_id, text,
    language, published, compact))), the last being what alignment needs of it."""
    sents, shingles, compact = index_document(d["doc_key"], d["doc_id"], d["text"], d["language"], n)
    return sents, shingles, (d["doc_key"], (d["doc_id"], d["text"], d["language"], d["published"], compact))


def align_copartition(items: Iterable[tuple[tuple, Any]], cfg: AlignSettings
                      ) -> Iterator[tuple[int, int, int, list[tuple]]]:
    """Align the pairs of one partition; yield (a_key, b_key, shared, passage tuples).

    Items arrive sorted by key: first ((part, 0, doc_key), (doc_id, text, lang, published,
    compact)) for every document the partition's pairs need (compact: the document as the
    index stage prepared it, or None to prepare it here), then ((part, 1, a, b), shared)
    per pair. Each pair is oriented as the local engine orients it (the earlier-published
    side is the source).
    """
    from .local import orient
    texts: dict[str, str] = {}
    langs: dict[str, str] = {}
    prepared: dict[str, PreparedDoc] = {}
    info: dict[int, dict[str, Any]] = {}
    cache = DocCache(texts, langs, prepared=prepared)
    for key, val in items:
        if key[1] == 0:
            doc_id, text, lang, pub, compact = val
            texts[doc_id], langs[doc_id] = text, lang or "en"
            if compact is not None:
                prepared[doc_id] = PreparedDoc.from_compact(compact, text)
            info[key[2]] = {"doc_id": doc_id, "published": pub}
            continue
        a, b = key[2], key[3]
        t_id, s_id, shared = orient(a, b, val, info)
        yield a, b, shared, [passage_tuple(p) for p in align_one(cache, t_id, s_id, cfg)]


PASSAGE_FIELDS = ("target_id", "target_begin", "target_end", "source_id", "source_begin",
                  "source_end", "kind", "score", "method")


def passage_tuple(p: Passage) -> tuple:
    """Return a passage as a tuple of PASSAGE_FIELDS."""
    return (p.target_id, p.target_begin, p.target_end, p.source_id, p.source_begin,
            p.source_end, p.kind, float(p.score), p.method)


def assign_ids(rows: list[tuple[int, str]]) -> dict[int, str]:
    """Give (doc_key, base_id) rows unique ids exactly as the local engine does, in key order."""
    from .local import unique_id
    taken: set[str] = set()
    out: dict[int, str] = {}
    for key, base in sorted(rows):
        out[key] = unique_id(base, taken)
        taken.add(out[key])
    return out
