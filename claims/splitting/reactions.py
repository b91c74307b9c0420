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

from .figures import FIGURE
from .verbs import APPEAL_VERBS

_NO_COMMENT = re.compile(
    r"\b(?:declined|refused)\s+to\s+(?:comment|say|give\s+details|elaborate)\b"
    r"|\b(?:did|does|do|has|have|had|would|could)\s+not\s+(?:immediately\s+)?(?:comment|say|said|elaborate)\b"
    # Not replying to a journalist; not "the pilots did not respond to calls from air traffic
    # control", which is an event.
    r"|\b(?:did|does|do|has|have|had)\s+not\s+(?:immediately\s+)?(?:respond|reply)\s*"
    r"(?:$|[.,]|to\s+(?:[\w-]+\s+){0,3}?(?:requests?|questions|enquiries|inquiries|e-?mails?|messages)\b)",
    re.I,
)
# A disagreement with what someone else said, named only by reference: "disputed that
# account", "rejected the characterisation". (Not "dismissed the charges" or "rejected it":
# a court's or a chamber's decision is an event.)
_BARE_DISPUTE = re.compile(
    r"\b(?:(?:disputed|disputes|questioned|questions|challenged|challenges|contested|contests)\s+"
    r"(?:(?:that|this|these|those|the)\s+(?:[a-z]+\s+)?(?:account|figure|figures|claim|claims|"
    r"characteri[sz]ation|estimate|estimates|suggestion|allegation|allegations|number|numbers|"
    r"version|criticism|accusation|accusations|interpretation|assessment)|that|this|it)"
    r"|(?:rejected|rejects|dismissed|dismisses)\s+(?:that|this|these|those|the)\s+(?:[a-z]+\s+)?"
    r"(?:account|figure|figures|claim|claims|characteri[sz]ation|estimate|estimates|suggestion|"
    r"allegation|allegations|version|criticism|accusation|accusations|interpretation|assessment))"
    # (One whitespace run before the end, not two around an optional mark: split two ways,
    # a long run would be tried in every place.)
    r"\s*(?:[.!]\s*)?$",
    re.I,
)
# The reaction must be the sentence: "The board approved the merger but shareholders
# disputed it" asserts the approval.
_BEFORE = re.compile(r"\s(?:and|but|while|whereas|after|as)\s|;")
_DECIDES = re.compile(
    r"\b(?:[Cc]ourt|[Tt]ribunal|[Jj]udge|[Jj]ury|[Ss]enate|[Pp]arliament|[Cc]ongress|[Aa]ssembly|"
    r"[Pp]anel|[Cc]ommission|[Rr]egulator|[Ii]nquiry|[Oo]mbudsman)\b"
)
_QUOTE_OR_FIGURE = re.compile(r"[\d“\"]")
_MORE = re.compile(r"\d|\s(?:and|but|while|after|because)\s|,")
# Longer sentences usually carry more than the reaction ("..., but said 40 percent of ...").
_MAX_WORDS = 14


# An appeal: "Raman urged parents not to wait.", "Transport Secretary Michael Osei urged both
# sides to return to talks." The verb comes within the first few words (the subject's).
_APPEAL = re.compile(rf"^(?:[\w.'’-]+ ){{1,6}}(?:{APPEAL_VERBS}) (?:[\w'’-]+ ){{1,5}}?(?:not )?to [a-z]")
_APPEAL_MAX_WORDS = 16


def is_bare_appeal(sentence: str) -> bool:
    """Whether ``sentence`` only reports that someone urged others to act, with nothing in it
    to check (not "At least three governments had urged ...": a count of who did is a fact)."""
    if len(sentence.split()) > _APPEAL_MAX_WORDS or _APPEAL.match(sentence) is None:
        return False
    return not (_QUOTE_OR_FIGURE.search(sentence) or FIGURE.search(sentence) or _BEFORE.search(sentence))


def is_bare_reaction(sentence: str) -> bool:
    """Whether ``sentence`` only reports that someone declined to comment or disputed
    something named by reference, or only urged others to act."""
    if is_bare_appeal(sentence):
        return True
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
    found = dispute or no_comment
    if found is None or _BEFORE.search(sentence, 0, found.start()):
        return False
    if dispute is not None and _DECIDES.search(sentence, 0, found.start()):
        return False  # "The Court of Appeal rejected the claim.": a decision, not a reaction
    if dispute is not None:
        return True
    return not _MORE.search(sentence, found.end())
