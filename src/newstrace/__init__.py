"""newstrace: trace where news text comes from.

Example::

    import newstrace
    stats = newstrace.analyze(["articles/"], db="news.duckdb")
    for p in newstrace.align_texts(text_a, text_b):
        print(p.kind, text_a[p.target_begin:p.target_end])
"""
from __future__ import annotations

from typing import Iterable

from .align.api import align_documents
from .errors import ConfigError, EngineError, InputError, NewstraceError, StoreError
from .settings import Settings
from .store.store import Store
from .types import Extracted, Failure, Passage, RawDocument

__version__ = "0.1.0"


def align_texts(target: str, source: str, settings: Settings | None = None) -> list[Passage]:
    """Align two clean texts and return the passages the target shares with the source."""
    cfg = (settings or Settings()).align
    return list(align_documents({"target": target, "source": source}, [("target", "source")], cfg))


def analyze(inputs: Iterable[str], db: str = "newstrace.duckdb", settings: Settings | None = None,
            jobs: int | None = None):
    """Run every stage over inputs into the store at db and return the run's statistics."""
    from .engines.local import LocalEngine
    with Store(db) as store:
        return LocalEngine(store, settings or Settings(), jobs).analyze(list(inputs))


__all__ = [
    "__version__", "analyze", "align_texts", "align_documents", "Settings", "Store",
    "Passage", "RawDocument", "Extracted", "Failure",
    "NewstraceError", "InputError", "ConfigError", "StoreError", "EngineError",
]
