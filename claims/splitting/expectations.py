"""A speaker's own hope or expectation without a figure is no claim.

"She said she hoped the clinic would reopen next year" becomes, once attribution restores
the subject, "Maria Lopez hoped the clinic would reopen next year": true if she said so,
and nothing in it for a fact-checker to rule on. With a figure it is a forecast that can be
held to account ("Harbour Capital expected fewer than 600 compulsory job losses"), and it
stays; so does anyone's expectation reported by someone else ("Analysts had expected ...",
"Markets now expect ...": no claimant, the article's own report).
"""

from __future__ import annotations

import re

from .figures import FIGURE

_HOPE = re.compile(
    # A name of up to five words (bounded, so a long run of spaces costs linear time).
    # Not "feared" or "was confident": "Reed feared China was building a base" reports a
    # belief about a fact that can be checked.
    r"^(?P<who>[^\s,]+(?: [^\s,]+){0,4}) (?:had |has |also |still )?"
    r"(?:hoped|hopes|expected|expects|wanted|wants|(?:was|is) (?:optimistic|hopeful))\b"
)
_PRONOUNS = frozenset(("he", "she", "i", "we"))


def is_own_expectation(text: str, claimant: str | None) -> bool:
    """Whether ``text`` only says that its claimant hopes, expects, fears or wants something,
    with no figure in it to check."""
    if claimant is None:
        return False
    match = _HOPE.match(text)
    if match is None or FIGURE.search(text):
        return False
    who = match.group("who").lower()
    name = claimant.lower()
    return who in _PRONOUNS or who == name or (" " in name and who == name.split()[-1])
