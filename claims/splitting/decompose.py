"""Decomposition of compound sentences into atomic, standalone claims.

Rules over word tokens, no parser (none ships offline for English on PyPI). Each
rule splits only where both halves come out as readable sentences with a subject
and a finite verb; when unsure the sentence stays whole, because an unreadable
fragment in the editors' queue costs more than a claim left compound.

- several sentences (a quote that runs over two) -> one claim each;
- ``X did A, and Y did B`` / ``X did A, while Y did B`` / ``X did A; Y did B`` ->
  ``X did A.`` + ``Y did B.``; a pronoun subject on the right ("and it now goes to
  the House") takes the left subject back ("The bill now goes to the House");
- ``X increases A and freezes B`` -> ``X increases A.`` + ``X freezes B.`` when both
  verbs have the same form (both "-s", both past), so "taxes and fees" is no verb;
- ``..., where/when he and Kim Jong Un signed Z`` -> the main clause + ``Putin and
  Kim Jong Un signed Z.`` ("he" is the possessive name of the main clause, "Putin's
  visit", else its subject);
- ``following Putin's visit to Pyongyang in June`` -> also ``Putin visited
  Pyongyang in June.``;
- ``The chain, which employs about 145,000 people, has not raised ...`` and ``... a
  takeover of Daybrook, which runs 610 shops.`` -> the main clause + ``The chain employs
  about 145,000 people.`` / ``Daybrook runs 610 shops.`` (a closing relative clause only
  on a name, and only with a verb of its own);
- ``Marensk, a city of about 900,000 people, handles ...`` -> the main clause +
  ``Marensk is a city of about 900,000 people.`` (only a description with a number or a
  rank: a job or "the capital" is no claim);
- ``..., with reports of the first units arriving in Kursk`` -> the main clause +
  ``There are reports of the first units arriving in Kursk.``;
- ``X said A and urged Y to do B`` -> ``A`` only: a request the speaker made after the
  statement (urged, called on, warned or asked someone to act) asserts nothing to check;
- leading connectives ("But", "However,", "Meanwhile,") go.

The attribution frame ("according to U.S. intelligence") is already gone: the
attributor hands over the asserted content.

Every step is a bounded regex or one pass over the tokens: linear in the length.
"""

from __future__ import annotations

import itertools
import re

from .segment import segment
from .verbs import APPEAL_VERBS, IRREGULAR_PAST_OF_GERUND

