"""What every command module shares: error handling, settings options, progress bars.

Kept apart from main.py so that command modules never import the module that
registers them.
"""
from __future__ import annotations

import functools
import sys
from typing import Any, Callable

import click

from ..errors import NewstraceError
from ..settings import Settings

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
