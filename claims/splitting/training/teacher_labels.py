"""The teacher's probabilities, kept in the repository so the linear model can be retrained.

The fine-tuned teacher (all-mpnet-base-v2, see ``teacher.py`` and the models README) takes
~50 minutes to train and its weights come from a package that is not a run-time dependency.
Its probabilities are small: one per row of train.tsv (in file order) and one per extra
sentence (``teacher.extra_sentences``: newer Snopes claims and tweets of the claim-matching
sets), keyed by a hash of the sentence so that no text of those sets is copied here and a
later change of the segmenter drops (and counts) a sentence rather than misaligning them.

Format (gzipped JSON, ``checkworthiness-teacher-labels/1``)::

    {"format": ..., "teacher": {...}, "train": [p, ...], "extra": {"<sha1[:16]>": p, ...}}
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FORMAT = "checkworthiness-teacher-labels/1"
LABELS_PATH = Path(__file__).resolve().parent / "teacher-labels.json.gz"


@dataclass(frozen=True)
class TeacherLabels:
    train: list[float]  # one per row of train.tsv
    extra_texts: list[str]
    extra: list[float]  # one per extra text
    missing: int  # extra sentences of the file no longer produced by extra_sentences()


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def save(
    path: Path, train: Sequence[float], extra_texts: Sequence[str], extra: Sequence[float], teacher: dict
) -> None:
    data = {
        "format": FORMAT,
        "teacher": teacher,
        "train": [round(float(p), 4) for p in train],
        "extra": {_key(t): round(float(p), 4) for t, p in zip(extra_texts, extra, strict=True)},
    }
    # mtime=0: the same labels give the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
        f.write(json.dumps(data, separators=(",", ":")).encode("utf-8"))


def load(path: Path = LABELS_PATH) -> TeacherLabels:
    from .teacher import extra_sentences

    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file (format {data.get('format')!r})")
    by_key: dict[str, float] = data["extra"]
    texts, probs = [], []
    for text in extra_sentences(len(by_key)):
        p = by_key.get(_key(text))
        if p is not None:
            texts.append(text)
            probs.append(p)
    return TeacherLabels(data["train"], texts, probs, missing=len(by_key) - len(texts))