_LEADING_CONNECTIVE = re.compile(
    r"^(?:(?:But|And|However|Meanwhile|Still|Yet|Also|Moreover|Furthermore|In addition|Instead)\b,?\s+)+"
)
_WITH_REPORTS = re.compile(
    r",\s+(?:with|amid)\s+(?P<what>reports|claims|signs|evidence)\s+(?P<rest>(?:of|that)\s+.{3,})$", re.S
)
_VISIT = re.compile(
    r"\b(?:following|after|since|during|before|on)\s+(?P<who>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['’]s\s+"
    r"(?P<kind>visit|trip)\s+to\s+(?P<where>[A-Z][^,;]{1,80}?)(?=\s*[,;.]|\s*$)"
)
_WHERE_WHEN = re.compile(r",\s+(?P<conj>where|when)\s+(?P<rel>[^;]{8,})$", re.S)
_CLAUSE_SPLIT = re.compile(
    # (Spaces are matched from the first of a run only: from every one, quadratic.)
    r"(?:,\s+(?:and|but|while|whereas)\s+(?:that\s+)?|;\s+|(?:,|(?<!\s))\s+and\s+that\s+"
    r"|(?<!\s)\s+and\s+(?:claimed|said|argued|insisted|added|warned)\s+(?:that\s+)?"
    r"|(?<!\s)\s+(?:and|but)\s+(?=(?:we|they|he|she|I)\s+[a-z])"
    # "61 people were still missing and more than 412,000 had been forced from their homes":
    # a second count with its own verb (checked by _starts_clause).
    # Not "aged 12 and 13", nor "fired 83 drones and ...": a word before "and", and after it a
    # count, at most two words and an auxiliary verb.
    r"|(?<![\s\d%])\s+and\s+(?=(?:(?:more\s+than|about|almost|nearly|at\s+least|over)\s+\d[\d,.]*\s+(?:[a-z]+\s+){0,2}"
    # (A bare count needs its noun: "300 were injured" reads as nothing on its own.)
    r"|\d[\d,.]*\s+(?:[a-z]+\s+){1,2})(?:had|have|has|were|was|are|is)\b))"
)
# "The European Union, which has mediated talks since 2021, welcomed the agreement."
# A comma between digits ("145,000") is no clause boundary.
_THOUSANDS = r"(?<=\d),(?=\d{3})"
_NO_BOUNDARY = rf"(?:[^,;“”\"]|{_THOUSANDS})"
_NONRESTRICTIVE = re.compile(
    rf"^(?P<subj>[A-Z][^,;]{{1,60}}?),\s+(?:which|who)\s+(?P<rel>(?:[^,;]|{_THOUSANDS}){{5,150}}),\s+"
    r"(?P<rest>[a-z][^;]{5,})$",
    re.S,
)
# "Marensk, a city of about 900,000 people, handles most grain exports." -> also
# "Marensk is a city of about 900,000 people.": a descriptive appositive on a name.
_APPOSITIVE_SUBJECT = re.compile(
    r"^(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w'’.&-]*){0,4}),\s+"
    rf"(?P<app>(?:an?|the|[A-Z][\w-]*['’]s)\s+{_NO_BOUNDARY}{{3,100}}),\s+"
    r"(?P<rest>[a-z][^;]{5,})$",
    re.S,
)
# The same inside a sentence: "Pilots at Aerovale, the country's second-largest airline,
# began ...", "Mark Sorensen, chief executive of Baltry Pharma, one of only two companies
# licensed to make it, said ...". (A name starts after no name character: linear search.)
_INNER_APPOSITIVE = re.compile(
    r"(?<![\w'’.&-])(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w'’.&-]*){0,4}),\s+"
    rf"(?P<app>(?:an?|the|one\s+of|[A-Z][\w-]*['’]s)\s+{_NO_BOUNDARY}{{3,100}}),\s+"
    r"(?P<after>[a-z])"
)
# The description must name a body or a place, as the name before it is one: "Aerovale,
# the country's second-largest airline" (not "The founder of Acme, the richest man in
# Norway", whose description is the founder's).
_BODY_HEAD = re.compile(
    r"\b(?:airline|carrier|company|firm|bank|lender|insurer|port|city|town|region|province|state|"
    r"country|party|union|group|agency|chain|retailer|supermarket|maker|producer|exporter|importer|"
    r"operator|network|hospital|university|council|authority|club|brand|manufacturer|supplier|"
    r"broadcaster|newspaper|publisher|charity|utility|miner|refinery|plant|factory|employer|airport|"
    r"station)s?\b(?![\w'-])"
)
_GROUP_OF = re.compile(r"^[A-Z][a-z]+s\s+of\s")
_CALENDAR_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December".split()
)
# Only a description with something to check (a number, a rank) becomes a claim: "a city
# of about 900,000 people", "Britain's fourth-largest supermarket chain"; a person's job
# ("a retired teacher") or "the capital" does not.
_CHECKABLE_DESCRIPTION = re.compile(r"\d|\b(?:\w+est|first|second|third|fourth|fifth|only)\b", re.I)
# "... a takeover of convenience chain Daybrook, which runs 610 shops." -> also
# "Daybrook runs 610 shops.": a closing relative clause on a name states a fact of it.
_TRAILING_RELATIVE = re.compile(
    # A name starts after no name character: from inside "A-A-A-..." the search is quadratic.
    r"(?<![\w'’.&-])(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’.&-]*){0,4}),\s+(?:which|who)\s+"
    rf"(?P<rel>{_NO_BOUNDARY}{{5,150}}?)\.?$"
)
# Words without which _VISIT, _TRAILING_RELATIVE and _CLAUSE_SPLIT cannot match.
_VISIT_WORDS = ("visit", "trip")
_RELATIVE_WORDS = ("which", "who")
_CLAUSE_SPLIT_WORDS = (";", "and", "but", "while", "whereas")
_VP_AND = re.compile(r"(?<!\s)\s+and\s+(?=[a-z])")  # from the first space of a run: linear
# A projection or a maybe ("which would raise 4 billion", "who may run for mayor"); lower
# case only, so that "in May" is none. Attribution reads it too.
MODAL = re.compile(r"\b(?:would|will|could|may|might|should|must|can)\b")
_TIME_SHIFT = frozenset("now later currently".split())
_SENTENCE_BREAK = re.compile(r"[.!?][”’\"']?\s+[“\"]?[A-Z]")
_SPACE_BEFORE_COMMA = re.compile(r"(?<!\s)\s+,")  # from the first space of a run: linear
_POSSESSIVE = re.compile(r"\b((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)['’]s\b")
_PRONOUN_SUBJECT = re.compile(r"^(he|she|it|they)\b(?!['’])", re.I)
_WORD = re.compile(r"[\w'’.%$£€-]+")

