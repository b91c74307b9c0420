"""Language identification with py3langid (its model ships as a pickle-free npz)."""

from __future__ import annotations

from functools import lru_cache

# Short or symbol-only texts give a meaningless guess: report "und" (undetermined).
_MIN_LETTERS = 20
_SAMPLE_CHARS = 5000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language, or ``"und"`` when it cannot be told."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return "und"
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else "und"
