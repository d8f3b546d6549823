"""Run the claims stage against a store: extract new documents, regroup the whole store."""

from __future__ import annotations

import multiprocessing as mp
import os
from typing import Any, Callable, Iterable, Iterator

import duckdb

from ..claims.corroboration import GroupOptions
from ..claims.stage import ExtractOptions, extract_rows, regroup
from ..errors import NewstraceError
from ..settings import ClaimsSettings
from ..store import claims_store

BATCH = 50


def _no_progress(label: str, it: Iterable, total: int | None = None) -> Iterable:
    return it


def run_claims(
    con: duckdb.DuckDBPyConnection,
    settings: ClaimsSettings,
    progress: Callable[..., Iterable] = _no_progress,
    jobs: int = 1,
) -> dict[str, Any]:
    """Extract claims of documents not yet done, regroup all mentions; return counts.

    With jobs > 1, batches are parsed in that many worker processes (forked
    after the spaCy model is loaded, so they share it) and stored here in input
    order: the rows are the same as with one process.
    """
    todo = claims_store.docs_without_claims(con)
    opts = ExtractOptions(model=settings.model, min_quote_words=settings.min_quote_words)
    batches = [todo[i:i + BATCH] for i in range(0, len(todo), BATCH)]
    failed = 0
    for mentions, done, failures in progress("claims", _extracted(batches, opts, jobs), len(batches)):
        claims_store.add_mentions(con, mentions, done)
        for doc_id, reason in failures:
            claims_store.add_failure(con, doc_id, reason)
        failed += len(failures)
    mentions = claims_store.all_mentions(con)
    links, links_from = claims_store.document_links(con)
    claims = regroup(
        mentions, links, GroupOptions(settings.approx_tolerance, settings.unattributed_are_carriers)
    )
    claims_store.replace_claims(con, claims, mentions, links_from)
    return {
        "documents": len(todo),
        "failed": failed,
        "mentions": len(mentions),
        "claims": len(claims),
        "links_from": links_from,
    }


_OPTS: ExtractOptions | None = None


def _extracted(batches: list[list[tuple[str, str, str | None]]], opts: ExtractOptions,
               jobs: int) -> Iterator[tuple[list, list, list]]:
    """Yield extract_batch_rows of each batch, in order, in worker processes when jobs > 1."""
    if jobs <= 1 or len(batches) < 2:
        for batch in batches:
            yield extract_batch_rows(batch, opts)
        return
    global _OPTS
    from ..claims.nlp import load
    load(opts.model)  # once, here: the forked workers share the loaded model
    _OPTS = opts
    ctx = mp.get_context("fork") if os.name == "posix" else mp.get_context()
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(_extract_worker, batches)


def _extract_worker(batch: list[tuple[str, str, str | None]]) -> tuple[list, list, list]:
    assert _OPTS is not None
    return extract_batch_rows(batch, _OPTS)


def extract_batch_rows(
    batch: list[tuple[str, str, str | None]], opts: ExtractOptions
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[str, str]]]:
    """Extract a batch of (doc_id, text, language); return (mentions, claim_docs rows, failures).

    A document that breaks the extractor becomes a (doc_id, reason) failure and
    the others keep their rows; configuration problems (no model) raise.
    """
    if not batch:
        return [], [], []
    try:
        mentions, done = extract_rows(batch, opts)
        return mentions, done, []
    except NewstraceError:
        raise  # configuration problems (no model) stop the run
    except Exception:  # noqa: BLE001 — isolate the bad document, keep the others
        pass
    mentions, done, failures = [], [], []
    for row in batch:
        try:
            m, d = extract_rows([row], opts)
        except NewstraceError:
            raise
        except Exception as e:  # noqa: BLE001
            failures.append((row[0], f"claims extraction failed: {type(e).__name__}: {e}"))
            continue
        mentions += m
        done += d
    return mentions, done, failures