_AUX = frozenset(
    "is are was were has have had will would can could may might must should shall does did do "
    "isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't doesn't didn't".split()
)
_IRREGULAR_PAST = frozenset(
    """
    rose fell grew won lost made took gave went came became began left met paid put ran saw set
    spent stood struck held kept led built bought brought caught cut drove found got hit knew let
    read sold sought thought told said sent shut understood wrote fought threw drew flew hung
    spoke broke chose froze stole swore tore wore bore shook forgot meant dealt felt heard lay
    burst hurt quit sank sprang slid spun swam woke hid rang rode shone
    shot slept stuck swept swung taught withdrew overtook undertook bent bled dug fed fled forgave
    laid lent
    """.split()
) | frozenset(IRREGULAR_PAST_OF_GERUND.values())
_NOT_VERBS = frozenset(
    """
    this his its was as us is has does news series species less unless across always perhaps
    percent analysis basis crisis thus various previous serious famous process access business
    address class glass mass bus gas plus yes whereas towards afterwards whereby needed
    red bed bred hundred shed sped wed united limited
    """.split()
)
# Present-tense verbs without an -s, which only a plural subject before them tells from
# nouns ("people need food aid", "60,000 remain", not "the need for aid").
_PLURAL_PRESENT = frozenset(
    """
    need remain have say want expect hold face live work own lack earn spend receive believe
    know make take get pay use support oppose fear plan agree continue account represent include
    cover employ serve estimate rely depend """.split()
)
# (Not "police" or "staff": often a noun's modifier, "police support officers".)
_PLURAL_WORDS = frozenset("people they we children million billion thousand".split())
# Before a number they open a subject, not a prepositional phrase ("and about 60,000 remain").
_APPROXIMATELY = frozenset("about around nearly almost roughly over under some".split())
# Bare after a modal, though they look like past forms ("will close branches and cut jobs").
_BASE_AND_PAST = frozenset("cut hit put set shut let hurt quit burst cost spread split shed read bet".split())
_MODALS = frozenset("will would can could may might must should shall".split())
_PERFECT_OR_PASSIVE = frozenset("has have had is are was were".split())
_WH_WORDS = frozenset("who whom whose which what where when why how whether".split())
# What a source says of itself to stay unnamed is no fact about them ("who asked not to
# be named"); attribution reads it too.
ANONYMITY = re.compile(
    r"\b(?:not\s+(?:to\s+)?(?:be\s+)?(?:named|identified|authori[sz]ed|published)|anonymity|"
    r"(?:declined|refused|asked|requested)\s+(?:not\s+)?(?:to\s+be|that)|off\s+the\s+record|"
    r"on\s+(?:the\s+)?condition)\b",
    re.I,
)
_RESTRICTIVE_RELATIVE = re.compile(r"(?<![,\s])\s+(?:who|whom|which|that)\s")
_OWNER = re.compile(
    r"^(?:The\s+(?:[A-Z][\w&.-]*\s+){0,2}[a-z]+(?:\s+[a-z]+)?|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})$"
)  # "The airline", "The Drennan gas plant", "Harwick" (not "A bank in Ohio")
_SUBORDINATORS = frozenset("if when although though while unless as because since once after before".split())
_SINGULAR_OBJECT = re.compile(r"\b(?:the|a|an|this|that)\s+[a-z]|\s[A-Z][a-z]")  # "the bank", "TikTok"
_POSSESSIVE_PRONOUN = re.compile(r"\b(?:its|his|her)\b", re.I)  # ("their" is mostly a plural subject's)
_DETERMINERS = frozenset(
    "the a an this that these those its their his her our my your some many most all both each every "
    "no one two three four five six seven eight nine ten".split()
)
_SUBJECT_PRONOUNS = frozenset("he she it they we i you there".split())
_PREPOSITIONS = frozenset(
    "on in to for with about of at from by over against into onto upon as than after before during "
    "since between among under within without".split()
)
# A request made after a statement: "said inflation had peaked and urged employers to hold
# down wages", "argued this stance overlooks ... and warned Western countries to reconsider
# their approach". Who was asked to do what is the speaker's appeal, not a statement of fact;
# split there as a second clause, the object and its infinitive read as a sentence ("Western
# countries to reconsider their approach."). The object is a short phrase with no "that" of
# its own ("warned that ..." states something). (From the first space of a run: linear.)
_REQUEST_AFTER = re.compile(
    r"(?:,|(?<!\s))\s+(?:and|but)\s+(?:also\s+|then\s+)?"
    rf"(?:{APPEAL_VERBS}|warned|warns|told|tells|asked|asks|advised|advises|encouraged|encourages|"
    r"implored|implores|begged|begs|pleaded\s+with|pleads\s+with)\s+"
    r"(?:(?!that\b)[\w'’.-]+\s+){1,5}?(?:not\s+)?to\s+(?P<verb>[a-z]+)\b"
)
_REQUEST_WORDS = (" and ", " but ")
_REPORTING_AFTER_AND = frozenset(
    "warned warns said says claimed claims argued argues urged urges insisted insists added adds "
    "called calls criticised criticized accused".split()
)


