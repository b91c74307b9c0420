"""Helpers of claimant attribution: which words make a speaker, a name, an organisation,
and how a claim's text is cleaned once its frame is cut."""

from __future__ import annotations

from .patterns import (
    _ADDRESSEE_VERBS,
    _ADVERBIAL_STARTS,
    _BLOCKING_PREFIX,
    _CAPITAL_RUN,
    _DOCUMENT_BY,
    _INNER_PARTICLES,
    _LEADING_POSSESSIVE,
    _LEADING_PRONOUN,
    _MEMBERS_OF,
    _NAME_PARTICLES,
    _NOT_NAMES,
    _ORG_WORDS,
    _PASSIVE_BY,
    _STRAIGHT_OPEN,
    _TITLE_WORDS,
    _WHEN_WORDS,
)


def _curl(text: str) -> str:
    """Straight double quotes to curly ones (same length), so one set of rules serves both."""
    if '"' not in text:
        return text
    text = _STRAIGHT_OPEN.sub(lambda m: m.group(1) + "“", text)
    return text.replace('"', "”")


def _clean_quote(text: str) -> str:
    return text.strip().strip("“”").strip().rstrip(",").strip()


def _remove_span(text: str, start: int, end: int, pre: str, post: str) -> str | None:
    head, tail = text[:start], text[end:]
    if not head.strip():
        content = tail
    elif post.strip().startswith(","):
        content = head.rstrip(" ,") + ", " + tail if pre.strip() == "," else head.rstrip() + " " + tail
    else:
        content = head.rstrip(" ,") + "."
    content = content.strip()
    return _capitalise(content) if content else None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# Verbs that cannot be a noun after a possessive: "Garside's said" is the company
# Garside's speaking, where "The IMF's forecast that" is a forecast.
_NEVER_NOUNS = frozenset("said says told tells added adds insisted insists wrote".split())


def _company_possessive(speaker: str, verb: str | None) -> bool:
    """ "Garside's said", "its maker Calder's said": a company named in the possessive."""
    last = speaker.split()[-1]
    return verb in _NEVER_NOUNS and last[0].isupper() and last.endswith(("'s", "’s")) and len(last) > 3


def _plausible_speaker(speaker: str | None, verb: str | None = None) -> bool:
    if not speaker:
        return False
    if _DOCUMENT_BY.match(speaker) or _MEMBERS_OF.match(speaker):
        # "figures published on Thursday by NHS England", "Observers from the Election
        # Mission": the publisher or the body speaks
        return True
    if _PASSIVE_BY.search(speaker):
        return False  # "Documents seen by Reuters show ..."
    if speaker.rstrip().endswith(("'s", "’s")) and not _company_possessive(speaker, verb):
        return False  # "The IMF's forecast that ..."
    words = speaker.split()
    if words[0].lower() in ("he", "she", "it"):
        return len(words) == 1
    # Lower-case description words before a name must not be a clause
    # ("the bill approved by Congress said ..." is no speaker).
    for word in words[:-1]:
        if word[0].isupper():
            break
        lowered = word.lower().strip(",")
        if lowered in _BLOCKING_PREFIX or (word[0].islower() and lowered.endswith("ed")):
            return False
    first = words[0].lower()
    if first in _NOT_NAMES and first not in ("the", "a", "an", "its", "their"):
        return False
    return not any(ch.isdigit() for ch in speaker)


def _adverbial_gap(verb: str, gap: str | None) -> bool:
    """Whether what stands between a reporting verb and its "that" leaves the clause its own."""
    if not gap:
        return True
    words = gap.split()
    first = words[0].lower()
    addressed = verb in _ADDRESSEE_VERBS  # "told reporters that", "warned customers that"
    if not (addressed or first in _ADVERBIAL_STARTS or first in _WHEN_WORDS or first.endswith("ly")):
        return False
    # The verb's own infinitive makes the "that" a relative pronoun of its object: "agreed
    # on Sunday to reopen three crossings that have been closed" (not "said in a letter to
    # lawmakers that", nor a noun's infinitive: "said in an interview to be broadcast on
    # Sunday that").
    # After an addressee ("warned customers to expect emails that ...") the infinitive is
    # what they were told to do: the verb's as well.
    return not any(
        w == "to"
        and _infinitive(nxt)
        and (addressed or i == 0 or words[i - 1].lower() in _WHEN_WORDS | _TIME_NOUNS)
        for i, (w, nxt) in enumerate(zip(words, words[1:], strict=False))
    )


