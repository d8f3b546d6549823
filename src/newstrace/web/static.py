"""The few static files of the web UI, served by name from a fixed table (no file paths)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import jinja2
from fastapi import HTTPException
from fastapi.responses import Response

FILES = {  # served name -> (parts, media type); parts are report templates or files in static/
    "web.css": (("report:style.html", "web.css"), "text/css; charset=utf-8"),
    "report.js": (("report:script.html",), "text/javascript; charset=utf-8"),
    "web.js": (("web.js",), "text/javascript; charset=utf-8"),
}


@lru_cache(maxsize=None)
def _content(env: jinja2.Environment, name: str) -> bytes:
    """Return a static file's bytes: shared report templates rendered, then own static files."""
    parts, _ = FILES[name]
    out = []
    for part in parts:
        if part.startswith("report:"):
            out.append(env.get_template(part[len("report:"):]).render())
        else:
            out.append((resources.files("newstrace.web") / "static" / part).read_text(encoding="utf-8"))
    return "\n".join(out).encode("utf-8")


def static_file(env: jinja2.Environment, name: str) -> Response:
    """Return a static file by name, or 404 for any other name."""
    if name not in FILES:
        raise HTTPException(404, "no such static file")
    return Response(_content(env, name), media_type=FILES[name][1],
                    headers={"cache-control": "public, max-age=3600"})