# Longer content is no sentence a reader could check as one claim (a table, a list run
# together): it is returned whole rather than cut into guesses.
MAX_DECOMPOSE_CHARS = 1000
# Clause checks look at the head of a clause only, which keeps each split point O(1).
_HEAD_CHARS = 200


def decompose(content: str, *, speaker: str | None = None) -> list[str]:
    """Atomic standalone claims asserted by ``content`` (a sentence or a quote's words).

    ``speaker`` is the claimant whose reporting frame was cut from ``content``: a later
    clause's "it"/"he"/"she"/"they" may then mean the speaker as well as the first
    clause's subject ("X said the strike could delay deliveries, but it did not expect
    shortages"), so such a sentence is kept whole rather than given a guessed subject.
    """
    return [claim for claim, _ in decompose_with_asides(content, speaker=speaker)]


def decompose_with_asides(content: str, *, speaker: str | None = None) -> list[tuple[str, bool]]:
    """:func:`decompose`, each claim marked whether it is an aside: a fact given in passing
    about something named (a non-restrictive relative clause or a checkable appositive:
    "the limit, which was written into the constitution in 2009,"). In reported speech an
    aside is the article's background, not what the speaker said."""
    text = content.strip()
    if not text:
        return []
    if len(text) > MAX_DECOMPOSE_CHARS:
        return [(_finish(text), False)]
    claims: list[tuple[str, bool]] = []
    pieces = [s.text for s in segment(text)] if _may_hold_sentences(text) else [text]
    for piece in pieces:
        claims.extend(_decompose_sentence(piece, speaker=speaker))
    return claims or [(_finish(text), False)]


def _mentions(text: str, needles: tuple[str, ...]) -> bool:
    # The searches that cost most need a word the sentence usually lacks: a substring
    # test first (always true when the pattern would match) saves most of them.
    return any(needle in text for needle in needles)


def _may_hold_sentences(text: str) -> bool:
    return bool(_SENTENCE_BREAK.search(text))


def _note_aside(asides: set[str], fact: str) -> None:
    # A projection ("the tax, which would raise 4 billion a year,") is the speaker's, not a
    # fact the article gives in passing.
    if not MODAL.search(fact):
        asides.add(fact)


def _decompose_sentence(sentence: str, *, speaker: str | None = None) -> list[tuple[str, bool]]:
    sentence = _LEADING_CONNECTIVE.sub("", sentence.strip()).strip()
    if not sentence:
        return []
    main = _without_request(sentence.rstrip())
    extra: list[str] = []
    asides: set[str] = set()  # the extras that are facts given in passing

    reports = _WITH_REPORTS.search(main)
    if reports:
        main = main[: reports.start()]
        extra.append(f"There are {reports.group('what')} {reports.group('rest')}")

    relative = _WHERE_WHEN.search(main)
    # Only after a main clause: "On the ridge above Vell, where the blaze began, ..." has
    # none before its "where", and cut there it would leave "On the ridge above Vell."
    if relative and _is_clause(main[: relative.start()]):
        rel = _restore_relative(relative.group("rel"), main[: relative.start()])
        if rel is not None:
            main = main[: relative.start()]
            extra.insert(0, rel)

    visit = _VISIT.search(main) if _mentions(main, _VISIT_WORDS) else None
    visit_claim = None
    if visit:
        visit_claim = f"{visit.group('who')} visited {visit.group('where').strip()}"

    trailing = _TRAILING_RELATIVE.search(main) if _mentions(main, _RELATIVE_WORDS) else None
    if trailing:
        rel_tokens = _WORD.findall(trailing.group("rel"))
        if rel_tokens and _is_verb(rel_tokens[0].lower()) and _is_clause(main[: trailing.start()]):
            # "it goes to the House of Delegates, which ..." -> "The House of Delegates ...".
            the = "The " if main[: trailing.start("name")].lower().endswith(" the ") else ""
            main = main[: trailing.end("name")]
            extra.insert(0, f"{the}{trailing.group('name')} {trailing.group('rel')}")
            _note_aside(asides, extra[0])

    appositive = _APPOSITIVE_SUBJECT.match(main)
    if (
        appositive
        and _CHECKABLE_DESCRIPTION.search(appositive.group("app"))
        # "Residents of Harwick, the third-largest city, were told ...": the description is
        # Harwick's, and the subject is the residents.
        and not _GROUP_OF.match(appositive.group("name"))
    ):
        rest_tokens = _WORD.findall(appositive.group("rest"))
        if rest_tokens and _is_verb(rest_tokens[0].lower()):
            main = f"{appositive.group('name')} {appositive.group('rest')}"
            extra.insert(0, f"{appositive.group('name')} is {appositive.group('app')}")
            _note_aside(asides, extra[0])
    elif ", " in main:
        inner = _INNER_APPOSITIVE.search(main)
        if (
            inner
            and inner.start() > 0
            # Not inside another description ("Mark Sorensen, chief executive of Baltry
            # Pharma, one of only two ..., said"): cut out, its commas would not pair up.
            and ", " not in main[: inner.start()]
            and inner.group("name").split()[0] not in _CALENDAR_NAMES
            and _CHECKABLE_DESCRIPTION.search(inner.group("app"))
            and _BODY_HEAD.search(inner.group("app"))
            and _is_clause(main[: inner.end("name")] + " " + main[inner.start("after") :])
        ):
            # "Pilots at Aerovale, the country's second-largest airline, began a strike" ->
            # "Pilots at Aerovale began a strike" and "Aerovale is the country's ...".
            main = main[: inner.end("name")] + " " + main[inner.start("after") :]
            extra.insert(0, f"{inner.group('name')} is {inner.group('app')}")
            _note_aside(asides, extra[0])

    relative_subject = _NONRESTRICTIVE.match(main)
    if relative_subject:
        subj, rel, rest = relative_subject.group("subj", "rel", "rest")
        rel_tokens, rest_tokens = _WORD.findall(rel), _WORD.findall(rest)
        if (
            rel_tokens
            and rest_tokens
            and _is_verb(rel_tokens[0].lower())
            and _is_verb(rest_tokens[0].lower())
        ):
            main = f"{subj} {rest}"
            if not ANONYMITY.search(rel):
                extra.insert(0, f"{subj} {rel.replace(' and who ', ' and ')}")
                _note_aside(asides, extra[0])

    parts = _split_clauses(main, speaker=speaker)
    results = [(_finish(p), False) for p in parts]
    if visit_claim:
        results.append((_finish(visit_claim), False))
    results.extend((_finish(p), p in asides) for p in extra)
    seen: set[str] = set()
    unique = []
    for claim, aside in results:
        if claim and claim not in seen:
            seen.add(claim)
            unique.append((claim, aside))
    return unique


