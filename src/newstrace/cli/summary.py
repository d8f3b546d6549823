"""The short summary printed after `newstrace analyze`."""
from __future__ import annotations

import click

from ..engines.local import RunStats
from ..store import queries
from ..store.store import Store


def print_summary(store: Store, stats: RunStats, db: str) -> None:
    """Print what the run did and what the store now holds, to stdout."""
    s = queries.summary(store.con)
    click.echo(f"run {stats.run_id}: {stats.documents_added} documents added, "
               f"{stats.duplicates} exact duplicates, {stats.failures} failures, "
               f"{stats.pairs_compared} pairs compared, {stats.passages} passages found")
    for reason, k in sorted(stats.failure_reasons.items(), key=lambda x: -x[1]):
        click.echo(f"  failure: {reason} ({k})")
    kinds = ", ".join(f"{k} {n}" for k, n in s["passages_by_kind"].items())
    click.echo(f"store {db}: {s['documents']} documents, {s['failures']} failures, "
               f"{s['duplicates']} duplicates, {s['pairs']} document pairs sharing text, "
               f"{s['passages']} passages" + (f" ({kinds})" if kinds else ""))
    top = queries.most_reused(store.con, limit=5)
    if top:
        click.echo("most reused documents (partners sharing text, share of text reused by others):")
        for d in top:
            click.echo(f"  {d['partners']:3d}  {d['reused_by']:5.0%}  {d['id']}  {(d['title'] or '')[:60]}")
