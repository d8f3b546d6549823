"""Shared fixtures: paths to the shared corpora beside the repository."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
PAN13 = SHARED / "data" / "pan13-train"
EXAMPLES = ROOT / "examples"


def seed_path(prefix: str) -> Path:
    """Return the seed file whose name starts with prefix (e.g. '000')."""
    hits = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not hits:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return hits[0]


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def spark():
    """One local[2] Spark session for every Spark test (skipped without pyspark)."""
    pytest.importorskip("pyspark")
    from newstrace.engines.spark import build_session
    from newstrace.settings import Settings
    s = Settings()
    s.spark.conf = "spark.ui.enabled=false;spark.sql.shuffle.partitions=4"
    session = build_session(s.spark, "local[2]")
    yield session
    session.stop()
