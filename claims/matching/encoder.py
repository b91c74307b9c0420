"""Sentence embeddings of claims: a small transformer (ONNX, int8) run with onnxruntime.

The shipped model (``models/matching-minilm.onnx``) is all-MiniLM-L6-v2 fine-tuned on the
claim-matching train splits (``claims.matching.training``), exported with mean pooling and
L2 normalisation inside the graph: the output is a unit vector, so a dot product is the
cosine similarity. Loaded once per process; one intra-op thread (a worker is a core).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from claims.splitting.checkworthiness import load_tokenizer, pad_batch

from .text import for_encoder

MODELS_DIR = Path(__file__).resolve().parent / "models"
SETTINGS_NAME = "matching-minilm.json"
DIMENSIONS = 384


class Encoder:
    def __init__(
        self, onnx_path: Path | str, tokenizer_path: Path | str, *, max_length: int = 128, threads: int = 1
    ):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer(tokenizer_path, max_length)
        self.name = Path(onnx_path).stem

    @classmethod
    def from_dir(cls, directory: Path | str = MODELS_DIR, *, threads: int = 1) -> Encoder:
        directory = Path(directory)
        settings = json.loads((directory / SETTINGS_NAME).read_text(encoding="utf-8"))
        return cls(
            directory / settings["onnx"],
            directory / settings["tokenizer"],
            max_length=settings["max_length"],
            threads=threads,
        )

    def encode(self, texts: Sequence[str], *, batch_size: int = 8) -> np.ndarray:
        """One unit vector (float32) per text, read as ``text.for_encoder`` words it.

        Small batches: one thread encodes 20 news sentences in batches of 8 at about
        4 ms a sentence, in one batch of 32 at 5.4 ms and of 64 at 7.4 (padding and
        attention grow with the longest sentence of a batch)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encoded = [e.ids for e in self.tokenizer.encode_batch([for_encoder(t) for t in texts])]
        # Similar lengths share a batch: less padding.
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            ids, mask = pad_batch([encoded[i] for i in idx])
            (vectors,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[idx] = vectors
        return out


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The shipped encoder, loaded once per process."""
    return Encoder.from_dir()
