"""The `newstrace` command: one click group, thin commands over the library."""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from ..errors import NewstraceError
from ..settings import Settings, describe

DB_HELP = "DuckDB store file (default: newstrace.duckdb in the working directory)."


def clean_errors(fn: Callable) -> Callable:
    """Turn newstrace errors into a one-line message and exit status 1."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewstraceError as e:
            click.echo(f"newstrace: error: {e}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("newstrace: interrupted; run the same command again to resume", err=True)
            sys.exit(130)
    return wrapper


def load_settings(config: str | None, overrides: tuple[str, ...]) -> Settings:
    return Settings.load(config, list(overrides))


def progress_factory(quiet: bool):
    """Return a progress wrapper: tqdm bars on a terminal's stderr, nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return lambda label, it, total=None: it
    from tqdm import tqdm
    return lambda label, it, total=None: tqdm(it, desc=label, total=total, file=sys.stderr,
                                              unit="doc" if label != "align" else "psg", leave=False)


settings_options = [
    click.option("--config", type=click.Path(dir_okay=False), help="TOML settings file."),
    click.option("-s", "--set", "overrides", multiple=True, metavar="SECTION.NAME=VALUE",
                 help="Override one setting, e.g. -s align.min_chars=80 (repeatable)."),
]


def with_settings(fn: Callable) -> Callable:
    for opt in reversed(settings_options):
        fn = opt(fn)
    return fn


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
@click.option("--jobs", type=int, default=None, help="Worker processes for alignment (default: up to 2).")
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


from .graph import graph as _graph; cli.add_command(_graph)  # noqa: E402,E702


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


from .serve import serve as _serve; cli.add_command(_serve)  # noqa: E402,E702

from .claims import claims as _claims; cli.add_command(_claims)  # noqa: E402,E702
from .spark import import_parquet_cmd as _ip; cli.add_command(_ip)  # noqa: E402,E702


def main() -> None:
    cli(prog_name="newstrace")


if __name__ == "__main__":
    main()
