"""The Engine protocol: what `newstrace analyze` needs from an engine."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .local import RunStats


@runtime_checkable
class Engine(Protocol):
    """Run every stage over some inputs and report what was done.

    LocalEngine writes into a DuckDB store; SparkEngine writes Parquet tables
    with the store's columns. Both call the same stage functions.
    """

    def analyze(self, inputs: list[str]) -> "RunStats":
        """Run all stages over inputs (files, folders, globs; URIs for Spark)."""
        ...
