"""Reactions that assert nothing to check are no claims; a reaction with content is."""

import pytest

from claims.splitting import Splitter
from claims.splitting.reactions import is_bare_reaction

from .stubs import PassEverything


@pytest.mark.parametrize(
    "sentence",
    [
        "Harbour Capital declined to comment on the report.",
        "It did not comment on Brenn's figure.",
        "He did not say which sections.",
        "The ministry did not immediately respond to a request for comment.",
        "Acme did not immediately respond to a Reuters request for comment.",
        "Republicans disputed that account.",
        "Ilse Marten, the Green Alliance leader, disputed that figure.",
        "The Calveran Farmers' Union disputed that.",
    ],
)
def test_a_bare_reaction(sentence):
    assert is_bare_reaction(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # Another act, a figure, or what was said follows the reaction.
        "Police said the man did not respond to warnings and fired 12 shots.",
        "The bank did not comment, but its shares fell 4 percent.",
        "Kessaris rejected the charge that 40 homes were destroyed by his troops.",
        "The union rejected the figure, saying only 1,200 staff had been consulted.",
        "The Association of General Practitioners welcomed the decision.",
        # Decisions and events told with the same verbs.
        "The judge dismissed the charges.",
        "The Court of Appeal rejected the claim.",
        "The Senate rejected it.",
        "The board approved the merger but shareholders rejected it.",
        "The pilots did not respond to repeated calls from air traffic controllers.",
        "Police did not respond to the emergency call until the following morning.",
        "The union, which says it represents 41,000 farmers, disputed that.",
        "The ministry disputed that account on Monday in a 12-page rebuttal to the inspectors' report.",
    ],
)
def test_not_a_bare_reaction(sentence):
    assert not is_bare_reaction(sentence)


def test_an_indirect_question_after_declined_to_say_is_no_claim():
    result = Splitter(model=PassEverything()).split(
        "The plant closed in May. The company declined to say how many workers lost their jobs.",
        content_type="text/plain",
    )
    assert [c.text for c in result.claims] == ["The plant closed in May."]


def test_the_splitter_leaves_out_bare_reactions():
    result = Splitter(model=PassEverything()).split(
        "Northline Grid said 540,000 homes lost power. Northline Grid declined to comment on the report. "
        "Republicans disputed that account.",
        content_type="text/plain",
    )
    assert [c.text for c in result.claims] == ["540,000 homes lost power."]


def test_the_reaction_left_when_a_fact_is_taken_out_is_no_claim():
    result = Splitter(model=PassEverything()).split(
        "Harvests fell by a third. The Farmers' Union, which represents 41,000 farmers, disputed that.",
        content_type="text/plain",
    )
    assert [c.text for c in result.claims] == [
        "Harvests fell by a third.",
        "The Farmers' Union represents 41,000 farmers.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Raman urged parents not to wait.",
        "Transport Secretary Michael Osei urged both sides to return to talks.",
        "Okafor urged parents to make sure their children take up the offer.",
    ],
)
def test_a_bare_appeal_is_no_claim(sentence):
    assert is_bare_reaction(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # Who urged, counted, is a fact; so is what the sentence says besides the appeal.
        "At least three foreign governments had privately urged Dorvalle to accept a partial recount in Kassa.",
        "The minister urged banks to cut rates by 2 percent.",
        "Police urged residents to leave after the dam burst.",
        "The court asked the government to explain the delay.",
    ],
)
def test_not_a_bare_appeal(sentence):
    assert not is_bare_reaction(sentence)
