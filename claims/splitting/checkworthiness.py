"""Check-worthiness scoring: how much a sentence is a checkable factual claim.

A logistic-regression model over the features of :mod:`claims.splitting.features`
(words and phrases, per-word spelling, hand-written cues that carry over to news),
trained on the CheckThat! 2024 English data by ``python -m
claims.splitting.training.checkworthiness``. The model file is plain gzipped JSON
(vocabulary, IDF, weights, threshold): no pickle, loaded once per process.

A second stage (:class:`Cascade`, optional file ``models/checkworthiness-cascade.json``):
the first three layers of all-MiniLM-L6-v2, fine-tuned on the same data (the weight
average of two runs, a "model soup") and shipped as int8 ONNX, re-score only the
sentences whose linear score lies near the threshold (about 24% of news sentences),
which keeps the splitter above 1,000 sentences/s per core. Those scores gain the reason ``("language model", change in logit)``.

Every score comes with its reasons: the features that pushed it, as ``(label, logit
contribution)`` pairs, strongest first. A word's label merges its own weight with its
spelling n-grams', so an editor reads ``("\\"percent\\"", 0.9)``, ``("contains a number",
0.6)``, ``("first-person opinion", -0.8)``.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .features import FeatureSpace, Parts
from .types import Score

MODELS_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODELS_DIR / "checkworthiness.json.gz"
# Optional second stage: a fine-tuned transformer that re-scores the sentences the
# linear model is unsure about (see :class:`Cascade`). Absent file: linear model alone.
CASCADE_PATH = MODELS_DIR / "checkworthiness-cascade.json"
FORMAT = "checkworthiness-linear/1"
CASCADE_FORMAT = "checkworthiness-cascade/1"
LANGUAGE_MODEL_REASON = "language model"
MAX_REASONS = 6
# Contributions smaller than this (in logit units) explain nothing an editor can use.
MIN_REASON = 0.05
_WORD_CACHE_SIZE = 100_000

logger = logging.getLogger(__name__)
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
        self.cascade: Cascade | None = None

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
                    model = cls.from_file(path)
                    cascade_path = path.parent / CASCADE_PATH.name
                    if cascade_path.exists():
                        try:
                            model.cascade = Cascade.from_file(cascade_path)
                        except ImportError as error:
                            # onnxruntime or tokenizers missing: score with the linear model
                            # alone (lower F1), and say so in the worker's log.
                            logger.warning("check-worthiness: second stage disabled (%s)", error)
                    _loaded[path] = model
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
        explained = [self._explain(sentence, with_reasons=True) for sentence in sentences]
        if self.cascade is None:
            return [Score(_sigmoid(z), reasons) for z, reasons in explained]
        final = self.cascade.rescore(sentences, [z for z, _ in explained], self.threshold)
        scores = []
        for (z, reasons), z_final in zip(explained, final, strict=True):
            delta = z_final - z
            if delta:
                # The transformer moved the score: say so, by how much (logit units),
                # beside the linear model's own reasons.
                merged = sorted(
                    [*reasons, (LANGUAGE_MODEL_REASON, round(delta, 3))], key=lambda r: -abs(r[1])
                )
                reasons = tuple(merged[:MAX_REASONS])
            scores.append(Score(_sigmoid(z_final), reasons))
        return scores

    def _explain(self, sentence: str, *, with_reasons: bool) -> tuple[float, tuple[tuple[str, float], ...]]:
        # Same features as training (FeatureSpace.transform), summed in another order:
        # each word's spelling part is one cached dot product instead of ~30 n-grams.
        parts = self.space.parts(sentence)
        if not with_reasons:
            return self._logit(parts), ()
        w = self._weights_list
        word_dot = self._word_dot
        # Keyed by word (str) or cue feature index (int): only the strongest few are
        # ever shown, so their labels are written at the end.
        contributions: dict[str | int, float] = {}
        z = self.bias
        for index, value, word in parts.text:
            c = w[index] * value
            z += c
            contributions[word] = contributions.get(word, 0.0) + c
        for tok, share in parts.spelling:
            dot = word_dot.get(tok)
            c = (self._word_spelling(tok) if dot is None else dot) * share
            z += c
            contributions[tok] = contributions.get(tok, 0.0) + c
        for index, value in parts.cues:
            c = w[index] * value
            z += c
            contributions[index] = contributions.get(index, 0.0) + c
        return z, self._reasons(contributions)

    def _logit(self, parts: Parts) -> float:
        """The linear logit alone: the sums of :meth:`_explain`, in the same order."""
        w = self._weights_list
        word_dot = self._word_dot
        z = self.bias
        for index, value, _ in parts.text:
            z += w[index] * value
        for tok, share in parts.spelling:
            dot = word_dot.get(tok)
            z += (self._word_spelling(tok) if dot is None else dot) * share
        for index, value in parts.cues:
            z += w[index] * value
        return z

    def _reasons(self, contributions: dict[str | int, float]) -> tuple[tuple[str, float], ...]:
        # Only contributions of MIN_REASON or more are shown, so only those are sorted
        # (stably, like the whole list: ties keep the features' order); when none is,
        # the strongest one still shows, even though nothing pushed hard.
        strong = [item for item in contributions.items() if abs(item[1]) >= MIN_REASON]
        strongest = sorted(strong or contributions.items(), key=_strength)[: MAX_REASONS if strong else 1]
        names = self.space.names
        return tuple(
            (f'"{key}"' if isinstance(key, str) else names[key], round(c, 3)) for key, c in strongest
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


def _strength(item: tuple[str | int, float]) -> float:
    return -abs(item[1])


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def load_tokenizer(path: Path | str, max_length: int):
    """The transformer's word-piece tokenizer, truncating at ``max_length``, unpadded."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.no_padding()
    return tokenizer


