"""Which pronoun a first name usually takes, for "she said" after two people are named.

The article's own evidence comes first (a person shown taking "she"); this is the fallback,
from the name list of gender-guesser (about 40,000 first names from many countries). Only
names the list gives as plainly male or female count: a name it calls "mostly" one or the
other, or androgynous, or does not know, decides nothing.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _detector():
    # Loaded once per process (about 0.2 s).
    from gender_guesser.detector import Detector  # type: ignore[import-untyped]

    return Detector(case_sensitive=False)


def load() -> None:
    """Read the name list now (a worker does it once, with its models), not on the first
    article that needs it."""
    _detector()


@lru_cache(maxsize=4096)
def first_name_pronoun(first_name: str) -> str | None:
    """ "Joanna" -> "she", "Neil" -> "he", "Alex" or "Xi" -> None."""
    name = first_name.strip(".,")
    if len(name) < 2 or not name.isalpha():
        return None  # "J." or "Dr." tell nothing
    return {"female": "she", "male": "he"}.get(_detector().get_gender(name))
