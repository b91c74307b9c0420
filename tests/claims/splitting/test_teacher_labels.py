"""The teacher's probabilities kept in the repository, and learning from them."""

import numpy as np
from scipy import sparse

from claims.splitting.training import teacher, teacher_labels
from claims.splitting.training.checkworthiness import soft_targets


def test_labels_round_trip_by_hash_and_count_what_is_gone(tmp_path, monkeypatch):
    path = tmp_path / "labels.json.gz"
    teacher_labels.save(path, [0.9, 0.1], ["Sales rose 4%.", "Hello there."], [0.8, 0.05], {"layers": 12})
    # A later segmenter gives one sentence differently: it is dropped and counted, not misaligned.
    monkeypatch.setattr(teacher, "extra_sentences", lambda n: ["Hello there!", "Sales rose 4%."])
    labels = teacher_labels.load(path)
    assert labels.train == [0.9, 0.1]
    assert (labels.extra_texts, labels.extra, labels.missing) == (["Sales rose 4%."], [0.8], 1)


def test_soft_targets_weigh_each_sentence_by_its_probability_and_balance_the_classes():
    x = sparse.csr_matrix(np.eye(3))
    rows, labels, weights = soft_targets(x, np.array([1.0, 0.5, 0.0]))
    # p = 1 and p = 0 appear once, p = 0.5 on both sides.
    assert rows.shape[0] == 4 and labels.tolist() == [1, 1, 0, 0]
    positive, negative = weights[labels == 1], weights[labels == 0]
    assert np.isclose(positive.sum(), negative.sum())  # balanced, like class_weight="balanced"
    assert np.isclose(positive[0] / positive[1], 2.0)  # the sure positive counts twice the unsure one


def test_the_shipped_labels_cover_every_training_row():
    labels = teacher_labels.load()
    assert len(labels.train) == 22501 and all(0.0 <= p <= 1.0 for p in labels.train)
