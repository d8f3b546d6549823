"""The web app in process: every page and its JSON twin, malicious text, bad parameters, guards."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newstrace.errors import ConfigError, StoreError
from newstrace.settings import Settings
from newstrace.web import create_app
from newstrace.web.diff import sentence_pairs, word_diff
from newstrace.web.rawview import raw_segments
from webstore import COPY, HOSTILE, ODD_ID, PARA, RAW_A, add_claims, add_provenance, char_map_a, make_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("web") / "web.duckdb")


def inner(app):
    """Return the FastAPI app inside the guard."""
    return getattr(app, "app", app)


@pytest.fixture(scope="module")
def client(db):
    app = create_app(db)
    assert inner(app).state.store.wait_index(30)
    with TestClient(app) as c:
        yield c


class Tags(HTMLParser):
    """Collect every start tag with its attributes, and the text inside <mark> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    p = Tags()
    p.feed(html)
    return p.tags


def assert_inert(html: str) -> None:
    """No script but our own files, no event handler attribute, no javascript: link."""
    for tag, attrs in tags(html):
        if tag == "script":
            assert attrs.get("src") in ("/static/report.js", "/static/web.js"), attrs
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for k in ("href", "src", "action"):
            assert not (attrs.get(k) or "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert "<script>alert" not in html and "<img src=x" not in html


# pages and twins ---------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/documents", "/documents/a", f"/documents/{quote(ODD_ID, safe='')}",
                                 "/pair?a=a&b=b", "/graph", "/claims", "/api", "/documents/a?view=raw"])
