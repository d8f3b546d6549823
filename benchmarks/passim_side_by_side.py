"""passim v2 beside newstrace on the same machine: PAN13 all pairs and the 10k synthetic corpus.

    python benchmarks/passim_side_by_side.py                    # both parts, one after the other
    python benchmarks/passim_side_by_side.py --only pan13       # PAN13 training corpus, all pairs
    python benchmarks/passim_side_by_side.py --only synth       # gen_corpus.py 10,000 documents, seed 7
    python benchmarks/passim_side_by_side.py --only pan13 --limit 50 --work /tmp/x   # quick check

Installing passim (never into newstrace's venv, never into this repository)
---------------------------------------------------------------------------
passim v2 (github dasmiq/passim) is pure Python on PySpark; put a checkout in
``--passim-src`` and install it into its own venv ``--passim-venv``::

    mkdir -p /tmp/passim/src && git -C <passim git dir> archive HEAD | tar -x -C /tmp/passim/src
    git -C <passim git dir> rev-parse HEAD > /tmp/passim/src/COMMIT   # recorded in the results
    python3.11 -m venv /tmp/passim/venv
    /tmp/passim/venv/bin/pip install /tmp/passim/src   # pyspark==4.0.1, graphframes-py==0.9.3, intervaltree

How passim is run
-----------------
``bin/passim`` is ``seriatim --all-pairs --fields 'xxhash64(series) as gid'
--filterpairs 'gid < gid2'``, and ``bin/seriatim`` is ``spark-submit --packages
io.graphframes:graphframes-spark4_2.13:0.9.3 passim/seriatim.py``. The graphframes
JAR (Maven Central, not reachable here) is used only by the connected-components
clustering that runs *after* ``--pairwise`` has written ``align.json``. So this
script runs ``spark-submit --master local[2]`` (the venv's pyspark, no
``--packages``, ``SPARK_CONF_DIR`` = passim's ``conf/`` as ``bin/seriatim`` sets)
on a five-line driver that imports ``passim.seriatim`` unchanged, replaces its
``GraphFrame`` name with a function that raises, calls ``seriatim.main`` with the
``bin/passim`` options plus ``--pairwise``, and on that exception stops Spark and
exits 0: everything up to and including ``align.json`` is passim's own code and
defaults (n = 25, min-align 50, ...); only the clustering step (``out.json``) is
skipped.

Inputs are JSON lines ``{"id", "series", "text"}`` with ``series`` = ``id``, so
every unordered pair may be compared once (``gid < gid2``), as newstrace's
all-pairs mode does. passim reports ``begin/end`` in document ``id`` and
``begin2/end2`` in ``id2``, in characters of ``text``; for PAN13 each row becomes a
detection turned suspicious → source and is scored by ``plagdet.py`` exactly as
``pan13.py --mode all`` scores newstrace (same gold, same per-type rows).

newstrace runs in the same invocation, right after passim: ``pan13.py --mode all
-s align.min_chars=150`` (PAN13) and the local engine child of
``spark_vs_local.py`` (synthetic corpus; ``--newstrace-spark`` adds the Spark
engine on the same local[2]). Every run is a child process whose whole process
tree (JVM, Python driver and workers; or newstrace and its worker pool) is
sampled every 0.2 s for resident memory and per-process CPU time. Run the whole script under
``flock /tmp/newstrace-bench.lock`` on a shared machine.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pan13  # noqa: E402
from plagdet import Span, plagdet  # noqa: E402
from spark_vs_local import tree_rss  # noqa: E402

PASSIM_OPTS = ["--all-pairs", "--fields", "xxhash64(series) as gid",
               "--filterpairs", "gid < gid2", "--pairwise"]
DRIVER = '''"""Run passim's seriatim.main unchanged; stop after align.json, before graphframes clustering."""
import sys
import passim.seriatim as S


class PairwiseWritten(Exception):
    """Raised where passim would build a GraphFrame: align.json is already written."""


def _stop(*args, **kwargs):
    raise PairwiseWritten()