def _without_request(sentence: str) -> str:
    """``sentence`` without a request that follows its statement ("..., and urged residents
    to be patient"); unchanged when what stands before is no clause of its own, or when the
    words after the infinitive carry a verb of their own ("warned the plan to cut 400 jobs
    would hurt the town" states something)."""
    if " to " not in sentence or not _mentions(sentence, _REQUEST_WORDS):
        return sentence
    request = _REQUEST_AFTER.search(sentence)
    if request is None or request.group("verb") in _DETERMINERS:
        return sentence
    rest = sentence[request.end() : request.end() + MAX_DECOMPOSE_CHARS]
    if ";" in rest or ", " in rest or _AUX.intersection(word.lower() for word in _WORD.findall(rest)):
        return sentence  # more than the request, or not one
    statement = sentence[: request.start()]
    return statement if _is_clause(statement[:_HEAD_CHARS]) else sentence


def _split_clauses(text: str, *, speaker: str | None = None) -> list[str]:
    """``X did A, and Y did B`` -> both; each half must be a clause with subject and verb."""
    pieces: list[str] = []
    start = 0
    for match in _CLAUSE_SPLIT.finditer(text) if _mentions(text, _CLAUSE_SPLIT_WORDS) else ():
        left = text[start : match.start()]
        right = text[match.end() : match.end() + _HEAD_CHARS]
        # After "and that" a clause is certain; its subject may be long ("and that only two
        # of the 14 sites shown in the firm's brochures ever had planning permission").
        reach = 14 if match.group().rstrip().endswith("that") else 8
        if not _is_clause(left[:_HEAD_CHARS]) or not _starts_clause(right, reach=reach):
            continue
        pieces.append(left)
        start = match.end()
    pieces.append(text[start:])
    if len(pieces) > 1 and speaker and any(_PRONOUN_SUBJECT.match(p) for p in pieces[1:]):
        pieces = [text]  # the pronoun may be the speaker's: no guessed subject
    # The subject is looked for only when there is a later clause to give it to.
    subject = _subject(text) if len(pieces) > 1 else None
    if subject:
        pieces = [pieces[0]] + [_replace_pronoun(p, subject) for p in pieces[1:]]
    if len(pieces) > 1 and not speaker and any(_unresolved_thing(p) for p in pieces[1:]):
        # "Critics attacked the plan and said it would cost $4 billion": a pronoun that is
        # not the subject's stays in its sentence, where it can be read ("It would cost
        # $4 billion." says nothing alone).
        pieces = [text]
    if not speaker and any(p[:4].lower() == "its " for p in pieces[1:]):
        # A bare "Its shares rose 6%." says nothing whose: keep the sentence. (In reported
        # speech the claimant shown beside it says whose, as before.)
        pieces = [text]
    out: list[str] = []
    for piece in pieces:
        out.extend(_split_verb_phrases(piece))
    return out


