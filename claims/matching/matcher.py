"""Ranking candidates for a new claim and deciding what becomes of it.

Score of a candidate: ``weight * cosine + (1 - weight) * lexical / best lexical`` (the
lexical score scaled by the best of this query's candidates, so both parts lie in 0..1).
The decision reads the cosine of the best candidate and the compatibility of the facts:

- **join** (a new appearance of the known claim): cosine >= ``join``, same figures, same
  negation, and no content word swapped for another (one side may add words: "Joe" before
  "Biden", "some" before "3,000"); a wording with many words changed is joined only at
  cosine >= ``join_swap``, a minimal pair (one or two words swapped) never;
- **suggest** (a new claim, linked to its best candidates for an editor): cosine >=
  ``suggest`` and not joined;
- **new**: anything else.

Settings are chosen on the development splits by ``claims.matching.evaluation --tune``
and shipped in ``models/matching.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from .encoder import MODELS_DIR
from .index import Candidate
from .text import Difference, compare, facts

SETTINGS_FILE = "matching.json"


@dataclass(frozen=True, slots=True)
class Settings:
    weight: float = 0.8  # share of the cosine in the fused score
    candidates: int = 50  # full-text candidates read per new claim
    join: float = 0.9
    join_swap: float = 0.97
    suggest: float = 0.6
    max_suggestions: int = 3

    @classmethod
    def load(cls, directory: Path = MODELS_DIR) -> Settings:
        path = directory / SETTINGS_FILE
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


class Decision(StrEnum):
    JOIN = "join"
    SUGGEST = "suggest"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    cosine: float
    score: float


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher made of a new claim: the decision, the claim it joins (``JOIN``)
    and the ranked candidates to suggest (``SUGGEST``), with the best one's difference."""

    decision: Decision
    ranked: list[Scored] = field(default_factory=list)
    difference: Difference | None = None

    @property
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


def rank(query_vector: np.ndarray, candidates: Sequence[Candidate], weight: float) -> list[Scored]:
    """Candidates best first by the fused score."""
    if not candidates:
        return []
    vectors = np.stack([c.vector for c in candidates])
    cosines = vectors @ np.asarray(query_vector, dtype=np.float32)
    best_lexical = max(c.lexical for c in candidates) or 1.0
    scored = [
        Scored(
            candidate=c,
            cosine=float(cos),
            score=float(weight * cos + (1 - weight) * c.lexical / best_lexical),
        )
        for c, cos in zip(candidates, cosines, strict=True)
    ]
    return sorted(scored, key=lambda s: (-s.score, s.candidate.claim_id))


def joinable(text: str, best: Scored, settings: Settings) -> tuple[bool, Difference]:
    difference = compare(facts(text), facts(best.candidate.text))
    if not difference.compatible:
        return False, difference
    if difference.substitution and min(len(difference.only_left), len(difference.only_right)) <= 2:
        # A minimal pair (one sentence with a word or two swapped: "sent"/"killed",
        # "exports"/"imports") is most often two facts: an editor decides (suggestion).
        return False, difference
    threshold = settings.join_swap if difference.substitution else settings.join
    return best.cosine >= threshold, difference


def decide(text: str, ranked: list[Scored], settings: Settings) -> Outcome:
    if not ranked:
        return Outcome(Decision.NEW)
    ok, difference = joinable(text, ranked[0], settings)
    if ok:
        return Outcome(Decision.JOIN, ranked[:1], difference)
    suggested = [s for s in ranked if s.cosine >= settings.suggest][: settings.max_suggestions]
    if suggested:
        return Outcome(Decision.SUGGEST, suggested, difference)
    return Outcome(Decision.NEW, ranked[: settings.max_suggestions], difference)
