"""`newstrace serve`: the web UI and JSON API over a store."""
from __future__ import annotations

import secrets

import click

from ..errors import ConfigError
from .common import DB_HELP, clean_errors, load_settings, with_settings


@click.command()
@click.option("--db", default="newstrace.duckdb", show_default=True, help=DB_HELP)
@click.option("--host", default=None, help="Address to listen on (default serve.host, 127.0.0.1).")
@click.option("--port", type=int, default=None, help="TCP port (default serve.port, 8000).")
@click.option("--token", default=None, envvar="NEWSTRACE_TOKEN",
              help="Access token; needed for a non-loopback --host and for --allow-ingest.")
@click.option("--allow-ingest", is_flag=True, help="Accept POST /api/ingest (token-protected; store opened for writing).")
@with_settings
@clean_errors
def serve(db: str, host: str | None, port: int | None, token: str | None, allow_ingest: bool,
          config: str | None, overrides: tuple[str, ...]) -> None:
    """Serve the web UI and JSON API of a store, read-only by default.

    Binds 127.0.0.1 unless told otherwise; another address needs a token.

    Example:


    \b
        newstrace serve --db news.duckdb --port 8000
    """
    import uvicorn

    from ..web import create_app
    from ..web.security import is_loopback
    settings = load_settings(config, overrides)
    cfg = settings.serve
    cfg.host = host or cfg.host
    cfg.port = cfg.port if port is None else port
    cfg.token = token if token is not None else cfg.token
    cfg.allow_ingest = allow_ingest or cfg.allow_ingest
    if not 0 < cfg.port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, got {cfg.port}")
    if cfg.allow_ingest and not cfg.token:
        cfg.token = secrets.token_urlsafe(24)
        click.echo(f"ingest token (send as 'Authorization: Bearer TOKEN'): {cfg.token}", err=True)
    app = create_app(db, settings)
    shown = f"[{cfg.host}]" if ":" in cfg.host else cfg.host
    url = f"http://{shown}:{cfg.port}/"
    if cfg.token and not is_loopback(cfg.host):
        url += "?token=TOKEN (your token, once; then a cookie keeps you in)"
    click.echo(f"newstrace: serving {db} at {url}  (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=cfg.host, port=cfg.port, log_level="warning", server_header=False,
                limit_concurrency=64, timeout_keep_alive=5)
