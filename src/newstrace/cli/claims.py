"""`newstrace claims`: list claims, their sources, carriers and conflicts."""

from __future__ import annotations

import json
from typing import Any

import click

from ..errors import ConfigError
from .common import DB_HELP, clean_errors


@click.command(name="claims")
@click.option("--db", default="newstrace.duckdb", show_default=True, help=DB_HELP)
@click.option(
    "--json", "as_json", is_flag=True, help="Print claims with sources and mentions as JSON."
)
@click.option(
    "--kind",
    default="figure",
    show_default=True,
    type=click.Choice(["figure", "quote", "reported", "all"]),
    help="Which claims: figures, direct quotations, reported speech, or all.",
)
@click.option(
    "--min-mentions",
    default=1,
    show_default=True,
    type=int,
    help="Hide claims mentioned fewer times.",
)
@clean_errors
def claims(db: str, as_json: bool, kind: str, min_mentions: int) -> None:
    """List claims: each figure or quotation, who it is attributed to, how many documents
    carry it, how many independent sources stand behind it, and what it conflicts with.

    Example:


    \b
        newstrace claims --db news.duckdb
        newstrace claims --db news.duckdb --json --kind all > claims.json
    """
    from ..store.store import Store

    with Store(db, read_only=True) as store:
        rows = load_claims(store.con, None if kind == "all" else kind, min_mentions)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    labels = {r["claim_id"]: r["label"] for r in rows}
    for r in rows:
        click.echo(format_claim(r, labels))
    click.echo(f"{len(rows)} claims", err=True)


def load_claims(con: Any, kind: str | None, min_mentions: int = 1) -> list[dict[str, Any]]:
    """Return claims with their mentions, or raise if the store has no claims tables."""
    from ..store import queries

    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'claims'"
    ).fetchone()[0]
    if not found:
        raise ConfigError("this store has no claims tables; run `newstrace analyze` on it again")
    rows = [r for r in queries.claims_list(con, kind) if r["mentions"] >= min_mentions]
    by_claim: dict[int, list[dict[str, Any]]] = {}
    for m in queries.claim_mentions(con):
        by_claim.setdefault(m["claim_id"], []).append(
            {
                k: m[k]
                for k in (
                    "doc_id",
                    "begin",
                    "end",
                    "text",
                    "speaker",
                    "attributed_to",
                    "attribution_how",
                    "place",
                    "date",
                    "title",
                    "outlet",
                    "published",
                )
            }
        )
    for r in rows:
        r["mention_list"] = by_claim.get(r["claim_id"], [])
    return rows


def format_claim(r: dict[str, Any], labels: dict[int, str]) -> str:
    """Return a claim as a few lines of text."""
    where = ", ".join(x for x in (r.get("place"), r.get("date")) if x)
    head = f"#{r['claim_id']} {r['label']}" + (f" ({where})" if where else "")
    lines = [
        head,
        f"    attributed to: {r.get('attributed_to') or '—'}; mentions {r['mentions']} in "
        f"{r['documents']} documents; independent sources {r['independent_sources']}",
    ]
    for s in r["sources"]:
        lines.append(f"    source {s.get('label') or s['source']}: {', '.join(s['documents'])}")
    if r["conflicts_with"]:
        lines.append(
            "    conflicts with: "
            + "; ".join(f"#{c} {labels.get(c, '')}" for c in r["conflicts_with"])
        )
    if r["compatible_with"]:
        lines.append(
            "    compatible with: "
            + "; ".join(f"#{c} {labels.get(c, '')}" for c in r["compatible_with"])
        )
    return "\n".join(lines)
