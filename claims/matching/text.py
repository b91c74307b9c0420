"""Matching keys of a claim's text: the words it is searched by and the facts it states.

Two wordings of one claim should give the same terms: case, accents, punctuation, British
and American spelling ("defence"/"defense", "labour"/"labor", "organisation"), numbers
written as figures or words ("3,000" / "3000" / "three thousand" / "3 thousand") and simple
inflection ("sends"/"sent" do not meet, "troops"/"troop" do). The terms feed the full-text
index; the facts (``Facts``: figures, negation, content words) feed the compatibility check
that keeps "3,000 troops were sent" and "3,000 troops were killed" apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- numbers -------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 10**12,
}
_SCALE_ABBREVIATIONS = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "tn": 10**12}

_NUMBER_WORDS = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
# "three thousand", "twenty-five", "one hundred and twenty": a run of number words.
_WORD_NUMBER = re.compile(
    rf"\b(?:{_NUMBER_WORDS})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORDS}))*\b", re.IGNORECASE
)
# "3,000", "3000", "3.5", "3.5 million", "$4bn", "12k".
_FIGURE = re.compile(
    rf"(?<![\w.])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s*({'|'.join(_SCALES)})\b|({'|'.join(_SCALE_ABBREVIATIONS)})\b)?",
    re.IGNORECASE,
)


def _words_value(words: str) -> int | None:
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
            seen = True
    return total + current if seen else None


def _format_number(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _figure_value(match: re.Match) -> str:
    number, scale, abbreviation = match.group(1), match.group(2), match.group(3)
    value = float(number.replace(",", ""))
    if scale:
        value *= _SCALES[scale.lower()]
    elif abbreviation:
        value *= _SCALE_ABBREVIATIONS[abbreviation.lower()]
    return _format_number(value)


def canonical_numbers(text: str) -> str:
    """Every number written as plain digits: "three thousand" and "3,000" become "3000"."""

    def words(match: re.Match) -> str:
        # "one" alone is as often a pronoun ("the one who") as a count: left as a word.
        if match.group(0).lower() == "one":
            return match.group(0)
        # "3.5 million": a scale word after a figure is folded by the figure pass below.
        if match.group(0).lower() in _SCALES and re.search(r"\d\s*$", match.string[: match.start()]):
            return match.group(0)
        value = _words_value(match.group(0))
        return match.group(0) if value is None else _format_number(value)

    text = _WORD_NUMBER.sub(words, text)
    # "3 thousand" (a figure then a scale word) folds into the figure.
    return _FIGURE.sub(_figure_value, text)


# --- spelling --------------------------------------------------------------------------

# British spellings mapped to the American form (both sides of a comparison go through it).
_OUR_STEMS = (
    "arbo behavio colo endeavo favo flavo harbo hono humo labo neighbo odo rumo savo tumo vapo vigo armo clamo"
).split()
_ISE_STEMS = (
    "apolog author capital central character civil critic emphas fertil fossil general global harmon "
    "hospital legal liberal local maxim memor minim mobil modern normal organ penal polar popular "
    "prioritis privat real recogn revolution special stabil standard subsid summar sympath terror "
    "util visual weapon"
).split()
_WHOLE_WORDS = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "centre": "center", "centres": "centers", "theatre": "theater", "metre": "meter", "metres": "meters",
    "litre": "liter", "litres": "liters", "fibre": "fiber", "programme": "program", "programmes": "programs",
    "cheque": "check", "tyre": "tire", "tyres": "tires", "grey": "gray", "aluminium": "aluminum",
    "analyse": "analyze", "analysed": "analyzed", "paralyse": "paralyze", "travelled": "traveled",
    "travelling": "traveling", "cancelled": "canceled", "cancelling": "canceling", "modelling": "modeling",
    "labelled": "labeled", "fuelled": "fueled", "judgement": "judgment", "manoeuvre": "maneuver",
    "paediatric": "pediatric", "oestrogen": "estrogen", "anaemia": "anemia", "diarrhoea": "diarrhea",
    "percent": "percent", "per": "per", "pct": "percent", "%": "percent", "mr": "mr", "mrs": "mrs",
    "covid19": "covid", "coronavirus": "covid", "u.s": "us", "usa": "us", "uk": "uk",
}  # fmt: skip
_OUR = re.compile(rf"^({'|'.join(_OUR_STEMS)})ur(s|ed|ing|ite|ites|able|er|ers)?$")
_ISE = re.compile(rf"^({'|'.join(_ISE_STEMS)})is(e|es|ed|ing|ation|ations|er|ers)$")


def american(word: str) -> str:
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    match = _OUR.match(word)
    if match:
        return f"{match.group(1)}r{match.group(2) or ''}"
    match = _ISE.match(word)
    if match:
        return f"{match.group(1)}iz{match.group(2)}"
    return word


# --- terms -----------------------------------------------------------------------------

STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such only own same so than too very s t can will
    just don should now is are was were be been being have has had having do does did doing i me my we
    our you your he him his she her it its they them their what which who whom this that these those am
    would could also said says say according as via rt amp http https www com pic twitter""".split()
)
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot can't won't n't".split())

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+(?:'[^\W\d_]+)?")
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|www\.\S+|@\w+")


def stem(word: str) -> str:
    """A light, conservative suffix stripper (plural and a few verb endings).

    Conservative on purpose: "sent" and "killed" must stay different words; "troops" and
    "troop" may meet.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + replacement
            break
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e") if len(word) > 4 else word


# "#RIPDrake", "#BlackLivesMatter", "#Trump2020", "#COVID19": the words of a hashtag
# written in capitals or with figures.
_HASHTAG = re.compile(r"#(\w+)")
_WORD_BOUNDARY = re.compile(
    r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"
)


def hashtag_words(text: str) -> str:
    """Hashtags as the words they join ("#RIPDrake" -> "RIP Drake"): a tweet names what it
    is about in them, and a fact-check states it in words."""
    return _HASHTAG.sub(lambda m: " " + _WORD_BOUNDARY.sub(" ", m.group(1).replace("_", " ")), text)


def normalise(text: str) -> str:
    """Case folded, accents of quotes unified, hashtags split into words, numbers as
    digits, percent as a word."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'")
    text = _URL.sub(" ", text)
    text = hashtag_words(text)
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = re.sub(r"\bper\s+cent\b", "percent", text, flags=re.IGNORECASE)
    return canonical_numbers(text).casefold()