def _split_verb_phrases(clause: str) -> list[str]:
    """``The budget increases A and freezes B`` -> two claims with the subject repeated."""
    if "and" not in clause:
        return [clause]  # no split point (_VP_AND): most clauses stop here, unparsed
    tokens = _WORD.findall(clause)
    verb_index = _first_verb(tokens)
    if verb_index is None or verb_index == 0 or verb_index > 10:
        return [clause]
    subject = " ".join(tokens[:verb_index])
    if subject.split()[0].lower() in _PREPOSITIONS | _SUBORDINATORS:
        return [clause]  # "If elected, Smith will abolish the tax and cut 5,000 jobs": no subject
    form = _verb_form(tokens[verb_index])
    verb_end = clause.find(tokens[verb_index]) + len(tokens[verb_index])
    parts = [clause]
    for match in _VP_AND.finditer(clause):
        if match.start() <= clause.find(tokens[verb_index]):
            continue
        right = clause[match.end() :]
        right_tokens = _WORD.findall(right[:_HEAD_CHARS])
        if len(right_tokens) < 3:
            continue
        # "was minister from 2014 to 2018 and now chairs the council": an adverb that moves
        # the time lets the second verb take another tense.
        shifted = right_tokens[0].lower() in _TIME_SHIFT
        if shifted:
            right_tokens = right_tokens[1:]
        verb = right_tokens[0].lower()
        if (
            verb in _REPORTING_AFTER_AND
            or right_tokens[1].lower() in _PREPOSITIONS
            or right_tokens[1].lower() == "that"
        ):
            continue
        left = clause[: match.start()]
        if _POSSESSIVE_PRONOUN.search(right, 0, _HEAD_CHARS) and _SINGULAR_OBJECT.search(
            clause, verb_end, match.start()
        ):
            # "could fine the bank and revoke its licence": cut off from "the bank", "its"
            # would read as the regulator's ("will cut 2,400 jobs and close 85 of its
            # branches" has no other owner for it).
            continue
        if tokens[verb_index].lower() in _AUX and verb not in _AUX and not shifted:
            # The auxiliary may govern both verbs: "will cut 2,400 jobs and close 85
            # branches", "has cut jobs and closed branches"; after a modal a past form
            # stands alone ("would offer redundancy and expected 600 job losses").
            aux = tokens[verb_index]
            first_main = tokens[verb_index + 1].lower() if verb_index + 1 < len(tokens) else ""
            shared = _shared_aux(aux.lower(), first_main, verb, right_tokens[1])
            if shared is not None:
                return [left, f"{subject} {aux} {right}" if shared else f"{subject} {right}"]
        if not _is_verb(verb) or (verb not in _AUX and not shifted and _verb_form(verb) != form):
            continue
        # Only the first split point: the rest stays with the right half.
        return [left, f"{subject} {right}"]
    return parts


def _shared_aux(aux: str, first_main: str, verb: str, after: str) -> bool | None:
    """Whether the verb after "and" takes the first clause's auxiliary (True), stands alone
    (False), or is no verb phrase of its own (None).

    Only where the auxiliary stands right before the first verb: a negation, a hedge or a
    longer chain ("has not cut", "has reportedly cut", "would have cut", "has been
    criticised", "was cutting") is not repeated faithfully by the auxiliary alone, so such
    a sentence stays whole."""
    if aux in _MODALS:
        if not _bare_verb(first_main):
            return None
        # "will close 85 branches and cut 2,400 jobs": "cut" after a modal is bare.
        past = False if verb in _BASE_AND_PAST else _past_form(verb)
        if past:
            return False  # "would offer redundancy and expected 600 job losses"
        # A bare verb is known by what follows it: a determiner or a number ("and close 85
        # of its branches"), not a noun list ("will build homes and schools in 12 towns").
        base = verb in _BASE_AND_PAST or _bare_verb(verb)
        return True if base and (after.lower() in _DETERMINERS or after.isdigit()) else None
    if aux in _PERFECT_OR_PASSIVE and _past_form(first_main) and first_main != "been" and _past_form(verb):
        return True  # "has cut 300 jobs and closed 12 plants"
    return None


def _past_form(word: str) -> bool:
    return word in _IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed") and word not in _NOT_VERBS)


def _bare_verb(word: str) -> bool:
    return word in _BASE_AND_PAST or (
        word.isalpha()
        and word not in _DETERMINERS
        and word not in _AUX
        and word not in ("not", "never", "be", "been", "being", "also", "still", "then")
        and not word.endswith(("ly", "ing"))
        and not _is_verb(word)
    )


