"""Find training sentences whose label the rest of the training set contradicts.

The ClaimBuster labels are crowd-sourced and noisy: "President Clinton came to California
in 1992." is labelled not check-worthy, "It's not driven by politics." check-worthy. A
sentence whose label a model trained on the *other* folds gives a probability below
``tau`` (out-of-fold, so no sentence judges itself) is a likely labelling error; the
transformer script can leave such sentences out (``--drop-noisy TAU``).

The judge is the TF-IDF (word uni- and bigrams) + logistic-regression model: cheap, and
different enough from the transformer that it does not just confirm the transformer's own
mistakes. Only train.tsv is read.
"""

from __future__ import annotations

import numpy as np

from .checkworthiness import SEED, Split

FOLDS = 5


def out_of_fold_probabilities(train: Split) -> np.ndarray:
    """P(check-worthy) of each training sentence from a model that did not see it."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    judge = make_pipeline(
        TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2),
        LogisticRegression(C=4.0, class_weight="balanced", max_iter=5000, random_state=SEED),
    )
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    return cross_val_predict(judge, train.texts, train.labels, cv=folds, method="predict_proba")[:, 1]


def keep_mask(train: Split, tau: float) -> np.ndarray:
    """True for the sentences to train on: those whose own label gets probability >= tau."""
    p = out_of_fold_probabilities(train)
    p_label = np.where(train.labels, p, 1.0 - p)
    return p_label >= tau


def drop_noisy(train: Split, tau: float, *, log=print) -> Split:
    """``train`` without the sentences whose label looks wrong (see :func:`keep_mask`)."""
    keep = keep_mask(train, tau)
    log(f"drop-noisy {tau}: leaving out {int((~keep).sum())} of {len(keep)} training sentences")
    return Split(train.name, [t for t, k in zip(train.texts, keep, strict=True) if k], train.labels[keep])
