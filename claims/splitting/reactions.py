"""Sentences that report a reaction without asserting anything to check.

"Harbour Capital declined to comment on the report.", "He did not say which sections.",
"Republicans disputed that account.": news prose is full of them, and a scorer trained on
debate transcripts takes them for claims (a named actor, a past-tense act). They say that
someone reacted, not what is true: there is nothing in them for a fact-checker to rule on.
A reaction that goes on to say something ("rejected the figure, saying it counted only
full-time staff") is not one of these: attribution keeps what was said.
"""

from __future__ import annotations

import re

_NO_COMMENT = re.compile(
    r"\b(?:declined|refused)\s+to\s+(?:comment|say|give\s+details|elaborate)\b"
    r"|\b(?:did|does|do|has|have|had|would|could)\s+not\s+(?:immediately\s+)?"
    r"(?:comment|respond|reply|say|said|elaborate)\b",
    re.I,
)
# A disagreement with something named only by reference, and nothing after it.
_BARE_DISPUTE = re.compile(
    r"\b(?:rejected|rejects|disputed|disputes|dismissed|dismisses|questioned|questions|challenged|"
    r"challenges|contested|contests)\s+(?:(?:that|this|these|those|the)\s+(?:[a-z]+\s+)?"
    r"(?:account|figure|figures|claim|claims|charge|charges|characteri[sz]ation|estimate|estimates|"
    r"suggestion|allegation|allegations|number|numbers|version|criticism|accusation|accusations|"
    # (One whitespace run before the end, not two around an optional mark: split two ways,
    # a long run would be tried in every place.)
    r"interpretation|assessment)|that|this|it)\s*(?:[.!]\s*)?$",
    re.I,
)
_QUOTE_OR_FIGURE = re.compile(r"[\d“\"]")
_MORE = re.compile(r"\d|\s(?:and|but|while|after|because)\s|,")
# Longer sentences usually carry more than the reaction ("..., but said 40 percent of ...").
_MAX_WORDS = 14


def is_bare_reaction(sentence: str) -> bool:
    """Whether ``sentence`` only reports that someone declined to comment or disputed
    something named by reference."""
    dispute = _BARE_DISPUTE.search(sentence)
    no_comment = None if dispute else _NO_COMMENT.search(sentence)
    if dispute is None and no_comment is None:
        return False  # most sentences: two searches, nothing else
    if len(sentence.split()) > _MAX_WORDS or _QUOTE_OR_FIGURE.search(sentence):
        # "The union, which says it represents 41,000 farmers, disputed that.": a figure
        # is something to check; a quote says more than the reaction.
        return False
    # After "did not comment" only a complement ("on the report", "which sections"), not
    # another act: "the man did not respond to warnings and fired 12 shots" asserts the shots.
    if dispute is not None or no_comment is None:
        return True
    return not _MORE.search(sentence, no_comment.end())