def pad_batch(batch_ids: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids padded to the longest row (with 0: masked out) and their attention mask."""
    n = max(len(ids) for ids in batch_ids)
    ids = np.zeros((len(batch_ids), n), dtype=np.int64)
    mask = np.zeros((len(batch_ids), n), dtype=np.int64)
    for row, tokens in enumerate(batch_ids):
        ids[row, : len(tokens)] = tokens
        mask[row, : len(tokens)] = 1
    return ids, mask


class TransformerScorer:
    """A fine-tuned small transformer (ONNX, int8) giving one logit per sentence.

    Run-time dependencies: ``onnxruntime`` and ``tokenizers`` (imported here, lazily).
    One intra-op thread: a worker process is one core's worth of work.

    One sentence per run by default: the int8 model quantises its activations per run, so
    a batch would make a sentence's score depend (by ~0.02 logit) on its neighbours; alone,
    a sentence always gets the same score, and unpadded it costs only ~10% more.
    """

    def __init__(
        self, onnx_path: Path | str, tokenizer_path: Path | str, *, max_length: int = 64, batch_size: int = 1
    ):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer(tokenizer_path, max_length)
        self.batch_size = batch_size

    def logits(self, sentences: Sequence[str]) -> np.ndarray:
        out = np.zeros(len(sentences), dtype=np.float64)
        if not sentences:
            return out
        encoded = [e.ids for e in self.tokenizer.encode_batch(list(sentences))]
        # Similar lengths share a batch: less padding.
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            ids, mask = pad_batch([encoded[i] for i in idx])
            (logit,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[idx] = logit
        return out


class Cascade:
    """Second stage: the transformer re-scores the sentences the linear model is unsure of.

    A sentence whose linear logit lies within ``band`` of the decision threshold gets
    ``threshold_logit + w * linear margin + (1 - w) * transformer margin``, each margin
    measured from its own model's threshold, so the decision stays ``value >= threshold``.
    Sentences outside the band keep the linear score (and cost no transformer time).
    """

    def __init__(
        self,
        scorer: TransformerScorer,
        *,
        band: float,
        weight: float,
        transformer_threshold: float,
        meta: dict | None = None,
    ):
        self.scorer = scorer
        self.band = float(band)
        self.weight = float(weight)
        self.transformer_threshold = float(transformer_threshold)
        self.meta = meta or {}

    @classmethod
    def from_file(cls, path: Path | str) -> Cascade:
        path = Path(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != CASCADE_FORMAT:
            raise ValueError(f"{path}: not a {CASCADE_FORMAT} file (format {data.get('format')!r})")
        scorer = TransformerScorer(
            path.parent / data["onnx"], path.parent / data["tokenizer"], max_length=data["max_length"]
        )
        return cls(
            scorer,
            band=data["band"],
            weight=data["weight"],
            transformer_threshold=data["transformer_threshold"],
            meta=data.get("meta"),
        )

    def combine(self, z_linear, z_transformer, threshold: float):
        t = _logit(threshold)
        return (
            t
            + self.weight * (z_linear - t)
            + (1 - self.weight) * (z_transformer - _logit(self.transformer_threshold))
        )

    def rescore(self, sentences: Sequence[str], z_linear: Sequence[float], threshold: float) -> list[float]:
        t = _logit(threshold)
        final = list(z_linear)
        unsure = [i for i, z in enumerate(z_linear) if abs(z - t) <= self.band]
        if unsure:
            z_tr = self.scorer.logits([sentences[i] for i in unsure])
            for i, zt in zip(unsure, z_tr, strict=True):
                final[i] = float(self.combine(z_linear[i], zt, threshold))
        return final


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))
