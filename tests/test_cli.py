"""CLI: help with examples everywhere, clean one-line errors, analyze/report/export round trip."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from newstrace.cli.main import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output
    first = cli.commands[name].help.strip().splitlines()[0]
    assert first[0].isupper()


def test_top_level_help():
    res = CliRunner().invoke(cli, ["--help"])
    assert res.exit_code == 0 and "analyze" in res.output and "Example:" in res.output


def test_user_errors_are_one_line_without_traceback(tmp_path):
    r = CliRunner()
    res = r.invoke(cli, ["analyze", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code != 0 and "Traceback" not in res.output
    res = r.invoke(cli, ["report", "--db", str(tmp_path / "missing.duckdb"), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 1 and "no store" in res.output
    res = r.invoke(cli, ["settings", "-s", "align.bogus=1"])
    assert res.exit_code == 1 and "unknown setting" in res.output
    res = r.invoke(cli, ["settings", "-s", "align.min_chars=abc"])
    assert res.exit_code == 1 and "expects a int" in res.output


def test_settings_layers(tmp_path, monkeypatch):
    cfg = tmp_path / "s.toml"
    cfg.write_text("[align]\nmin_chars = 50\nmax_gap = 2\n")
    monkeypatch.setenv("NEWSTRACE_ALIGN__MAX_GAP", "3")
    res = CliRunner().invoke(cli, ["settings", "--config", str(cfg), "-s", "align.verbatim_ratio=0.9"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["align"]["min_chars"]["value"] == 50
    assert out["align"]["max_gap"]["value"] == 3
    assert out["align"]["verbatim_ratio"]["value"] == 0.9
    assert out["align"]["min_chars"]["help"]


def test_analyze_report_export_round_trip(tmp_path, seeds_dir):
    db = str(tmp_path / "n.duckdb")
    r = CliRunner()
    res = r.invoke(cli, ["analyze", str(seeds_dir), "--db", db, "--quiet", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "5 documents added" in res.output and "document pairs sharing text" in res.output
    # the later stages report too: the seeds' story in three lines
    assert re.search(r"^provenance: \d+ edges \(.*republishes 1.*\), 1 external sources$", res.output, re.M)
    assert re.search(r"^  62 soldiers killed  — Russian military: [3-9] mentions, 1 independent source\(s\), "
                     r"conflicts with 1$", res.output, re.M), res.output
    html = tmp_path / "r.html"
    res = r.invoke(cli, ["report", "--db", db, "-o", str(html)])
    assert res.exit_code == 0, res.output
    assert html.stat().st_size > 5000 and "<html" in html.read_text()[:500].lower()
    for table in ("documents", "passages", "failures"):
        for fmt in ("jsonl", "csv", "parquet"):
            out = tmp_path / f"{table}.{fmt}"
            res = r.invoke(cli, ["export", "--db", db, "--table", table, "--format", fmt, "-o", str(out)])
            assert res.exit_code == 0, res.output
            assert out.exists()
    rows = [json.loads(x) for x in (tmp_path / "passages.jsonl").read_text().splitlines()]
    assert rows and {"target_id", "target_begin", "target_end", "source_id", "source_begin",
                     "source_end", "kind", "score"} <= set(rows[0])
    docs = [json.loads(x) for x in (tmp_path / "documents.jsonl").read_text().splitlines()]
    assert len(docs) == 5 and {"id", "path", "url", "outlet", "title", "published", "language", "text"} <= set(docs[0])
