"""Bounded work per document: identical sentences are worked out once, and the limits
cap what one document yields, saying what they cut."""

from __future__ import annotations

import pytest

from claims.splitting import SplitLimits, Splitter
from claims.splitting.types import Score

from .stubs import PassEverything

SENTENCE = "The unemployment rate rose to 5.2 percent in 2024, the statistics office said."
OTHER = "Hospital waiting lists fell by 12,000 in March, the health ministry said."


class CountingScorer(PassEverything):
    """Passes every sentence and keeps what it was asked to score."""

    def __init__(self):
        self.asked: list[str] = []

    def score(self, sentences):
        self.asked += sentences
        return [Score(1.0) for _ in sentences]


def numbered(count: int) -> str:
    return " ".join(
        f"Hospital waiting lists fell by {n + 1},000 in March, the ministry said." for n in range(count)
    )


def test_identical_sentences_are_scored_once_per_document():
    scorer = CountingScorer()
    result = Splitter(model=scorer).split(" ".join([SENTENCE, OTHER] * 500))
    assert sorted(scorer.asked) == sorted([SENTENCE, OTHER])
    # Without limits every sighting is still reported, each at its own offsets.
    assert len(result.claims) == 1000
    assert len({claim.start for claim in result.claims}) == 1000
    assert result.cut == ""


def test_a_repeated_sentence_yields_claims_at_its_first_sightings_only():
    text = " ".join([SENTENCE] * 2000 + [OTHER])
    result = Splitter(model=PassEverything()).split(text, limits=SplitLimits(repeats=3))
    assert [claim.sentence for claim in result.claims] == [SENTENCE] * 3 + [OTHER]
    assert [claim.start for claim in result.claims[:3]] == [0, len(SENTENCE) + 1, 2 * (len(SENTENCE) + 1)]
    assert result.cut == (
        "Limits reached; not recorded: 1,997 repeats of a sentence already recorded 3 times."
    )


@pytest.mark.parametrize(
    "limits, kept, cut",
    [
        (SplitLimits(claims=4), 4, "Limits reached; not recorded: 6 claims past the limit of 4 claims."),
        (
            SplitLimits(appearances=7),
            7,
            "Limits reached; not recorded: 3 appearances past the limit of 7.",
        ),
        (SplitLimits(claims=10, appearances=10, repeats=1), 10, ""),
    ],
)
def test_the_limits_cap_claims_and_appearances_in_document_order(limits, kept, cut):
    text = numbered(10)
    whole = Splitter(model=PassEverything()).split(text)
    result = Splitter(model=PassEverything()).split(text, limits=limits)
    assert result.claims == whole.claims[:kept]
    assert result.cut == cut


def test_a_claim_already_kept_is_not_cut_by_the_claims_limit():
    # Two distinct claims allowed: the third sentence repeats the first and is kept.
    first, second = numbered(2).split(" Hospital")
    text = f"{first} Hospital{second} {first}"
    result = Splitter(model=PassEverything()).split(text, limits=SplitLimits(claims=2))
    assert len(result.claims) == 3 and result.cut == ""


def test_the_limits_change_nothing_in_a_normal_article():
    from tests.conftest import SEED

    splitter = Splitter(model=PassEverything())
    limits = SplitLimits(repeats=3, claims=500, appearances=1000)
    assert splitter.split(SEED.read_bytes(), limits=limits).claims == splitter.split(SEED.read_bytes()).claims
