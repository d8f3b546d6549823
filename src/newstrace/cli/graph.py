"""`newstrace graph`: write the provenance graph for Gephi, Cytoscape or yEd."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ConfigError
from .common import DB_HELP, clean_errors


@click.command()
@click.option("--db", default="newstrace.duckdb", show_default=True, help=DB_HELP)
@click.option("--format", "fmt", default="graphml", show_default=True,
              type=click.Choice(["graphml", "gexf", "json"]),
              help="graphml (Gephi, Cytoscape, yEd), gexf (Gephi) or json (Cytoscape.js).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out edges less confident than this (and nodes left without edges).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@clean_errors
def graph(db: str, fmt: str, min_confidence: float, output: str) -> None:
    """Write the provenance graph: documents and external sources, typed edges, confidences.

    Edges run from parent to child (copies, excerpts_with_attribution, paraphrases,
    translates, republishes); sibling_of edges are undirected.

    Example:


    \b
        newstrace graph --db news.duckdb --format gexf -o provenance.gexf
    """
    from ..provenance.graph import render_graph
    from ..store import queries
    from ..store.store import Store
    with Store(db, read_only=True) as store:
        if not queries.has_provenance(store.con):
            raise ConfigError(f"store {db} has no provenance tables; run `newstrace analyze` on it again")
        nodes, edges = queries.provenance_graph(store.con)
    if min_confidence > 0:
        edges = [e for e in edges if (e["confidence"] or 0) >= min_confidence]
        kept = {e["source_id"] for e in edges} | {e["target_id"] for e in edges}
        nodes = [n for n in nodes if n["id"] in kept]
    text = render_graph(nodes, edges, fmt)
    if output == "-":
        sys.stdout.write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot write {output}: {e.strerror or e}; check the output path") from e
    click.echo(f"{len(nodes)} nodes, {len(edges)} edges", err=True)
