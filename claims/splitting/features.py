"""Features of a sentence for the check-worthiness model: one code path for training and scoring.

Three blocks, each of which an editor can read back:

- **words**: lower-cased word unigrams (numbers folded to ``#`` so "3,000 troops" and
  "40 troops" share a feature), sublinear TF-IDF, L2-normalised. No word bigrams: they
  raised F1 on dev (the same old debates as train) and lowered it on dev-test (newer
  debates), i.e. they learn the topics of 1960-2016, which news does not share;
- **spelling**: character 3-5-grams of each word (IDF-weighted, L2-normalised per word),
  averaged over the sentence's words. They let ``deported`` and ``deportations`` share
  evidence, and they are per word so a contribution is credited to the word it came from
  (a reason reads ``"deportations"``, never ``char "rtat"``) and the work is cached per
  word, which keeps scoring fast;
- **cues**: hand-written features chosen because they carry over from debate transcripts
  (the training data) to news prose: numbers, percentages, money, dates and years,
  quantities, comparisons and trends, named entities, organisations, reporting verbs and
  past actions, against first-person opinion, evaluative words, promises, questions,
  addresses to the audience and very short turns.

Only the standard library and numpy: the scorer runs inside every Celery worker and a
sentence must cost a small fraction of a millisecond. Cues are matched on the token set
(one set intersection each) rather than by case-insensitive regular expressions, which
cost ten times as much.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)*|[%$€£?]")
CHAR_MIN, CHAR_MAX = 3, 5
LONG_SENTENCE_WORDS = 25
SHORT_SENTENCE_WORDS = 6
CHAR_CACHE_SIZE = 100_000


@dataclass(frozen=True, slots=True)
class Cue:
    """A hand-written feature: fires when any word, phrase or pattern of it occurs."""

    name: str
    words: frozenset[str] = frozenset()
    # Lower-cased, space-separated token sequences ("according to").
    phrases: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    # Cheaper tests the pattern cannot pass without (a token, "#" standing for any digit;
    # a regex): most sentences are let off with them.
    needs_token: str = ""
    prefilter: re.Pattern[str] | None = None

    def pattern_fires(self, token_set: set[str], text: str) -> bool:
        if self.pattern is None or (self.needs_token and self.needs_token not in token_set):
            return False
        if self.prefilter is not None and not self.prefilter.search(text):
            return False
        return bool(self.pattern.search(text))


def _cue(
    name: str,
    words: str = "",
    phrases: Sequence[str] = (),
    pattern: str | None = None,
    needs_token: str = "",
    prefilter: str | None = None,
) -> Cue:
    return Cue(
        name,
        frozenset(words.split()),
        tuple(f" {p} " for p in phrases),
        re.compile(pattern) if pattern else None,
        needs_token,
        re.compile(prefilter) if prefilter else None,
    )


MONTHS = "january february march april june july august september october november december"
CUES: tuple[Cue, ...] = (
    _cue("contains a number", "#"),
    _cue("percentage", "% percent percentage", ["per cent"]),
    _cue(
        "money",
        "$ € £ dollars dollar euros pounds budget tax taxes deficit debt spending funding cost costs paid",
    ),
    _cue(
        "year or date",
        MONTHS + " yesterday since ago decade",
        ["last year", "last week", "last month"],
        pattern=r"\b(1[89]\d\d|20\d\d)\b",
        needs_token="#",
    ),
    _cue(
        "quantity",
        "million millions billion billions trillion thousand thousands hundred hundreds dozens half twice "
        "double doubled tripled quarter third majority average rate per approximately nearly almost",
        ["number of", "at least", "up to", "more than", "less than"],
    ),
    _cue(
        "comparison or trend",
        "more less fewer than most least increase increased decrease decreased rose risen fell fallen grew "
        "grown cut raised lowered higher lower largest biggest highest lowest record first only ever "
        "up down",
    ),
    # A capitalised word after a lower-case word: the same sentences as
    # r"(?<=[a-z,;:] )[A-Z][a-z]+", but the leading space lets the regex engine jump
    # from space to space, three times faster.
    _cue("named entity", pattern=r" (?<=[a-z,;:] )[A-Z][a-z]"),
    _cue(
        "organisation or acronym",
        "congress senate court administration department agency government",
        pattern=r"\b[A-Z]{2,}s?\b",
        prefilter="[A-Z][A-Z]",
    ),
    _cue(
        "reporting verb",
        "said says told tells reported reports announced stated claimed confirmed admitted denied "
        "testified warned estimated found shows showed",
        ["according to"],
    ),
    _cue(
        "past-tense action",
        "voted signed passed vetoed sent deployed killed created lost spent built closed opened invaded "
        "attacked approved launched elected appointed banned introduced supported opposed",
    ),
    _cue(
        "first-person opinion",
        phrases=[
            "i think",
            "i believe",
            "i feel",
            "i hope",
            "i want",
            "i'm going to",
            "i will",
            "i'll",
            "in my opinion",
            "my view",
            "we should",
            "we must",
            "we need",
            "we've got to",
            "we have to",
            "we're going to",
            "let me",
            "i am going to",
        ],
    ),
    _cue(
        "evaluative word",
        "great good bad terrible wonderful disaster best worst wrong right fair unfair important strong "
        "weak nice horrible ridiculous tremendous amazing incredible",
    ),
    _cue("promise or future", "will would gonna intend promise", ["going to", "plan to"]),
    _cue("question", "?"),
    _cue(
        "address to the audience",
        "thanks folks",
        ["thank you", "ladies and gentlemen", "my fellow", "you know"],
        pattern=r"^\s*(Look|Well|Now|Yes|No|Oh|OK|Okay)\b",
    ),
)
CUE_NAMES: tuple[str, ...] = tuple(cue.name for cue in CUES) + ("sentence length", "very short")


def words(text: str) -> list[str]:
    """Lower-cased word tokens; every number becomes ``#`` so amounts generalise."""
    return ["#" if tok[0].isdigit() else tok.lower() for tok in WORD_RE.findall(text)]


