"""`newstrace claims`, `export --table claims` and the report's Claims section."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newstrace.cli.main import cli

DOCS = [
    "The Interior Ministry of Norland said 12 people were killed and 30 injured in the blast in Tarsk on Monday.",
    "A blast in Tarsk killed 12 people on Monday, Norland's Interior Ministry said in a statement.",
    "At least 20 people were killed in the blast in Tarsk on Monday, the Tarsk Medics Union said.",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("claims_cli")
    for i, text in enumerate(DOCS):
        (d / f"doc{i}.txt").write_text(text + "\n", encoding="utf-8")
    path = d / "s.duckdb"
    res = CliRunner().invoke(
        cli,
        [
            "analyze",
            str(d / "doc0.txt"),
            str(d / "doc1.txt"),
            str(d / "doc2.txt"),
            "--db",
            str(path),
            "-q",
            "-s",
            "semantic.enabled=false",
        ],
    )
    if res.exit_code != 0 and "semantic" in (res.output or ""):
        res = CliRunner().invoke(
            cli, ["analyze", *(str(d / f"doc{i}.txt") for i in range(3)), "--db", str(path), "-q"]
        )
    assert res.exit_code == 0, res.output
    return path


def test_claims_command_text_and_json(db):
    res = CliRunner().invoke(cli, ["claims", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "12 people killed" in res.output and "independent sources 1" in res.output
    assert "conflicts with: #" in res.output
    res = CliRunner().invoke(cli, ["claims", "--db", str(db), "--json"])
    rows = json.loads(res.stdout)
    c12 = next(r for r in rows if r["label"] == "12 people killed")
    assert c12["mentions"] == 2 and c12["independent_sources"] == 1
    assert c12["attributed_to"] == "Norland Interior Ministry"
    c20 = next(r for r in rows if r["label"] == "at least 20 people killed")
    assert c12["claim_id"] in c20["conflicts_with"]
    assert all(m["text"] for m in c12["mention_list"])


def test_export_claims_has_required_columns(db, tmp_path):
    out = tmp_path / "claims.jsonl"
    res = CliRunner().invoke(cli, ["export", "--db", str(db), "--table", "claims", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    need = {
        "claim_id",
        "kind",
        "value_low",
        "value_high",
        "unit",
        "attributed_to",
        "mentions",
        "independent_sources",
        "conflicts_with",
    }
    assert rows and need <= set(rows[0])


def test_report_has_claims_section(db, tmp_path):
    out = tmp_path / "r.html"
    res = CliRunner().invoke(cli, ["report", "--db", str(db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text()
    assert 'id="claims"' in html and 'class="claim-span"' in html and "12 people killed" in html


def test_claims_command_on_missing_store(tmp_path):
    res = CliRunner().invoke(cli, ["claims", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1 and "no store" in res.output
