"""A speaker's own hope or expectation without a figure is no claim; a forecast is."""

import pytest

from claims.splitting import Splitter
from claims.splitting.expectations import is_own_expectation

from .stubs import PassEverything


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Okafor hoped a simpler schedule would help reverse that decline.", "Ruth Okafor"),
        ("Sarah Whitlock expected burglaries to fall sharply.", "Sarah Whitlock"),
        ("She hoped the clinic would reopen next year.", "Maria Lopez"),
        ("Hale was hopeful the repairs would hold.", "Colm Hale"),
    ],
)
def test_an_own_hope_without_a_figure(text, claimant):
    assert is_own_expectation(text, claimant)


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # A forecast with a figure can be held to account.
        ("Harbour Capital expected fewer than 600 compulsory job losses.", "Harbour Capital"),
        ("The bank expected inflation to fall to 2 percent by June.", "Reserve Bank"),
        # Someone else's expectation, reported by the article or by another speaker.
        ("Analysts had expected a sharper fall in sales.", None),
        ("Investors wanted proof that the price cuts pay for themselves.", "Hannah Osei"),
        # Not an expectation at all.
        ("Okafor said the schedule had been simplified.", "Ruth Okafor"),
    ],
)
def test_not_an_own_hope(text, claimant):
    assert not is_own_expectation(text, claimant)


def test_the_splitter_drops_a_speakers_hope_and_keeps_their_facts():
    result = Splitter(model=PassEverything()).split(
        "Ruth Okafor runs the clinic in Vell. Okafor said the clinic had closed in 2019. "
        "She said she hoped it would reopen next year."
    )
    texts = [c.text for c in result.claims]
    assert "The clinic had closed in 2019." in texts
    assert not any("hoped" in t for t in texts)


def test_linear_time_on_long_whitespace():
    import time

    for space in (" ", "\u2028", "\u1680", "\x85"):
        text = "Okafor" + space * 50_000 + "hoped"
        started = time.perf_counter()
        is_own_expectation(text, "Ruth Okafor")
        assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Joe Reed feared China was building a military base on the island.", "Joe Reed"),
        ("Whitlock was confident the mayor had not broken any law.", "Sarah Whitlock"),
        ("Whitlock expected crime to fall by a third.", "Sarah Whitlock"),
        ("Whitlock expected a million new homes to be built.", "Sarah Whitlock"),
    ],
)
def test_a_belief_about_a_fact_or_a_figure_stays(text, claimant):
    assert not is_own_expectation(text, claimant)
