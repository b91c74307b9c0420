"""Language identification with py3langid (97 languages; its model ships as a pickle-free npz).

Measured on the cases in ``tests/claims/splitting/test_language.py``: right on one
news sentence in English, French, German, Spanish, Russian, Ukrainian, Chinese and
Arabic, on English articles quoting other languages, and on articles whose first
screenful is in another language than the rest. What it cannot tell (a handful of
words, names and numbers only) is reported as ``"und"`` (undetermined) rather than
guessed, so it is never scored by the English model by accident.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

UNDETERMINED = "und"
# Fewer letters than this give a meaningless guess. Han, kana and hangul carry a
# word or more per character, so they count several times.
_MIN_LETTERS = 20
_DENSE_SCRIPT_WEIGHT = 3
_MIN_PROBABILITY = 0.5
# Long texts are judged on samples from the start, middle and end, so that an
# English standfirst on a French article (or the reverse) does not decide alone,
# and a 5 MB text costs no more than a short one.
_SAMPLE_CHARS = 500
_WHOLE_TEXT_CHARS = 3 * _SAMPLE_CHARS


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language, or ``"und"`` when it cannot be told."""
    if len(text) <= _WHOLE_TEXT_CHARS:
        return _classify(text)[0]
    votes: dict[str, float] = defaultdict(float)
    for sample in _samples(text):
        language, weight = _classify(sample)
        if language != UNDETERMINED:
            votes[language] += weight
    if not votes:
        return UNDETERMINED
    return max(votes.items(), key=lambda item: item[1])[0]


def _classify(sample: str) -> tuple[str, float]:
    letters = _letter_weight(sample)
    if letters < _MIN_LETTERS:
        return UNDETERMINED, 0.0
    language, probability = _identifier().classify(sample)
    if probability < _MIN_PROBABILITY:
        return UNDETERMINED, 0.0
    return language, probability * letters


def _letter_weight(sample: str) -> int:
    # Counted with C-level loops: a Python loop over every character cost as much as the
    # language identification itself.
    dense = sum(map(str.isalpha, _DENSE_SCRIPT.findall(sample)))
    return sum(map(str.isalpha, sample)) + (_DENSE_SCRIPT_WEIGHT - 1) * dense


# Kana, CJK ideographs (with extension A and compatibility forms) and hangul syllables.
_DENSE_SCRIPT = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _samples(text: str) -> list[str]:
    middle = len(text) // 2 - _SAMPLE_CHARS // 2
    starts = (0, middle, len(text) - _SAMPLE_CHARS)
    samples = []
    for start in starts:
        sample = text[start : start + _SAMPLE_CHARS]
        # Cut at word boundaries so no half-word skews the character n-grams.
        if start > 0 and " " in sample:
            sample = sample[sample.index(" ") + 1 :]
        if start + _SAMPLE_CHARS < len(text) and " " in sample:
            sample = sample[: sample.rindex(" ")]
        samples.append(sample)
    return samples