S.GraphFrame = _stop
try:
    S.main(sys.argv[1:])
except PairwiseWritten:
    from pyspark.sql import SparkSession
    SparkSession.getActiveSession().stop()
    print("passim: pairwise output written; clustering skipped")
'''
NEWSTRACE_PAN13 = ["--mode", "all", "-s", "align.min_chars=150"]


# ---------------------------------------------------------------- conversion (pure)

def passim_records(docs: Mapping[str, str]) -> Iterator[dict]:
    """Yield passim input records, one series per document, in the given order."""
    for doc_id, text in docs.items():
        if not isinstance(text, str):
            raise TypeError(f"document {doc_id!r}: text must be str, not {type(text).__name__}")
        yield {"id": doc_id, "series": doc_id, "text": text}


def write_jsonl(records: Iterable[dict], path: Path) -> int:
    """Write records as JSON lines; return how many."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_align(out_dir: Path) -> list[dict]:
    """Read passim's pairwise output (``align.json/part-*``), or fail if it is missing."""
    parts = sorted(glob.glob(str(out_dir / "align.json" / "part-*")))
    if not (out_dir / "align.json" / "_SUCCESS").exists():
        raise FileNotFoundError(f"no complete passim pairwise output in {out_dir / 'align.json'}")
    rows = []
    for p in parts:
        with open(p, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def row_to_span(row: Mapping[str, Any]) -> tuple[Span, bool]:
    """Turn one passim alignment into a Span with the suspicious document as target.

    Returns the span and whether passim had the suspicious document on the
    ``id`` side (so the sides were swapped). Pairs of two suspicious or two
    source documents keep passim's ``id2`` side as target.
    """
    for k in ("id", "id2", "begin", "end", "begin2", "end2"):
        if row.get(k) is None:
            raise ValueError(f"passim alignment row lacks {k!r}: {sorted(row)}")
    swap = row["id"].startswith("suspicious-") and row["id2"].startswith("source-")
    a = (row["id2"], row["begin2"], row["end2"])
    b = (row["id"], row["begin"], row["end"])
    t, s = (b, a) if swap else (a, b)
    return Span(t[0], t[1], t[2], s[0], s[1], s[2]), swap


def rows_to_spans(rows: Iterable[Mapping[str, Any]]) -> tuple[list[Span], int]:
    """Turn passim alignments into detections; return them and how many were swapped."""
    out, swapped = [], 0
    for r in rows:
        span, sw = row_to_span(r)
        out.append(span)
        swapped += sw
    return out, swapped


def found_pairs(rows: Iterable[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """Unordered document pairs that share at least one passim passage."""
    return {tuple(sorted((r["id"], r["id2"]))) for r in rows}


def planted_recall(truth: Iterable[Mapping[str, str]], found: set[tuple[str, str]]) -> dict:
    """Share of planted (target, source) pairs found in either order, as scaling.py counts it."""
    planted = {(t["target"], t["source"]) for t in truth}
    hit = sum(tuple(sorted(p)) in found for p in planted)
    return {"planted_pairs": len(planted), "planted_pairs_found": hit,
            "recall": round(hit / max(1, len(planted)), 4)}


def score_pan13(data: Path, types: list[str], dets: list[Span], limit: int | None = None) -> dict:
    """Score detections per obfuscation type and overall, as pan13.run does."""
    pairs = {typ: pan13.read_pairs(data / typ / "pairs")[:limit] for typ in types}
    rows, all_cases, all_dets = [], [], []
    for typ in types:
        ps = set(pairs[typ])
        cases = [c for p in pairs[typ] for c in pan13.gold_cases(data, typ, p)]
        d = [x for x in dets if (x.target, x.source) in ps]
        sc = plagdet(cases, d)
        rows.append({"type": typ, "pairs": len(ps), **sc.as_dict(),
                     "false_detections": sc.detections - sc.true_detections})
        all_cases += cases
        all_dets += d
    overall = plagdet(all_cases, all_dets)
    n_pairs = len({p for ps in pairs.values() for p in ps})
    rows.append({"type": "overall", "pairs": n_pairs, **overall.as_dict(),
                 "false_detections": overall.detections - overall.true_detections})
    listed = {p for ps in pairs.values() for p in ps}
    return {"rows": rows, "detections_total": len(dets),
            "detections_on_unlisted_pairs": sum((x.target, x.source) not in listed for x in dets)}


# ---------------------------------------------------------------- measuring

def loadavg() -> list[float]:
    """Return the 1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def tree_cpu(pid: int, seen: dict[int, float]) -> None:
    """Record in seen the CPU seconds (user + system) so far of pid and each live descendant."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                f = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            stats[int(p)] = f
            children.setdefault(int(f[1]), []).append(int(p))
    tick = os.sysconf("SC_CLK_TCK")
    todo = [pid]
    while todo:
        q = todo.pop()
        if q in stats:  # fields after the name: state ppid ... utime(12) stime(13)
            seen[q] = max(seen.get(q, 0.0), (int(stats[q][11]) + int(stats[q][12])) / tick)
        todo.extend(children.get(q, []))


def measure(cmd: list[str], env: Mapping[str, str] | None = None, log: Path | None = None,
            cwd: Path | None = None) -> dict:
    """Run cmd to completion, sampling its process tree's RSS and CPU; return wall, CPU and peak memory.

    CPU is the sum over every process seen in the tree of its last sampled
    user + system time (Spark's Python workers are never reaped by the JVM,
    so rusage of children misses them); processes shorter than a sample are missed.
    """
    load0 = loadavg()
    t0 = time.perf_counter()
    out = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL
    cpu: dict[int, float] = {}
    try:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        peak = [0]

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], tree_rss(proc.pid))
                tree_cpu(proc.pid, cpu)
                time.sleep(0.2)
        th = threading.Thread(target=sample, daemon=True)
        th.start()
        proc.wait()
        th.join()
    finally:
        if log:
            out.close()
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"{cmd[:3]}... failed with status {proc.returncode}"
                         + (f"; see {log}" if log else ""))
    return {"wall_s": round(wall, 1), "cpu_s": round(sum(cpu.values()), 1), "processes_seen": len(cpu),
            "peak_rss_mb": round(peak[0] / 2**20), "load_before": load0, "load_after": loadavg()}


def passim_env(a: argparse.Namespace) -> dict:
    """Environment for spark-submit: passim's venv Python for driver and workers, passim's conf dir."""
    py = str(Path(a.passim_venv) / "bin" / "python")
    env = dict(os.environ, PYSPARK_PYTHON=py, PYSPARK_DRIVER_PYTHON=py,
               SPARK_CONF_DIR=str(Path(a.passim_src) / "conf"))
    env.pop("SPARK_HOME", None)
    env.pop("PYTHONPATH", None)
    return env


def check_passim(a: argparse.Namespace) -> str:
    """Fail with a clear message unless passim is installed in --passim-venv; return its version."""
    venv = Path(a.passim_venv)
    if not (venv / "bin" / "spark-submit").exists():
        raise SystemExit(f"no spark-submit in {venv}/bin: install passim there (see --help)")
    if not (Path(a.passim_src) / "conf").is_dir():
        raise SystemExit(f"no passim checkout in {a.passim_src} (conf/ missing; see --help)")
    r = subprocess.run([str(venv / "bin" / "python"), "-c",
                        "import importlib.metadata as m; print(m.version('passim'), m.version('pyspark'),"
                        " m.version('graphframes-py'))"], capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"passim is not importable in {venv}: {r.stderr.strip().splitlines()[-1:]}")
    return r.stdout.strip()


def passim_commit(src: str) -> str | None:
    """Return the passim commit the checkout came from, if its COMMIT file says so."""
    f = Path(src) / "COMMIT"
    return f.read_text().strip() if f.exists() else None


def run_passim(a: argparse.Namespace, inputs: Path, out: Path, log: Path) -> dict:
    """Run passim (pairwise, no clustering) under spark-submit local[N]; return measurements."""
    driver = Path(a.work) / "passim_pairwise.py"
    driver.write_text(DRIVER, encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    conf = ["--driver-memory", a.driver_memory] if a.driver_memory else []
    cmd = [str(Path(a.passim_venv) / "bin" / "spark-submit"), "--master", a.master, *conf,
           str(driver), *PASSIM_OPTS, *a.passim_arg, str(inputs), str(out)]
    res = measure(cmd, env=passim_env(a), log=log, cwd=Path(a.work))
    res["command"] = cmd
    return res


def common(a: argparse.Namespace, passim_versions: str) -> dict:
    """Settings and machine facts shared by both result files."""
    pv = passim_versions.split()
    return {"machine": {"platform": platform.platform(), "processor": platform.processor(),
                        "cpus": os.cpu_count(), "python": platform.python_version(),
                        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
            "passim": {"version": pv[0] if pv else None, "pyspark": pv[1] if len(pv) > 1 else None,
                       "graphframes_py": pv[2] if len(pv) > 2 else None,
                       "options": PASSIM_OPTS + a.passim_arg, "master": a.master,
                       "driver_memory": a.driver_memory or "Spark default (1g)",
                       "commit": passim_commit(a.passim_src),
                       "how": "spark-submit of a driver that calls passim.seriatim.main unchanged and stops "
                              "where clustering would build a GraphFrame (after align.json)"},
            "newstrace_commit": pan13.commit(), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


# ---------------------------------------------------------------- PAN13

def pan13_docs(data: Path, limit: int | None, types: list[str]) -> dict[str, str]:
    """Every PAN13 document (sources first), or with --limit only those of the first pairs per type."""
    if limit is None:
        ids = pan13.all_doc_ids(data)
    else:
        sel = {p for t in types for p in pan13.read_pairs(data / t / "pairs")[:limit]}
        ids = sorted({i for p in sel for i in p}, key=lambda i: (not i.startswith("source"), i))
    return {i: pan13.read_text(pan13.doc_path(data, i)) for i in ids}


def write_shards(records: list[dict], dest: Path, n_shards: int) -> Path:
    """Write records as n_shards JSONL files in a fresh dest directory."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    per = -(-len(records) // n_shards)
    for k in range(n_shards):
        write_jsonl(records[k * per:(k + 1) * per], dest / f"part{k:03d}.jsonl")
    return dest


def run_pan13(a: argparse.Namespace, versions: str) -> dict:
    """passim then newstrace on PAN13 all pairs; return the side-by-side result."""
    data, work = Path(a.data), Path(a.work) / "pan13"
    work.mkdir(parents=True, exist_ok=True)
    types = [t for t in pan13.TYPES if (data / t / "pairs").exists()]
    docs = pan13_docs(data, a.limit, types)
    inputs = write_shards(list(passim_records(docs)), work / "passim-in", a.shards)
    print(f"PAN13: {len(docs)} documents in {a.shards} shards; passim ...", flush=True)
    p = run_passim(a, inputs, work / "passim-out", work / "passim.log")
    rows = read_align(work / "passim-out")
    dets, swapped = rows_to_spans(rows)
    p.update(score_pan13(data, types, dets, a.limit), alignments=len(rows), swapped=swapped)
    print(f"  passim: {p['wall_s']} s, {p['peak_rss_mb']} MB, plagdet {p['rows'][-1]['plagdet']:.3f}; "
          "newstrace ...", flush=True)
    nt_json = work / "newstrace-pan13.json"
    cmd = [sys.executable, str(HERE / "pan13.py"), *NEWSTRACE_PAN13, "--jobs", str(a.jobs),
           "--out", str(nt_json), *(["--limit", str(a.limit)] if a.limit else [])]
    n = measure(cmd, log=work / "newstrace.log")
    nt = json.loads(nt_json.read_text(encoding="utf-8"))
    n.update(command=[Path(c).name if c == sys.executable else c for c in cmd], rows=nt["rows"],
             seconds=nt["seconds"], detections_total=nt["detections"]["total"],
             detections_on_unlisted_pairs=nt["detections"]["on_unlisted_pairs"])
    return {"benchmark": "passim-vs-newstrace-pan13-all-pairs", "data": str(data), "documents": len(docs),
            "limit": a.limit, "shards": a.shards, **common(a, versions), "passim": p, "newstrace": n,
            "time_ratio_passim_over_newstrace": round(p["wall_s"] / n["wall_s"], 2),
            "memory_ratio_passim_over_newstrace": round(p["peak_rss_mb"] / max(1, n["peak_rss_mb"]), 1)}


# ---------------------------------------------------------------- synthetic corpus

def synth_corpus(work: Path, n: int) -> Path:
    """The gen_corpus.py corpus of n documents (seed 7), generated once."""
    corpus = work / f"synth{n}.jsonl"
    if not corpus.exists() or not Path(str(corpus) + ".truth.json").exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(n), str(corpus)], check=True)
    return corpus


def newstrace_synth(a: argparse.Namespace, engine: str, shards: Path, work: Path, truth: list) -> dict:
    """Run spark_vs_local.py's child for one newstrace engine; add planted-pair recall."""
    import duckdb
    target = work / (f"local{a.n}.duckdb" if engine == "local" else f"spark{a.n}")
    cmd = [sys.executable, str(HERE / "spark_vs_local.py"), "--child", engine, "--inputs", str(shards),
           "--target", str(target), "--jobs", str(a.jobs), "--master", a.master]
    log = work / f"newstrace-{engine}.log"
    res = measure(cmd, log=log)
    last = [ln for ln in log.read_text(encoding="utf-8").splitlines() if ln.startswith("{")][-1]
    out = json.loads(last)
    con = duckdb.connect(str(target) if engine == "local" else ":memory:", read_only=engine == "local")
    src = "passages" if engine == "local" else f"read_parquet('{target}/passages/*.parquet')"
    pairs = {tuple(sorted(r)) for r in con.execute(f"SELECT DISTINCT target_id, source_id FROM {src}").fetchall()}
    n_pass = con.execute(f"SELECT count(*) FROM {src}").fetchone()[0]
    con.close()
    res.update(engine=engine, stats=out.get("stats"), timings=out.get("timings"), passages=n_pass,
               pairs_sharing_text=len(pairs), **planted_recall(truth, pairs))
    return res


def run_synth(a: argparse.Namespace, versions: str) -> dict:
    """passim then newstrace (local engine; Spark engine too with --newstrace-spark) on the synthetic corpus.

    The result file is written after each run, so a later run cut short leaves the earlier ones.
    """
    from spark_vs_local import OFF, shard
    work = Path(a.work) / "synth"
    work.mkdir(parents=True, exist_ok=True)
    corpus = synth_corpus(work, a.n)
    truth = json.loads(Path(str(corpus) + ".truth.json").read_text(encoding="utf-8"))
    with open(corpus, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    inputs = write_shards([{"id": r["id"], "series": r["id"], "text": r["text"]} for r in recs],
                          work / "passim-in", a.shards)
    print(f"synthetic: {len(recs)} documents in {a.shards} shards; passim ...", flush=True)
    p = run_passim(a, inputs, work / "passim-out", work / "passim.log")
    rows = read_align(work / "passim-out")
    pairs = found_pairs(rows)
    p.update(alignments=len(rows), pairs_sharing_text=len(pairs), **planted_recall(truth, pairs))
    print(f"  passim: {p['wall_s']} s, {p['peak_rss_mb']} MB, recall {p['recall']}", flush=True)
    shards = shard(corpus, a.shards, work / f"shards{a.n}")
    res = {"benchmark": "passim-vs-newstrace-synthetic", "n": a.n, "seed": 7, "shards": a.shards,
           **common(a, versions), "newstrace_settings": OFF, "passim": p}
    save(res, a.out_synth)
    for engine in ["local"] + (["spark"] if a.newstrace_spark else []):
        print(f"  newstrace {engine} ...", flush=True)
        res[f"newstrace_{engine}"] = r = newstrace_synth(a, engine, shards, work, truth)
        res[f"time_ratio_passim_over_newstrace_{engine}"] = round(p["wall_s"] / r["wall_s"], 2)
        print(f"  newstrace {engine}: {r['wall_s']} s, {r['peak_rss_mb']} MB, recall {r['recall']}", flush=True)
        save(res, a.out_synth)
    return res


def save(res: dict, path: str) -> None:
    """Write a result as indented JSON."""
    Path(path).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- report

def pan13_table(res: dict) -> str:
    """The per-type side-by-side table of a PAN13 result."""
    p, n = res["passim"], res["newstrace"]
    lines = [f"{'type':28s} {'passim P/R/G/plagdet':>30s}   {'newstrace P/R/G/plagdet':>30s}"]
    for rp, rn in zip(p["rows"], n["rows"]):
        def cell(r):
            if r["cases"] == 0:
                return f"{r['detections']} false detections".rjust(30)
            return (f"{r['precision']:.3f} {r['recall']:.3f} {r['granularity']:.3f} "
                    f"{r['plagdet']:.3f}").rjust(30)
        lines.append(f"{rp['type']:28s} {cell(rp)}   {cell(rn)}")
    for name, r in (("passim", p), ("newstrace", n)):
        lines.append(f"{name}: wall {r['wall_s']} s, CPU {r['cpu_s']} s, peak RSS (tree) {r['peak_rss_mb']} MB, "
                     f"load {r['load_before']} -> {r['load_after']}")
    lines.append(f"time ratio passim/newstrace: {res['time_ratio_passim_over_newstrace']}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[1:]))
    ap.add_argument("--only", choices=["pan13", "synth"], help="run one part only")
    ap.add_argument("--passim-venv", default="/tmp/passim/venv", help="venv with passim installed")
    ap.add_argument("--passim-src", default="/tmp/passim/src", help="passim checkout (for conf/)")
    ap.add_argument("--passim-arg", action="append", default=[], metavar="ARG",
                    help="extra seriatim argument, repeatable (e.g. --passim-arg=--min-align=150)")
    ap.add_argument("--master", default="local[2]", help="Spark master for passim (default %(default)s)")
    ap.add_argument("--driver-memory", default="2g",
                    help="spark.driver.memory for passim, as newstrace's Spark engine (''=Spark default)")
    ap.add_argument("--jobs", type=int, default=2, help="newstrace worker processes")
    ap.add_argument("--shards", type=int, default=16, help="input JSONL files (as spark_vs_local.py)")
    ap.add_argument("--data", default=str(pan13.DEFAULT_DATA), help="PAN13 training corpus")
    ap.add_argument("--limit", type=int, help="PAN13: only the first N pairs of each type (quick check)")
    ap.add_argument("--n", type=int, default=10000, help="synthetic corpus size (default %(default)s)")
    ap.add_argument("--newstrace-spark", action="store_true", help="synth: also run newstrace's Spark engine")
    ap.add_argument("--work", default="/tmp/passim/bench", help="scratch directory")
    ap.add_argument("--out-pan13", default=str(HERE / "results" / "passim-pan13.json"))
    ap.add_argument("--out-synth", default=str(HERE / "results" / "passim-synth-10k.json"))
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts and write their result files."""
    a = parse_args(argv)
    Path(a.work).mkdir(parents=True, exist_ok=True)
    versions = check_passim(a)
    if a.only in (None, "pan13"):
        res = run_pan13(a, versions)
        print(pan13_table(res))
        save(res, a.out_pan13)
        print(f"wrote {a.out_pan13}")
    if a.only in (None, "synth"):
        run_synth(a, versions)
        print(f"wrote {a.out_synth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
