"""An accusation is a claim: "Mazur accused Kerevan of targeting civilians" asserts, on
Mazur's word, that Kerevan targeted civilians.

The accused becomes the subject and the gerund a past-tense verb, so the claim reads as a
standalone sentence an editor can check ("Kerevan targeted civilians."). Past tense fits
any number of accused ("ministers cut", "the company hid") and the time of the act, which
an accusation always places before it is made.
"""

from __future__ import annotations

import re

# The accused, an optional adverb, the gerund and what it governs. The accused is short and
# holds no clause punctuation ("the country's finance minister", "Zemoria", "him").
_ACCUSED_OF = r"(?P<obj>[^,;:“”\"]{1,80}?)\s+of\s+(?P<adv>(?:[a-z]+ly\s+)?)(?P<ger>[a-z]+ing)\b"
# Content that opens with the accusation (the frame "X accused" already cut away).
ACCUSATION = re.compile(rf"^\s*{_ACCUSED_OF}(?P<tail>[^“”\"]*)$", re.S)
# "... and accused Y of Z" after another statement of the same speaker.
# (Spaces before "and" are matched from their first one only: from every one of a long run
# the search would be quadratic.)
AND_ACCUSED = re.compile(rf"(?:,\s*|(?<!\s)\s+)and\s+(?:also\s+)?accused\s+{_ACCUSED_OF}")
# A second act of the speaker after the accusation ("and called on allies to ..."): not part
# of what the accused did.
_SPEAKER_ACT = re.compile(
    r"(?:,\s*|(?<![\s,])\s+)(?:and|but)\s+(?!\w+ing\b)(?=[a-z]+ed\b|(?:said|told|made|gave|took)\b)"
)

_PRONOUN_SUBJECTS = {"him": "he", "her": "she", "them": "they", "us": "we", "me": "I"}

# Irregular past tenses of verbs an accusation is made with; the rest are regular.
_IRREGULAR = {
    "being": "was",
    "breaking": "broke",
    "bringing": "brought",
    "building": "built",
    "buying": "bought",
    "cutting": "cut",
    "dying": "died",
    "doing": "did",
    "driving": "drove",
    "fleeing": "fled",
    "forgetting": "forgot",
    "getting": "got",
    "giving": "gave",
    "going": "went",
    "having": "had",
    "hiding": "hid",
    "hitting": "hit",
    "holding": "held",
    "keeping": "kept",
    "leading": "led",
    "leaving": "left",
    "lending": "lent",
    "letting": "let",
    "lying": "lied",
    "losing": "lost",
    "making": "made",
    "meeting": "met",
    "misleading": "misled",
    "overseeing": "oversaw",
    "paying": "paid",
    "putting": "put",
    "running": "ran",
    "saying": "said",
    "seeing": "saw",
    "seeking": "sought",
    "selling": "sold",
    "sending": "sent",
    "setting": "set",
    "shooting": "shot",
    "shutting": "shut",
    "sitting": "sat",
    "speaking": "spoke",
    "spending": "spent",
    "spreading": "spread",
    "stealing": "stole",
    "striking": "struck",
    "taking": "took",
    "telling": "told",
    "thinking": "thought",
    "throwing": "threw",
    "undercutting": "undercut",
    "understating": "understated",
    "withholding": "withheld",
    "writing": "wrote",
}


def past_tense(gerund: str) -> str:
    """ "targeting" -> "targeted", "falsifying" -> "falsified", "hiding" -> "hid"."""
    irregular = _IRREGULAR.get(gerund)
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
    match = ACCUSATION.match(rest)
    if match is None:
        return None
    tail = _SPEAKER_ACT.split(match.group("tail"), maxsplit=1)[0].rstrip(" .")
    clause = accused_clause(match.group("obj"), match.group("adv"), match.group("ger"))
    return f"{clause}{tail}."


def rewrite_and_accused(content: str) -> str:
    """ "the party would ask for a recount and accused staff of closing two stations" ->
    "the party would ask for a recount, and staff closed two stations": the accusation
    becomes a clause of its own, which decomposition splits off."""
    match = AND_ACCUSED.search(content)
    if match is None:
        return content
    obj = match.group("obj")
    if obj.lower() in ("it", "them"):
        # "said the government had moved funds abroad, and accused it of ...": "it" is what
        # the first statement was about.
        from ..decompose import _subject

        subject = _subject(content[: match.start()])
        if subject:
            obj = subject[:1].lower() + subject[1:] if subject.split()[0] in ("The", "A", "An") else subject
    clause = accused_clause(obj, match.group("adv"), match.group("ger"))
    return f"{content[: match.start()]}, and {clause}{content[match.end() :]}"
