"""Check-worthiness scoring: how much a sentence is a checkable factual claim.

A logistic-regression model over the features of :mod:`claims.splitting.features`
(words and phrases, per-word spelling, hand-written cues that carry over to news),
trained on the CheckThat! 2024 English data by ``python -m
claims.splitting.training.checkworthiness``. The model file is plain gzipped JSON
(vocabulary, IDF, weights, threshold): no pickle, loaded once per process.

Every score comes with its reasons: the features that pushed it, as ``(label, logit
contribution)`` pairs, strongest first. A word's label merges its own weight with its
spelling n-grams', so an editor reads ``("\\"percent\\"", 0.9)``, ``("contains a number",
0.6)``, ``("first-person opinion", -0.8)``.
"""

from __future__ import annotations

import gzip
import json
import math
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .features import FeatureSpace
from .types import Score

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.json.gz"
FORMAT = "checkworthiness-linear/1"
MAX_REASONS = 6
# Contributions smaller than this (in logit units) explain nothing an editor can use.
MIN_REASON = 0.05
_WORD_CACHE_SIZE = 100_000

_loaded: dict[Path, CheckworthinessModel] = {}
_load_lock = threading.Lock()


class CheckworthinessModel:
    """A loaded model: build it with :meth:`load` (cached per process) and call :meth:`score`."""

    def __init__(
        self,
        space: FeatureSpace,
        weights: Sequence[float],
        bias: float,
        threshold: float,
        meta: dict | None = None,
    ):
        if len(weights) != space.size:
            raise ValueError(f"model has {len(weights)} weights for {space.size} features")
        self.space = space
        self.weights = np.asarray(weights, dtype=np.float64)
        self._weights_list = self.weights.tolist()
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.meta = meta or {}
        self._word_dot: dict[str, float] = {}

    # -- persistence ----------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str | None = None) -> CheckworthinessModel:
        """The shipped model (or the one at ``path``), read from disk once per process."""
        path = Path(path) if path is not None else MODEL_PATH
        model = _loaded.get(path)
        if model is None:
            # Two threads of one worker may ask at once: read the file only once.
            with _load_lock:
                model = _loaded.get(path)
                if model is None:
                    model = _loaded[path] = cls.from_file(path)
        return model

    @classmethod
    def from_file(cls, path: Path | str) -> CheckworthinessModel:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} model (format {data.get('format')!r})")
        return cls(
            FeatureSpace.from_json(data["features"]),
            data["weights"],
            data["bias"],
            data["threshold"],
            data.get("meta"),
        )

    def save(self, path: Path | str) -> None:
        data = {
            "format": FORMAT,
            "meta": self.meta,
            "threshold": round(self.threshold, 4),
            "bias": self.bias,
            "features": self.space.to_json(),
            "weights": [round(float(w), 5) for w in self.weights],
        }
        # mtime=0: the same model gives the same bytes, so retraining shows no spurious diff.
        with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
            f.write(json.dumps(data, separators=(",", ":")).encode("utf-8"))

    # -- scoring --------------------------------------------------------------------

    def logits(self, sentences: Sequence[str]) -> np.ndarray:
        return np.array([self._explain(sentence, with_reasons=False)[0] for sentence in sentences])

    def score(self, sentences: Sequence[str]) -> list[Score]:
        scores = []
        for sentence in sentences:
            z, reasons = self._explain(sentence, with_reasons=True)
            scores.append(Score(_sigmoid(z), reasons))
        return scores

    def _explain(self, sentence: str, *, with_reasons: bool) -> tuple[float, tuple[tuple[str, float], ...]]:
        # Same features as training (FeatureSpace.transform), summed in another order:
        # each word's spelling part is one cached dot product instead of ~30 n-grams.
        parts = self.space.parts(sentence)
        w = self._weights_list
        contributions: dict[str, float] = {}
        z = self.bias
        for index, value, label in parts.text:
            c = w[index] * value
            z += c
            contributions[label] = contributions.get(label, 0.0) + c
        for tok, share in parts.spelling:
            c = self._word_spelling(tok) * share
            z += c
            label = f'"{tok}"'
            contributions[label] = contributions.get(label, 0.0) + c
        names = self.space.names
        for index, value in parts.cues:
            c = w[index] * value
            z += c
            contributions[names[index]] = contributions.get(names[index], 0.0) + c
        if not with_reasons:
            return z, ()
        strongest = sorted(contributions.items(), key=lambda item: -abs(item[1]))[:MAX_REASONS]
        # The strongest reason always shows, even when nothing pushed hard.
        return z, tuple(
            (label, round(c, 3)) for k, (label, c) in enumerate(strongest) if k == 0 or abs(c) >= MIN_REASON
        )

    def _word_spelling(self, tok: str) -> float:
        dot = self._word_dot.get(tok)
        if dot is None:
            indices, values = self.space.word_chars(tok)
            dot = float(self.weights[indices] @ values) if len(indices) else 0.0
            if len(self._word_dot) >= _WORD_CACHE_SIZE:
                self._word_dot.clear()
            self._word_dot[tok] = dot
        return dot


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
