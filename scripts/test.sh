#!/usr/bin/env bash
# Install newstrace with its test extras into .venv and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
# Default: everything but the suites marked slow (PAN13 samples, big corpora) or spark
# (the Spark engine in local mode), which CI runs as a second step:
#     bash scripts/test.sh -m "slow or spark"
if [ "$#" -eq 0 ]; then set -- -m "not slow and not spark"; fi
exec .venv/bin/python -m pytest -q "$@"
