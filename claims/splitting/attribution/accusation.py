"""An accusation is a claim: "Mazur accused Kerevan of targeting civilians" asserts, on
Mazur's word, that Kerevan targeted civilians.

The accused becomes the subject and the gerund a past-tense verb, so the claim reads as a
standalone sentence an editor can check ("Kerevan targeted civilians."). Past tense fits
any number of accused ("ministers cut", "the company hid") and the time of the act, which
an accusation always places before it is made.

A denial is the other side of it: "X denied that P" asserts, on X's word, the opposite of P,
which :func:`denial_content` writes out where an auxiliary verb plainly carries the negation.
"""

from __future__ import annotations

import re

from ..decompose import _is_verb, _subject
from ..verbs import ING_NOUNS, IRREGULAR_PAST_OF_GERUND

# The accused, an optional adverb, the gerund and what it governs. The accused is short and
# holds no clause punctuation ("the country's finance minister", "Zemoria", "him").
# A gerund-shaped noun is no act ("the head of marketing of misleading investors": the act
# is "misleading"; "of wrongdoing" names none).
_NOT_ACTS = "|".join(sorted(ING_NOUNS))
_ACCUSED_OF = (
    r"(?P<obj>[^,;:“”\"]{1,80}?)\s+of\s+(?P<adv>(?:[a-z]+ly\s+)?)"
    rf"(?!(?:{_NOT_ACTS})\b)(?P<ger>[a-z]+ing)\b"
)
# Content that opens with the accusation (the frame "X accused" already cut away).
_ACCUSATION = re.compile(rf"^\s*{_ACCUSED_OF}(?P<tail>[^“”\"]*)$", re.S)
# "... and accused Y of Z" after another statement of the same speaker.
# (Spaces before "and" are matched from their first one only: from every one of a long run
# the search would be quadratic.)
_AND_ACCUSED = re.compile(rf"(?:,\s*|(?<!\s)\s+)and\s+(?:also\s+)?accused\s+{_ACCUSED_OF}")
# A second act of the speaker after the accusation ("and called on allies to ..."): not part
# of what the accused did.
_SPEAKER_ACT = re.compile(
    r"(?:,\s*|(?<![\s,])\s+)(?:and|but)\s+(?!\w+ing\b)(?=[a-z]+ed\b|(?:said|told|made|gave|took)\b)"
)

_TRAILING_RELATIVE = re.compile(r",\s+(?:which|who)\b")
_AND_GERUND = re.compile(rf"(?<!\s)\s+and\s+(?!(?:{_NOT_ACTS})\b)([a-z]+ing)\b")

_PRONOUN_SUBJECTS = {"him": "he", "her": "she", "them": "they", "us": "we", "me": "I"}


def past_tense(gerund: str) -> str:
    """ "targeting" -> "targeted", "falsifying" -> "falsified", "hiding" -> "hid"."""
    irregular = IRREGULAR_PAST_OF_GERUND.get(gerund)
    if irregular:
        return irregular
    stem = gerund[:-3]
    if stem.endswith("e"):  # "agreeing", "freeing"
        return stem + "d"
    if len(stem) > 1 and stem.endswith("y") and stem[-2] not in "aeiou":  # "falsifying"
        return stem[:-1] + "ied"
    # "stopping" -> "stopped" keeps the double consonant; "inflating" -> "inflated" and
    # "using" -> "used" regain their silent e with the ending.
    return stem + "ed"


def accused_clause(obj: str, adverb: str, gerund: str) -> str:
    """ "ministers", "", "cutting" -> "ministers cut"; "him", "deliberately", "lying" ->
    "he deliberately lied"."""
    obj = obj.strip()
    subject = _PRONOUN_SUBJECTS.get(obj.lower(), obj)
    verb = past_tense(gerund)
    if verb == "was" and (subject.lower() in ("they", "we") or " and " in subject):
        verb = "were"
    return f"{subject} {adverb}{verb}"