def _infinitive(word: str) -> bool:
    return (
        word.isalpha()
        and word.islower()
        and word not in _TO_OBJECTS
        and (not word.endswith("s") or word.endswith(("ss", "us")))
    )


_TIME_NOUNS = frozenset(
    "today yesterday tomorrow week month year morning afternoon evening night again also".split()
)
# What follows "to" in a reporting frame's gap when it is no infinitive ("to reporters").
_TO_OBJECTS = frozenset(
    "the a an his her its their our my your this that these those staff parliament congress police "
    "investors members lawmakers reporters journalists".split()
)
_ANONYMOUS_SOURCES = frozenset("official diplomat source officer aide minister".split())
# Plural institutions that speak as one ("Police said", "Prosecutors told the jury").
_INSTITUTIONAL_PLURALS = frozenset({"police", "prosecutors", "investigators"})
_POST_NOMINALS = frozenset("KC QC MP MEP MSP MD PhD Jr Sr OBE CBE MBE".split())


def _named_role(speaker: str, appositive: str | None) -> str:
    """The name in the appositive when the speaker is a role or a description ("the mayor,
    Eric Adams,", "his mother, Grace Mensah,", "a spokesperson for the company's chief
    executive, Martin Garside,")."""
    name = appositive.split(",")[0] if appositive else ""
    if not _plausible_name(name):
        return speaker
    return name if _is_title(speaker) or _is_description(speaker) else speaker


def _is_description(speaker: str) -> bool:
    words = speaker.split()
    return (
        len(words) >= 2
        and (
            words[0].lower() in ("the", "a", "an", "his", "her", "its", "their")
            or words[0].endswith(("'s", "’s"))
        )
        and all(w[0].islower() or w.endswith(("'s", "’s")) for w in words[1:])
    )


def _is_title(speaker: str) -> bool:
    """ "the mayor", "the company's chief executive": a role, named in an appositive."""
    words = speaker.lower().split()
    possessive = words[0].endswith(("'s", "’s"))  # "Strand's barrister"
    return (
        len(words) >= 2 and (words[0] in ("the", "its", "their") or possessive) and words[-1] in _TITLE_WORDS
    )


