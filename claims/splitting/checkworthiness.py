"""Check-worthiness scoring: how much a sentence is a checkable factual claim.

Provisional rule-based scorer: the features news prose carries (numbers,
quantities, named entities, reporting verbs) against opinion and question cues.
The learned model replaces the weights; the interface stays.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .types import Score

_FEATURES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("number", re.compile(r"\d"), 1.4),
    ("quantity word", re.compile(r"\b(percent|per cent|million|billion|thousand|hundreds|dozens|approximately|about|nearly|more than|less than)\b", re.I), 0.8),
    ("date", re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December|\d{4}|yesterday|last (week|month|year))\b"), 0.7),
    ("reporting verb", re.compile(r"\b(said|says|told|reported|according to|announced|confirmed|stated|claimed)\b", re.I), 0.5),
    ("factual verb", re.compile(r"\b(signed|sent|deployed|arrived|killed|increased|decreased|rose|fell|voted|passed|includes|launched|visited)\b", re.I), 0.9),
    ("named entity", re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*"), 0.6),
    ("question", re.compile(r"\?\s*$"), -2.0),
    ("opinion cue", re.compile(r"\b(I think|I believe|should|must|we need|great|terrible|wonderful|hope)\b", re.I), -1.0),
)
_BIAS = -1.6


class CheckworthinessModel:
    threshold = 0.5

    @classmethod
    def load(cls) -> CheckworthinessModel:
        return cls()

    def score(self, sentences: Sequence[str]) -> list[Score]:
        return [self._score_one(sentence) for sentence in sentences]

    def _score_one(self, sentence: str) -> Score:
        contributions = [(name, weight) for name, pattern, weight in _FEATURES if pattern.search(sentence)]
        words = len(sentence.split())
        if words < 5:
            contributions.append(("very short", -1.5))
        z = _BIAS + sum(weight for _, weight in contributions)
        reasons = tuple(sorted(contributions, key=lambda item: -abs(item[1])))
        return Score(1.0 / (1.0 + math.exp(-z)), reasons)
