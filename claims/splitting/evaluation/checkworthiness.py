"""Check-worthiness: precision, recall and F1 of the positive class of the shipped model on a CheckThat! 2024 split."""

from __future__ import annotations

import argparse
import time

import numpy as np

from ..checkworthiness import MODEL_PATH, CheckworthinessModel
from ..training.checkworthiness import SPLITS, Baseline, data_dir, figures, load_split


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--split",
        choices=[s for s in SPLITS if s != "train"],
        default="dev-test",
        help="dataset split to measure (default: dev-test; test is for reporting, never for tuning)",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also train the TF-IDF + logistic-regression baseline on train.tsv and print it beside "
        "(needs scikit-learn)",
    )
    parser.add_argument(
        "--linear-only",
        action="store_true",
        help="measure the linear model without the transformer second stage",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    split = load_split(args.split)
    model = CheckworthinessModel.load()
    if args.linear_only:
        model = CheckworthinessModel.from_file(MODEL_PATH)
    started = time.perf_counter()
    scores = model.score(split.texts)
    elapsed = time.perf_counter() - started
    predicted = np.array([s.value for s in scores]) >= model.threshold
    print(
        f"data: {data_dir()}/checkworthiness/ct24-en/{args.split}.tsv "
        f"({len(split.texts)} sentences, {int(split.labels.sum())} check-worthy)"
    )
    stages = "linear model alone" if model.cascade is None else f"cascade, band {model.cascade.band:g}"
    print(
        f"model     {figures(split.labels, predicted)}  ({stages}, threshold {model.threshold:.2f}, "
        f"{len(split.texts) / elapsed:,.0f} sentences/s)"
    )
    if args.baseline:
        baseline = Baseline(load_split("train"))
        base_predicted = baseline.predict(split.texts)
        print(f"baseline  {figures(split.labels, base_predicted)}  (TF-IDF + LR, trained now)")
        gain, low, high = paired_bootstrap(split.labels, predicted, base_predicted)
        print(
            f"F1 model - baseline: {gain:+.3f} (95% paired bootstrap interval {low:+.3f} to {high:+.3f}, "
            f"{BOOTSTRAP_RESAMPLES:,} resamples of the {len(split.texts)} sentences)"
        )
    return 0


BOOTSTRAP_RESAMPLES = 2000


def _f1(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """F1 of the positive class along the last axis (rows are resamples)."""
    tp = (labels & predicted).sum(-1)
    denominator = labels.sum(-1) + predicted.sum(-1)
    return np.divide(2.0 * tp, denominator, out=np.zeros(tp.shape), where=denominator > 0)


def paired_bootstrap(
    labels: np.ndarray, ours: np.ndarray, theirs: np.ndarray, *, seed: int = 0
) -> tuple[float, float, float]:
    """F1(ours) - F1(theirs) and its 95% interval over resamples of the same sentences.

    Both systems are scored on each resample, so what the two get right or wrong together
    cancels out: the interval says whether the gain is larger than the luck of the split.
    """
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(labels), size=(BOOTSTRAP_RESAMPLES, len(labels)))
    gains = _f1(labels[idx], ours[idx]) - _f1(labels[idx], theirs[idx])
    low, high = np.percentile(gains, [2.5, 97.5])
    gain = float(_f1(labels, ours) - _f1(labels, theirs))
    return gain, float(low), float(high)
