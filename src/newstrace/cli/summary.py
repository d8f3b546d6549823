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
               f"{stats.pairs_compared} pairs compared, {stats.passages} passages found"
               + _semantic_part(stats))
    for reason, k in sorted(stats.failure_reasons.items(), key=lambda x: -x[1]):
        click.echo(f"  failure: {reason} ({k})")
    timed = [(k, v) for k, v in stats.stage_seconds.items() if v["wall"] >= 0.05]
    if timed:
        click.echo("time: " + ", ".join(f"{k} {v['wall']:.1f} s" for k, v in timed)
                   + f" (CPU {sum(v['cpu'] for _, v in timed):.1f} s)")
    kinds = ", ".join(f"{k} {n}" for k, n in s["passages_by_kind"].items())
    click.echo(f"store {db}: {s['documents']} documents, {s['failures']} failures, "
               f"{s['duplicates']} duplicates, {s['pairs']} document pairs sharing text, "
               f"{s['passages']} passages" + (f" ({kinds})" if kinds else ""))
    top = queries.most_reused(store.con, limit=5)
    if top:
        click.echo("most reused documents (partners sharing text, share of text reused by others):")
        for d in top:
            click.echo(f"  {d['partners']:3d}  {d['reused_by']:5.0%}  {d['id']}  {(d['title'] or '')[:60]}")
    later = queries.later_stages_summary(store.con)
    if later["edges_by_relation"] or later["external_sources"]:
        rel = ", ".join(f"{k} {n}" for k, n in later["edges_by_relation"].items())
        click.echo(f"provenance: {sum(later['edges_by_relation'].values())} edges ({rel}), "
                   f"{later['external_sources']} external sources")
    if later["claims_by_kind"]:
        kinds = ", ".join(f"{k} {n}" for k, n in later["claims_by_kind"].items())
        click.echo(f"claims: {sum(later['claims_by_kind'].values())} ({kinds}), "
                   f"{later['claims_in_conflict']} in conflict with another")
        for c in later["top_claims"]:
            click.echo(f"  {c['label']}  — {c['attributed_to'] or 'unattributed'}: {c['mentions']} mentions, "
                       f"{c['independent_sources']} independent source(s)"
                       + (f", conflicts with {c['conflicts']}" if c["conflicts"] else ""))


def _semantic_part(stats: RunStats) -> str:
    sem = stats.__dict__.get("semantic")
    if not sem:
        return ""
    return f" (+{sem.get('passages', 0)} paraphrase/translation from {sem.get('pairs_compared', 0)} pairs)"
