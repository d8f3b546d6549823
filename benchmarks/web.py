"""Web UI benchmark: server time of every page on a generated store of 100,000 documents.

The store is synthetic and written directly (documents with raw input and char map,
passages of every kind, provenance edges with external sources); pages are requested
in process through the ASGI app and timed from the app's Server-Timing header and
from the client side.

    python benchmarks/web.py [--docs 100000] [--passages 150000] [--repeat 30]
                             [--db /tmp/web100k.duckdb] [--out benchmarks/results/web.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import numpy as np
import pyarrow as pa

from newstrace.store.store import Store

KINDS = np.array(["verbatim", "edited", "paraphrase", "translation"])


def words(rng: np.random.Generator, n_vocab: int = 6000) -> np.ndarray:
    """Return a vocabulary of pronounceable synthetic words."""
    syll = np.array(["ka", "ro", "mi", "tal", "ven", "dor", "sa", "lu", "ber", "gin", "o", "est", "an", "ri"])
    return np.array(["".join(rng.choice(syll, rng.integers(1, 4))) for _ in range(n_vocab)])


def texts(rng: np.random.Generator, vocab: np.ndarray, n: int, mean_words: int) -> list[str]:
    """Return n texts of sentences of Zipf-distributed words."""
    out = []
    ranks = np.minimum(rng.zipf(1.3, size=n * mean_words * 2), len(vocab)) - 1
    pos = 0
    for _ in range(n):
        k = int(rng.integers(mean_words // 2, mean_words * 3 // 2))
        w = vocab[ranks[pos:pos + k]]
        pos += k
        sents = [" ".join(w[i:i + 15]).capitalize() + "." for i in range(0, k, 15)]
        out.append(" ".join(sents))
    return out


def build(db: Path, n_docs: int, n_passages: int, seed: int = 7) -> dict:
    """Write the synthetic store and return its sizes."""
    rng = np.random.default_rng(seed)
    vocab = words(rng)
    t0 = time.perf_counter()
    body = texts(rng, vocab, n_docs, 230)
    outlets = [f"Outlet {i:02d}" for i in range(60)]
    days = np.datetime64("2023-01-01") + rng.integers(0, 700, n_docs)
    ids = [f"doc-{i:06d}" for i in range(n_docs)]
    raw = [f"<html><body><nav>Home | World | Sport</nav><article><h1>T</h1><p>{t}</p></article>"
           f"<footer>© Outlet</footer></body></html>" for t in body]
    cmaps = [json.dumps([[0, r.index("<p>") + 3, len(t)]]) for r, t in zip(raw, body)]
    docs = pa.table({
        "doc_key": np.arange(1, n_docs + 1, dtype=np.int32), "doc_id": ids,
        "path": [f"in/{i}.html" for i in ids], "source": [f"in/{i}.html" for i in ids],
        "url": [f"https://news.example/{i}" for i in ids],
        "outlet": [outlets[j] for j in rng.integers(0, len(outlets), n_docs)],
        "title": [" ".join(t.split()[:8]) for t in body],
        "published": [str(d) if rng.random() > 0.03 else None for d in days],
        "published_source": ["html"] * n_docs,
        "language": rng.choice(np.array(["en", "en", "en", "de", "fr", "ru"]), n_docs).tolist(),
        "fmt": ["html"] * n_docs, "raw": raw, "text": body, "char_map": cmaps,
        "n_chars": np.array([len(t) for t in body], dtype=np.int32), "stage": ["aligned"] * n_docs,
        "run_id": np.ones(n_docs, dtype=np.int32),
    })
    lens = np.array([len(t) for t in body])
    # passages: 30% from a pool of 1,000 "wire stories" (Zipf: the top one is reused
    # thousands of times, a hub), the rest between random documents
    wire = (np.minimum(rng.zipf(1.2, n_passages), 1000) - 1) * 97 % n_docs
    src = np.where(rng.random(n_passages) < 0.3, wire, rng.integers(0, n_docs, n_passages))
    tgt = rng.integers(0, n_docs, n_passages)
    tgt = np.where(tgt == src, (tgt + 1) % n_docs, tgt)
    sl = rng.integers(120, 600, n_passages)
    sb = (rng.random(n_passages) * np.maximum(lens[src] - sl, 1)).astype(int)
    tb = (rng.random(n_passages) * np.maximum(lens[tgt] - sl, 1)).astype(int)
    kinds = KINDS[rng.choice(4, n_passages, p=[0.35, 0.45, 0.15, 0.05])]
    passages = pa.table({
        "passage_id": np.arange(1, n_passages + 1, dtype=np.int32),
        "target_id": [ids[i] for i in tgt], "target_begin": tb.astype(np.int32),
        "target_end": np.minimum(tb + sl, lens[tgt]).astype(np.int32),
        "source_id": [ids[i] for i in src], "source_begin": sb.astype(np.int32),
        "source_end": np.minimum(sb + sl, lens[src]).astype(np.int32),
        "kind": kinds.tolist(), "score": rng.random(n_passages),
        "method": np.where(np.isin(kinds, ["paraphrase", "translation"]), "semantic", "lexical").tolist(),
        "run_id": np.ones(n_passages, dtype=np.int32),
    })
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    with Store(db) as st:
        con = st.con
        con.register("docs_arrow", docs)
        con.execute(f"INSERT INTO documents ({', '.join(docs.column_names)}) SELECT * FROM docs_arrow")
        con.register("passages_arrow", passages)
        con.execute(f"INSERT INTO passages ({', '.join(passages.column_names)}) SELECT * FROM passages_arrow")
        con.execute("""INSERT INTO failures (failure_id, run_id, path, position, stage, reason, failed_at)
            SELECT i, 1, 'in/bad' || i || '.html', '', 'extract', 'no article text', now() FROM range(1, 300) t(i)""")
        n_edges = _provenance(con, ids, src, tgt)
    return {"documents": n_docs, "passages": n_passages, "edges": n_edges,
            "build_s": round(time.perf_counter() - t0, 1), "db_mb": round(db.stat().st_size / 2**20)}


def _provenance(con, ids: list[str], src: np.ndarray, tgt: np.ndarray) -> int:
    """Add one provenance edge per distinct passage pair and a few external sources."""
    con.execute("""CREATE TABLE IF NOT EXISTS prov_edges (source_id VARCHAR, target_id VARCHAR,
                   relation VARCHAR, confidence DOUBLE, evidence JSON)""")
    con.execute("""CREATE TABLE IF NOT EXISTS prov_sources (source_id VARCHAR PRIMARY KEY, label VARCHAR,
                   kind VARCHAR)""")
    con.execute("""INSERT INTO prov_edges (source_id, target_id, relation, confidence, evidence)
        SELECT source_id, target_id, CASE WHEN any_value(kind) = 'paraphrase' THEN 'paraphrases'
               WHEN any_value(kind) = 'translation' THEN 'translates' ELSE 'copies' END, max(score), NULL
        FROM passages GROUP BY source_id, target_id""")
    con.execute("""INSERT INTO prov_sources (source_id, label, kind)
        SELECT 'ext:statement-' || i, 'Statement ' || i, 'statement' FROM range(200) t(i)""")
    con.execute("""INSERT INTO prov_edges (source_id, target_id, relation, confidence, evidence)
        SELECT 'ext:statement-' || (i % 200), 'doc-' || lpad(CAST((i * 37) % 100000 AS VARCHAR), 6, '0'),
               'excerpts_with_attribution', 0.7, NULL FROM range(2000) t(i)""")
    return con.execute("SELECT count(*) FROM prov_edges").fetchone()[0]


def cases(client, rng: random.Random, n: int, n_docs: int) -> dict[str, list[str]]:
    """Return, per page, n URLs to request (varied parameters)."""
    docs = [f"doc-{rng.randrange(n_docs):06d}" for _ in range(n)]
    hub = client.get("/api/documents", params={"order": "n_passages", "desc": "yes", "limit": 1}).json()
    hub = hub["documents"][0]["id"]
    pairs = client.get("/api/passages", params={"doc": hub, "limit": n}).json()["passages"]
    mid = client.get("/api/documents", params={"order": "published", "limit": 500}).json()
    cursor = mid["next"]
    for _ in range(20):          # 10,000 rows deep
        cursor = client.get("/api/documents", params={"order": "published", "limit": 500,
                                                      "after": cursor}).json()["next"]
    terms = ["kavenro", "talmi", "dorsa", "lu", "bergin est"]
    return {
        "overview": ["/"] * n,
        "documents (first page)": ["/documents"] * n,
        "documents sorted by partners": ["/documents?order=partners&desc=yes"] * n,
        "documents 10,000 rows deep": ["/documents?" + urlencode({"order": "published", "after": cursor})] * n,
        "documents filtered": ["/documents?" + urlencode({"outlet": f"Outlet {i % 60:02d}", "date_from": "2023-03-01",
                                                           "date_to": "2023-09-30", "has_reuse": "yes",
                                                           "order": "reused_by", "desc": "yes"}) for i in range(n)],
        "search (word index)": ["/documents?" + urlencode({"q": terms[i % len(terms)]}) for i in range(n)],
        "document": [f"/documents/{quote(d)}" for d in docs],
        "document (hub, most passages)": [f"/documents/{hub}"] * n,
        "document raw view": [f"/documents/{quote(d)}?view=raw" for d in docs],
        "pair": ["/pair?" + urlencode({"a": p["source_id"], "b": p["target_id"]}) for p in pairs][:n],
        "graph (whole corpus, 150 nodes)": ["/graph"] * n,
        "graph around a document": [f"/graph?focus={quote(d)}" for d in docs],
        "claims": ["/claims"] * n,
        "api documents": ["/api/documents?order=n_chars&desc=yes"] * n,
        "api passages of a document": [f"/api/passages?doc={quote(d)}" for d in docs],
    }


def measure(client, urls: list[str]) -> dict:
    """Request each URL once (after one warm-up, timed as 'first') and return time stats in ms."""
    first = float(client.get(urls[0]).headers["server-timing"].split("dur=")[1])
    app, wall = [], []
    for u in urls:
        t0 = time.perf_counter()
        r = client.get(u)
        wall.append(1000 * (time.perf_counter() - t0))
        assert r.status_code == 200, (u, r.status_code, r.text[:300])
        app.append(float(r.headers["server-timing"].split("dur=")[1]))
    q = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]  # noqa: E731
    return {"n": len(urls), "median_ms": round(statistics.median(app), 1), "p95_ms": round(q(app, 0.95), 1),
            "client_median_ms": round(statistics.median(wall), 1), "first_ms": round(first, 1),
            "bytes": len(r.content)}


def _sizes(db: Path) -> dict:
    """Return the sizes of an existing store."""
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        n = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "passages", "prov_edges")]
    finally:
        con.close()
    return {"documents": n[0], "passages": n[1], "edges": n[2], "db_mb": round(db.stat().st_size / 2**20)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--passages", type=int, default=150_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--db", default="/tmp/newstrace-web-bench.duckdb")
    ap.add_argument("--reuse", action="store_true", help="Reuse an existing store at --db.")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from newstrace.settings import Settings
    from newstrace.web import create_app
    db = Path(args.db)
    info = _sizes(db) if args.reuse and db.exists() else build(db, args.docs, args.passages)
    print(f"store: {info}", file=sys.stderr)
    s = Settings()
    s.serve.rate_limit = 0
    results = {}
    t0 = time.perf_counter()
    app = create_app(db, s)
    with TestClient(app) as client:
        client.get("/api/passages?limit=1")
        info["stats_build_s"] = round(time.perf_counter() - t0, 2)
        terms = ["kavenro", "talmi", "dorsa", "lu", "bergin est"]
        results["search, scanning (index not ready)"] = measure(
            client, ["/documents?" + urlencode({"q": terms[i % 5]}) for i in range(max(5, args.repeat // 3))])
        t1 = time.perf_counter()
        app.app.state.store.wait_index()
        info["search_index_build_s"] = round(time.perf_counter() - t0, 2)
        info["search_index_wait_s"] = round(time.perf_counter() - t1, 2)
        for name, urls in cases(client, random.Random(1), args.repeat, args.docs).items():
            results[name] = measure(client, urls)
        for name, r in results.items():
            print(f"{name:38s} median {r['median_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
                  f"first {r['first_ms']:7.1f} ms", file=sys.stderr)
    out = {"store": info, "pages": results, "machine": f"{platform.processor() or platform.machine()}, "
           f"{os.cpu_count()} CPUs, Python {platform.python_version()}"}
    print(json.dumps(out, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