def _plausible_name(text: str) -> bool:
    """ "Eric Adams": two to four capitalised words, nothing else."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() and w.replace(".", "").isalpha() for w in words)


def _display_name(speaker: str) -> str | None:
    """Strip titles and descriptions: "Russian President Vladimir Putin" -> "Vladimir Putin"."""
    words = speaker.strip(" ,.").split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    while len(words) > 2 and words[-1].strip(".,") in _POST_NOMINALS:
        words = words[:-1]  # "Daniel Freer KC": the surname is Freer
    # A lower-case description before the name ("security researcher Daniel Okoro").
    while words and words[0][0].islower() and words[0].lower() not in _INNER_PARTICLES:
        words = words[1:]
    if not words:
        return None
    if any(w[0].islower() and w.lower() not in _NAME_PARTICLES for w in words):
        if not words[-1][0].isupper():
            return " ".join(words)  # "U.S. intelligence"
        run = list(_CAPITAL_RUN.finditer(" ".join(words)))
        words = run[-1].group().split()
    while len(words) > 2 and words[0].lower() in ("of", "for") and words[1].lower() == "the":
        words = words[2:]  # "The observer mission of the Regional Democracy Council"
    name = " ".join(words)
    if _is_org(name):
        # "World Health Organization" keeps its "Health"; "Bank of England Governor
        # Andrew Bailey" is a person, handled below because the org word precedes a title.
        # A title word after "of" is part of the body's name ("Association of General
        # Practitioners"), not a person's title.
        last_title = max(
            (
                i
                for i, w in enumerate(words)
                if w.lower() in _TITLE_WORDS and (i == 0 or words[i - 1].lower() not in _NAME_PARTICLES)
            ),
            default=-1,
        )
        tail = words[last_title + 1 :]
        if last_title < 0 or not tail or _is_org(" ".join(tail)):
            return name
        words = tail
    else:
        last_title = max(
            (i for i, w in enumerate(words) if w.lower().rstrip("’'s") in _TITLE_WORDS), default=-1
        )
        if last_title >= 0:
            words = words[last_title + 1 :]
    while words and words[0].lower() in ("of", "for", "and"):
        words = words[2:] if len(words) > 2 else []
    words = [w.rstrip("’'") if w.endswith(("s’", "s'")) is False else w for w in words]
    if not words or words[0].lower() in _NOT_NAMES:
        return None
    return " ".join(words)


def _is_org(name: str) -> bool:
    words = name.split()
    if words and words[-1][0].isupper() and words[-1].endswith(("'s", "’s")):
        return True  # "Garside's": a company named in the possessive, never a person's name
    if any(w.lower().strip("’'s.,") in _ORG_WORDS or w.lower() in _ORG_WORDS for w in words):
        return True
    return any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)


_NON_CLAUSE_START = frozenset(
    "on in to for with about of at from by over against into onto upon as than".split()
)


def _looks_like_clause(content: str) -> bool:
    words = content.split()
    if len(words) >= 3 and words[0].lower() == "at" and words[1].lower() in ("least", "most"):
        return True
    if len(words) >= 3 and words[0].lower() in ("about", "around", "over", "under") and words[1][0].isdigit():
        return True  # "said about 310,000 people were ...": a quantity, not "said about the plan"
    if len(words) < 3 or words[0].lower() in _NON_CLAUSE_START:
        return False
    # "warned customers to expect ...", "urged the residents to leave": an object and an
    # infinitive, not a clause.
    if any(w == "to" and _infinitive(nxt) for w, nxt in zip(words[1:3], words[2:4], strict=False)):
        return False
    # "writes the number on a sticky note and adds it ...": the first verb after "and" is
    # the writer's own second act; the words before it are an object, not a subject.
    from ..decompose import _WORD, _first_verb

    tokens = _WORD.findall(" ".join(words[:12]))
    first_verb = _first_verb(tokens)
    return not first_verb or tokens[first_verb - 1].lower() != "and"


def _restore_subject(content: str, claimant: str | None, speaker_text: str | None = None) -> str:
    """ "he would sign the bill" (said by Alan Brooks) -> "Alan Brooks would sign the bill"."""
    content = content.strip()
    if claimant and _LEADING_PRONOUN.match(content):
        pronoun = content.split()[0].lower()
        if (pronoun == "it") == _is_org(claimant):
            # "The Financial Services Union said it had ..." -> "The Financial Services Union
            # had ...": the article's "the" comes back with the name.
            the = speaker_text is not None and speaker_text.lower().startswith("the ") and pronoun == "it"
            return (
                ("The " if the and not claimant.lower().startswith("the ") else "")
                + claimant
                + content[len(pronoun) :]
            )
    if claimant and _LEADING_POSSESSIVE.match(content) and _is_org(claimant):
        # "The bureau said its methods followed ..." -> "The National Statistics Bureau's
        # methods followed ...": a claim read alone must say whose. Only "its" of a body:
        # "his"/"her" may be anyone's ("Tom Hale told Ruth Amos that her contract ...").
        the = speaker_text is not None and speaker_text.lower().startswith("the ")
        article = "The " if the and not claimant.lower().startswith("the ") else ""
        return f"{article}{claimant}'s{content[3:]}"
    return _capitalise(content)


def _looks_like_verb(word: str) -> bool:
    from ..decompose import _is_verb

    return _is_verb(word) or word in ("apologised", "apologized", "urged", "met")