def for_encoder(text: str) -> str:
    """The wording the sentence encoder reads: normalised, numbers as digits, American
    spelling, so "three thousand"/"3,000" and "defence"/"defense" read the same to it."""
    return re.sub(r"[^\W\d_]+", lambda m: american(m.group(0)), normalise(text))


def tokens(text: str) -> list[str]:
    """The words of ``text`` after normalisation, spelling unified (no stopwords removed)."""
    return [american(t) for t in _TOKEN.findall(normalise(text))]


def terms(text: str) -> list[str]:
    """Index terms: content words, stemmed, numbers kept as digits."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and t not in NEGATIONS]


@dataclass(frozen=True, slots=True)
class Facts:
    """What a claim states, for the compatibility check.

    ``numbers``: every figure as digits (years included); ``negated``: an odd number of
    negation words; ``words``: stemmed content words; ``names``: capitalised words inside the
    sentence (lower-cased), for "a name in full or by surname".
    """

    numbers: frozenset[str]
    negated: bool
    words: frozenset[str]
    names: frozenset[str]


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+)\b")


def facts(text: str) -> Facts:
    toks = tokens(text)
    numbers = frozenset(t for t in toks if t[0].isdigit())
    negations = sum(1 for t in toks if t in NEGATIONS or t.endswith("n't"))
    words = frozenset(
        stem(t) for t in toks if t not in STOPWORDS and t not in NEGATIONS and not t[0].isdigit()
    )
    names = frozenset(american(m.casefold()) for m in _CAPITALISED.findall(text.strip()))
    return Facts(numbers=numbers, negated=negations % 2 == 1, words=words, names=names)


@dataclass(frozen=True, slots=True)
class Difference:
    """How two claims' facts differ. ``compatible`` is False when they cannot be one claim:
    different figures, or one denies what the other states."""

    numbers_differ: bool
    negation_differs: bool
    only_left: frozenset[str]
    only_right: frozenset[str]

    @property
    def compatible(self) -> bool:
        return not self.numbers_differ and not self.negation_differs

    @property
    def substitution(self) -> bool:
        """Each side has a content word the other lacks ("sent" against "killed")."""
        return bool(self.only_left) and bool(self.only_right)


def compare(left: Facts, right: Facts) -> Difference:
    only_left = left.words - right.words
    only_right = right.words - left.words
    # A first name given on one side only ("Joe Biden" / "Biden") is no different fact;
    # "Joe Smith" / "Bob Smith" are different people.
    given_only: frozenset[str] = frozenset()
    if left.names <= right.names or right.names <= left.names:
        given_only = left.names ^ right.names
    only_left = frozenset(w for w in only_left if w not in {stem(n) for n in given_only})
    only_right = frozenset(w for w in only_right if w not in {stem(n) for n in given_only})
    return Difference(
        numbers_differ=left.numbers != right.numbers,
        negation_differs=left.negated != right.negated,
        only_left=only_left,
        only_right=only_right,
    )
