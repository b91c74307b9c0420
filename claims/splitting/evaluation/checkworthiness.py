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
        print(f"baseline  {figures(split.labels, baseline.predict(split.texts))}  (TF-IDF + LR, trained now)")
    return 0
