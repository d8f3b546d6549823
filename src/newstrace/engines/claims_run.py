"""Run the claims stage against a store: extract new documents, regroup the whole store."""

from __future__ import annotations

from typing import Any, Callable, Iterable

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
) -> dict[str, Any]:
    """Extract claims of documents not yet done, regroup all mentions; return counts."""
    todo = claims_store.docs_without_claims(con)
    opts = ExtractOptions(model=settings.model, min_quote_words=settings.min_quote_words)
    batch: list[tuple[str, str, str | None]] = []
    failed = 0
    for row in progress("claims", todo, len(todo)):
        batch.append(row)
        if len(batch) >= BATCH:
            failed += _extract_batch(con, batch, opts)
            batch = []
    failed += _extract_batch(con, batch, opts)
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


def _extract_batch(
    con: duckdb.DuckDBPyConnection, batch: list[tuple[str, str, str | None]], opts: ExtractOptions
) -> int:
    """Extract and store a batch; a document that breaks the extractor becomes a failure row."""
    mentions, done, failures = extract_batch_rows(batch, opts)
    claims_store.add_mentions(con, mentions, done)
    for doc_id, reason in failures:
        claims_store.add_failure(con, doc_id, reason)
    return len(failures)


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
