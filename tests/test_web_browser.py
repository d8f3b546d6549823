"""The web UI in a real Chromium: overview, search, document, click-through to the pair, graph.

Screenshots go to tests/artifacts/. Skipped only when no Chromium binary is found.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from newstrace.web import create_app
from webstore import make_store

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = os.environ.get("NEWSTRACE_CHROMIUM") or next(
    (p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium") if p and Path(p).exists()),
    None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn
    db = make_store(tmp_path_factory.mktemp("browser") / "web.duckdb")
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("dialog", lambda d: (pg.problems.append("dialog: " + d.message), d.dismiss()))
    yield pg
    assert pg.problems == []          # no script error, no CSP violation, no alert() from article text
    pg.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_overview_search_document_pair(server, page):
    page.goto(server + "/")
    assert page.inner_text("h1") == "Overview"
    assert page.locator("svg.timeline rect").count() == 4
    shot(page, "overview")
    page.fill("nav form.search input", "dam broke")
    page.press("nav form.search input", "Enter")
    page.wait_for_url("**/documents?q=dam+broke")
    rows = page.locator("#doc-list tbody tr")
    assert rows.count() == 2 and "2 documents match" in page.inner_text("#count")
    shot(page, "search")
    page.click("#doc-list a[href='/documents/a']")
    page.wait_for_url("**/documents/a")
    assert page.locator("script").count() == 2          # the article's <script> is text, not an element
    assert "<script>alert('x')</script>" in page.inner_text("#doc-text")
    shot(page, "document")
    page.click("#doc-text mark.k-edited")
    page.wait_for_url("**/pair?a=a&b=b#p-2")
    page.wait_for_selector(".side mark.flash")          # the counterpart is revealed and flashed
    assert page.locator("#p-2 ins.replace").first.inner_text() == "hurt"
    shot(page, "pair")


def test_raw_toggle_and_back(server, page):
    page.goto(server + "/documents/a")
    page.click("text=raw input: what extraction removed")
    page.wait_for_url("**/documents/a?view=raw")
    assert "Spam comment" in page.locator("#raw-text .removed").all_inner_texts()[-1]
    shot(page, "raw")
    page.click("text=clean text")
    page.wait_for_selector("#doc-text")


def test_graph_zoom_pan_click_through(server, page):
    page.goto(server + "/graph")
    assert page.locator("svg#graph circle").count() == 4
    assert page.locator("#no-provenance").is_visible()
    box0 = page.get_attribute("svg#graph", "viewBox")
    page.click("[data-zoom='1.25']")
    box1 = page.get_attribute("svg#graph", "viewBox")
    assert box1 != box0 and float(box1.split()[2]) < float(box0.split()[2])
    svg = page.locator("svg#graph").bounding_box()
    page.mouse.move(svg["x"] + 20, svg["y"] + 20)
    page.mouse.down()
    page.mouse.move(svg["x"] + 120, svg["y"] + 80, steps=5)
    page.mouse.up()
    assert page.get_attribute("svg#graph", "viewBox") != box1
    page.mouse.wheel(0, -300)
    shot(page, "graph")
    page.click("[data-zoom='0']")
    page.click("svg#graph a.node[data-id='b'] circle")
    page.wait_for_url("**/documents/b")
    assert page.inner_text("h1") == "Copy of the wire"


def test_claims_page_without_claims(server, page):
    page.goto(server + "/claims")
    assert page.locator("#no-claims").is_visible()
