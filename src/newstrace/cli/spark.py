"""Spark commands: `analyze --engine spark` output and `newstrace import-parquet`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from ..settings import Settings
from .common import DB_HELP, clean_errors


def analyze_spark(inputs: list[str], settings: Settings, engine: str, out: str | None,
                  master: str | None, quiet: bool) -> None:
    """Run the Spark engine for `newstrace analyze --engine spark` and print a summary."""
    if engine != "spark":
        raise InputError("--out and --spark-master only apply to --engine spark")
    if not out:
        raise InputError("--engine spark writes Parquet tables: give an output directory with --out DIR")
    from ..engines.spark import SparkEngine
    log = (lambda msg: None) if quiet else (lambda msg: click.echo(f"[spark] {msg}", err=True))
    stats = SparkEngine(settings, out, master=master, log=log).analyze(inputs)
    click.echo(f"spark run: {stats.documents_added} documents added, {stats.duplicates} exact duplicates, "
               f"{stats.failures} failures, {stats.pairs_compared} pairs compared, "
               f"{stats.passages} lexical passages found")
    for reason, k in sorted(stats.failure_reasons.items(), key=lambda x: -x[1]):
        click.echo(f"  failure: {reason} ({k})")
    click.echo(f"Parquet tables in {Path(out).resolve()}; load them with "
               f"`newstrace import-parquet {out} --db newstrace.duckdb`")


@click.command(name="import-parquet")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default="newstrace.duckdb", show_default=True, help=DB_HELP)
@clean_errors
def import_parquet_cmd(directory: str, db: str) -> None:
    """Load the Parquet tables of `analyze --engine spark --out DIRECTORY` into a new store.

    The report, exports, graph and web UI then work on the Spark results, and
    later local runs on the store add to them.

    Example:


    \b
        newstrace import-parquet spark-out/ --db news.duckdb && newstrace report --db news.duckdb
    """
    from ..engines.parquet import import_parquet
    counts = import_parquet(directory, db)
    shown = ", ".join(f"{t} {n}" for t, n in counts.items() if n)
    click.echo(f"imported into {db}: {shown}", err=True)
    sys.stdout.flush()