def test_every_page_renders_inert_with_security_headers(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert_inert(r.text)


def test_every_page_links_its_json_twin(client):
    for url in ["/", "/documents?outlet=Daily", "/documents/a", "/pair?a=a&b=b", "/graph", "/claims"]:
        links = [a["href"] for t, a in tags(client.get(url).text) if t == "a" and a.get("class") == "json"]
        assert len(links) == 1 and links[0].startswith("/api/")
        r = client.get(links[0])
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"


def test_overview(client):
    o = client.get("/api/overview").json()
    assert o["summary"]["documents"] == 5 and o["summary"]["passages"] == 4
    assert o["failure_reasons"] == [{"stage": "extract", "reason": "no <i>article</i> text", "n": 1}]
    assert [b["label"] for b in o["timeline"]["bins"]] == ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-10"]
    assert o["timeline"]["undated"] == 1
    assert o["most_reused"][0]["id"] == "a" and o["most_reused"][0]["partners"] == 3
    assert o["top_origins"][0] == {**o["top_origins"][0], "id": "a", "n_targets": 3, "basis": "passages"}
    html = client.get("/").text
    assert "no <i>article</i> text" not in html and "no &lt;i&gt;article&lt;/i&gt; text" in html


def test_timeline_bins_by_month_when_days_are_many():
    from newstrace.web.views import timeline_bins
    days = [{"day": f"2023-{m:02d}-{d:02d}", "n": 1} for m in range(1, 13) for d in range(1, 29)]
    tl = timeline_bins({"days": days, "undated": 0})
    assert tl["unit"] == "month" and len(tl["bins"]) == 12
    assert tl["bins"][1] == {**tl["bins"][1], "date_from": "2023-02-01", "date_to": "2023-02-28", "n": 28}


# documents list -----------------------------------------------------------------

def ids(r):
    assert r.status_code == 200, r.text
    return [d["id"] for d in r.json()["documents"]]


def test_documents_filters(client):
    assert ids(client.get("/api/documents?outlet=Daily")) == ["b", "c"]
    assert ids(client.get("/api/documents?language=de")) == [ODD_ID]
    assert ids(client.get("/api/documents?date_from=2024-01-02&date_to=2024-01-31")) == ["b", "c"]
    assert set(ids(client.get("/api/documents?has_reuse=no"))) == {"e"}
    assert set(ids(client.get("/api/documents?has_reuse=yes"))) == {"a", "b", "c", ODD_ID}
    r = client.get("/api/documents", params={"q": "<SCRIPT>alert"})
    assert set(ids(r)) == {"a", "b"}
    snip = r.json()["documents"][0]["snippet"]
    assert snip["match"].lower() == "<script>alert"
    assert ids(client.get("/api/documents", params={"q": "100%_"})) == []   # LIKE wildcards are literal
    html = client.get("/documents", params={"q": "<script>"}).text
    assert_inert(html)
    assert '<mark class="hit">&lt;script&gt;</mark>' in html


@pytest.mark.parametrize("order", ["id", "published", "outlet", "title", "language", "n_chars",
                                   "reused_from", "reused_by", "partners", "n_passages"])
@pytest.mark.parametrize("desc", ["no", "yes"])
def test_keyset_pages_walk_every_document_once_in_order(client, order, desc):
    full = client.get(f"/api/documents?order={order}&desc={desc}&limit=100").json()["documents"]
    seen, after = [], None
    for _ in range(10):
        params = {"order": order, "desc": desc, "limit": 2, **({"after": after} if after else {})}
        page = client.get("/api/documents", params=params).json()
        seen += [d["id"] for d in page["documents"]]
        after = page["next"]
        if not after:
            break
    assert seen == [d["id"] for d in full] and len(seen) == 5
    vals = [d[order] for d in full if d[order] is not None]
    assert vals == sorted(vals, reverse=desc == "yes")
    assert all(d[order] is None for d in full[len(vals):])     # missing values last


def test_documents_html_sort_links_and_pager(client):
    html = client.get("/documents?order=partners&desc=yes&limit=2").text
    hrefs = [a.get("href", "") for t, a in tags(html) if t == "a"]
    assert any("after=" in h for h in hrefs)
    assert any("order=published" in h for h in hrefs)
    assert "5 documents match" in html


@pytest.mark.parametrize("params, status, words", [
    ({"date_from": "2024-13-45"}, 400, "date_from"),
    ({"date_from": "yesterday"}, 400, "date_from"),
    ({"date_from": "2024-02-01", "date_to": "2024-01-01"}, 400, "after"),
    ({"limit": "0"}, 400, "limit"),
    ({"limit": "100000"}, 400, "limit"),
    ({"limit": "abc"}, 422, "limit"),
    ({"order": "title; DROP TABLE documents"}, 400, "order"),
    ({"after": "not-a-cursor!"}, 400, "cursor"),
    ({"after": "WyJ4Il0"}, 400, "cursor"),                 # valid base64 of a wrong shape
    ({"has_reuse": "maybe"}, 400, "has_reuse"),
    ({"q": "x" * 501}, 400, "longer"),
    ({"outlet": "a\x00b"}, 400, "control"),
])
def test_malformed_list_parameters_are_refused_clearly(client, params, status, words):
    r = client.get("/api/documents", params=params)
    assert r.status_code == status and words in r.json()["detail"]
    h = client.get("/documents", params=params)
    assert h.status_code == 400 and "text/html" in h.headers["content-type"]
    assert_inert(h.text)
    assert client.get("/api/overview").json()["summary"]["documents"] == 5   # nothing dropped


# document -----------------------------------------------------------------------

def test_document_highlights_every_passage_by_kind_and_links_the_pair(client):
    d = client.get("/api/documents/a").json()
    assert d["document"]["title"] == "<script>alert('title')</script>"
    assert "".join(s["text"] for s in d["segments"]) == HOSTILE
    covered = {k for s in d["segments"] for k in s["passages"]}
    assert covered == {1, 2, 3, 4}
    html = client.get("/documents/a").text
    marks = [a for t, a in tags(html) if t == "mark" and "data-passages" in a]
    classes = {c for m in marks for c in m["class"].split()}
    assert classes == {"k-verbatim", "k-edited", "k-paraphrase", "multi"}   # the narrowest passage colours
    odd = client.get("/documents/" + quote(ODD_ID, safe="")).text
    assert [a["class"] for t, a in tags(odd) if t == "mark" and "data-passages" in a] == ["k-translation"]
    links = [a["href"] for t, a in tags(html) if t == "a" and a.get("class") == "hl"]
    assert links and all(h.startswith("/pair?a=a&b=") and "#p-" in h for h in links)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html        # the unsafe URL is shown as text, never linked
    assert "<th>note</th><td>&lt;script&gt;alert(9)&lt;/script&gt;</td>" in html   # extra metadata, escaped


def test_document_lineage_from_passages_then_provenance(db, client, tmp_path):
    lin = client.get("/api/documents/b").json()["lineage"]
    assert lin["basis"] == "passages"
    assert [r["id"] for r in lin["derived_from"]] == ["a"] and lin["derived_from"][0]["n_passages"] == 2
    assert [r["id"] for r in client.get("/api/documents/a").json()["lineage"]["reused_by"]] == ["b", "c", ODD_ID]
    path = make_store(tmp_path / "prov.duckdb")
    add_provenance(path)
    with TestClient(create_app(path)) as c:
        lin = c.get("/api/documents/a").json()["lineage"]
        assert lin["basis"] == "provenance"
        assert lin["derived_from"][0] == {**lin["derived_from"][0], "id": "ext:ministry-statement",
                                          "relation": "excerpts_with_attribution", "external": True,
                                          "title": "Statement of the <i>ministry</i>"}
        assert {(r["id"], r["relation"]) for r in lin["reused_by"]} == {("b", "copies"), ("c", "paraphrases")}
        assert [r["id"] for r in lin["siblings"]] == [ODD_ID]
        html = c.get("/documents/a").text
        assert_inert(html)
        assert "Statement of the &lt;i&gt;ministry&lt;/i&gt;" in html


def test_raw_view_marks_what_extraction_removed(client):
    d = client.get("/api/documents/a?view=raw").json()
    runs = d["raw"]["runs"]
    assert "".join(r["text"] for r in runs) == RAW_A
    assert [r["text"] for r in runs if r["kept"]] == [HOSTILE]
    assert any("Spam comment" in r["text"] for r in runs if not r["kept"])
    assert "segments" not in d
    html = client.get("/documents/a?view=raw").text
    assert '<span class="removed">&lt;html&gt;&lt;body&gt;&lt;nav&gt;' in html
    assert client.get("/documents/a?view=../../x").status_code == 400


def test_raw_segments_without_map_and_with_overlaps():
    assert raw_segments("abc", []) == {"runs": [{"text": "abc", "kept": False}], "kept_chars": 0,
                                       "removed_chars": 3, "truncated": False, "mapped": False}
    seg = raw_segments("0123456789", [[0, 2, 3], [3, 4, 3], [6, 20, 5]])
    assert [(r["text"], r["kept"]) for r in seg["runs"]] == [("01", False), ("23456", True), ("789", False)]
    assert char_map_a()[0][2] == len(HOSTILE)


def test_odd_ids_are_data_not_paths(client):
    url = "/documents/" + quote(ODD_ID, safe="")
    r = client.get(url)
    assert r.status_code == 200 and "Odd id" in r.text
    assert client.get("/api/documents/" + quote(ODD_ID, safe="")).json()["document"]["id"] == ODD_ID
    assert client.get("/documents/..%2F..%2Fetc%2Fshadow").status_code == 404
    for bad in ["/static/..%2F..%2Fsettings.py", "/static/../app.py", "/static/web.py", "/static/%2e%2e"]:
        assert client.get(bad).status_code == 404


def test_unknown_document_is_404_in_both_forms(client):
    assert client.get("/api/documents/nope").status_code == 404
    r = client.get("/documents/<script>nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert_inert(r.text)


# pair -------------------------------------------------------------------------------

def test_pair_shows_word_diffs_and_sentence_pairs(client):
    p = client.get("/api/pair?a=b&b=a").json()
    assert (p["a_id"], p["b_id"]) == ("a", "b")
    edited = next(x for x in p["passages"] if x["kind"] == "edited")
    src = "".join(r["text"] for r in edited["diff"]["source"])
    tgt = "".join(r["text"] for r in edited["diff"]["target"])
    assert src == HOSTILE[edited["source_begin"]:edited["source_end"]]
    assert tgt == COPY[edited["target_begin"]:edited["target_end"]]
    assert {"text": "injured", "op": "replace"} in edited["diff"]["source"]
    assert {"text": "hurt", "op": "replace"} in edited["diff"]["target"]
    verbatim = next(x for x in p["passages"] if x["kind"] == "verbatim")
    assert [r["op"] for r in verbatim["diff"]["source"]] == ["equal"]
    para = client.get("/api/pair?a=a&b=c").json()["passages"][0]
    assert para["sentences"]["basis"] == "lexical" and len(para["sentences"]["pairs"]) == 2
    assert para["sentences"]["pairs"][0]["target"] == "Authorities reported that a dam collapsed early in the morning."
    html = client.get("/pair?a=a&b=b").text
    assert '<ins class="replace">hurt</ins>' in html and '<del class="replace">injured</del>' in html
    assert_inert(html)


def test_pair_shows_sentence_alignments_stored_by_the_semantic_stage(tmp_path):
    import duckdb
    path = make_store(tmp_path / "sem.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE IF NOT EXISTS passage_sentences (passage_id INTEGER, sentences JSON)")
    t1 = PARA.index(" Many") + 0
    s1 = HOSTILE.index(" Fourteen")
    # rows are [target_begin, target_end, source_begin, source_end, similarity]
    con.execute("INSERT INTO passage_sentences VALUES (3, ?)", [f"[[0, {t1}, 0, {s1}, 0.83]]"])
    con.close()
    with TestClient(create_app(path)) as c:
        para = c.get("/api/pair?a=a&b=c").json()["passages"][0]
        assert para["sentences"] == {"basis": "semantic", "pairs": [
            {"source": HOSTILE[:s1], "target": PARA[:t1], "similarity": 0.83}]}
        html = c.get("/pair?a=a&b=c").text
        assert "stored by the semantic stage" in html and "0.83" in html
        assert_inert(html)


def test_pair_errors(client):
    assert client.get("/api/pair?a=a&b=e").status_code == 404
    assert client.get("/api/pair?a=a").status_code == 400
    assert client.get("/pair?a=&b=").status_code == 400


def test_word_diff_and_stored_sentence_alignments():
    d = word_diff("The dam broke, officials said.", "The old dam broke, police said today.")
    assert [r for r in d["target"] if r["op"] != "equal"] == [
        {"text": "old", "op": "insert"}, {"text": "police", "op": "replace"}, {"text": "today", "op": "insert"}]
    assert "".join(r["text"] for r in d["source"]) == "The dam broke, officials said."
    s = sentence_pairs("xxSource one.", "yyTarget one.", [[12, 23, 20, 31, 0.91]], 10, 18)
    assert s == {"basis": "semantic", "pairs": [{"source": "Source one.", "target": "Target one.", "similarity": 0.91}]}
    assert sentence_pairs(PARA, PARA)["pairs"][0]["similarity"] == 1.0


# graph, claims, passages, edges, search ------------------------------------------------------------

def test_graph_falls_back_to_shared_text_then_uses_provenance(client, tmp_path):
    g = client.get("/api/graph").json()
    assert g["basis"] == "passages" and not g["provenance"]
    assert {n["id"] for n in g["nodes"]} == {"a", "b", "c", ODD_ID}
    xs = {n["id"]: n["x"] for n in g["nodes"]}
    assert xs["a"] < xs["b"] < xs["c"] < xs[ODD_ID]                   # laid out by time
    assert "No provenance computed yet" in client.get("/graph").text
    ab = next(e for e in g["edges"] if (e["source"], e["target"]) == ("a", "b"))
    assert ab["href"] == "/pair?a=a&b=b"
    path = make_store(tmp_path / "prov.duckdb")
    add_provenance(path)
    with TestClient(create_app(path)) as c:
        g = c.get("/api/graph?colour=kind").json()
        assert g["basis"] == "provenance"
        ext = next(n for n in g["nodes"] if n["id"] == "ext:ministry-statement")
        assert ext["external"] and ext["href"] is None and ext["x"] == min(n["x"] for n in g["nodes"])
        assert {e["relation"] for e in g["edges"]} == {"copies", "paraphrases", "excerpts_with_attribution",
                                                       "sibling_of"}
        assert [r["name"] for r in g["relations"]] == sorted({e["relation"] for e in g["edges"]})
        html = c.get("/graph").text
        assert_inert(html) and "<svg" in html and "No provenance computed yet" not in html
        focus = c.get("/api/graph?focus=b").json()
        assert {n["id"] for n in focus["nodes"]} == {"a", "b", "c", "ext:ministry-statement", ODD_ID}
        assert c.get("/api/edges?doc=b").json()["edges"][0]["evidence"] == {"why": "<script>x</script>"}


def test_graph_parameters(client):
    assert client.get("/api/graph?colour=red").status_code == 400
    assert client.get("/api/graph?nodes=0").status_code == 400
    assert client.get("/api/graph?nodes=x").status_code == 422
    g = client.get("/api/graph?nodes=2").json()
    assert len(g["nodes"]) == 2
    assert client.get("/api/graph?focus=e").json()["nodes"][0]["id"] == "e"


def test_claims_absent_then_present(client, tmp_path):
    assert client.get("/api/claims").json() == {"claims": [], "total": 0, "limit": 50, "offset": 0,
                                                "computed": False, "doc_id": None, "claim_id": None}
    assert "No claims computed yet" in client.get("/claims").text
    path = make_store(tmp_path / "claims.duckdb")
    add_claims(path)
    with TestClient(create_app(path)) as c:
        cl = c.get("/api/claims").json()
        assert cl["computed"] and cl["total"] == 2 and cl["claims"][0]["claim_id"] == 1
        first = cl["claims"][0]
        assert [m["doc_id"] for m in first["mention_rows"]] == ["a", "b"]
        assert first["mention_rows"][0]["doc_title"] == "<script>alert('title')</script>"
        assert first["conflicts_with"] == [2] and first["sources"][0]["documents"][0]["href"] == "/documents/a"
        assert [x["claim_id"] for x in c.get("/api/claims?doc=e").json()["claims"]] == [2]
        assert [x["claim_id"] for x in c.get("/api/claims?claim=2").json()["claims"]] == [2]
        html = c.get("/claims").text
        assert_inert(html)
        assert "&lt;script&gt;Ministry&lt;/script&gt;" in html and "independent sources" in html
        assert '<dd class="conflict"><a href="/claims?claim=2">#2</a></dd>' in html
        assert "<b>14</b>" in html and "<b>80–…</b>" in html and "(at least)" in html
        at = HOSTILE.index("Fourteen")
        assert f'<a href="/documents/a?mark={at}-{at + 8}#mark">' in html
        doc = c.get(f"/documents/a?mark={at}-{at + 8}").text
        assert '<span class="claim-mark" id="mark">' in doc
        marked = c.get(f"/api/documents/a?mark={at}-{at + 8}").json()["segments"]
        assert "".join(x["text"] for x in marked if x["marked"]) == "Fourteen"
        for bad in ["131-123", "x", "1-2-3"]:
            assert c.get(f"/api/documents/a?mark={bad}").status_code == 400
        assert c.get("/api/claims?offset=-1").status_code == 400
        assert c.get("/api/claims?claim=x").status_code == 422


def test_passages_keyset_and_filters(client):
    first = client.get("/api/passages?limit=3").json()
    assert [p["passage_id"] for p in first["passages"]] == [1, 2, 3] and first["next"] == 3
    assert [p["passage_id"] for p in client.get("/api/passages?after=3").json()["passages"]] == [4]
    assert [p["passage_id"] for p in client.get("/api/passages?kind=edited").json()["passages"]] == [2]
    assert [p["passage_id"] for p in client.get("/api/passages", params={"doc": ODD_ID}).json()["passages"]] == [4]
    assert client.get("/api/passages?after=-1").status_code == 422
    assert client.get("/api/edges").json() == {"edges": [], "computed": False, "limit": 50, "offset": 0}


def test_search_api(client):
    r = client.get("/api/search?q=dam broke").json()
    assert [d["id"] for d in r["documents"]] == ["a", "b"] and r["total"] == 2
    assert r["documents"][0]["snippet"]["match"] == "dam broke"
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search?q=").status_code == 422


def test_openapi_lists_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/overview", "/api/documents", "/api/documents/{doc_id}", "/api/pair", "/api/passages",
            "/api/edges", "/api/graph", "/api/claims", "/api/search"} <= set(spec["paths"])
    assert "/api/ingest" not in spec["paths"]
    html = client.get("/api").text
    assert "GET /api/passages" in html


# guards ---------------------------------------------------------------------------------

def settings(**serve) -> Settings:
    s = Settings()
    for k, v in serve.items():
        setattr(s.serve, k, v)
    return s


def test_refuses_unsafe_configurations(db, tmp_path):
    with pytest.raises(ConfigError, match="non-loopback"):
        create_app(db, settings(host="0.0.0.0"))
    with pytest.raises(ConfigError, match="token"):
        create_app(db, settings(allow_ingest=True))
    with pytest.raises(StoreError, match="no store"):
        create_app(tmp_path / "missing.duckdb")
    create_app(db, settings(host="0.0.0.0", token="s3cret"))


def test_token_protects_everything(db):
    with TestClient(create_app(db, settings(token="s3cret"))) as c:
        assert c.get("/").status_code == 401 and c.get("/api/overview").status_code == 401
        assert c.get("/api/overview", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/overview", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        r = c.get("/?token=s3cret")
        assert r.status_code == 200 and "HttpOnly" in r.headers["set-cookie"]
        assert c.get("/documents").status_code == 200                  # the cookie now


def test_host_header_rate_limit_and_body_size(db):
    with TestClient(create_app(db, settings(rate_limit=5, max_request_bytes=100))) as c:
        assert c.get("/", headers={"Host": "evil.example"}).status_code == 421
        assert c.post("/api/documents", content=b"x" * 1000).status_code == 413
        codes = [c.get("/api/overview").status_code for _ in range(6)]
        assert codes[-1] == 429 and "csp" not in codes
    with TestClient(create_app(db, settings(host="0.0.0.0", token="t")), base_url="http://10.1.2.3") as c:
        assert c.get("/api/overview", headers={"Authorization": "Bearer t"}).status_code == 200


def test_ingest_endpoint_needs_flag_and_token(tmp_path):
    path = make_store(tmp_path / "ingest.duckdb")
    with TestClient(create_app(path)) as c:
        assert c.post("/api/ingest", json={"documents": []}).status_code in (404, 405)
    with TestClient(create_app(path, settings(allow_ingest=True, token="tok"))) as c:
        doc = {"id": "new-1", "text": COPY + " A fresh closing sentence about the evacuation.",
               "outlet": "Gazette", "published": "2024-03-01", "title": "New <b>one</b>"}
        assert c.post("/api/ingest", json={"documents": [doc]}).status_code == 401
        auth = {"Authorization": "Bearer tok"}
        for bad in [{"documents": "x"}, {"documents": [{"id": "x"}]}, {"documents": [{"text": 5}]}, [1, 2]]:
            r = c.post("/api/ingest", json=bad, headers=auth)
            assert r.status_code == 422, r.text
        r = c.post("/api/ingest", content=b"{not json", headers={**auth, "content-type": "application/json"})
        assert r.status_code == 422
        r = c.post("/api/ingest", json={"documents": [doc]}, headers=auth)
        assert r.status_code == 200, r.text
        assert r.json()["documents_added"] == 1
        got = c.get("/api/documents/new-1", headers=auth).json()
        assert got["document"]["title"] == "New <b>one</b>" and got["document"]["outlet"] == "Gazette"
        assert c.get("/api/overview", headers=auth).json()["summary"]["documents"] == 6


def test_highlight_of_hub_documents_matches_brute_force():
    import random

    from newstrace.web.highlight import MAX_IDS, highlight
    rng = random.Random(3)
    text = "".join(rng.choice("abcde ") for _ in range(400))
    for n in (3, 40, 2000):
        ps = []
        for pid in range(1, n + 1):
            b = rng.randrange(0, 390)
            ps.append({"passage_id": pid, "begin": b, "end": b + rng.randrange(1, 120), "kind": "edited",
                       "cls": "k-edited", "pair_href": f"/pair?p={pid}"})
        runs = highlight(text, ps, 10_000)
        assert "".join(r["text"] for r in runs) == text
        pos = 0
        for r in runs:
            cover = sorted((min(p["end"], 400) - p["begin"], p["passage_id"]) for p in ps
                           if p["begin"] <= pos and min(p["end"], 400) > pos)
            assert r["count"] == len(cover)
            if cover:
                assert r["passages"][0] == cover[0][1] and r["href"] == f"/pair?p={cover[0][1]}"
                assert len(r["passages"]) == (len(cover) if len(cover) <= MAX_IDS else 1)
            pos += len(r["text"])
    long_runs = highlight(text * 100, ps[:2], 1_000, context=10)
    assert [r["gap"] for r in long_runs].count(True) >= 1


def test_search_with_and_without_the_word_index(db):
    scan = Settings()
    scan.serve.search_index = False
    with TestClient(create_app(db, scan)) as c:
        assert ids(c.get("/api/documents?q=dam bro")) == ["a", "b"]
        assert ids(c.get("/api/documents?q=broke dam")) == []              # substring, in order
        assert c.get("/api/documents?q=dam").json()["search"] == "substring"
    app = create_app(db)
    assert inner(app).state.store.wait_index(30)
    with TestClient(app) as c:
        assert ids(c.get("/api/documents?q=dam bro")) == ["a", "b"]
        assert ids(c.get("/api/documents?q=broke dam")) == ["a", "b"]      # words, any order
        assert ids(c.get("/api/documents?q=DAMM")) == [ODD_ID]             # case-folded
        assert ids(c.get("/api/documents?q=roke")) == []                     # words match by their start
        r = c.get("/api/documents?q=broke dam").json()
        assert r["search"] == "words" and r["documents"][0]["snippet"]["match"] == "broke"
        assert ids(c.get("/api/documents", params={"q": "%%", "outlet": "Daily"})) == []   # no words: scan


def test_serve_command_prints_its_url_and_refuses_unsafe_hosts(db, monkeypatch, tmp_path):
    import uvicorn
    from click.testing import CliRunner

    from newstrace.cli.main import cli
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    r = CliRunner().invoke(cli, ["serve", "--db", db, "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert "http://127.0.0.1:8123/" in r.output
    assert calls[0][1]["host"] == "127.0.0.1" and calls[0][1]["port"] == 8123
    r = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert r.exit_code == 1 and "non-loopback" in r.output and len(calls) == 1
    r = CliRunner().invoke(cli, ["serve", "--db", db + ".missing"])
    assert r.exit_code == 1 and "no store" in r.output
    r = CliRunner().invoke(cli, ["serve", "--db", db, "--port", "70000"])
    assert r.exit_code == 1 and "--port" in r.output
    fresh = make_store(tmp_path / "cli.duckdb")      # opened for writing: not open read-only elsewhere
    r = CliRunner().invoke(cli, ["serve", "--db", fresh, "--allow-ingest"])
    assert r.exit_code == 0 and "ingest token" in r.output, r.output
    assert inner(calls[-1][0]).state.settings.serve.token


def test_empty_store_renders_every_page(tmp_path):
    from newstrace.store.store import Store
    path = tmp_path / "empty.duckdb"
    Store(path).close()
    with TestClient(create_app(path)) as c:
        for url in ["/", "/documents", "/documents?q=x", "/graph", "/claims", "/api", "/api/overview",
                    "/api/documents", "/api/graph", "/api/passages", "/api/edges", "/api/search?q=x"]:
            assert c.get(url).status_code == 200, url
        assert "No document has a publication date" in c.get("/").text
        assert "Nothing to draw" in c.get("/graph").text
        assert c.get("/api/documents").json()["total"] == 0