def _restore_relative(rel: str, main: str) -> str | None:
    """The clause of ``..., where he signed Z`` as a standalone sentence, or None."""
    tokens = _WORD.findall(rel)
    verb_index = _first_verb(tokens)
    if verb_index is None or verb_index == 0 or verb_index > 10 or len(tokens) < 4:
        return None
    pronoun = _PRONOUN_SUBJECT.match(rel)
    if not pronoun:
        return rel
    word = pronoun.group(1).lower()
    if word in ("he", "she"):
        possessive = _POSSESSIVE.search(main)
        referent = possessive.group(1) if possessive else None
        if referent is None:
            subject = _subject(main)
            referent = (
                subject
                if subject and subject[0].isupper() and subject.split()[0].lower() not in _DETERMINERS
                else None
            )
    else:
        referent = _subject(main)
    if not referent:
        return None
    return referent + rel[pronoun.end() :]


def _subject(text: str) -> str | None:
    tokens = _WORD.findall(text)
    verb_index = _first_verb(tokens)
    if verb_index is None or verb_index == 0 or verb_index > 12:
        return None
    words = text.split()
    # Use the original words (keep punctuation inside names) up to the verb.
    subject_words = words[:verb_index]
    subject = " ".join(subject_words).rstrip(",")
    if "," in subject or subject.split()[0].lower() in _PREPOSITIONS:
        return None
    if subject.lower() in _SUBJECT_PRONOUNS:
        return None
    if any(word.lower() in _SUBJECT_PRONOUNS for word in subject_words[1:]):
        return None  # "Critics of the scheme argue it": a verb was missed, no subject is known
    return subject


def _replace_pronoun(clause: str, subject: str) -> str:
    plural = _is_plural(subject)
    if (
        clause[:4].lower() == "its "
        and _OWNER.match(subject)
        and not plural
        and not subject.lower().endswith("s")
    ):
        # "The airline cancelled 412 flights, and its shares fell" -> "The airline's shares
        # fell": only a name or "the" and one noun ("A bank in Ohio" is no owner to name).
        return f"{subject}'s {clause[4:]}"
    match = _PRONOUN_SUBJECT.match(clause)
    if not match:
        return clause
    word = match.group(1).lower()
    if word == "it" and not plural or word == "they" and plural:
        return subject + clause[match.end() :]
    return clause


def _unresolved_thing(clause: str) -> bool:
    """The clause opens with "it" or "they" (a pronoun left as written)."""
    match = _PRONOUN_SUBJECT.match(clause)
    return match is not None and match.group(1).lower() in ("it", "they")


def _is_plural(subject: str) -> bool:
    """ "Critics", "Critics of the plan", "the new rules" are plural; "Harbour Services" (a
    name), "The bill", "Supply of homes" are not."""
    words = subject.split()
    # The head noun stands before the first preposition ("Critics of the plan").
    cut = next((i for i, w in enumerate(words) if i and w.lower() in _HEAD_ENDS), len(words))
    head = words[cut - 1].strip(",")
    lower = head.lower()
    if lower in _PLURAL_WITHOUT_S:
        return True
    if not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return False
    if head[0].isupper():
        # A capitalised word is a name ("Harbour Services") unless it opens the sentence:
        # "Critics", "Nurses", "Profits" are plural nouns there, and so, for a pronoun's sake,
        # is "Siemens" (its "it" is then left as written, which is no wrong subject).
        return cut == 1
    return True


_HEAD_ENDS = frozenset("of in at for from on with to among across near under over".split())
_PLURAL_WITHOUT_S = frozenset("people police children men women".split())


# Conjunctions that open a subordinate clause only (not "as", "since", "after", "before",
# "once": also prepositions and adverbs, "As many as 300 people died").
_SUBORDINATE_OPENERS = frozenset("while whilst although though whereas unless if because when until".split())
_EVEN = frozenset(("though", "if"))
_CLAUSE_COMMA = re.compile(r"(?<!\d),\s")
_COMMAS_TRIED = 4


def subordinate_only(text: str) -> bool:
    """Whether ``text`` is a subordinate clause with no main clause after it ("While Putin has
    not confirmed any specific North Korean military involvement"): part of a sentence, never
    a sentence alone. Not "While sales rose, profits fell": a clause follows one of its first
    few commas."""
    words = text.lstrip(" “‘\"'").split(maxsplit=2)
    if not words:
        return False
    first = words[0].lower()
    if not (
        first in _SUBORDINATE_OPENERS or (first == "even" and len(words) > 1 and words[1].lower() in _EVEN)
    ):
        return False
    for comma in itertools.islice(_CLAUSE_COMMA.finditer(text), _COMMAS_TRIED):
        if _starts_clause(text[comma.end() : comma.end() + _HEAD_CHARS]):
            return False
    return True


