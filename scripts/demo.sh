#!/usr/bin/env bash
# Install newstrace into .venv and analyse the demo corpus in examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e .
mkdir -p out
rm -f out/demo.duckdb out/demo.duckdb.wal   # a fresh demo store each time
.venv/bin/newstrace analyze examples/demo examples/bad --db out/demo.duckdb
.venv/bin/newstrace report --db out/demo.duckdb -o out/report.html
echo "store:  $(pwd)/out/demo.duckdb"
echo "report: $(pwd)/out/report.html"
