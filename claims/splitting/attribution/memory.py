"""What an article has said so far about its people and bodies, for the sentences after.

The people named (full names for surnames, roles for "the governor", the pronoun each
takes), the bodies (organisations registered as speakers, bodies introduced by what they
are, the issuers of documents cited) and whom "the spokesperson" speaks for. The
:class:`~claims.splitting.attribution.Attributor` resolves each frame's speaker against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .first_names import first_name_pronoun
from .patterns import (
    _ACRONYM_INTRO,
    _BODY_HEAD_WORDS,
    _CAPITALISED_RUN,
    _DESCRIBED_AFTER,
    _DESCRIBED_BEFORE,
    _DOCUMENT_NOUN,
    _FEMALE,
    _FORMER,
    _IN_JOURNAL,
    _LEADING_APPOSITIVE,
    _LOWER_BODY,
    _LOWER_WORD,
    _MALE,
    _NOT_NAMES,
    _ORG_DESCRIPTORS,
    _ORG_WORDS,
    _TITLE_WORDS,
)

_KIND_SUFFIXES = frozenset(
    "Grid Group Energy Capital Holdings Bank Insurance Motors Industries Partners Systems Technologies "
    "Media Foods Water Power Rail Telecom Pharma Pharmaceuticals Corp Inc Ltd plc Limited".split()
)


def _spelled_by(name: str, acronym: str) -> str | None:
    """The end of ``name`` whose initials spell ``acronym`` ("Greenfield Energy and the
    Financial Services Union", "FSU" -> "Financial Services Union"), or None: "WASHINGTON
    (AP)" is a dateline, "Rolls-Royce (UK)" a country."""
    words = name.split()
    for start in range(len(words)):
        tail = words[start:]
        initials = "".join(w[0] for w in tail if w.lower() not in ("of", "for", "the", "and", "&"))
        if initials == acronym and tail[0][0].isupper() and not tail[0].isupper():
            return " ".join(tail)
    return None


class ArticleMemory:
    def __init__(self) -> None:
        self.last_person: str | None = None
        self.last_org: str | None = None
        self.orgs: list[str] = []
        self.surnames: dict[str, set[str]] = {}
        self.roles: list[tuple[frozenset[str], str]] = []  # (role words, full name)
        self.descriptions: dict[str, set[str]] = {}
        self.introduced: dict[str, set[str]] = {}  # bodies by what the article says they are
        self.spokesperson_for: str | None = None  # whom "the spokesperson" speaks for
        self.documents: dict[str, str | None] = {}  # "statement" -> who issued the last one cited
        self.pronouns: dict[str, str] = {}  # surname -> "he" / "she", when an article shows it
        # (surname, sentence number) in the order the article names people.
        self.named: list[tuple[str, int]] = []
        self._sentence = 0  # number of the sentence being attributed
        self.acronyms: dict[str, str] = {}  # "FSU" -> "Financial Services Union"
        self.last_court: str | None = None  # whose "the judgment found" a later sentence cites

    def _org_named(self, word: str) -> str | None:
        """ "Northline" for "Northline Grid", named before in full."""
        # Only where the rest of the name is what kind of business it is ("Northline Grid"):
        # "China" is not "China Eastern Airlines", nor "Morgan" "Morgan Stanley".
        if first_name_pronoun(word):
            return None
        return next(
            (
                org
                for org in reversed(self.orgs)
                if org.startswith(word + " ") and org[len(word) + 1 :] in _KIND_SUFFIXES
            ),
            None,
        )

    # -- names ----------------------------------------------------------------------

    def _note_acronyms(self, text: str) -> str:
        """ "The Financial Services Union (FSU), which ..., said": the acronym is the body's
        other name ("the FSU said"), and the brackets leave the frame."""
        first: re.Match[str] | None = None
        for found in _ACRONYM_INTRO.finditer(text):
            name = _spelled_by(found.group("name"), found.group("acronym"))
            if name:
                self.acronyms[found.group("acronym")] = name
                first = first or found
        # Only the first, and never inside a quote: the brackets would hide the frame's
        # speaker ("The Financial Services Union (FSU), which ..., said"), nothing else.
        if first is None or "“" in text[: first.start()]:
            return text
        return text[: first.end("name")] + text[first.end() :]

    def _note_full_name(self, name: str) -> None:
        """ "Elena Marsh": a later "Marsh" is shown as her full name (unless it is shared)."""
        if " " in name:
            self.surnames.setdefault(name.split()[-1], set()).add(name)

    def _unique_full_name(self, surname: str) -> str | None:
        full = self.surnames.get(surname)
        return next(iter(full)) if full and len(full) == 1 else None

    def _register_org(self, name: str) -> str:
        # Each body once, the most recently named last (the scans go from the end).
        if name in self.orgs:
            self.orgs.remove(name)
        self.orgs.append(name)
        self.last_org = name
        return name

    def _note_roles(self, text: str, name: str) -> None:
        """Remember the roles a person is introduced with ("regional governor Oleh Dranko",
        "Rudolf Brenn, who was transport minister from 2014 to 2018"), for a later "the
        governor said" / "the ex-minister said"."""
        roles = frozenset(w.lower().strip(".,") for w in text.split()) & _TITLE_WORDS
        if _FORMER.search(text):
            roles |= {"former"}
        if roles and " " in name:
            self.roles.append((roles, name))

    def _by_role(self, roles: list[str]) -> str | None:
        """ "the governor" -> the one person introduced with that role, if exactly one; "the
        former president" -> else the one person introduced as having held an office."""
        people = {name for held, name in self.roles if set(roles) <= held}
        if not people and "former" in roles:
            people = {name for held, name in self.roles if "former" in held}
        return next(iter(people)) if len(people) == 1 else None

    def _note_people(self, sentences: Sequence[str]) -> None:
        """Full names anywhere in the article ("lead author Elena Marsh of James Cook
        University"), so that "Marsh said" is known as a speaker and shown as Elena Marsh;
        a surname two full names share stays as written. Bodies introduced with what they
        are ("Aerovale, the country's second-largest airline"), for "the airline said"."""
        for sentence in sentences:
            # The patterns run only where a word they need occurs (a set intersection costs
            # far less than a search from every word boundary).
            vocabulary = set(_LOWER_WORD.findall(sentence.lower()))
            if not vocabulary.isdisjoint(_ORG_DESCRIPTORS):
                if "," in sentence:
                    self._note_introduced(_DESCRIBED_AFTER.finditer(sentence))
                self._note_introduced(_DESCRIBED_BEFORE.finditer(sentence))
            if not vocabulary.isdisjoint(_BODY_HEAD_WORDS) and ("’s " in sentence or "'s " in sentence):
                self._note_introduced(_LOWER_BODY.finditer(sentence))
            for run in _CAPITALISED_RUN.finditer(sentence):
                words = run.group().split()
                # "Trade Commissioner Sofie Brandholm", "Ostrian Prime Minister Klara Weiss":
                # the name follows the last word of the title.
                last_title = max((i for i, w in enumerate(words) if w.lower() in _TITLE_WORDS), default=-1)
                title, words = words[: last_title + 1], words[last_title + 1 :]
                while words and words[0].lower() in _NOT_NAMES:
                    words = words[1:]
                if not 2 <= len(words) <= 3 or any(
                    w.lower() in _ORG_WORDS or w.lower() in _NOT_NAMES or w.lower() in _TITLE_WORDS
                    for w in words
                ):
                    continue
                self._note_full_name(" ".join(words))
                if title:
                    # "Under the constitution, President Agnes Korda must ...": for "the president said".
                    self._note_roles(" ".join(title), " ".join(words))

    def _note_document(self, source: str, publisher: str | None) -> None:
        """ "according to a statement from X" ... "the statement said" is X's; a journal that
        published a study is not its author, and a document of no nameable publisher
        leaves the next "the study said" to no one."""
        noun = _DOCUMENT_NOUN.search(source)
        if noun:
            journal = _IN_JOURNAL.search(source)
            self.documents[noun.group().lower()] = None if journal else publisher

    def _note_introduced(self, found: Iterable[re.Match[str]]) -> None:
        for match in found:
            self.introduced.setdefault(match.group("name"), set()).add(match.group("head"))

    def _learn_pronouns(self, text: str) -> None:
        """Which pronoun a person takes, learned from a sentence that person heads
        ("Marsh credited her co-author ..."), and who was named, in order."""
        person = self.last_person
        if person:
            surname = person.split()[-1]
            # A sentence without the surname is not headed by it: most sentences are let
            # off without building the pattern.
            heads = surname in text and re.match(
                rf"^(?:[A-Z][\w.'’-]*\s+){{0,3}}?{re.escape(surname)}\b", text
            )
            if heads:
                # Not from the person's own appositive: "Joanna Leith, his deputy, agreed".
                own = text[heads.end() :]
                own = _LEADING_APPOSITIVE.sub("", own, count=1)
                female, male = bool(_FEMALE.search(own)), bool(_MALE.search(own))
                if female != male:
                    self.pronouns[surname] = "she" if female else "he"
        for run in _CAPITALISED_RUN.finditer(text):
            # "Renard and Hartwig met", "Dr Maria Quist of the National Kidney Foundation".
            for word in run.group().split():
                if word in self.surnames:
                    self.named.append((word, self._sentence))

    def _takes(self, surname: str) -> str | None:
        """ "he" / "she" for a person: as the article shows it, else as the first name
        usually goes ("Joanna Leith" -> "she"), else unknown."""
        shown = self.pronouns.get(surname)
        if shown:
            return shown
        full = self._unique_full_name(surname)
        return first_name_pronoun(full.split()[0]) if full else None

    def _person_for(self, pronoun: str) -> str | None:
        """ "he"/"she": the one person named in the sentence before who takes it, unless the
        last subject was named there too and may take it ("Renard and Hartwig met ... She
        wrote" -> Hartwig); else the last person who headed a sentence, unless that person
        takes the other pronoun; then the last person named who takes this one, or no one
        (no claimant rather than a wrong one)."""
        person = self.last_person
        surname = person.split()[-1] if person else None
        just_named = [name for name, sentence in self.named if sentence == self._sentence - 1]
        if just_named and not (surname in just_named and self._takes(surname) in (pronoun, None)):
            fitting = {name for name in just_named if self._takes(name) == pronoun}
            if len(fitting) == 1:
                (name,) = fitting
                return self._unique_full_name(name) or name
            if len(fitting) > 1:
                return None  # "Neil Brand and Tom Hale disagreed. He said": either of them
        if person is None or self._takes(surname or "") in (pronoun, None):
            return person
        for name, _ in reversed(self.named):
            if self._takes(name) == pronoun:
                return self._unique_full_name(name) or name
        return None
