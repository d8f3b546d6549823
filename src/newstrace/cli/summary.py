"""The short summary printed after `newstrace analyze`."""
from __future__ import annotations

import click

from ..engines.local import RunStats
from ..store.store import Store


def print_summary(store: Store, stats: RunStats, db: str) -> None:
    """Print what the run did and what the store now holds, to stdout."""
    con = store.con
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    n_fail = con.execute("SELECT count(*) FROM failures").fetchone()[0]
    n_pairs = con.execute("SELECT count(*) FROM pairs WHERE n_passages > 0").fetchone()[0]
    n_pass = con.execute("SELECT count(*) FROM passages").fetchone()[0]
    click.echo(f"run {stats.run_id}: {stats.documents_added} documents added, "
               f"{stats.duplicates} exact duplicates, {stats.failures} failures, "
               f"{stats.pairs_compared} pairs compared, {stats.passages} passages found")
    for reason, k in sorted(stats.failure_reasons.items(), key=lambda x: -x[1]):
        click.echo(f"  failure: {reason} ({k})")
    click.echo(f"store {db}: {n_docs} documents, {n_fail} failures, "
               f"{n_pairs} document pairs sharing text, {n_pass} passages")
    top = con.execute("""
        SELECT d.doc_id, coalesce(d.title, ''), count(DISTINCT p.partner) AS partners
        FROM documents d JOIN (
            SELECT target_id AS doc, source_id AS partner FROM passages
            UNION ALL SELECT source_id, target_id FROM passages) p ON p.doc = d.doc_id
        GROUP BY ALL ORDER BY partners DESC, d.doc_id LIMIT 5""").fetchall()
    if top:
        click.echo("most reused documents (partners sharing text):")
        for doc_id, title, k in top:
            click.echo(f"  {k:3d}  {doc_id}  {title[:70]}")
