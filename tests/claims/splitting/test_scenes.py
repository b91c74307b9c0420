"""Scene-setting sentences are no claims; news events told the same way are."""

import pytest

from claims.splitting import Splitter
from claims.splitting.scenes import is_scene
from claims.splitting.types import Score


@pytest.mark.parametrize(
    "sentence",
    [
        "Outside parliament, a few dozen climate activists stood in the drizzle holding banners.",
        "On Wednesday afternoon, visitors queued at the infirmary's main entrance.",
        "Outside the court on Monday, supporters held up old flip phones and cheered.",
        "In the town square, soldiers unloaded sacks of rice while families waited.",
    ],
)
def test_a_scene(sentence):
    assert is_scene(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "On Tuesday, police arrested 12 people outside the stadium.",  # a figure
        "At the summit, the minister said talks had stalled.",  # a reporting verb
        "In March, the two sides held talks in Geneva.",  # "held" talks: an event
        "On Sunday, protesters gathered outside parliament, according to police.",
        "Protesters gathered outside parliament on Sunday.",  # no opening place or time
        "In Lirenne, the government resigned after the vote.",  # no act of a scene
    ],
)
def test_not_a_scene(sentence):
    assert not is_scene(sentence)


def test_the_splitter_leaves_out_scenes():
    class PassEverything:
        threshold = 0.5

        def score(self, sentences):
            return [Score(1.0) for _ in sentences]

    result = Splitter(model=PassEverything()).split(
        "The strike closed 14 ports. Outside the port gates on Monday, a few dozen workers stood around "
        "braziers and waved flags.",
        content_type="text/plain",
    )
    assert [c.text for c in result.claims] == ["The strike closed 14 ports."]
