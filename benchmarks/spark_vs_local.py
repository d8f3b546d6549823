"""Spark local[N] against the local engine on a generated corpus: time, peak memory, agreement.

The corpus (gen_corpus.py) is split into shards so that Spark can read in
parallel; both engines read the same shards. Each engine runs in a child
process whose whole process tree (Python driver, JVM, Python workers, or the
local engine's alignment pool) is sampled for resident memory every 0.2 s.
The Spark run also records, from the Spark UI's REST API, the executor time
and task count of every stage: the per-partition costs behind the projection
to a cluster.

    python benchmarks/spark_vs_local.py 10000 --work /tmp/sparkbench [--master local[2]] [--out r.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
OFF = ["semantic.enabled=false", "claims.enabled=false"]


def shard(corpus: Path, n_shards: int, dest: Path) -> Path:
    """Split a JSONL corpus into n_shards files in dest (once)."""
    dest.mkdir(parents=True, exist_ok=True)
    if len(list(dest.glob("*.jsonl"))) == n_shards:
        return dest
    lines = corpus.read_text(encoding="utf-8").splitlines()
    per = -(-len(lines) // n_shards)
    for k in range(n_shards):
        (dest / f"part{k:03d}.jsonl").write_text("\n".join(lines[k * per:(k + 1) * per]) + "\n", encoding="utf-8")
    return dest


def tree_rss(pid: int, cpu: dict[int, float] | None = None) -> int:
    """Return the resident bytes of a process and all its descendants; record their CPU seconds in cpu."""
    total, todo = 0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                ppid = int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(p))
            except (OSError, IndexError, ValueError):
                pass
    while todo:
        q = todo.pop()
        try:
            if cpu is not None:
                fields = Path(f"/proc/{q}/stat").read_text().rsplit(")", 1)[1].split()
                cpu[q] = max(cpu.get(q, 0.0), (int(fields[11]) + int(fields[12])) / tick)
            for line in Path(f"/proc/{q}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        todo.extend(children.get(q, []))
    return total


def measure(cmd: list[str], log: Path | None = None) -> dict:
    """Run cmd, sampling its process tree's RSS and CPU; return wall and CPU seconds, peak RSS and its JSON output.

    The child's stderr (the Spark engine's per-stage log lines) goes to log, if given.
    """
    t0, load0 = time.perf_counter(), os.getloadavg()
    err = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
    peak, cpu = [0], {}

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid, cpu))
            time.sleep(0.2)
    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    th.join()
    if log:
        err.close()
    if proc.returncode:
        raise SystemExit(f"{cmd} failed with status {proc.returncode}")
    return {"wall_s": round(time.perf_counter() - t0, 2), "peak_rss_mb": round(peak[0] / 2**20),
            "cpu_s": round(sum(cpu.values()), 1), "load_start": load0, "load_end": os.getloadavg(),
            **json.loads(out.strip().splitlines()[-1])}


def settings():
    """Return settings with the model-based driver stages off (where this version has them)."""
    from newstrace.settings import Settings
    s = Settings()
    for section in (s.semantic, s.claims):
        if hasattr(section, "enabled"):
            section.enabled = False
    return s


def run_local(inputs: str, db: str, jobs: int) -> dict:
    """Child: run the local engine; print its stats as JSON."""
    from newstrace.engines.local import LocalEngine
    from newstrace.store.store import Store
    for p in (Path(db), Path(db + ".wal")):
        p.unlink(missing_ok=True)
    with Store(db) as store:
        stats = LocalEngine(store, settings(), jobs).analyze([inputs])
    return {"stats": stats.as_dict()}


def run_spark(inputs: str, out: str, master: str) -> dict:
    """Child: run the Spark engine with the UI on; print stats, stage timings and stage metrics as JSON."""
    from newstrace.engines.spark import SparkEngine, build_session
    s = settings()
    s.spark.conf = "spark.ui.port=4057"
    spark = build_session(s.spark, master)
    eng = SparkEngine(s, out, session=spark)      # per-stage lines on stderr (kept in the work dir)
    stats = eng.analyze([inputs])
    app = spark.sparkContext.applicationId
    url = f"{spark.sparkContext.uiWebUrl}/api/v1/applications/{app}/stages?status=complete"
    stages = json.loads(urllib.request.urlopen(url, timeout=30).read())
    spark.stop()
    rows = [{"name": st["name"].split(" at ")[0], "tasks": st["numTasks"],
             "executor_run_s": st["executorRunTime"] / 1000, "shuffle_read_mb": st["shuffleReadBytes"] / 2**20,
             "shuffle_write_mb": st["shuffleWriteBytes"] / 2**20} for st in stages]
    return {"stats": stats.as_dict(), "timings": eng.timings, "stages": rows}


def project(spark: dict, nodes: int, cores: int, scale: float) -> dict:
    """Project the distributed stages to nodes × cores from measured executor time per stage.

    Executor time is the sum of task times, i.e. core-seconds; it scales
    linearly with the corpus (the candidate join is near-linear by the hot-key
    star) and divides over all cores, each stage also paying one task's time
    at least and a fixed scheduling latency. Every stage now runs on executors; what stays on
    the driver here (provenance components by union-find, claims grouping) is not projected.
    """
    total_cores = nodes * cores
    secs = 0.0
    for st in spark["stages"]:
        work = st["executor_run_s"] * scale
        per_task = st["executor_run_s"] / max(1, st["tasks"]) * scale
        secs += max(work / total_cores, per_task if st["tasks"] == 1 else 0) + 0.5
    return {"nodes": nodes, "cores_per_node": cores, "scale": scale, "distributed_s": round(secs, 1),
            "executor_core_s_measured": round(sum(s["executor_run_s"] for s in spark["stages"]), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?")
    ap.add_argument("--work", default="/tmp/newstrace-sparkbench")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--shards", type=int, default=16)
    ap.add_argument("--skip-local", action="store_true")
    ap.add_argument("--skip-spark", action="store_true", help="run the local engine only (a separate locked run)")
    ap.add_argument("--out")
    ap.add_argument("--child", choices=["local", "spark"])
    ap.add_argument("--inputs")
    ap.add_argument("--target")
    a = ap.parse_args()
    if a.child:
        res = run_local(a.inputs, a.target, a.jobs) if a.child == "local" else run_spark(a.inputs, a.target, a.master)
        print(json.dumps(res))
        return
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"synth{a.n}.jsonl"
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(a.n), str(corpus)], check=True)
    shards = shard(corpus, a.shards, work / f"shards{a.n}")
    me = [sys.executable, str(Path(__file__).resolve())]
    result = {"n": a.n, "shards": a.shards, "machine": f"{platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} CPUs", "load_before": os.getloadavg(), "settings": OFF}
    if not a.skip_spark:
        result["spark"] = measure(me + ["--child", "spark", "--inputs", str(shards),
                                        "--target", str(work / f"spark{a.n}"), "--master", a.master],
                                  work / f"spark{a.n}.log")
        result["spark"]["timings"]["startup_and_rest"] = round(
            result["spark"]["wall_s"] - sum(result["spark"]["timings"].values()), 2)
    if not a.skip_local:
        result["local"] = measure(me + ["--child", "local", "--inputs", str(shards),
                                        "--target", str(work / f"local{a.n}.duckdb"), "--jobs", str(a.jobs)])
    if (work / f"local{a.n}.duckdb").exists() and (work / f"spark{a.n}" / "passages").exists():
        result["agree"] = agreement(work / f"local{a.n}.duckdb", work / f"spark{a.n}")
    result["load_after"] = os.getloadavg()
    if "spark" in result:
        result["projection"] = [project(result["spark"], 16, c, s) for c in (8, 16) for s in (1, 100, 10000)]
    text = json.dumps(result, indent=2)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")


def agreement(db: Path, out: Path) -> dict:
    """Compare passages (and provenance edges) of the two runs."""
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    cols = "target_id, target_begin, target_end, source_id, source_begin, source_end, kind"
    a = set(con.execute(f"SELECT {cols} FROM passages").fetchall())
    b = set(con.execute(f"SELECT {cols} FROM read_parquet('{out}/passages/*.parquet')").fetchall())
    ecols = "source_id, target_id, relation"
    ea = set(con.execute(f"SELECT {ecols} FROM prov_edges").fetchall())
    eb = set(con.execute(f"SELECT {ecols} FROM read_parquet('{out}/prov_edges/*.parquet')").fetchall())
    return {"passages_local": len(a), "passages_spark": len(b), "passages_identical": a == b,
            "edges_local": len(ea), "edges_spark": len(eb), "edges_identical": ea == eb}


if __name__ == "__main__":
    main()
