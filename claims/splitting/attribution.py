"""Claimant attribution: who asserts a sentence, and whether it is a direct quote.

No claimant is better than a wrong one: every rule needs an explicit reporting
frame ("X said", "according to X", a quote with its speaker).
"""

from __future__ import annotations

import re

from .types import Attribution

REPORTING_VERBS = (
    "said|says|told|tells|argued|argues|insisted|insists|warned|warns|stressed|stresses|"
    "claimed|claims|asserted|asserts|remarked|remarks|emphasized|emphasised|emphasizes|"
    "highlighted|highlights|added|adds|noted|notes|stated|states|announced|announces|"
    "wrote|writes|explained|explains|suggested|suggests|reported|reports|declared|declares|"
    "confirmed|confirms|denied|denies|acknowledged|acknowledges|admitted|admits|predicted|"
    "criticized|criticised|accused|alleged|alleges|maintained|maintains|contended|contends"
)
_NAME = r"(?:[A-Z][\w'’.-]*(?:\s+(?:of\s+the\s+|of\s+|for\s+|de\s+|al-)?[A-Z][\w'’.-]*)*)"
_ACCORDING_TO = re.compile(r"\baccording to\s+(?:the\s+)?((?:[A-Z][\w.'’-]*\s+)*[\w.'’-]+?(?:\s+[a-z]+)?)(?=[,.;:]|\s+(?:with|and|who|which|on|in)\b|$)")
_NAME_VERB = re.compile(rf"(?:^|[,“”\"]\s*|\b(?:as|and)\s+)(?:the\s+)?({_NAME})\s+(?:has\s+|have\s+|had\s+)?(?:{REPORTING_VERBS})\b")
_PRONOUN_VERB = re.compile(rf"(?:^|[,“\"]\s*)(He|She|he|she)\s+(?:has\s+|had\s+)?(?:{REPORTING_VERBS})\b")
_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
_TITLES = re.compile(r"^(?:(?:Russian|U\.S\.|US|British|French|Chinese|North Korean|Ukrainian|former|then)\s+)*(?:President|Prime Minister|Minister|Chancellor|Leader|Senator|Governor|Dr\.|Mr\.|Mrs\.|Ms\.|Gen\.|General)\s+", re.I)
_NOT_CLAIMANTS = frozenset({"It", "This", "That", "There", "The", "They", "We", "I", "You", "Reports", "Officials"})
_PERSON = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b")


class Attributor:
    """Stateful over one document: remembers the last named claimant for "he/she said"."""

    def __init__(self) -> None:
        self.last_person: str | None = None

    def attribute(self, sentence: str) -> Attribution:
        quote_match = _QUOTE.search(sentence)
        claimant = self._find_claimant(sentence)
        if quote_match and claimant:
            return Attribution(claimant, quote=True, content=quote_match.group(1).strip(" ,"))
        return Attribution(claimant)

    def _find_claimant(self, sentence: str) -> str | None:
        match = _ACCORDING_TO.search(sentence)
        if match:
            return _clean(match.group(1))
        match = _NAME_VERB.search(sentence)
        if match and match.group(1) not in _NOT_CLAIMANTS:
            name = _clean(match.group(1))
            self.last_person = name
            return name
        match = _PRONOUN_VERB.search(sentence)
        if match and self.last_person:
            return self.last_person
        self._remember_subject(sentence)
        return None

    def _remember_subject(self, sentence: str) -> None:
        # "Russian President Vladimir Putin emphasized ..." style subjects name the
        # person that later "he" refers to.
        stripped = _TITLES.sub("", sentence.lstrip("“\" "))
        match = _PERSON.match(stripped)
        if match and match.group(1) not in _NOT_CLAIMANTS:
            self.last_person = match.group(1).split()[-1]


def _clean(name: str) -> str:
    name = _TITLES.sub("", name.strip(" ,.;:"))
    return name.strip()