def accusation_content(rest: str) -> str | None:
    """The claim of "X accused <rest>", where rest is "ministers of cutting the programme."."""
    match = _ACCUSATION.match(rest)
    if match is None:
        return None
    tail = _SPEAKER_ACT.split(match.group("tail"), maxsplit=1)[0]
    # ", which it denied": the accused's answer is no part of the act.
    tail = _TRAILING_RELATIVE.split(tail, maxsplit=1)[0].rstrip(" .")
    # "of targeting civilians and killing 40 people": every act in the past tense.
    tail = _AND_GERUND.sub(lambda m: f" and {past_tense(m.group(1))}", tail)
    clause = accused_clause(match.group("obj"), match.group("adv"), match.group("ger"))
    return f"{clause}{tail}."


def rewrite_and_accused(content: str) -> str:
    """ "the party would ask for a recount and accused staff of closing two stations" ->
    "the party would ask for a recount, and staff closed two stations": the accusation
    becomes a clause of its own, which decomposition splits off."""
    match = _AND_ACCUSED.search(content)
    if match is None:
        return content
    obj = match.group("obj")
    if obj.lower() in ("it", "them"):
        # "said the government had moved funds abroad, and accused it of ...": "it" is what
        # the first statement was about.
        subject = _subject(content[: match.start()])
        if subject:
            obj = subject[:1].lower() + subject[1:] if subject.split()[0] in ("The", "A", "An") else subject
    clause = accused_clause(obj, match.group("adv"), match.group("ger"))
    return f"{content[: match.start()]}, and {clause}{content[match.end() :]}"


_MAX_SUBJECT_WORDS = 5
_NEGATED = re.compile(r"\b(?:not|never|no|none|nobody|nothing|neither|nor)\b|n['’]t\b|^(?:any|no)\w*\b", re.I)
_SUBORDINATE = re.compile(r",|\b(?:who|which|that|whose|where|when)\b", re.I)
# Auxiliaries that are also main verbs ("did business", "had contracts").
_MAIN_VERB_TOO = frozenset("did does do had has have".split())
# The first auxiliary verb of a clause, and an "ever" after it.
_AUXILIARY = re.compile(
    r"\b(?P<aux>had|has|have|was|were|is|are|would|will|could|can|should|did|does|do)\s+(?P<ever>ever\s+)?"
)


def _verb_form(word: str) -> bool:
    """A verb or a past participle ("taken", "fallen", "played"), not "anything" or "business"."""
    return _is_verb(word) or word.endswith(("ed", "en", "wn")) or word in IRREGULAR_PAST_OF_GERUND.values()


def denial_content(clause: str) -> str | None:
    """What "X denied that <clause>" asserts: "cuts had played any part" -> "cuts had not
    played any part"; "she had ever taken" -> "she had never taken". None when no auxiliary
    verb near the start carries the negation ("the force stopped investigating")."""
    if _NEGATED.search(clause):
        return None  # "denied that no one was hurt": a double negative reads wrong either way
    match = _AUXILIARY.search(clause, 0, 80)
    # The clause's own verb, after a short subject: not one in a relative clause ("the
    # company, which was founded in 1990, had been sold"; "staff who had raised concerns")
    # nor in a later clause ("the force stopped investigating burglaries where there was").
    subject = clause[: match.start()] if match else ""
    if match is None or len(subject.split()) > _MAX_SUBJECT_WORDS or _SUBORDINATE.search(subject):
        return None
    # The word the auxiliary governs, past an adverb ("had ever knowingly taken").
    after = [w for w in clause[match.end() :].split()[:3] if not w.endswith("ly")][:1]
    if match.group("aux") in _MAIN_VERB_TOO and not (after and _verb_form(after[0].lower().strip(",."))):
        return None  # "did anything wrong", "had any contracts": the verb itself, no auxiliary
    if match.group("ever"):
        return f"{clause[: match.start('ever')]}never {clause[match.end('ever') :]}"
    return f"{clause[: match.end('aux')]} not{clause[match.end('aux') :]}"
