"""The web app over the demo corpus analysed by every stage: pages agree with examples/README.md."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import newstrace
from newstrace.web import create_app

from conftest import EXAMPLES
from test_web import assert_inert

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("webdemo") / "demo.duckdb")
    newstrace.analyze([str(EXAMPLES / "demo"), str(EXAMPLES / "bad")], db=db, jobs=1)
    app = create_app(db)
    app.app.state.store.wait_index(60)
    with TestClient(app) as c:
        yield c


def test_overview_counts_failures_and_timeline(demo):
    o = demo.get("/api/overview").json()
    assert o["summary"]["documents"] == 18 and o["summary"]["failures"] == 5
    assert {b["label"] for b in o["timeline"]["bins"]} >= {"2025-05-13", "2025-05-14"}
    assert "ministry-statement" in [d["id"] for d in o["most_reused"][:3]]


def test_lineage_of_the_wire_story(demo):
    d = demo.get("/api/documents/nordpress-wire").json()
    lin = d["lineage"]
    linked = {r["id"] for r in lin["derived_from"] + lin["reused_by"] + lin.get("siblings", [])}
    assert {"valley-herald", "crawl-2"} <= linked
    partners = {p["partner_id"] for p in d["passages"]}
    assert {"valley-herald", "crawl-2", "morning-post", "daily-courier-mirror"} <= partners
    assert d["document"]["partners"] >= 5 and d["segments"]


def test_independent_document_and_search_and_filters(demo):
    d = demo.get("/api/documents/karven-relief-network").json()
    assert d["passages"] == [] and all(not s["passages"] for s in d["segments"])
    assert [x["id"] for x in demo.get("/api/documents?language=de").json()["documents"]] == ["rundschau-de"]
    hits = demo.get("/api/documents?q=Karven dam&limit=100").json()
    assert "nordpress-wire" in {x["id"] for x in hits["documents"]} and hits["total"] >= 5


def test_raw_view_shows_the_removed_cookie_banner(demo):
    runs = demo.get("/api/documents/valley-herald?view=raw").json()["raw"]["runs"]
    assert any("Accept all" in r["text"] for r in runs if not r["kept"])
    assert not any("Accept all" in r["text"] for r in runs if r["kept"])


def test_pages_render_inert(demo):
    for url in ["/", "/documents?order=partners&desc=yes", "/documents/nordpress-wire",
                "/documents/valley-herald?view=raw", "/pair?a=nordpress-wire&b=valley-herald",
                "/graph", "/graph?focus=ministry-statement&colour=kind", "/claims"]:
        r = demo.get(url)
        assert r.status_code == 200, url
        assert_inert(r.text)
    g = demo.get("/api/graph").json()
    assert "ministry-statement" in {n["id"] for n in g["nodes"]}
