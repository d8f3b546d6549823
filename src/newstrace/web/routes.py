"""Routes: every HTML page and its JSON twin call the same view function."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..report.build import ReportOptions
from ..store.queries import DocumentFilter
from . import views
from .app import json_response, render
from .static import static_file

def _page(request: Request, fn: Any, *args: Any) -> Any:
    """Run a view function on the locked connection."""
    with request.app.state.store.connection() as con:
        return fn(con, *args)


def _overview(request: Request) -> dict[str, Any]:
    """Return the overview, computed once per version of the data."""
    store = request.app.state.store
    with store.connection() as con:
        return store.cached("overview", lambda: views.overview(con))


def _doc_args(request: Request, q: str | None, outlet: str | None, language: str | None,
              date_from: str | None, date_to: str | None, has_reuse: str | None, order: str | None,
              desc: str | None, limit: int | None) -> tuple[DocumentFilter, str, bool, int]:
    """Parse and check the documents list parameters."""
    flt = DocumentFilter(outlet=views.text_param("outlet", outlet),
                         language=views.text_param("language", language),
                         date_from=views.date_param("date_from", date_from),
                         date_to=views.date_param("date_to", date_to),
                         has_reuse=views.bool_param("has_reuse", has_reuse),
                         search=views.text_param("q", q))
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise views.BadRequest("parameter 'date_from' is after 'date_to'")
    order = views.text_param("order", order) or "published"
    desc_ = bool(views.bool_param("desc", desc))
    return flt, order, desc_, views.limit_param(limit, request.app.state.settings.serve.page_size)


def _documents(request: Request, after: str | None, **kw: Any) -> dict[str, Any]:
    flt, order, desc, limit = _doc_args(request, **kw)
    store = request.app.state.store
    with store.connection() as con:
        data = views.document_list(con, flt, order, desc, limit, after, store.terms, store.cached)
    keep = {k: v for k, v in kw.items() if v not in (None, "")}
    data["query"] = keep
    data["next_url"] = "?" + urlencode({**keep, "after": data["next"]}) if data["next"] else None
    data["first_url"] = "?" + urlencode(keep) if after else None
    data["sort_urls"] = {o: "?" + urlencode({**{k: v for k, v in keep.items() if k not in ("order", "desc")},
                                              "order": o, "desc": "no" if (o == order and desc) or o in
                                              ("id", "outlet", "title", "language") else "yes"})
                         for o in views.ORDERS}
    return data


def _document(request: Request, doc_id: str, view: str, mark: str | None = None) -> dict[str, Any]:
    if view not in ("clean", "raw"):
        raise views.BadRequest(f"parameter 'view' must be clean or raw, got {view!r}")
    doc_id = views.text_param("doc_id", doc_id) or ""
    data = _page(request, views.document_view, doc_id, view,
                 request.app.state.settings.serve.excerpt_chars, views.mark_param(mark))
    if data is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return data


def _pair(request: Request, a: str, b: str) -> dict[str, Any]:
    a_, b_ = views.text_param("a", a), views.text_param("b", b)
    if not a_ or not b_:
        raise views.BadRequest("parameters 'a' and 'b' must both name documents")
    data = _page(request, views.pair_page, a_, b_, request.app.state.settings.serve.excerpt_chars)
    if data is None:
        raise HTTPException(404, f"documents {a_!r} and {b_!r} share no passage")
    return data


def _graph(request: Request, focus: str | None, colour: str, nodes: int | None) -> dict[str, Any]:
    cap = request.app.state.settings.serve.graph_nodes
    if nodes is not None and not 1 <= nodes <= max(cap, 1000):
        raise views.BadRequest(f"parameter 'nodes' must be between 1 and {max(cap, 1000)}")
    return _page(request, views.graph_page, views.text_param("focus", focus), colour, nodes or cap)


def _claims(request: Request, offset: int, limit: int | None, doc: str | None,
            claim: int | None = None) -> dict[str, Any]:
    if offset < 0:
        raise views.BadRequest("parameter 'offset' must not be negative")
    limit_ = views.limit_param(limit, request.app.state.settings.serve.page_size)
    return _page(request, views.claims_page, limit_, offset, views.text_param("doc", doc), claim)


def register(app: FastAPI) -> None:
    """Add every page, its JSON twin, the API-only endpoints and the static files."""
    _html_routes(app)
    _api_routes(app)
    if app.state.settings.serve.allow_ingest:
        from .ingest import register_ingest
        register_ingest(app)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        return static_file(app.state.env, name)


def _html_routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> Response:
        return render(request, "overview.html", _overview(request), json_url="/api/overview")

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request, q: str | None = None, outlet: str | None = None,
                       language: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, has_reuse: str | None = None, order: str | None = None,
                       desc: str | None = None, limit: int | None = None, after: str | None = None) -> Response:
        data = _documents(request, after, q=q, outlet=outlet, language=language, date_from=date_from,
                          date_to=date_to, has_reuse=has_reuse, order=order, desc=desc, limit=limit)
        return render(request, "documents.html", data, json_url="/api/documents" + (
            "?" + request.url.query if request.url.query else ""))

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, view: str = "clean", mark: str | None = None) -> Response:
        data = _document(request, doc_id, view, mark)
        return render(request, "document.html", data,
                      json_url=f"/api/documents/{views.doc_url(doc_id)[len('/documents/'):]}?view={view}")

    @app.get("/pair", response_class=HTMLResponse, include_in_schema=False)
    def pair_html(request: Request, a: str = "", b: str = "") -> Response:
        data = {**_pair(request, a, b), "opts": ReportOptions()}
        return render(request, "pair_page.html", data, json_url="/api/pair?" + urlencode({"a": a, "b": b}))

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_html(request: Request, focus: str | None = None, colour: str = "outlet",
                   nodes: int | None = None) -> Response:
        return render(request, "graph.html", _graph(request, focus, colour, nodes),
                      json_url="/api/graph" + ("?" + request.url.query if request.url.query else ""))

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_html(request: Request, offset: int = 0, limit: int | None = None, doc: str | None = None,
                    claim: int | None = None) -> Response:
        return render(request, "claims.html", _claims(request, offset, limit, doc, claim),
                      json_url="/api/claims" + ("?" + request.url.query if request.url.query else ""))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        return render(request, "api.html", {"spec": app.openapi()}, json_url="/openapi.json")


def _api_routes(app: FastAPI) -> None:
    @app.get("/api/overview", tags=["pages"], summary="Corpus counts, failures, timeline, most reused, origins")
    def overview_api(request: Request) -> Response:
        return json_response(_overview(request))

    @app.get("/api/documents", tags=["pages"], summary="One keyset page of documents (filter, sort, search)")
    def documents_api(request: Request, q: str | None = Query(None, description="Substring of title or text"),
                      outlet: str | None = None, language: str | None = None,
                      date_from: str | None = Query(None, description="YYYY-MM-DD, inclusive"),
                      date_to: str | None = Query(None, description="YYYY-MM-DD, inclusive"),
                      has_reuse: str | None = Query(None, description="yes, no or any"),
                      order: str | None = Query(None, description=", ".join(views.ORDERS)),
                      desc: str | None = Query(None, description="yes for descending"),
                      limit: int | None = Query(None, description=f"1..{views.MAX_PAGE}"),
                      after: str | None = Query(None, description="cursor 'next' of the previous page")) -> Response:
        return json_response(_documents(request, after, q=q, outlet=outlet, language=language,
                                        date_from=date_from, date_to=date_to, has_reuse=has_reuse,
                                        order=order, desc=desc, limit=limit))

    @app.get("/api/search", tags=["api"], summary="Search titles and texts; documents with a snippet")
    def search_api(request: Request, q: str = Query(..., min_length=1, max_length=views.MAX_PARAM),
                   limit: int | None = None, after: str | None = None) -> Response:
        data = _documents(request, after, q=q, outlet=None, language=None, date_from=None, date_to=None,
                          has_reuse=None, order="id", desc=None, limit=limit)
        return json_response({k: data[k] for k in ("documents", "total", "next", "limit")})

    @app.get("/api/documents/{doc_id:path}", tags=["pages"], summary="One document with passages and lineage")
    def document_api(request: Request, doc_id: str, view: str = Query("clean", description="clean or raw"),
                     mark: str | None = Query(None, description="begin-end range to flag, e.g. 120-180")) -> Response:
        return json_response(_document(request, doc_id, view, mark))

    @app.get("/api/pair", tags=["pages"], summary="Two documents' passages with word diffs and sentence pairs")
    def pair_api(request: Request, a: str = "", b: str = "") -> Response:
        data = _pair(request, a, b)
        data.pop("view")
        return json_response(data)

    @app.get("/api/passages", tags=["api"], summary="Passages in id order (keyset: after = last passage_id)")
    def passages_api(request: Request, doc: str | None = None, kind: str | None = None,
                     after: int | None = Query(None, ge=0), limit: int | None = None) -> Response:
        limit_ = views.limit_param(limit, request.app.state.settings.serve.page_size)
        rows = _page(request, _passages, views.text_param("doc", doc),
                     views.text_param("kind", kind), limit_, after)
        return json_response({"passages": rows, "next": rows[-1]["passage_id"] if len(rows) == limit_ else None})

    @app.get("/api/edges", tags=["api"], summary="Provenance edges (empty until provenance was computed)")
    def edges_api(request: Request, doc: str | None = None, limit: int | None = None,
                  offset: int = Query(0, ge=0)) -> Response:
        limit_ = views.limit_param(limit, request.app.state.settings.serve.page_size)
        with request.app.state.store.connection() as con:
            from ..store import queries
            rows = queries.edge_page(con, views.text_param("doc", doc), limit_, offset)
            computed = queries.has_rows(con, "prov_edges")
        return json_response({"edges": rows, "computed": computed, "limit": limit_, "offset": offset})

    @app.get("/api/graph", tags=["pages"], summary="Laid-out provenance graph (nodes with x/y, edges)")
    def graph_api(request: Request, focus: str | None = None, colour: str = "outlet",
                  nodes: int | None = None) -> Response:
        return json_response(_graph(request, focus, colour, nodes))

    @app.get("/api/claims", tags=["pages"], summary="Claims with mentions, sources and conflicts")
    def claims_api(request: Request, offset: int = 0, limit: int | None = None, doc: str | None = None,
                   claim: int | None = None) -> Response:
        return json_response(_claims(request, offset, limit, doc, claim))


def _passages(con: Any, doc: str | None, kind: str | None, limit: int, after: int | None) -> list[dict[str, Any]]:
    from ..store import queries
    return queries.passage_page(con, doc, kind, limit, after)
