"""Train the check-worthiness model and write the shipped model file.

``python -m claims.splitting.training.checkworthiness`` reads the CheckThat! 2024 English
data (``$FACTCHECK_DATASETS_DIR/checkworthiness/ct24-en``, by default the copy vendored in
``<repo>/datasets``),
and in one run:

1. trains the reference baseline, TF-IDF word unigrams + logistic regression (balanced
   classes, as the lab's baseline), on train.tsv;
2. trains the shipped model (see :mod:`claims.splitting.features`) for each
   regularisation strength in ``C_GRID`` and keeps the one, with the threshold, of best
   mean F1 over dev.tsv (old debates, like train) and dev-test.tsv (newer debates): the
   mean, not the pooled sentences, so the split with the domain shift counts as much as
   the larger one that has none. It learns from the fine-tuned teacher's probabilities
   (``teacher-labels.json.gz``, see :mod:`.teacher_labels`) of train.tsv's sentences and of
   10,000 newer unlabelled ones (distillation); ``--no-teacher`` trains on train.tsv's labels
   alone, as the model shipped before;
3. writes ``claims/splitting/models/checkworthiness.json.gz``;
4. prints precision, recall and F1 of the positive class for both, on dev, dev-test and
   test. test.tsv is read only for that last line: nothing is chosen on it.

Needs scikit-learn and scipy (training only; the shipped model runs on numpy alone).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..checkworthiness import MODEL_PATH, CheckworthinessModel
from ..features import FeatureSpace
from . import teacher_labels
from .teacher_labels import TeacherLabels

REPO_ROOT = Path(__file__).resolve().parents[3]
SPLITS = ("train", "dev", "dev-test", "test")
C_GRID = (1.0, 2.0, 4.0, 8.0)
THRESHOLD_GRID = np.round(np.arange(0.20, 0.801, 0.01), 2)
SEED = 0


def data_dir() -> Path:
    """The public datasets: vendored in ``<repo>/datasets`` (see its README for the
    attribution and licences); ``FACTCHECK_DATASETS_DIR`` points elsewhere."""
    return Path(os.environ.get("FACTCHECK_DATASETS_DIR") or REPO_ROOT / "datasets")


@dataclass(frozen=True)
class Split:
    name: str
    texts: list[str]
    labels: np.ndarray  # bool, True for "Yes"


def load_split(name: str, root: Path | None = None) -> Split:
    path = (root or data_dir()) / "checkworthiness" / "ct24-en" / f"{name}.tsv"
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as f:
        # The sentences hold unbalanced quotation marks: no quote processing.
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header[1:3] != ["Text", "class_label"]:
            raise ValueError(f"{path}: unexpected header {header}")
        for row in reader:
            texts.append(row[1])
            labels.append(row[2].strip() == "Yes")
    return Split(name, texts, np.array(labels, dtype=bool))


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


def figures(labels: np.ndarray, predicted: np.ndarray) -> Figures:
    tp = int(np.sum(labels & predicted))
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(labels.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Figures(precision, recall, f1)


def best_threshold(labels: Sequence[np.ndarray], probabilities: Sequence[np.ndarray]) -> tuple[float, float]:
    """The threshold of best mean F1 over the splits (ties: nearest 0.5), and that mean."""
    scored = []
    for t in THRESHOLD_GRID:
        mean = float(np.mean([figures(y, p >= t).f1 for y, p in zip(labels, probabilities, strict=True)]))
        scored.append((round(mean, 6), -abs(t - 0.5), float(t)))
    f1, _, threshold = max(scored)
    return threshold, f1


# -- the baseline ---------------------------------------------------------------------


class Baseline:
    """TF-IDF word unigrams + logistic regression with balanced classes, threshold 0.5."""

    def __init__(self, train: Split):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer = TfidfVectorizer()
        matrix = self.vectorizer.fit_transform(train.texts)
        self.classifier = LogisticRegression(class_weight="balanced", max_iter=5000, random_state=SEED)
        self.classifier.fit(matrix, train.labels)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.classifier.predict_proba(self.vectorizer.transform(texts))[:, 1] >= 0.5


# -- the shipped model ----------------------------------------------------------------


def feature_matrix(space: FeatureSpace, texts: Sequence[str]):
    from scipy import sparse

    indices, values, indptr = [], [], [0]
    for text in texts:
        i, v = space.transform(text)
        indices.append(i)
        values.append(v)
        indptr.append(indptr[-1] + len(i))
    matrix = sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)), shape=(len(texts), space.size)
    )
    matrix.sum_duplicates()
    return matrix


def soft_targets(x, targets: np.ndarray):
    """Rows, 0/1 labels and weights that make logistic regression fit probabilities:
    each sentence once as positive with weight p and once as negative with weight 1 - p,
    the two classes balanced as ``class_weight="balanced"`` balances hard labels."""
    from scipy import sparse

    p = np.asarray(targets, dtype=np.float64)
    weights = np.concatenate([p * len(p) / (2 * p.sum()), (1 - p) * len(p) / (2 * (1 - p).sum())])
    labels = np.concatenate([np.ones(len(p)), np.zeros(len(p))])
    keep = weights > 1e-6
    return sparse.vstack([x, x]).tocsr()[keep], labels[keep], weights[keep]


def train_model(
    train: Split, selection: Sequence[Split], *, teacher: TeacherLabels | None = None, log=print
) -> CheckworthinessModel:
    """Without ``teacher``, on train.tsv's labels; with it, on the teacher's probabilities of
    train.tsv's sentences and of the newer extra sentences (distillation)."""
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    texts = train.texts + (teacher.extra_texts if teacher else [])
    space = FeatureSpace.fit(texts)
    x_train = feature_matrix(space, texts)
    if teacher:
        x_fit, y_fit, w_fit = soft_targets(x_train, np.concatenate([teacher.train, teacher.extra]))
    else:
        x_fit, y_fit, w_fit = x_train, train.labels, None
    x_select = [feature_matrix(space, split.texts) for split in selection]
    log(f"features: {space.size:,}, sentences: {len(texts):,} ({time.perf_counter() - started:.1f}s)")

    best = None
    for c in C_GRID:
        classifier = LogisticRegression(
            C=c, class_weight=None if teacher else "balanced", max_iter=5000, random_state=SEED
        )
        classifier.fit(x_fit, y_fit, sample_weight=w_fit)
        threshold, f1 = best_threshold(
            [split.labels for split in selection], [classifier.predict_proba(x)[:, 1] for x in x_select]
        )
        names = " and ".join(split.name for split in selection)
        log(f"  C={c:g}: mean F1 {f1:.3f} on {names} at threshold {threshold:.2f}")
        if best is None or f1 > best[0]:
            best = (f1, c, threshold, classifier)
    assert best is not None  # the grid is not empty
    f1, c, threshold, classifier = best
    log(f"chosen: C={c:g}, threshold {threshold:.2f}")
    meta = {
        "trained_on": train.name + (" + teacher probabilities" if teacher else ""),
        "teacher_extra_sentences": len(teacher.extra) if teacher else 0,
        "chosen_on": [s.name for s in selection],
        "C": c,
        "selection_f1": round(f1, 4),
        "data": "CheckThat! 2024 Task 1 English (ClaimBuster corpus)",
    }
    return CheckworthinessModel(space, classifier.coef_[0], float(classifier.intercept_[0]), threshold, meta)


