"""The `newstrace` command: one click group, thin commands over the library."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..settings import describe
from .common import DB_HELP, clean_errors, load_settings, progress_factory, with_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newstrace")
def cli() -> None:
    """Trace where news text comes from: who said it first, who repeats it.

    Example:


    \b
        newstrace analyze articles/ --db news.duckdb && newstrace report --db news.duckdb -o report.html
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default="newstrace.duckdb", show_default=True, help=DB_HELP)
@click.option("--jobs", type=int, default=None, help="Worker processes for extraction, indexing, alignment and claims (default: up to 2).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: one machine into --db; spark: Spark (pip install 'newstrace[spark]') into --out.")
@click.option("--spark-master", default=None, help="Spark master URL (default: spark.master, local[2]).")
@click.option("--out", default=None, help="Output directory of Parquet tables (--engine spark).")
@with_settings
@clean_errors
def analyze(inputs: tuple[str, ...], db: str, jobs: int | None, quiet: bool, engine: str,
            spark_master: str | None, out: str | None, config: str | None,
            overrides: tuple[str, ...]) -> None:
    """Ingest, extract, index and align INPUTS (files, folders, globs) into the store.

    Runs again on the same store add only what is new and resume an interrupted run.

    Example:


    \b
        newstrace analyze ../shared/seeds examples/demo --db news.duckdb
    """
    from ..engines.local import LocalEngine
    from ..store.store import Store
    from .summary import print_summary
    settings = load_settings(config, overrides)
    if engine == "spark" or out or spark_master:
        from .spark import analyze_spark
        return analyze_spark(list(inputs), settings, engine, out, spark_master, quiet)
    with Store(db) as store:
        stats = LocalEngine(store, settings, jobs, progress_factory(quiet)).analyze(list(inputs))
        print_summary(store, stats, db)


@cli.command()
@click.argument("docs", type=click.Path(exists=True, dir_okay=False))
@click.option("--pairs", type=click.Path(exists=True, dir_okay=False),
              help="File of 'target_id source_id' lines; only these pairs are compared.")
@click.option("-o", "--output", default="-", show_default=True, help="Output JSONL file, or - for stdout.")
@click.option("--jobs", type=int, default=1, show_default=True, help="Worker processes.")
@click.option("--semantic", is_flag=True, help="Also find paraphrased and translated passages "
              "(sentence embeddings; a \"language\" field per line marks translations).")
@with_settings
@clean_errors
def align(docs: str, pairs: str | None, output: str, jobs: int, semantic: bool, config: str | None,
          overrides: tuple[str, ...]) -> None:
    """Align already-clean texts from a JSONL file of {"id", "text"} lines.

    Offsets in the output refer to each text exactly as given. Without
    --pairs every candidate pair is compared.

    Example:


    \b
        newstrace align docs.jsonl --pairs pairs.txt -o passages.jsonl
        newstrace align docs.jsonl --semantic -o passages.jsonl
    """
    from ..align.standalone import run_align
    settings = load_settings(config, overrides)
    n = run_align(docs, pairs, output, settings.align, jobs, settings.semantic if semantic else None)
    click.echo(f"{n} passages", err=True)


@cli.command()
@click.option("--db", default="newstrace.duckdb", show_default=True, help=DB_HELP)
@click.option("-o", "--output", default="report.html", show_default=True, help="HTML file to write.")
@clean_errors
def report(db: str, output: str) -> None:
    """Write a self-contained HTML report of the store.

    Example:


    \b
        newstrace report --db news.duckdb -o report.html
    """
    from ..report import build_report
    from ..store.store import Store
    with Store(db, read_only=True) as store:
        path = build_report(store.con, output)
    click.echo(f"report written to {Path(path).resolve()}", err=True)


@cli.command()
@click.option("--db", default="newstrace.duckdb", show_default=True, help=DB_HELP)
@click.option("--table", required=True, type=click.Choice(["documents", "passages", "failures", "claims", "edges"]),
              help="Table to export (claims: figures and quotes with independent sources; "
              "edges: the provenance graph, external sources labelled).")
@click.option("--format", "fmt", default="jsonl", show_default=True,
              type=click.Choice(["jsonl", "csv", "parquet"]), help="Output format.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@clean_errors
def export(db: str, table: str, fmt: str, output: str) -> None:
    """Export a table of the store as JSONL, CSV or Parquet.

    Example:


    \b
        newstrace export --db news.duckdb --table passages --format csv -o passages.csv
    """
    from ..store.export import export_table
    from ..store.store import Store
    with Store(db, read_only=True) as store:
        n = export_table(store.con, table, fmt, output)
    click.echo(f"{n} rows", err=True)


@cli.command(name="settings")
@with_settings
@clean_errors
def settings_cmd(config: str | None, overrides: tuple[str, ...]) -> None:
    """Print the effective settings (defaults, file, environment, overrides) as JSON.

    Example:


    \b
        newstrace settings -s align.min_chars=80
    """
    effective = load_settings(config, overrides).to_dict()
    helps = {name: h for name, _, h in describe()}
    out = {sec: {k: {"value": v, "help": helps.get(f"{sec}.{k}", "")} for k, v in vals.items()}
           for sec, vals in effective.items()}
    click.echo(json.dumps(out, indent=2))


# command families living in their own modules
from .graph import graph as _graph; cli.add_command(_graph)  # noqa: E402,E702
from .serve import serve as _serve; cli.add_command(_serve)  # noqa: E402,E702
from .claims import claims as _claims; cli.add_command(_claims)  # noqa: E402,E702
from .spark import import_parquet_cmd as _ip; cli.add_command(_ip)  # noqa: E402,E702


def main() -> None:
    cli(prog_name="newstrace")


if __name__ == "__main__":
    main()