def _is_clause(text: str) -> bool:
    tokens = _WORD.findall(text)
    if len(tokens) < 3:
        return False
    index = _first_verb(tokens)
    return index is not None and index > 0


def _starts_clause(text: str, *, reach: int = 8) -> bool:
    """Right of ", and": a subject (pronoun, determiner phrase, name, number) and then a verb."""
    tokens = _WORD.findall(text)
    if len(tokens) < 3:
        return False
    first = tokens[0].lower()
    # A plural noun ("lorries", "rents") looks like an "-s" verb: only an auxiliary or a
    # past form in first place means there is no subject; a wh-word opens a clause inside
    # the first one ("records where every citizen has been, and whom they have called").
    if (
        first in _WH_WORDS
        or (first in _PREPOSITIONS and not (first in _APPROXIMATELY and tokens[1].isdigit()))
        or first in _AUX
        or first in _IRREGULAR_PAST
        or (len(first) > 4 and first.endswith("ed"))
    ):
        return False
    # From the second word (the first is the subject's, even "cases"), looking back at it.
    index = _first_verb(tokens[: reach + 2], start=1)
    if index is None or index > reach + 1:
        return False
    subject = [t.lower() for t in tokens[:index]]  # the words before the verb
    verb = tokens[index].lower()
    bare_count = any(t.isdigit() for t in subject) and all(
        t.isdigit() or t in _APPROXIMATELY or t in ("some", "more", "than", "fewer") for t in subject
    )
    counted = any(t in _APPROXIMATELY or t in ("more", "than", "fewer") for t in subject)
    if bare_count and (verb not in _AUX or not counted):
        # A bare count reads as nothing alone ("and some 40 remain open", "and 40 were
        # injured"); only "more than"/"about" a figure with an auxiliary has been the second
        # count of people ("and more than 412,000 had been forced from their homes").
        return False
    # A verb inside the subject's own (restrictive) relative clause: "and the volunteers from
    # the villages who built the dykes" is no clause; "and Mr Mensah, who climbed down after
    # him, was dead within six" is.
    return _RESTRICTIVE_RELATIVE.search(text) is None or not (
        _WH_WORDS.intersection(subject) or "that" in subject[1:]
    )


def _first_verb(tokens: list[str], start: int = 0) -> int | None:
    """Index of the first verb-like token at or after ``start`` (within 14 tokens)."""
    for index in range(start, min(len(tokens), start + 14)):
        token = tokens[index]
        if token[:1].isupper() and (index > 0 or token.lower() not in _AUX):
            # A capitalised word is a name's ("Goldman Sachs", "Harbour Holdings"); first in
            # the sentence, the subject's ("United"), unless it is an auxiliary ("Is ...").
            continue
        if _is_verb(token.lower()) and not (index > start and tokens[index - 1].lower() in _DETERMINERS):
            if _s_form_noun(token.lower(), tokens[index + 1 : index + 2]) or (
                index > 0
                and tokens[index - 1].isdigit()
                and token.lower().endswith("s")
                and token.lower() not in _AUX
            ):
                # "Ambulance crews took ...", "and 6,930 burglaries, up from 5,880": the
                # "-s" word is a noun (before a past verb, after a number).
                continue
            return index
        if index > 0 and token in _PLURAL_PRESENT and _plural_subject(tokens[index - 1]):
            return index  # "1.1 million people need food aid", "about 60,000 remain"
    return None


def _s_form_noun(word: str, after: list[str]) -> bool:
    """An "-s" word followed by a plain past or an auxiliary is a plural noun."""
    if word in _AUX or word in _IRREGULAR_PAST or word.endswith("ed") or not after:
        return False
    following = after[0].lower()
    return following in _AUX or _past_form(following)


def _plural_subject(word: str) -> bool:
    lower = word.lower()
    return (
        word.isdigit()
        or lower in _PLURAL_WORDS
        or (len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")))
    )


def _is_verb(word: str) -> bool:
    if word in _AUX or word in _IRREGULAR_PAST:
        return True
    if word in _NOT_VERBS or not word.isalpha():
        return False
    if len(word) > 4 and word.endswith("ed"):
        return True
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous", "ics", "ers", "ments", "tions", "ists"))
    )


def _verb_form(word: str) -> str:
    word = word.lower()
    if word in ("has", "is", "was", "does") or (word.endswith("s") and word not in _IRREGULAR_PAST):
        return "s" if word not in ("was",) else "past"
    if word in _AUX:
        return "aux"
    return "past"


def _finish(text: str) -> str:
    text = text.strip().strip(",;:").strip()
    text = _SPACE_BEFORE_COMMA.sub(",", text)
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    if text[-1] not in ".!?…”’\"'":
        text += "."
    return text