def predict(model: CheckworthinessModel, texts: Sequence[str]) -> np.ndarray:
    return np.array([s.value for s in model.score(texts)]) >= model.threshold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claims.splitting.training.checkworthiness",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="where to write the model file")
    parser.add_argument(
        "--teacher-labels",
        type=Path,
        default=teacher_labels.LABELS_PATH,
        help="the teacher's probabilities to learn from (teacher_labels.py)",
    )
    parser.add_argument("--no-teacher", action="store_true", help="learn from train.tsv's labels alone")
    args = parser.parse_args(argv)

    splits = {name: load_split(name) for name in SPLITS}
    print(f"data: {data_dir()}")
    teacher = None if args.no_teacher else teacher_labels.load(args.teacher_labels)
    if teacher:
        print(
            f"teacher: {len(teacher.train):,} train.tsv probabilities, {len(teacher.extra):,} extra sentences"
            + (f" ({teacher.missing} no longer produced: not used)" if teacher.missing else "")
        )
        if len(teacher.train) != len(splits["train"].texts):
            raise SystemExit(
                f"{args.teacher_labels}: {len(teacher.train)} train.tsv rows, expected {len(splits['train'].texts)}"
            )
    baseline = Baseline(splits["train"])
    model = train_model(splits["train"], [splits["dev"], splits["dev-test"]], teacher=teacher)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")

    # Read the model back, so the figures are those of the file that ships.
    shipped = CheckworthinessModel.from_file(args.output)
    print(f"\n{'split':<9} {'model':<32} {'baseline (TF-IDF + LR)'}")
    for name in ("dev", "dev-test", "test"):
        split = splits[name]
        ours = figures(split.labels, predict(shipped, split.texts))
        base = figures(split.labels, baseline.predict(split.texts))
        print(f"{name:<9} {ours!s:<32} {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
