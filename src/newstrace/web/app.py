"""The ASGI app: server-rendered pages and their JSON twins over one store."""
from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable

import jinja2
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..errors import ConfigError
from ..report.build import safe_url
from ..settings import Settings
from . import views
from .db import WebStore
from .security import BodyTooLarge, Guard, is_loopback

def environment() -> jinja2.Environment:
    """Return the jinja2 environment over the web templates and the report's shared ones."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader("newstrace.web", "templates"),
                                    jinja2.PackageLoader("newstrace.report", "templates")]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: f"{100 * (x or 0):.0f}%"
    env.filters["score"] = lambda x: "" if x is None else f"{x:.2f}"
    env.filters["safe_url"] = safe_url
    env.filters["doc_url"] = views.doc_url
    env.globals["pair_url"] = views.pair_url
    return env


def create_app(store_path: str | Path, settings: Settings | None = None, *,
               guard: bool = True) -> Any:
    """Return the ASGI app serving the store at store_path (read-only unless ingest is allowed).

    Example: ``uvicorn.run(create_app("news.duckdb"), host="127.0.0.1", port=8000)``
    """
    settings = settings or Settings()
    cfg = settings.serve
    if cfg.allow_ingest and not cfg.token:
        raise ConfigError("serve.allow_ingest needs serve.token (the ingest endpoint is token-protected)")
    if not is_loopback(cfg.host) and not cfg.token:
        raise ConfigError(f"refusing to serve on non-loopback address {cfg.host} without serve.token")
    if not 1 <= cfg.page_size <= views.MAX_PAGE:
        raise ConfigError(f"serve.page_size must be between 1 and {views.MAX_PAGE}")
    store = WebStore(store_path, writable=cfg.allow_ingest, search_index=cfg.search_index)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="newstrace", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Read the newstrace store: documents, passages, provenance edges, claims.")
    app.state.store, app.state.settings, app.state.env = store, settings, environment()
    _errors(app)
    _timing(app)
    from .routes import register
    register(app)
    if not guard:
        return app
    return Guard(app, token=cfg.token, max_body=cfg.max_request_bytes, rate_limit=cfg.rate_limit,
                 loopback_only=is_loopback(cfg.host))


def render(request: Request, template: str, data: dict[str, Any], status: int = 200,
           json_url: str | None = None) -> HTMLResponse:
    """Render a page template with its data and the link to its JSON twin."""
    env: jinja2.Environment = request.app.state.env
    html = env.get_template(template).render(**data, json_url=json_url, path=request.url.path,
                                             serve=request.app.state.settings.serve)
    return HTMLResponse(html, status_code=status)


def json_response(data: Any, status: int = 200) -> JSONResponse:
    """Return data as JSON (dates, sets and the like converted)."""
    return JSONResponse(jsonable_encoder(data, custom_encoder={set: sorted}), status_code=status)


def error_response(request: Request, status: int, message: str) -> Response:
    """Return an error as JSON under /api, else as an HTML page."""
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _errors(app: FastAPI) -> None:
    """Map bad parameters, missing rows and oversize bodies to clear error responses."""
    @app.exception_handler(views.BadRequest)
    @app.exception_handler(ConfigError)
    async def bad_request(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        msgs = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:]) or 'request'}: {e['msg']}"
                         for e in exc.errors())
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": msgs, "errors": jsonable_encoder(exc.errors())}, status_code=422)
        return error_response(request, 400, f"bad parameter — {msgs}")

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> Response:
        return error_response(request, 413, f"request body larger than {exc.args[0]} bytes")

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(request, 404, getattr(exc, "detail", None) or "not found")


def _timing(app: FastAPI) -> None:
    """Add a Server-Timing header with the time spent in the app."""
    @app.middleware("http")
    async def timing(request: Request, call_next: Callable) -> Response:
        t0 = time.perf_counter()
        response = await call_next(request)
        response.headers["server-timing"] = f"app;dur={1000 * (time.perf_counter() - t0):.1f}"
        return response