def char_ngrams(tok: str) -> list[str]:
    padded = f" {tok} "
    return [padded[i : i + n] for n in range(CHAR_MIN, CHAR_MAX + 1) for i in range(len(padded) - n + 1)]


def _cue_index(cues: Sequence[Cue]) -> dict[str, tuple[int, ...]]:
    """Each cue word -> the indices of the cues it fires."""
    index: dict[str, list[int]] = {}
    for i, cue in enumerate(cues):
        for word in cue.words:
            index.setdefault(word, []).append(i)
    return {word: tuple(indices) for word, indices in index.items()}


def _phrase_index(cues: Sequence[Cue]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each phrase's first word -> (phrase, cue index): a phrase whose first word is not
    among the sentence's tokens cannot occur in it, so most phrases are never searched."""
    index: dict[str, list[tuple[str, int]]] = {}
    for i, cue in enumerate(cues):
        for phrase in cue.phrases:
            index.setdefault(phrase.split()[0], []).append((phrase, i))
    return {word: tuple(entries) for word, entries in index.items()}


# All cues in one pass (Cue.fires, one cue at a time, cost three times as much): the
# sentence's tokens meet every cue word in one set intersection, phrases are searched
# only when their first word occurs, patterns only for cues nothing else fired.
_CUE_WORDS = _cue_index(CUES)
_CUE_WORD_SET = frozenset(_CUE_WORDS)
_CUE_PHRASES = _phrase_index(CUES)
_CUE_PHRASE_STARTS = frozenset(_CUE_PHRASES)
_PATTERN_CUES = tuple(i for i, cue in enumerate(CUES) if cue.pattern is not None)


def cue_values(text: str, toks: list[str]) -> list[tuple[int, float]]:
    """(cue index, value) of every cue that fires, then length and shortness."""
    token_set = set(toks)
    fired: set[int] = set()
    for word in token_set & _CUE_WORD_SET:
        fired.update(_CUE_WORDS[word])
    starts = token_set & _CUE_PHRASE_STARTS
    if starts:
        joined = f" {' '.join(toks)} "
        for word in starts:
            for phrase, i in _CUE_PHRASES[word]:
                if i not in fired and phrase in joined:
                    fired.add(i)
    for i in _PATTERN_CUES:
        if i not in fired and CUES[i].pattern_fires(token_set, text):
            fired.add(i)
    found = [(i, 1.0) for i in sorted(fired)]
    n_words = len(toks)
    found.append((len(CUES), min(n_words, 60) / LONG_SENTENCE_WORDS))
    if n_words < SHORT_SENTENCE_WORDS:
        found.append((len(CUES) + 1, 1.0))
    return found


@dataclass(frozen=True, slots=True)
class Parts:
    """A sentence split into its three blocks, before any weights are applied.

    ``text`` holds (feature index, value, word) of words; ``spelling`` holds
    (word, share): the word's cached n-gram vector times ``share`` is its spelling part;
    ``cues`` holds (feature index, value) with indices already offset past the text block.
    """

    text: list[tuple[int, float, str]]
    spelling: list[tuple[str, float]]
    cues: list[tuple[int, float]]


class FeatureSpace:
    """Vocabulary and IDF weights: turns sentences into sparse feature vectors.

    Serialisable to plain JSON (:meth:`to_json`), so the shipped model holds no pickle.
    """

    def __init__(self, terms: Sequence[str], idf: Sequence[float]):
        self.terms = list(terms)
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        # The word block's index by bare word: no "w:" + word per token when scoring.
        self._word_index = {term[2:]: i for i, term in enumerate(self.terms) if term.startswith("w:")}
        self.idf = [float(x) for x in idf]
        self.n_text = len(self.terms)
        self.size = self.n_text + len(CUE_NAMES)
        self.names = self.terms + list(CUE_NAMES)
        self._char_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def fit(cls, texts: Iterable[str], *, min_df: int = 2) -> FeatureSpace:
        df: dict[str, int] = {}
        n = 0
        for text in texts:
            n += 1
            for term in set(_candidate_terms(words(text))):
                df[term] = df.get(term, 0) + 1
        kept = sorted(term for term, count in df.items() if count >= min_df)
        # Smoothed IDF, as scikit-learn's TfidfVectorizer computes it.
        return cls(kept, [math.log((1 + n) / (1 + df[term])) + 1.0 for term in kept])

    def to_json(self) -> dict:
        return {"terms": self.terms, "idf": [round(x, 5) for x in self.idf]}

    @classmethod
    def from_json(cls, data: dict) -> FeatureSpace:
        return cls(data["terms"], data["idf"])

    def parts(self, text: str) -> Parts:
        word_index = self._word_index
        idf = self.idf
        toks = words(text)

        # Counted in C, in order of first occurrence (each word is one feature).
        block = []
        for tok, count in Counter(toks).items():
            index = word_index.get(tok)
            if index is not None:
                block.append((index, (1.0 + math.log(count)) * idf[index], tok))
        norm = math.sqrt(sum(v * v for _, v, _ in block)) or 1.0
        text_part = [(i, v / norm, tok) for i, v, tok in block]

        alpha = [tok for tok in toks if tok[0].isalpha()]
        spelling = [(tok, 1.0 / len(alpha)) for tok in alpha]
        cues = [(self.n_text + i, v) for i, v in cue_values(text, toks)]
        return Parts(text_part, spelling, cues)

    def word_chars(self, tok: str) -> tuple[np.ndarray, np.ndarray]:
        """Indices and values of one word's normalised character n-gram vector (cached)."""
        cached = self._char_cache.get(tok)
        if cached is not None:
            return cached
        counts: dict[int, int] = {}
        for gram in char_ngrams(tok):
            index = self.vocabulary.get("c:" + gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = np.array([c * self.idf[i] for i, c in counts.items()], dtype=np.float64)
        norm = float(np.sqrt(values @ values))
        if norm:
            values /= norm
        cached = (indices, values)
        if len(self._char_cache) >= CHAR_CACHE_SIZE:
            # A bound on a long-running worker's memory: start afresh.
            self._char_cache.clear()
        self._char_cache[tok] = cached
        return cached

    def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The sentence as a sparse vector (indices, values); duplicates add up."""
        parts = self.parts(text)
        indices = [np.array([i for i, _, _ in parts.text] + [i for i, _ in parts.cues], dtype=np.int64)]
        values = [np.array([v for _, v, _ in parts.text] + [v for _, v in parts.cues], dtype=np.float64)]
        for tok, share in parts.spelling:
            char_indices, char_values = self.word_chars(tok)
            indices.append(char_indices)
            values.append(char_values * share)
        return np.concatenate(indices), np.concatenate(values)


def _candidate_terms(toks: list[str]) -> list[str]:
    """Every possible vocabulary term of a tokenised sentence (for fitting the vocabulary)."""
    terms = ["w:" + tok for tok in toks]
    terms += ["c:" + gram for tok in toks if tok[0].isalpha() for gram in char_ngrams(tok)]
    return terms
