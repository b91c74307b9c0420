from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Document:
    """Extracted main text of one input, with the metadata the page carried."""

    text: str
    title: str = ""
    author: str = ""
    published: date | None = None
    url: str = ""
    content_type: str = "text/plain"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of ``Document.text``: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Attribution:
    claimant: str | None
    quote: bool = False
    # The asserted content when it differs from the sentence: the words inside
    # the quotation marks of a direct quote, the clause after "said that ...".
    content: str | None = None
    # What the article itself asserts in the frame, about the speaker ("The company, which
    # employs 1,200 people, said ..." -> "Threadline employs 1,200 people."): no claimant.
    background: tuple[str, ...] = ()
    # A later clause with a speaker of its own ("Tom Hale said A, and Ruth Amos said B"):
    # B with Ruth Amos, while ``content`` keeps A alone.
    also: tuple[Attribution, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    """Check-worthiness in [0, 1] and the features that pushed it, strongest first."""

    value: float
    reasons: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    text: str
    sentence: str
    start: int
    end: int
    claimant: str | None
    checkworthiness: float
    quote: bool
    reasons: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> dict:
        # The keys of the stable `split_claims` interface, and only those.
        return {
            "text": self.text,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "claimant": self.claimant,
            "checkworthiness": round(self.checkworthiness, 4),
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class SplitLimits:
    """What one article may add to the record; ``None`` is no cap.

    ``repeats``: sightings of one identical sentence that yield claims (a page that
    repeats a sentence 70,000 times gives it ``repeats`` appearances, not 70,000);
    ``claims``: distinct claim texts; ``appearances``: claim candidates in all.
    """

    repeats: int | None = None
    claims: int | None = None
    appearances: int | None = None


@dataclass(slots=True)
class SplitResult:
    language: str
    document: Document
    claims: list[ClaimCandidate] = field(default_factory=list)
    sentences: int = 0
    # Why no claims were produced although there was text (e.g. unsupported language).
    note: str = ""
    # What the limits left out, for editors; empty when nothing was cut.
    cut: str = ""

    @property
    def text(self) -> str:
        return self.document.text

    def to_json(self) -> dict:
        return {
            "language": self.language,
            "text": self.document.text,
            "claims": [claim.to_json() for claim in self.claims],
        }
