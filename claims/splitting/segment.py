"""Sentence segmentation with character offsets into the extracted text.

Rules, not a model: a sentence ends at ``.``, ``!`` or ``?`` (and any closing
quotes or brackets after it) followed by white space and a capital, a digit or an
opening quote, unless the word before the stop is a known abbreviation or an
initial. Paragraph breaks and single-line headlines always end a sentence.
"""

from __future__ import annotations

import re

from .types import Sentence

# Abbreviations that are followed by a capitalised word without ending the sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm maj rep sen gov pres
    rev hon mt ft no nos vol vols fig figs art sec dept univ inc ltd co corp bros
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    vs etc approx est al e.g i.e u.s u.k u.n e.u u.s.a d.c p.m a.m ph.d
    """.split()
)
# After these, a capitalised word usually starts a new sentence even though the
# abbreviation could also sit mid-sentence ("... sent by the U.S. The ...").
_SENTENCE_STARTERS = frozenset(
    "The A An It He She They We I This That These Those But And However Yet So In On At".split()
)
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def segment(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each ``Sentence.text`` equals ``text[start:end]``."""
    sentences: list[Sentence] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if match.group().strip() and _is_abbreviation(text, match.start(), end):
            continue
        _append(sentences, text, start, end)
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def _is_abbreviation(text: str, stop: int, end: int) -> bool:
    if text[stop] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(0, stop - 12), stop + 1)
    if word is None:
        return False
    token = word.group(1)
    lowered = token.lower()
    is_initial = len(token) == 1 and token.isupper()
    if not (lowered in ABBREVIATIONS or is_initial or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token)):
        return False
    # "U.S." closing a sentence: the next word decides.
    following = re.match(r"\s+[\"'“‘]?(\w+)", text[end:end + 40])
    if following and "." in token and following.group(1) in _SENTENCE_STARTERS:
        return False
    return True


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))
