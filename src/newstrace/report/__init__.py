"""Static single-file HTML report built from store.queries."""
from __future__ import annotations

from .build import ReportOptions, build_report

__all__ = ["ReportOptions", "build_report"]
